package marc

import (
	"fmt"
	"maps"
)

// reasons maps the key of every refusal to its English message. Each key has exactly
// one message, so the web layer can translate it with the same arguments: a new
// refusal gets a new key here and its texts in the web catalogue. The record's
// position is in Error.Record, never in the arguments.
var reasons = map[string]string{
	"marc.empty":            "The file is empty.",
	"marc.not_marc":         "The file is not MARC: it is neither ISO 2709 (binary MARC) nor MARCXML.",
	"marc.too_big":          "The file is larger than %d MB, the most that can be read at once.",
	"marc.too_many_records": "The file has more than %d records, the most that can be read at once.",
	"marc.no_records":       "The file holds no MARC records.",

	"marc.xml.doctype":   "The XML declares a DOCTYPE or entities; MARCXML must not, and such files are refused for safety.",
	"marc.xml.malformed": "The XML is not well-formed (line %d): %s.",
	"marc.xml.too_deep":  "The XML is nested more than %d elements deep.",
	"marc.xml.root":      "The XML's root element is <%s>, not a MARCXML <collection> or <record>.",
	"marc.xml.encoding":  "The XML is declared in the %q encoding; MARCXML must be UTF-8.",

	"marc.truncated":   "The file ends in the middle of a record, %d bytes after its start.",
	"marc.length":      "The record declares a length of %d bytes, but the file ends %d bytes after its start.",
	"marc.terminator":  "The record does not end with a record terminator (byte 1D).",
	"marc.leader":      "The record's leader %q is damaged: it must be 24 ASCII characters, with digits for the record length (positions 00-04) and the base address of data (12-16).",
	"marc.leader.text": "The leader %q is not 24 characters of ASCII text.",

	"marc.base_address":    "The record's base address of data (%d) is outside the record, which is %d bytes long.",
	"marc.directory":       "The record's directory is %d bytes long, which is not a whole number of 12-byte entries.",
	"marc.directory.entry": "Entry %d of the record's directory, %q, is not a tag, a 4-digit length and a 5-digit position.",
	"marc.field_offset":    "The field %s (at position %d, %d bytes long) runs past the end of the record's data, which is %d bytes.",
	"marc.field_overlap":   "The record's directory lists %d bytes of fields, more than the %d bytes of data the record holds: its entries overlap.",
	"marc.no_fields":       "The record has no fields.",
	"marc.tag":             "The field tag %q is not three ASCII letters, digits or blanks.",
	"marc.indicator":       "The field %s has the indicator %q; an indicator is an ASCII letter, digit, symbol or blank.",
	"marc.subfield_code":   "The field %s has the subfield code %q; a subfield code is an ASCII letter, digit or symbol.",

	"marc.utf8":                "The field %s is not valid UTF-8, although the record's leader says it is UTF-8.",
	"marc.charset.unsupported": "The field %s uses the MARC-8 %s character set, which cannot be read; convert the file to UTF-8 and send it again.",

	"marc.xml.too_many_fields": "The record has more than %d fields.",
	"marc.xml.value_too_long":  "The record has a value longer than %d bytes.",

	"marc.encode.value":          "The field %s has a value that is not valid UTF-8 or holds a MARC delimiter (byte 1D, 1E or 1F).",
	"marc.encode.field_too_long": "The field %s is %d bytes long; ISO 2709 holds at most 9,999 bytes in a field.",
	"marc.encode.too_long":       "The record is %d bytes long; ISO 2709 holds at most 99,999 bytes in a record.",
}

// Reasons returns every key an Error can carry, with its English message, for the
// web layer's catalogue (and its test that each has a Vietnamese text).
func Reasons() map[string]string { return maps.Clone(reasons) }

// Error is why a file, or one record in it, was refused. Key is one of Reasons (a
// message key the web layer translates), Message its English format and Args fill
// it. Record is the 1-based position of the record in the file (0 when the whole
// file is refused) and Offset the byte offset where that record starts (0 for the
// whole file). Encode reports with the same type: Record is then the position in
// its slice and Offset where the record would have been written.
type Error struct {
	Key     string
	Message string
	Args    []any
	Record  int
	Offset  int64
}

// Error formats the English message, prefixed with where the record starts.
func (e *Error) Error() string {
	msg := fmt.Sprintf(e.Message, e.Args...)
	if e.Record == 0 {
		return "marc: " + msg
	}
	return fmt.Sprintf("marc: record %d (byte %d): %s", e.Record, e.Offset, msg)
}

// refuse is the Error for key, for the whole file until at places it. An unknown
// key is a programming error.
func refuse(key string, args ...any) *Error {
	msg, ok := reasons[key]
	if !ok {
		panic("marc: no message for " + key)
	}
	return &Error{Key: key, Message: msg, Args: args}
}

// at places e at the record'th record, starting at offset.
func (e *Error) at(record int, offset int64) *Error {
	e.Record, e.Offset = record, offset
	return e
}
