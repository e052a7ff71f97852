package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalization form C: composed and decomposed input (a
// phone keyboard may send "ệ" as e + circumflex + dot below) become the same text.
func NFC(s string) string { return norm.NFC.String(s) }

// isWordRune reports whether r belongs to a word. Everything else (punctuation,
// typographic quotes, dashes, symbols) separates words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Clean returns the text the vectors are built from: NFC, lower-cased, every
// non-word character replaced by a space. Lower-casing here rather than in
// PostgreSQL keeps it right whatever the database's locale ("C" lower-cases ASCII only).
func Clean(s string) string {
	s = strings.ToLower(NFC(s))
	return strings.Map(func(r rune) rune {
		if isWordRune(r) {
			return r
		}
		return ' '
	}, s)
}

// Fold removes the tone and vowel marks of a lower-case NFC word and turns đ into d:
// "phương" -> "phuong", "định" -> "dinh". It is what PostgreSQL's unaccent does to
// the indexed text (a test checks that they agree on every Vietnamese letter).
// Highlighting folds every word of every snippet, so the common cases are fast: an
// ASCII word is returned as it is, and a letter of the Latin blocks Vietnamese uses
// is looked up in a table made by the general rule (foldSlow) at start.
func Fold(word string) string {
	i := 0
	for i < len(word) && word[i] < utf8.RuneSelf {
		i++
	}
	if i == len(word) {
		return word
	}
	b := make([]byte, i, len(word))
	copy(b, word[:i])
	for _, r := range word[i:] {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case r < rune(len(foldTable)) && foldTable[r] >= 0:
			if f := foldTable[r]; f > 0 {
				b = utf8.AppendRune(b, f)
			}
		default:
			return foldSlow(word)
		}
	}
	return string(b)
}

// foldTable maps each rune of the Latin blocks and the combining marks (below
// U+0370) and of Latin Extended Additional (U+1E00-U+1EFF, most Vietnamese letters)
// to its folded letter, 0 to drop it (a combining mark), or -1 when folding it needs
// the whole word (foldSlow).
var foldTable = func() []rune {
	t := make([]rune, 0x1F00)
	for i := range t {
		r := rune(i)
		t[i] = -1
		switch {
		case r >= 0x0370 && r < 0x1E00:
		case unicode.Is(unicode.Mn, r):
			t[i] = 0
		case norm.NFC.String(string(r)) == string(r):
			if f := []rune(foldSlow(string(r))); len(f) == 1 && !unicode.Is(unicode.Mn, f[0]) {
				t[i] = f[0]
			}
		}
	}
	return t
}()

// foldSlow is Fold by its definition: decompose, drop the marks, đ to d, compose.
func foldSlow(word string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(word) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Marked reports whether a word carries any mark (tone, vowel mark, or đ). A marked
// query word matches only that exact word; an unmarked one matches every marked form.
func Marked(word string) bool { return Fold(word) != word }

// Words splits text into lower-case NFC words.
func Words(s string) []string { return strings.Fields(Clean(s)) }

// span is one word of a text: its byte offsets in the NFC text and its lower-case form.
type span struct {
	start, end int
	lower      string
}

// spans finds the words of an NFC text with their offsets, for highlighting.
func spans(s string) []span {
	var out []span
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, span{start, i, strings.ToLower(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(s), strings.ToLower(s[start:])})
	}
	return out
}

// runeLen is the number of letters of a word.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
