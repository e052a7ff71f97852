package search

import (
	"strings"
	"unicode/utf8"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Limits of a query.
const (
	MaxQueryRunes = 300
	MaxQueryWords = 10
	// typoMinRunes: shorter words are never corrected; a two- or three-letter
	// Vietnamese syllable one letter away from the typed one is another word.
	typoMinRunes = 5
	// prefixMinRunes: suggestions complete the last word once it has this many letters.
	prefixMinRunes = 2
)

// term is one query word.
type term struct {
	word   string   // lower-case NFC, as typed
	fold   string   // without marks
	marked bool     // typed with marks: match exactly
	prefix bool     // match words starting with it (suggestions)
	alts   []string // typo corrections (unmarked), searched instead of fold
}

// clause is one condition every result must meet: a word, or a quoted phrase.
type clause struct {
	terms  []term
	phrase bool
}

// parse splits a query into words and "quoted phrases". Typographic quotes count.
func parse(text string) ([]clause, error) {
	if !utf8.ValidString(text) {
		// Bytes that are not UTF-8 (a query string from another encoding, say) would
		// be cleaned to no words and list everything the user may see.
		return nil, fault.Invalid("q", "search.not_text", "The search text is not UTF-8 text (it may have been sent in another encoding).")
	}
	text = NFC(strings.TrimSpace(text))
	if runeLen(text) > MaxQueryRunes {
		return nil, fault.Invalid("q", "search.too_long", "The search text is too long (at most %d characters).", MaxQueryRunes)
	}
	var out []clause
	words := 0
	add := func(part string, quoted bool) {
		ws := Words(part)
		words += len(ws)
		if quoted && len(ws) > 1 {
			out = append(out, clause{terms: terms(ws), phrase: true})
			return
		}
		for _, w := range ws {
			out = append(out, clause{terms: terms([]string{w})})
		}
	}
	var part strings.Builder
	quoted := false
	for _, r := range text {
		if r == '"' || r == '“' || r == '”' {
			add(part.String(), quoted)
			part.Reset()
			quoted = !quoted
			continue
		}
		part.WriteRune(r)
	}
	add(part.String(), quoted)
	if words > MaxQueryWords {
		return nil, fault.Invalid("q", "search.too_many_words", "Use at most %d words.", MaxQueryWords)
	}
	return out, nil
}

func terms(ws []string) []term {
	out := make([]term, len(ws))
	for i, w := range ws {
		f := Fold(w)
		out[i] = term{word: w, fold: f, marked: f != w}
	}
	return out
}

// lexeme quotes a word for tsquery input; words hold only letters, digits and marks.
func lexeme(w string, prefix bool) string {
	if prefix {
		return "'" + w + "':*"
	}
	return "'" + w + "'"
}

// foldQuery is the tsquery a term matches on fold_tsv (unmarked words).
func (t term) foldQuery() string {
	if len(t.alts) > 0 {
		parts := make([]string, len(t.alts))
		for i, a := range t.alts {
			parts[i] = lexeme(a, false)
		}
		return "(" + strings.Join(parts, " | ") + ")"
	}
	return lexeme(t.fold, t.prefix)
}

// exactQuery is the tsquery a term matches on exact_tsv (marked words).
func (t term) exactQuery() string { return lexeme(t.word, t.prefix) }

// headQuery is the tsquery a term matches on the head tokens of match_tsv: the
// term's word in a title or description ("^" and the word; see
// search_head_tokens).
func (t term) headQuery() string {
	if t.marked {
		return lexeme("^"+t.word, t.prefix)
	}
	if len(t.alts) > 0 {
		parts := make([]string, len(t.alts))
		for i, a := range t.alts {
			parts[i] = lexeme("^"+a, false)
		}
		return "(" + strings.Join(parts, " | ") + ")"
	}
	return lexeme("^"+t.fold, t.prefix)
}

// headQuery is every word of the clauses in a title or description (phrases too:
// their order is checked on the whole text).
func headQuery(cs []clause) string {
	var parts []string
	for _, c := range cs {
		for _, t := range c.terms {
			parts = append(parts, t.headQuery())
		}
	}
	return strings.Join(parts, " & ")
}

// queries returns the clause's conditions: a tsquery on fold_tsv and one on
// exact_tsv, either possibly empty. A phrase keeps the words' order on fold_tsv
// and requires its marked words exactly on exact_tsv.
func (c clause) queries() (fold, exact string) {
	if !c.phrase {
		t := c.terms[0]
		if t.marked {
			return "", t.exactQuery()
		}
		return t.foldQuery(), ""
	}
	var f, e []string
	for _, t := range c.terms {
		f = append(f, lexeme(t.fold, t.prefix))
		if t.marked {
			e = append(e, t.exactQuery())
		}
	}
	return strings.Join(f, " <-> "), strings.Join(e, " & ")
}

// rankQueries are OR-queries of every word for ranking: on fold_tsv (all words,
// unmarked) and on exact_tsv (every word as typed, so exact forms rank first).
func rankQueries(cs []clause) (fold, exact string) {
	var f, e []string
	for _, c := range cs {
		for _, t := range c.terms {
			if len(t.alts) > 0 && !t.marked {
				f = append(f, t.foldQuery())
				continue
			}
			f = append(f, lexeme(t.fold, t.prefix))
			e = append(e, lexeme(t.word, t.prefix))
		}
	}
	return strings.Join(f, " | "), strings.Join(e, " | ")
}

// wordCount counts the words of the clauses.
func wordCount(cs []clause) int {
	n := 0
	for _, c := range cs {
		n += len(c.terms)
	}
	return n
}
