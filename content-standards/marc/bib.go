package marc

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Bib is what a catalogue shows and searches of a bibliographic record. Every
// string is NFC and trimmed of the ISBD punctuation that ends MARC subfields (see
// trimISBD).
type Bib struct {
	ControlNumber  string   // 001
	Title          string   // 245 $a, " : " $b, ". " $n and $p
	Responsibility string   // 245 $c
	Authors        []string // 100, 110, 111 $a, then 700, 710, 711 $a, trailing "," and "." trimmed (not an initial's); no duplicates
	Edition        string   // 250 $a
	Place          string   // 264 (second indicator 1, publication) or else 260: $a, " ; " between several
	Publisher      string   // the same field's $b, " ; " between several
	Year           string   // the first four digits in a row of its $c, else 008/07-10 when digits
	Extent         string   // 300 $a
	ISBNs          []string // 020 $a: the ISBN alone, without hyphens, checksum valid (ISBN-10 or 13); no duplicates
	ISSN           string   // 022 $a
	Language       string   // 008/35-37 when three letters, else the first code of the first 041 $a; lower case
	Subjects       []string // 600, 610, 650, 651 $a with $x $y $z joined by " -- ", and each 653 $a; no duplicates
	Summary        string   // 520 $a
	Notes          []string // 500 $a
	URLs           []string // 856 $u
	Series         string   // 490 $a, else 830 $a
}

// Bib returns what a catalogue shows of r.
func (r *Record) Bib() Bib {
	b := Bib{
		ControlNumber:  r.ControlNumber(),
		Title:          r.title(),
		Responsibility: trimISBD(r.first("245", 'c')),
		Authors:        r.authors(),
		Edition:        trimISBD(r.first("250", 'a')),
		Extent:         trimISBD(r.first("300", 'a')),
		ISBNs:          r.isbns(),
		ISSN:           trimISBD(r.first("022", 'a')),
		Language:       r.language(),
		Subjects:       r.subjects(),
		Summary:        trimISBD(r.first("520", 'a')),
		Series:         trimISBD(cmp.Or(r.first("490", 'a'), r.first("830", 'a'))),
	}
	b.Place, b.Publisher, b.Year = r.publication()
	for _, v := range r.Values("500", 'a') {
		b.Notes = appendNew(b.Notes, trimISBD(v))
	}
	b.URLs = r.Values("856", 'u')
	return b
}

// titleSeparators are the subfields of 245 that make the title, with what goes
// before each: title proper, remainder of title, number and name of part.
var titleSeparators = map[byte]string{'a': " ", 'b': " : ", 'n': ". ", 'p': ". "}

func (r *Record) title() string {
	fields := r.Get("245")
	if len(fields) == 0 {
		return ""
	}
	var sb strings.Builder
	for _, sf := range fields[0].Subfields {
		sep, ok := titleSeparators[sf.Code]
		if v := trimISBD(sf.Value); ok && v != "" {
			if sb.Len() > 0 {
				sb.WriteString(sep)
			}
			sb.WriteString(v)
		}
	}
	return norm.NFC.String(sb.String())
}

func (r *Record) authors() []string {
	var out []string
	for _, tags := range [][]string{{"100", "110", "111"}, {"700", "710", "711"}} {
		for _, f := range r.Fields {
			if slices.Contains(tags, f.Tag) {
				for _, sf := range f.Subfields {
					if sf.Code == 'a' {
						out = appendNew(out, trimISBD(strings.TrimRight(strings.TrimSpace(sf.Value), ",")))
					}
				}
			}
		}
	}
	return out
}

// publication reads place, publisher and year from the first 264 with second
// indicator 1, else the first 260.
func (r *Record) publication() (place, publisher, year string) {
	var pub *Field
	for i, f := range r.Fields {
		if f.Tag == "264" && f.Ind2 == '1' || f.Tag == "260" && pub == nil {
			pub = &r.Fields[i]
			if f.Tag == "264" {
				break
			}
		}
	}
	if pub != nil {
		var places, names []string
		for _, sf := range pub.Subfields {
			switch v := trimISBD(sf.Value); {
			case v == "":
			case sf.Code == 'a':
				places = append(places, v)
			case sf.Code == 'b':
				names = append(names, v)
			case sf.Code == 'c' && year == "":
				year = firstYear(v)
			}
		}
		place = norm.NFC.String(strings.Join(places, " ; "))
		publisher = norm.NFC.String(strings.Join(names, " ; "))
	}
	if year == "" {
		if f := r.Get("008"); len(f) > 0 && len(f[0].Value) >= 11 && allDigits([]byte(f[0].Value[7:11])) {
			year = f[0].Value[7:11]
		}
	}
	return place, publisher, year
}

// firstYear returns the first run of exactly four digits in s.
func firstYear(s string) string {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i == 4 {
			return s[i:j]
		}
		i = max(j, i+1)
	}
	return ""
}

func (r *Record) language() string {
	if f := r.Get("008"); len(f) > 0 && len(f[0].Value) >= 38 {
		if code := f[0].Value[35:38]; isLetters(code) {
			return strings.ToLower(code)
		}
	}
	// 041 $a may pack several codes ("engund"): the first is the language.
	if v := r.first("041", 'a'); len(v) >= 3 && isLetters(v[:3]) {
		return strings.ToLower(v[:3])
	}
	return ""
}

func isLetters(s string) bool {
	for i := range len(s) {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func (r *Record) subjects() []string {
	var out []string
	for _, f := range r.Fields {
		switch f.Tag {
		case "653":
			for _, sf := range f.Subfields {
				if sf.Code == 'a' {
					out = appendNew(out, trimISBD(sf.Value))
				}
			}
		case "600", "610", "650", "651":
			var parts []string
			for _, sf := range f.Subfields {
				if v := trimISBD(sf.Value); v != "" && strings.IndexByte("axyz", sf.Code) >= 0 {
					parts = append(parts, v)
				}
			}
			out = appendNew(out, norm.NFC.String(strings.Join(parts, " -- ")))
		}
	}
	return out
}

func (r *Record) isbns() []string {
	var out []string
	for _, v := range r.Values("020", 'a') {
		words := strings.Fields(v)
		if len(words) > 1 && strings.EqualFold(strings.TrimSuffix(words[0], ":"), "ISBN") {
			words = words[1:] // "ISBN 978-..." as some systems write it
		}
		isbn := strings.ToUpper(strings.ReplaceAll(words[0], "-", ""))
		if validISBN(isbn) {
			out = appendNew(out, isbn)
		}
	}
	return out
}

// validISBN checks the length and check digit of an ISBN-10 or ISBN-13.
func validISBN(s string) bool {
	sum := 0
	switch len(s) {
	case 10:
		for i := range 10 {
			d := int(s[i] - '0')
			if i == 9 && s[i] == 'X' {
				d = 10
			} else if !isDigit(s[i]) {
				return false
			}
			sum += (10 - i) * d
		}
		return sum%11 == 0
	case 13:
		for i := range 13 {
			if !isDigit(s[i]) {
				return false
			}
			sum += int(s[i]-'0') * (1 + 2*(i%2))
		}
		return sum%10 == 0
	}
	return false
}

// trimISBD trims space and the ISBD punctuation that ends a MARC subfield: one of
// " /", " :", " ;", " =" or ",", then a full stop after a word of three letters or
// more (a full stop after "ed" or an initial ends an abbreviation and stays).
func trimISBD(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{" /", " :", " ;", " =", ","} {
		if strings.HasSuffix(s, p) {
			s = strings.TrimSpace(strings.TrimSuffix(s, p))
			break
		}
	}
	if rest, ok := strings.CutSuffix(s, "."); ok {
		letters := 0
		for _, r := range slices.Backward([]rune(rest)) {
			if !unicode.IsLetter(r) {
				break
			}
			letters++
		}
		if letters >= 3 {
			s = strings.TrimSpace(rest)
		}
	}
	return s
}

// appendNew appends v when it is not empty and not in list yet.
func appendNew(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
