package marc

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	maxFieldLen  = 9999  // four digits in a directory entry
	maxRecordLen = 99999 // five digits in the leader
)

// Encode writes records as ISO 2709 in UTF-8 (NFC), for export and round trips.
// Each leader is written as the record has it but for what the encoding sets: the
// record length (00-04), the character coding (09 = 'a'), the indicator and
// subfield code counts (10-11 = "22"), the base address (12-16) and the entry map
// (20-23 = "4500"). A zero indicator is written as a blank.
//
// A record that cannot be written as ISO 2709 (a leader that is not 24 ASCII
// characters, a bad tag, indicator or subfield code, a value with a MARC delimiter,
// a field over 9,999 or a record over 99,999 bytes, no fields) stops the export
// with an *Error naming it; the records before it have been written. An error of w
// is returned wrapped.
func Encode(w io.Writer, recs []Record) error {
	var buf bytes.Buffer
	var written int64
	for i := range recs {
		buf.Reset()
		if e := encodeRecord(&buf, &recs[i]); e != nil {
			return e.at(i+1, written)
		}
		n, err := w.Write(buf.Bytes())
		written += int64(n)
		if err != nil {
			return fmt.Errorf("marc: write record %d: %w", i+1, err)
		}
	}
	return nil
}

// encodeRecord appends one record to buf.
func encodeRecord(buf *bytes.Buffer, r *Record) *Error {
	if !validLeaderText(r.Leader) {
		return refuse("marc.leader.text", excerpt(strings.ToValidUTF8(r.Leader, "\uFFFD")))
	}
	if len(r.Fields) == 0 {
		return refuse("marc.no_fields")
	}
	dir := make([]byte, 0, len(r.Fields)*entryLen+1)
	var data []byte
	for i := range r.Fields {
		f := &r.Fields[i]
		start := len(data)
		var e *Error
		if data, e = appendField(data, f); e != nil {
			return e
		}
		length := len(data) - start
		if length > maxFieldLen {
			return refuse("marc.encode.field_too_long", f.Tag, length)
		}
		dir = append(dir, f.Tag...)
		dir = appendPadded(dir, length, 4)
		dir = appendPadded(dir, start, 5)
	}
	dir = append(dir, fieldTerminator)
	base := leaderLen + len(dir)
	total := base + len(data) + 1
	if total > maxRecordLen {
		return refuse("marc.encode.too_long", total)
	}
	lead := []byte(r.Leader)
	copy(lead[0:5], appendPadded(nil, total, 5))
	lead[9], lead[10], lead[11] = 'a', '2', '2'
	copy(lead[12:17], appendPadded(nil, base, 5))
	copy(lead[20:24], "4500")
	buf.Grow(total)
	buf.Write(lead)
	buf.Write(dir)
	buf.Write(data)
	buf.WriteByte(recordTerminator)
	return nil
}

// appendField appends the field's data and terminator.
func appendField(data []byte, f *Field) ([]byte, *Error) {
	if !validTag(f.Tag) {
		return nil, refuse("marc.tag", excerpt(strings.ToValidUTF8(f.Tag, "\uFFFD")))
	}
	if isControlTag(f.Tag) {
		if !utf8.ValidString(f.Value) || strings.ContainsAny(f.Value, "\x1d\x1e") {
			return nil, refuse("marc.encode.value", f.Tag)
		}
		data = append(data, norm.NFC.String(f.Value)...)
		return append(data, fieldTerminator), nil
	}
	for _, c := range []byte{f.Ind1, f.Ind2} {
		if c == 0 {
			c = ' '
		}
		if !validIndicator(c) {
			return nil, refuse("marc.indicator", f.Tag, string(rune(c)))
		}
		data = append(data, c)
	}
	for _, sf := range f.Subfields {
		if !validCode(sf.Code) {
			return nil, refuse("marc.subfield_code", f.Tag, string(rune(sf.Code)))
		}
		if !utf8.ValidString(sf.Value) || strings.ContainsAny(sf.Value, "\x1d\x1e\x1f") {
			return nil, refuse("marc.encode.value", f.Tag)
		}
		data = append(data, subfieldDelimiter, sf.Code)
		data = append(data, norm.NFC.String(sf.Value)...)
	}
	return append(data, fieldTerminator), nil
}

// appendPadded appends n in width digits, zero-padded.
func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}
