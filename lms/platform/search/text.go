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
func spans(s string) []span { return spansN(s, -1) }

// spansN is spans of the first n words (all of them when n < 0).
func spansN(s string, n int) []span {
	var out []span
	for at := 0; n < 0 || len(out) < n; {
		start, end := nextWord(s, at)
		if start < 0 {
			break
		}
		out = append(out, span{start, end, lower(s[start:end])})
		at = end
	}
	return out
}

// nextWord returns the byte offsets of the first word of s at or after byte i, or
// -1, -1 when there is none.
func nextWord(s string, i int) (start, end int) {
	start = -1
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if wordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			return start, i
		}
		i += size
	}
	if start >= 0 {
		return start, len(s)
	}
	return -1, -1
}

// lower is strings.ToLower of a word (which maps rune by rune with unicode.ToLower),
// from caseTable for its runes: highlighting lower-cases every word it reads, and
// Unicode's case tables are a search for each rune. A word already in lower case is
// returned as it is.
func lower(w string) string {
	var b []byte // nil until a rune changes
	for i, r := range w {
		if r >= rune(len(caseTable)) { // other scripts, and bytes that are not UTF-8
			return strings.ToLower(w)
		}
		if l := caseTable[r].lower; b != nil || l != r {
			if b == nil {
				b = append(make([]byte, 0, len(w)), w[:i]...)
			}
			b = utf8.AppendRune(b, l)
		}
	}
	if b == nil {
		return w
	}
	return string(b)
}

// wordRune is isWordRune, from caseTable for its runes.
func wordRune(r rune) bool {
	if r >= 0 && r < rune(len(caseTable)) {
		return caseTable[r].word
	}
	return isWordRune(r)
}

// caseTable holds, for each rune below U+2000 (Latin, its extensions and
// Latin Extended Additional, Greek, Cyrillic and the other alphabets there), its
// lower case (unicode.ToLower) and whether it belongs to a word (isWordRune).
var caseTable = func() []struct {
	lower rune
	word  bool
} {
	t := make([]struct {
		lower rune
		word  bool
	}, 0x2000)
	for i := range t {
		t[i].lower, t[i].word = unicode.ToLower(rune(i)), isWordRune(rune(i))
	}
	return t
}()

// runeLen is the number of letters of a word.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
