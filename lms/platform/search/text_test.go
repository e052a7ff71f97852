package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// vietnameseLetters are every lower- and upper-case Vietnamese letter with marks.
const vietnameseLetters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ" +
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ"

func TestFold(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"phương", "phuong"}, {"trình", "trinh"}, {"bậc", "bac"}, {"định", "dinh"}, {"đ", "d"},
		{"nguyễn", "nguyen"}, {"kiều", "kieu"}, {"ma", "ma"}, {"newton", "newton"}, {"10a1", "10a1"},
		{norm.NFD.String("phương"), "phuong"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestFoldFastPath checks Fold's table against its definition (foldSlow): every
// rune of the table alone and inside words, and random words of Vietnamese letters,
// combining marks and other scripts, composed and decomposed.
func TestFoldFastPath(t *testing.T) {
	t.Parallel()
	for r := rune(0); r < 0x1F00; r++ {
		for _, w := range []string{string(r), "a" + string(r) + "b", string(r) + "\u0301"} {
			if got, want := Fold(w), foldSlow(w); got != want {
				t.Fatalf("Fold(%q) = %q, foldSlow = %q", w, got, want)
			}
		}
	}
	pool := []rune(vietnameseLetters + "abcxyz019\u0300\u0301\u0303\u0309\u0323\u031b\u0302\u0306ßøæ한글ㄱㅏ中文ٌ")
	seed := uint32(1)
	for range 20_000 {
		var b strings.Builder
		seed = seed*1664525 + 1013904223
		for n := int(seed>>28) + 1; n > 0; n-- {
			seed = seed*1664525 + 1013904223
			b.WriteRune(pool[int(seed>>8)%len(pool)])
		}
		for _, w := range []string{b.String(), norm.NFC.String(b.String()), norm.NFD.String(b.String())} {
			if got, want := Fold(w), foldSlow(w); got != want {
				t.Fatalf("Fold(%q) = %q, foldSlow = %q", w, got, want)
			}
		}
	}
}

func BenchmarkFold(b *testing.B) {
	words := strings.Fields("Phương trình bậc hai một ẩn và định lý Vi-ét trong chương trình Toán lớp 10 newton")
	for b.Loop() {
		for _, w := range words {
			Fold(strings.ToLower(w))
		}
	}
}

func TestMarked(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]bool{"ma": false, "má": true, "mã": true, "đi": true, "di": false, "toan": false, "toán": true, "abc123": false} {
		if Marked(w) != want {
			t.Errorf("Marked(%q) = %v", w, !want)
		}
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	// NFD input, typographic quotes and dashes, upper case.
	in := norm.NFD.String("“Truyện Kiều” – Nguyễn Du (1766–1820), ĐỊNH LUẬT")
	want := " truyện kiều    nguyễn du  1766 1820   định luật"
	if got := Clean(in); got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

// PostgreSQL's unaccent builds fold_tsv; Fold folds query words and highlights. They
// must agree on every Vietnamese letter, or unmarked words would miss documents.
func TestFoldAgreesWithUnaccent(t *testing.T) {
	t.Parallel()
	db := newEnv(t).db
	for _, r := range vietnameseLetters {
		var got string
		if err := db.QueryRow(context.Background(), `SELECT unaccent($1)`, string(r)).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := Fold(string(r)); got != want {
			t.Errorf("unaccent(%q) = %q, Fold = %q", string(r), got, want)
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in           string
		fold, exact  []string // per clause
		words        int
		wantPhrasesN int
	}{
		{in: "phuong trinh", fold: []string{"'phuong'", "'trinh'"}, exact: []string{"", ""}, words: 2},
		{in: "Má mã", fold: []string{"", ""}, exact: []string{"'má'", "'mã'"}, words: 2},
		{in: `"định luật" newton`, fold: []string{"'dinh' <-> 'luat'", "'newton'"}, exact: []string{"'định' & 'luật'", ""}, words: 3, wantPhrasesN: 1},
		{in: `“truyen kieu”`, fold: []string{"'truyen' <-> 'kieu'"}, exact: []string{""}, words: 2, wantPhrasesN: 1},
		{in: `"a`, fold: []string{"'a'"}, exact: []string{""}, words: 1},
		{in: ` ; , `, words: 0},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			cs, err := parse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if wordCount(cs) != c.words || len(cs) != len(c.fold) {
				t.Fatalf("parse(%q) = %+v", c.in, cs)
			}
			phrases := 0
			for i, cl := range cs {
				f, e := cl.queries()
				if f != c.fold[i] || e != c.exact[i] {
					t.Errorf("clause %d: fold %q exact %q, want %q %q", i, f, e, c.fold[i], c.exact[i])
				}
				if cl.phrase {
					phrases++
				}
			}
			if phrases != c.wantPhrasesN {
				t.Errorf("%d phrases, want %d", phrases, c.wantPhrasesN)
			}
		})
	}
	if _, err := parse("một hai ba bốn năm sáu bảy tám chín mười mười một"); err == nil {
		t.Error("11 words accepted")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`"định luật" newton`, "phuong trinh bac hai", `""""`, "a'b:*|&!<->", norm.NFD.String("Truyện Kiều")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := parse(s)
		if err != nil {
			return
		}
		for _, c := range cs {
			for _, tm := range c.terms {
				// Lexemes are quoted in tsquery input: a quote or backslash in a word would break out.
				for _, r := range tm.word {
					if !isWordRune(r) {
						t.Fatalf("word %q of %q holds %q", tm.word, s, r)
					}
				}
			}
		}
	})
}

func TestCombinations(t *testing.T) {
	got := combinations([]string{"a", "b", "c", "d"}, 3)
	want := []string{"(a & b & c)", "(a & b & d)", "(a & c & d)", "(b & c & d)"}
	if !slices.Equal(got, want) {
		t.Errorf("C(4,3) = %v, want %v", got, want)
	}
	if got := combinations([]string{"a", "b"}, 1); !slices.Equal(got, []string{"(a)", "(b)"}) {
		t.Errorf("C(2,1) = %v", got)
	}
	if got := combinations(make([]string, 10), 5); got != nil {
		t.Errorf("C(10,5) = 252 groups spelled out, want nil (over %d)", maxCombinations)
	}
	if got := combinations(make([]string, 10), 9); len(got) != 10 {
		t.Errorf("C(10,9) = %d groups, want 10", len(got))
	}
}

// TestQueryCannotSpellTokens: the filter, access and head tokens of match_tsv start
// with "~" or "^", which a query word can never contain, so nobody can type "~pub" or
// "~u1" to reach documents the sharing rule hides, or "^word" to skew ranking.
func TestQueryCannotSpellTokens(t *testing.T) {
	cs, err := parse(`~pub ~u1 ^học "~m2 ^hoc" '~a3' ~tresource`)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if q := clauseQuery(c) + " " + headQuery([]clause{c}); strings.Contains(strings.ReplaceAll(q, "'^", "'"), "~") {
			t.Errorf("clause %+v spells a token: %s", c, q)
		}
		for _, term := range c.terms {
			if strings.ContainsAny(term.word, "~^'") {
				t.Errorf("word %q keeps a token character", term.word)
			}
		}
	}
}
