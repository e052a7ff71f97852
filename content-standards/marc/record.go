package marc

import "strings"

// Record is one MARC 21 bibliographic record.
type Record struct {
	Leader string  // 24 characters, as read (Encode sets the lengths, 09 and 20-23)
	Fields []Field // in file order
}

// Field is one variable field: a control field (tags 001-009) holds Value, a data
// field holds indicators and subfields.
type Field struct {
	Tag        string     // three characters, "001".."999"; letters and blanks are kept as read
	Value      string     // control fields (tags 001-009): the data; empty for data fields
	Ind1, Ind2 byte       // data fields: indicators (' ' when blank)
	Subfields  []Subfield // data fields
}

// Subfield is one code and its value in a data field.
type Subfield struct {
	Code  byte
	Value string
}

// ControlNumber returns the first 001, trimmed.
func (r *Record) ControlNumber() string {
	for _, f := range r.Fields {
		if f.Tag == "001" {
			return strings.TrimSpace(f.Value)
		}
	}
	return ""
}

// Get returns all fields with the tag, in file order.
func (r *Record) Get(tag string) []Field {
	var out []Field
	for _, f := range r.Fields {
		if f.Tag == tag {
			out = append(out, f)
		}
	}
	return out
}

// Values returns every subfield code of every field tag, trimmed, leaving out
// empty ones.
func (r *Record) Values(tag string, code byte) []string {
	var out []string
	for _, f := range r.Fields {
		if f.Tag != tag {
			continue
		}
		for _, sf := range f.Subfields {
			if v := strings.TrimSpace(sf.Value); sf.Code == code && v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// first returns the first trimmed, non-empty $code of the first field tag that has one.
func (r *Record) first(tag string, code byte) string {
	if v := r.Values(tag, code); len(v) > 0 {
		return v[0]
	}
	return ""
}

// isControlTag says whether a field with the tag is a control field: "00" and a
// digit, as in MARC 21 (001-009; 000 too, which some systems write).
func isControlTag(tag string) bool {
	return len(tag) == 3 && tag[0] == '0' && tag[1] == '0' && isDigit(tag[2])
}

// validTag says whether tag is three ASCII letters, digits or blanks: MARC 21 tags
// are digits, some systems use letters (FMT, CAT), and damaged directories show
// blanks that readers keep.
func validTag(tag string) bool {
	if len(tag) != 3 {
		return false
	}
	for i := range 3 {
		c := tag[i]
		if !isDigit(c) && c != ' ' && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// validIndicator says whether c can be an indicator: printable ASCII.
func validIndicator(c byte) bool { return 0x20 <= c && c < 0x7f }

// validCode says whether c can be a subfield code: printable ASCII but blank.
func validCode(c byte) bool { return 0x20 < c && c < 0x7f }

// validLeaderText says whether s is 24 bytes of printable ASCII.
func validLeaderText(s string) bool {
	if len(s) != leaderLen {
		return false
	}
	for i := range len(s) {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

// atoi reads the digits of b, which allDigits has checked.
func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}
