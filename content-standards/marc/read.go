package marc

import "bytes"

// Limits on what Read takes in one call.
const (
	MaxFileSize = 64 << 20 // bytes
	MaxRecords  = 100000
)

const (
	leaderLen         = 24
	entryLen          = 12 // a directory entry: tag 3, length 4, position 5 ("4500")
	recordTerminator  = 0x1D
	fieldTerminator   = 0x1E
	subfieldDelimiter = 0x1F
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Read parses a whole file: ISO 2709 (binary MARC) or MARCXML (MARC21 slim, a
// <collection> or a single <record>, with or without a namespace prefix). It tells
// them apart by content: a first byte other than white space that is '<' means XML.
//
// Damaged records are skipped and reported in bad, one *Error each in file order;
// the good ones are returned. err is not nil (always an *Error with Record 0) only
// when the file as a whole cannot be read: empty, not MARC, over MaxFileSize, over
// MaxRecords records, XML with a DOCTYPE or not well-formed.
//
// Where real files need it, Read is lenient, and it is so in these ways only:
//   - White space, NUL and DOS end-of-file bytes between and after ISO 2709 records
//     are skipped (exports pad or put a newline after each record).
//   - An ISO 2709 record ends at its record terminator (1D), not where its leader's
//     length says: systems that converted MARC-8 to UTF-8 often left the length
//     counted in characters. The length is only used to find a missing terminator:
//     when it points at a field terminator followed by the next record's leader (or
//     the end of the file), the record ends there.
//   - The record's indicator and subfield code counts (leader 10-11) may be any
//     digit or blank, and the entry map (20-23) anything: MARC 21 fixes them at 2,
//     2 and "4500", and records are read that way. The directory's own terminator
//     is not checked; the directory runs from the leader to the base address.
//   - Tags may hold letters and blanks besides digits, and are kept as read
//     (bad_indicator.dat's first tag is "0 2"); "00" and a digit is a control field.
//   - A field whose directory length leaves out its terminator, or runs one byte
//     into the record terminator, is read up to its terminator. Data fields with
//     missing indicators get blanks, with one indicator a blank second, with more
//     than two the first two (as pymarc does; see bad_indicator.dat). Empty
//     subfields (two delimiters in a row) are dropped.
//   - A record whose leader says MARC-8 (09 not 'a') but whose data is valid UTF-8
//     with non-ASCII characters and no escape sequence is read as UTF-8: that is a
//     mislabelled export, and such bytes are not meaningful MARC-8.
//   - MARC-8 bytes the character set leaves undefined become U+FFFD, stray escape
//     bytes and C0/C1 control characters are dropped (non-sort markers with them),
//     and diacritics with no letter after them at the end of a subfield are dropped.
//   - In MARCXML, a <record> without <leader> gets "00000nam a2200000   4500", a
//     pretty-printed leader is trimmed, missing indicators are blanks, a <controlfield> with a data field's tag or a
//     <datafield> with a control field's tag (FMT and the like) is left out, since a
//     record can only hold what its tags mean, and elements MARCXML does not
//     define are ignored.
func Read(data []byte) (recs []Record, bad []*Error, err error) {
	if len(data) > MaxFileSize {
		return nil, nil, refuse("marc.too_big", MaxFileSize>>20)
	}
	start := skipFiller(data, len(bytesPrefix(data, utf8BOM)))
	switch {
	case start == len(data):
		return nil, nil, refuse("marc.empty")
	case data[start] == '<':
		recs, bad, xerr := readXML(data)
		if xerr != nil {
			return nil, nil, xerr
		}
		return recs, bad, nil
	case len(data)-start < 5 || !allDigits(data[start:start+5]):
		return nil, nil, refuse("marc.not_marc")
	}
	recs, bad, ierr := readISO2709(data, start)
	if ierr != nil {
		return nil, nil, ierr
	}
	return recs, bad, nil
}

// bytesPrefix returns prefix when data starts with it, else nothing.
func bytesPrefix(data, prefix []byte) []byte {
	if bytes.HasPrefix(data, prefix) {
		return prefix
	}
	return nil
}

// skipFiller returns the first position at or after pos that is not white space,
// NUL or a DOS end-of-file byte.
func skipFiller(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\r', '\n', 0x00, 0x1A:
			pos++
		default:
			return pos
		}
	}
	return pos
}

// readISO2709 reads the records from start on; a damaged one is reported and
// reading goes on after its record terminator.
func readISO2709(data []byte, start int) ([]Record, []*Error, *Error) {
	var recs []Record
	var bad []*Error
	n := 0
	for pos := skipFiller(data, start); pos < len(data); pos = skipFiller(data, pos) {
		n++
		if n > MaxRecords {
			return nil, nil, refuse("marc.too_many_records", MaxRecords)
		}
		rec, next, e := readRecord(data, pos)
		if e != nil {
			bad = append(bad, e.at(n, int64(pos)))
		} else {
			recs = append(recs, rec)
		}
		pos = next
	}
	return recs, bad, nil
}
