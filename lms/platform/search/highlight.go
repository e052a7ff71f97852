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

// mark returns the whole text escaped, the matched words marked.
func (h *highlighter) mark(text string) string {
	text = NFC(text)
	ws := spans(text)
	if len(ws) == 0 {
		return html.EscapeString(text)
	}
	return html.EscapeString(text[:ws[0].start]) + h.render(text, ws, 0, len(ws)) + html.EscapeString(text[ws[len(ws)-1].end:])
}

// snippetWords is how many words a snippet shows.
const snippetWords = 30

// snippet returns about snippetWords words around the first matched word of the
// description, else of the body, else the start of the description.
func (h *highlighter) snippet(desc, body string) string {
	for _, text := range []string{desc, body} {
		text = NFC(text)
		ws := spans(text)
		for i, w := range ws {
			if h.hit(w.lower) {
				return h.window(text, ws, max(0, i-8))
			}
		}
	}
	text := NFC(desc)
	if strings.TrimSpace(text) == "" {
		text = NFC(body)
	}
	ws := spans(text)
	if len(ws) == 0 {
		return ""
	}
	return h.window(text, ws, 0)
}

func (h *highlighter) window(text string, ws []span, from int) string {
	to := min(len(ws), from+snippetWords)
	out := h.render(text, ws, from, to)
	if from > 0 {
		out = "… " + out
	}
	if to < len(ws) {
		out += " …"
	} else {
		out += html.EscapeString(text[ws[len(ws)-1].end:])
	}
	return out
}
