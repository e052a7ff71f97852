package assessment

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese tone marks as combining characters (NFD). The other marks (circumflex,
// breve, horn) and the letter đ change the vowel or consonant itself.
func isTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// normalizeAnswer is the form in which a typed answer is compared with an accepted
// one. Whitespace is collapsed and surrounding punctuation dropped. Diacritics are
// significant by default, because in Vietnamese they change the word ("ma", "má",
// "mà" are different words), but the position of the tone mark inside a syllable
// is not: "hoà" and "hòa" are both correct spellings of the same word. With
// ignoreDiacritics (for answers in a foreign language, or a teacher who allows
// unaccented typing) every mark is dropped and đ reads as d.
func normalizeAnswer(s string, caseSensitive, ignoreDiacritics bool) string {
	s = norm.NFD.String(s)
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '%' })
	if !caseSensitive {
		s = strings.ToLower(s)
	}
	words := strings.Fields(s)
	for i, w := range words {
		var base, tones []rune
		for _, r := range w {
			switch {
			case ignoreDiacritics && unicode.Is(unicode.Mn, r):
			case ignoreDiacritics && (r == 'đ' || r == 'Đ'):
				base = append(base, map[rune]rune{'đ': 'd', 'Đ': 'D'}[r])
			case isTone(r):
				tones = append(tones, r)
			default:
				base = append(base, r)
			}
		}
		sort.Slice(tones, func(a, b int) bool { return tones[a] < tones[b] })
		words[i] = string(base) + string(tones)
	}
	return strings.Join(words, " ")
}

// stemKey is a stem reduced for near-duplicate search: lower case, no marks at all,
// no Markdown punctuation, single spaces.
func stemKey(stem string) string {
	s := normalizeAnswer(stem, false, true)
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// parseNumber reads a number typed by a student, in Vietnamese ("3,5", "1.234,5") or
// English ("3.5", "1,234.5") writing, with an optional unit after it.
func parseNumber(s, unit string) (float64, bool) {
	s = strings.TrimSpace(s)
	if unit != "" {
		s = strings.TrimSpace(strings.TrimSuffix(s, unit))
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\u00a0", "")
	dot, comma := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dot > 0 && comma > 0:
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") { // 1.234,5
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else { // 1,234.5
			s = strings.ReplaceAll(s, ",", "")
		}
	case comma == 1:
		s = strings.Replace(s, ",", ".", 1)
	case comma > 1:
		return 0, false
	}
	s = strings.Replace(s, "−", "-", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
