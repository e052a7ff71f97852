package search

import (
	"html"
	"strings"
)

// highlighter marks the words of a text that a query matched, by the same rules as
// the search: marked words exactly, unmarked words in any marked form.
type highlighter struct {
	exact, fold               map[string]bool
	exactPrefix, foldPrefixes []string
}

func newHighlighter(cs []clause) *highlighter {
	h := &highlighter{exact: map[string]bool{}, fold: map[string]bool{}}
	for _, c := range cs {
		for _, t := range c.terms {
			switch {
			case t.marked && t.prefix:
				h.exactPrefix = append(h.exactPrefix, t.word)
			case t.marked:
				h.exact[t.word] = true
			case t.prefix:
				h.foldPrefixes = append(h.foldPrefixes, t.fold)
			case len(t.alts) > 0:
				for _, a := range t.alts {
					h.fold[a] = true
				}
			default:
				h.fold[t.fold] = true
			}
		}
	}
	return h
}

func (h *highlighter) hit(lower string) bool {
	if h.exact[lower] {
		return true
	}
	for _, p := range h.exactPrefix {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	if len(h.fold) == 0 && len(h.foldPrefixes) == 0 {
		return false // only marked words: no need to fold
	}
	f := Fold(lower)
	if h.fold[f] {
		return true
	}
	for _, p := range h.foldPrefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// render returns text[from:to] HTML-escaped with the hit words in <mark>.
func (h *highlighter) render(text string, ws []span, from, to int) string {
	var b strings.Builder
	pos := ws[from].start
	for _, w := range ws[from:to] {
		b.WriteString(html.EscapeString(text[pos:w.start]))
		if h.hit(w.lower) {
			b.WriteString("<mark>" + html.EscapeString(text[w.start:w.end]) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(text[w.start:w.end]))
		}
		pos = w.end
	}
	return b.String()
}

// mark returns the whole text escaped, the matched words marked. Texts are read as
// the index holds them, in NFC (Upsert normalizes them).
func (h *highlighter) mark(text string) string {
	ws := spans(text)
	if len(ws) == 0 {
		return html.EscapeString(text)
	}
	return html.EscapeString(text[:ws[0].start]) + h.render(text, ws, 0, len(ws)) + html.EscapeString(text[ws[len(ws)-1].end:])
}

// snippetWords is how many words a snippet shows; snippetLead how many of them come
// before the first matched word.
const (
	snippetWords = 30
	snippetLead  = 8
)

// snippet returns about snippetWords words around the first matched word of the
// description, else of the body, else the start of the description. It reads the
// words up to the first match and lower-cases only those and the snippet's. Texts
// are in NFC, as the index holds them.
func (h *highlighter) snippet(desc, body string) string {
	for _, text := range []string{desc, body} {
		var lead [snippetLead]int // the starts of the last snippetLead words, a ring
		for i, at := 0, 0; ; i++ {
			start, end := nextWord(text, at)
			if start < 0 {
				break
			}
			if h.hit(lower(text[start:end])) {
				from := start
				if i > 0 { // the word snippetLead before this one, or the first
					from = lead[max(0, i-snippetLead)%snippetLead]
				}
				return h.window(text, from, i > snippetLead)
			}
			lead[i%snippetLead] = start
			at = end
		}
	}
	text := desc
	if strings.TrimSpace(text) == "" {
		text = body
	}
	return h.window(text, 0, false)
}

// window renders the snippetWords words of text from byte from on, with "…" where
// words are cut (before them when cut is set, after them when more follow).
func (h *highlighter) window(text string, from int, cut bool) string {
	text = text[from:]
	ws := spansN(text, snippetWords+1)
	if len(ws) == 0 {
		return ""
	}
	to := min(len(ws), snippetWords)
	out := h.render(text, ws, 0, to)
	if cut {
		out = "… " + out
	}
	if to < len(ws) {
		out += " …"
	} else {
		out += html.EscapeString(text[ws[len(ws)-1].end:])
	}
	return out
}
