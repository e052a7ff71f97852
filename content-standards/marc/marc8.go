package marc

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// charset is a MARC-8 graphic character set that can be designated as G0 or G1.
type charset int

const (
	setASCII charset = iota
	setANSEL
	setSubscript
	setSuperscript
	setGreekSymbols
	// The sets below are recognised, to name them, but not read.
	setHebrew
	setCyrillic
	setCyrillicExt
	setArabic
	setArabicExt
	setGreek
	setEACC
	setUnknown
)

var unsupportedNames = map[charset]string{
	setHebrew: "Basic Hebrew", setCyrillic: "Basic Cyrillic", setCyrillicExt: "Extended Cyrillic",
	setArabic: "Basic Arabic", setArabicExt: "Extended Arabic", setGreek: "Basic Greek",
	setEACC: "East Asian (EACC)", setUnknown: "unknown",
}

// finals maps the final byte of a single-byte designation (ESC ( F and the like) to
// its set; "!E", Extended Latin, is read apart.
var finals = map[byte]charset{
	'B': setASCII, 'b': setSubscript, 'p': setSuperscript, 'g': setGreekSymbols,
	'2': setHebrew, 'N': setCyrillic, 'Q': setCyrillicExt, '3': setArabic, '4': setArabicExt,
	'S': setGreek,
}

// marc8Decoder decodes MARC-8 (Library of Congress, "MARC 21 Specifications for
// Record Structure, Character Sets, and Exchange Media"): G0 is ASCII and G1
// Extended Latin (ANSEL) until an escape sequence designates another set.
type marc8Decoder struct {
	g0, g1  charset
	out     []byte
	pending []rune // combining marks waiting for their base letter
}

func (d *marc8Decoder) reset() { d.g0, d.g1 = setASCII, setANSEL }

// decode returns s in NFC, or the name of the unsupported set s uses. The sets
// stay designated across calls, within a field.
func (d *marc8Decoder) decode(s string) (string, string) {
	d.out, d.pending = d.out[:0], d.pending[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1B {
			i += d.escape(s[i:])
			continue
		}
		i++
		var set charset
		switch {
		case c == ' ':
			d.emit(' ', false)
			continue
		case 0x21 <= c && c <= 0x7E:
			set = d.g0
		case c == 0x8D:
			d.emit('\u200D', false) // zero width joiner
			continue
		case c == 0x8E:
			d.emit('\u200C', false) // zero width non-joiner
			continue
		case c >= 0xA0:
			set = d.g1
		default:
			continue // C0 and C1 controls, the non-sort markers 88 and 89 among them
		}
		if name, ok := unsupportedNames[set]; ok {
			return "", name
		}
		r, combining := lookup(set, c&0x7F)
		d.emit(r, combining)
	}
	// Diacritics left with no letter after them have nothing to go on: dropped.
	return norm.NFC.String(string(d.out)), ""
}

// emit writes r; a combining mark waits for the letter after it, as MARC-8 puts
// diacritics before their base letter and Unicode after.
func (d *marc8Decoder) emit(r rune, combining bool) {
	if combining {
		d.pending = append(d.pending, r)
		return
	}
	d.out = appendRune(d.out, r)
	for _, m := range d.pending {
		d.out = appendRune(d.out, m)
	}
	d.pending = d.pending[:0]
}

func appendRune(b []byte, r rune) []byte { return append(b, string(r)...) }

// escape reads the escape sequence at the start of s and returns its length. An
// escape byte that starts no sequence is dropped alone.
func (d *marc8Decoder) escape(s string) int {
	if len(s) < 2 {
		return 1
	}
	switch s[1] {
	case 's': // technique 1: back to ASCII
		d.g0 = setASCII
		return 2
	case 'g', 'b', 'p':
		d.g0 = finals[s[1]]
		return 2
	case '(', ',':
		return d.designate(&d.g0, s, 2)
	case ')', '-':
		return d.designate(&d.g1, s, 2)
	case '$':
		if len(s) < 3 {
			return 1
		}
		g, at := &d.g0, 2
		switch s[2] {
		case ',':
			at = 3
		case ')', '-':
			g, at = &d.g1, 3
		}
		if len(s) <= at {
			return 1
		}
		*g = setUnknown
		if s[at] == '1' {
			*g = setEACC
		}
		return at + 1
	}
	return 1
}

// designate sets *g from the final byte(s) of the designation at s[at].
func (d *marc8Decoder) designate(g *charset, s string, at int) int {
	switch {
	case len(s) <= at:
		return 1
	case strings.HasPrefix(s[at:], "!E"):
		*g = setANSEL
		return at + 2
	}
	set, ok := finals[s[at]]
	if !ok {
		set = setUnknown
	}
	*g = set
	return at + 1
}

// lookup maps the 7-bit code c of the set to Unicode, saying whether it is a
// combining mark. Codes the set leaves undefined are U+FFFD; in the subscript,
// superscript and Greek symbol sets they are read as ASCII, as writers often
// forget to shift back.
func lookup(set charset, c byte) (rune, bool) {
	switch set {
	case setANSEL:
		if r := ansel[c]; r != 0 {
			return r, c >= 0x60
		}
		return '\uFFFD', false
	case setSubscript, setSuperscript, setGreekSymbols:
		if r := technique1[set][c]; r != 0 {
			return r, false
		}
	}
	if 0x21 <= c && c <= 0x7E {
		return rune(c), false
	}
	return '\uFFFD', false
}
