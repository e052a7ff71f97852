package marc

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// textDecoder turns one record's field data into NFC strings, from UTF-8 or MARC-8.
type textDecoder struct {
	utf8  bool
	marc8 marc8Decoder
}

// field starts a field: MARC-8 returns to its default sets at each field.
func (d *textDecoder) field() { d.marc8.reset() }

// text decodes one control field value or subfield value of the field tag.
func (d *textDecoder) text(tag, raw string) (string, *Error) {
	if d.utf8 {
		if !utf8.ValidString(raw) {
			return "", refuse("marc.utf8", tag)
		}
		return norm.NFC.String(raw), nil
	}
	if isASCIIText(raw) {
		return raw, nil
	}
	s, set := d.marc8.decode(raw)
	if set != "" {
		return "", refuse("marc.charset.unsupported", tag, set)
	}
	return s, nil
}

// isASCIIText says whether s is printable ASCII, the same in MARC-8 and UTF-8.
func isASCIIText(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
