package search

import (
	"html"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/hoclieu/hoclieu/lms/platform/search/corpus"
)

// TestLowerAndWordRunes checks the table-driven lower and wordRune against
// strings.ToLower and isWordRune on every rune of the table, past it, and in words.
func TestLowerAndWordRunes(t *testing.T) {
	t.Parallel()
	for r := rune(0); r < 0x2100; r++ {
		if wordRune(r) != isWordRune(r) {
			t.Fatalf("wordRune(%U) = %v", r, wordRune(r))
		}
		for _, w := range []string{string(r), "a" + string(r) + "B", "Đ" + string(r), string(r) + "\u0301x"} {
			if got, want := lower(w), strings.ToLower(w); got != want {
				t.Fatalf("lower(%q) = %q, strings.ToLower %q", w, got, want)
			}
		}
	}
	for _, w := range []string{"", "newton", "NEWTON", "Phương", "ĐỊNH", "Ωmega", "İstanbul", "ǅ", "中文", "A中"} {
		if got, want := lower(w), strings.ToLower(w); got != want {
			t.Errorf("lower(%q) = %q, strings.ToLower %q", w, got, want)
		}
	}
}

// snippetReference is snippet as first written (every word of the text found and
// lower-cased first; the texts normalized again, which the index has done): the
// faster snippet must give the same result on NFC text.
func (h *highlighter) snippetReference(desc, body string) string {
	window := func(text string, ws []span, from int) string {
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
	for _, text := range []string{desc, body} {
		text = NFC(text)
		ws := spans(text)
		for i, w := range ws {
			if h.hit(w.lower) {
				return window(text, ws, max(0, i-snippetLead))
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
	return window(text, ws, 0)
}

func TestSnippetMatchesReference(t *testing.T) {
	t.Parallel()
	g := corpus.New(7)
	queries := []string{"newton", "phuong trinh", "định luật", "học sinh", "bai tap", "xyzzy", `"dao dong"`, "Kiều"}
	texts := []string{"", "  ", "một", "…, newton!", "Newton", strings.Repeat("từ ", 40) + "newton" + strings.Repeat(" từ", 40),
		"a b c d e f g h newton", "a b c d e f g h i newton", "newton" + strings.Repeat(" x", 29), "newton" + strings.Repeat(" x", 30),
		"Định luật Newton — “quán tính”.", "ĐỊNH LUẬT NEWTON"}
	for range 300 {
		d := g.Next()
		texts = append(texts, d.Title, d.Description, d.Body)
	}
	for _, q := range queries {
		cs, err := parse(q)
		if err != nil {
			t.Fatal(err)
		}
		h := newHighlighter(cs)
		for i, desc := range texts {
			desc, body := norm.NFC.String(desc), norm.NFC.String(texts[(i*7+3)%len(texts)])
			if got, want := h.snippet(desc, body), h.snippetReference(desc, body); got != want {
				t.Fatalf("query %q, desc %q, body %q:\n got  %q\n want %q", q, desc, body, got, want)
			}
		}
	}
}

func BenchmarkSnippet(b *testing.B) {
	g := corpus.New(3)
	var docs []corpus.Doc
	for range 20 {
		docs = append(docs, g.Next())
	}
	cs, _ := parse("thí nghiệm")
	h := newHighlighter(cs)
	for b.Loop() {
		for _, d := range docs {
			h.mark(d.Title)
			h.snippet(d.Description, d.Body)
		}
	}
}

// FuzzSnippet compares snippet with the first implementation on any text.
func FuzzSnippet(f *testing.F) {
	for _, s := range []string{"Định luật Newton", "a b c d e f g h i newton x", "ĐỊNH\u00a0luật—newton!", "\xff newton"} {
		f.Add(s, "newton")
	}
	f.Fuzz(func(t *testing.T, text, q string) {
		cs, err := parse(q)
		if err != nil {
			return
		}
		text = norm.NFC.String(text)
		h := newHighlighter(cs)
		if got, want := h.snippet(text, text), h.snippetReference(text, text); got != want {
			t.Fatalf("query %q, text %q:\n got  %q\n want %q", q, text, got, want)
		}
		if got, want := lower(text), strings.ToLower(text); got != want {
			t.Fatalf("lower(%q) = %q, want %q", text, got, want)
		}
	})
}
