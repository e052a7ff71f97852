// Package marc reads MARC 21 bibliographic records, in ISO 2709 ("binary MARC",
// the transmission format, UTF-8 or MARC-8) and in MARCXML (MARC21 slim), as plain
// Go values, says what a catalogue shows of each (Bib), and writes records back as
// ISO 2709 UTF-8 (Encode) for export.
//
// It is pure: bytes in, values out. It must never import a Hoclieu domain, touch a
// database, open a file or fetch anything a record names (an 856 URL, a schema
// location). The files it reads come from outside, from other libraries' systems
// and their habits, so Read:
//
//   - checks every length and offset against the bytes it has before slicing or
//     allocating, and refuses files over MaxFileSize or with more than MaxRecords
//     records;
//   - refuses a damaged record alone, with a reason (an *Error with a key of
//     Reasons the web layer translates), and goes on with the next one;
//   - refuses any DOCTYPE in XML, so no entity is declared, let alone expanded;
//   - stores every string as valid UTF-8 in Unicode NFC, whatever the record's
//     character set was.
//
// It is lenient where real files need it and strict where guessing would store
// wrong data; the leniencies are listed on Read.
package marc
