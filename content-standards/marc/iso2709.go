package marc

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// readRecord reads the record starting at data[start]. next is where the record
// after it may start, also when this one is refused.
func readRecord(data []byte, start int) (rec Record, next int, e *Error) {
	rest := data[start:]
	end := bytes.IndexByte(rest, recordTerminator)
	next = len(data)
	if end >= 0 {
		next = start + end + 1
	}
	if len(rest) < leaderLen && end < 0 {
		return Record{}, next, refuse("marc.truncated", len(rest))
	}
	if end >= 0 && end < leaderLen {
		return Record{}, next, refuse("marc.leader", printable(rest[:end]))
	}
	lead := rest[:leaderLen]
	if !validLeader(lead) {
		return Record{}, next, refuse("marc.leader", printable(lead))
	}
	declared := atoi(lead[0:5])
	var body []byte
	switch n, missing := missingTerminator(rest, declared, end); {
	case missing:
		body, next = rest[:n], start+n
	case end >= 0:
		body = rest[:end]
	case declared > len(rest):
		return Record{}, next, refuse("marc.length", declared, len(rest))
	default:
		return Record{}, next, refuse("marc.terminator")
	}
	rec, e = parseRecord(body)
	return rec, next, e
}

// missingTerminator says whether the record's terminator is missing and it ends
// after n bytes: where its declared length ends (or one byte short of it, when the
// length counted the missing terminator) there is a field terminator and then the
// next record's leader or the end of the file. end is where the first record
// terminator is, or -1.
func missingTerminator(rest []byte, declared, end int) (n int, ok bool) {
	if end == declared-1 {
		return 0, false // where it should be
	}
	for _, n := range []int{declared, declared - 1} {
		if n > leaderLen && n <= len(rest) && (end < 0 || n <= end) &&
			rest[n-1] == fieldTerminator && recordFollows(rest[n:]) {
			return n, true
		}
	}
	return 0, false
}

// validLeader checks what reading needs of an ISO 2709 leader: printable ASCII,
// digits for the record length and base address, digits or blanks for the
// indicator and subfield code counts.
func validLeader(lead []byte) bool {
	if !validLeaderText(string(lead)) || !allDigits(lead[0:5]) || !allDigits(lead[12:17]) {
		return false
	}
	return (isDigit(lead[10]) || lead[10] == ' ') && (isDigit(lead[11]) || lead[11] == ' ')
}

// recordFollows says whether b, after filler, is empty or starts with a leader.
func recordFollows(b []byte) bool {
	b = b[skipFiller(b, 0):]
	return len(b) == 0 || len(b) >= leaderLen && validLeader(b[:leaderLen])
}

// entry is one directory entry, checked against the record's data.
type entry struct {
	tag        string
	start, end int // in the data, from the base address
}

// parseRecord reads one record, its terminator cut off.
func parseRecord(body []byte) (Record, *Error) {
	base := atoi(body[12:17])
	if base < leaderLen+1 || base > len(body) {
		return Record{}, refuse("marc.base_address", base, len(body)+1)
	}
	entries, e := readDirectory(body[leaderLen:base-1], len(body)-base)
	if e != nil {
		return Record{}, e
	}
	data := body[base:]
	dec := textDecoder{utf8: body[9] == 'a' || mislabelledUTF8(data)}
	// One string for the record, so UTF-8 values are substrings of it.
	s := string(body)
	text := s[base:]
	rec := Record{Leader: s[:leaderLen], Fields: make([]Field, 0, len(entries))}
	for _, en := range entries {
		raw := text[en.start:en.end]
		if i := strings.IndexByte(raw, fieldTerminator); i >= 0 {
			raw = raw[:i]
		}
		dec.field()
		f, e := readField(&dec, en.tag, raw)
		if e != nil {
			return Record{}, e
		}
		rec.Fields = append(rec.Fields, f)
	}
	return rec, nil
}

// readDirectory checks every entry of dir against dataLen, the bytes of data after
// the base address.
func readDirectory(dir []byte, dataLen int) ([]entry, *Error) {
	if len(dir)%entryLen != 0 {
		return nil, refuse("marc.directory", len(dir))
	}
	if len(dir) == 0 {
		return nil, refuse("marc.no_fields")
	}
	entries := make([]entry, 0, len(dir)/entryLen)
	total := 0
	for i := 0; i < len(dir); i += entryLen {
		raw := dir[i : i+entryLen]
		tag := string(raw[:3])
		if !validTag(tag) || !allDigits(raw[3:7]) || !allDigits(raw[7:12]) {
			return nil, refuse("marc.directory.entry", i/entryLen+1, printable(raw))
		}
		length, start := atoi(raw[3:7]), atoi(raw[7:12])
		end := start + length
		if end == dataLen+1 {
			end-- // the length counted the record terminator
		}
		if start > dataLen || end > dataLen {
			return nil, refuse("marc.field_offset", tag, start, length, dataLen)
		}
		total += end - start
		entries = append(entries, entry{tag: tag, start: start, end: end})
	}
	if total > dataLen {
		return nil, refuse("marc.field_overlap", total, dataLen)
	}
	return entries, nil
}

// readField reads one field's data, its terminator cut off.
func readField(dec *textDecoder, tag, raw string) (Field, *Error) {
	if isControlTag(tag) {
		v, e := dec.text(tag, raw)
		return Field{Tag: tag, Value: v}, e
	}
	f := Field{Tag: tag, Ind1: ' ', Ind2: ' '}
	ind, rest, found := strings.Cut(raw, string(rune(subfieldDelimiter)))
	if len(ind) > 0 {
		f.Ind1 = ind[0]
	}
	if len(ind) > 1 {
		f.Ind2 = ind[1]
	}
	for _, c := range []byte{f.Ind1, f.Ind2} {
		if !validIndicator(c) {
			return Field{}, refuse("marc.indicator", tag, string(rune(c)))
		}
	}
	if !found {
		return f, nil // no subfields
	}
	f.Subfields = make([]Subfield, 0, strings.Count(rest, string(rune(subfieldDelimiter)))+1)
	for part := range strings.SplitSeq(rest, string(rune(subfieldDelimiter))) {
		if part == "" {
			continue
		}
		if !validCode(part[0]) {
			return Field{}, refuse("marc.subfield_code", tag, string(rune(part[0])))
		}
		v, e := dec.text(tag, part[1:])
		if e != nil {
			return Field{}, e
		}
		f.Subfields = append(f.Subfields, Subfield{Code: part[0], Value: v})
	}
	if len(f.Subfields) == 0 {
		f.Subfields = nil // only empty subfields: as if none, the way Encode writes it back
	}
	return f, nil
}

// mislabelledUTF8 says whether data a leader calls MARC-8 is in fact UTF-8: valid
// UTF-8 with a non-ASCII character and no escape sequence.
func mislabelledUTF8(data []byte) bool {
	ascii := true
	for _, c := range data {
		if c == 0x1B {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return !ascii && utf8.Valid(data)
}

// printable is b for a message argument: valid UTF-8 whatever b holds.
func printable(b []byte) string { return strings.ToValidUTF8(string(b), "\uFFFD") }
