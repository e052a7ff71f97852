package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestTypos(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		e.add(e.doc(1, "Quang hợp ở thực vật", "Sinh học 11", ""), e.doc(2, "Phương trình lượng giác", "", ""))
		a := e.as("student1")
		cases := []struct {
			q    string
			want []int64
			fix  string // the corrected word, "" for none
		}{
			{"quangg hợp", []int64{1}, "quang"},
			{"phuogn trinh", []int64{2}, "phuong"},
			{"luongg giac", []int64{2}, "luong"},
			// Four letters or fewer: another word, not a typo.
			{"quag hợp", []int64{1}, ""}, // falls back to "hợp" alone
			{"hopp", nil, ""},
			// A word typed with marks is never corrected.
			{"phươgn", nil, ""},
		}
		for _, c := range cases {
			res := e.search(a, Query{Text: c.q})
			got := hitIDs(res)
			if !slices.Equal(got, append([]int64{}, c.want...)) {
				t.Errorf("%q: %v, want %v", c.q, got, c.want)
			}
			fixed := ""
			for _, alts := range res.Corrections {
				fixed = alts[0]
			}
			if b.corrections && fixed != c.fix {
				t.Errorf("%q: corrected to %q, want %q (%v)", c.q, fixed, c.fix, res.Corrections)
			}
		}
	})
}

func TestSuggest(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		e.add(e.doc(1, "Phương trình bậc hai", "", ""), e.doc(2, "Phương pháp học tập", "", ""), e.doc(3, "Truyện Kiều", "", ""))
		a := e.as("student1")
		cases := []struct {
			q    string
			want []int64
		}{
			{"phuong tr", []int64{1}},
			{"phươ", []int64{1, 2}},
			{"phu", []int64{1, 2}},
			{"truy", []int64{3}},
			{"p", nil}, // one letter: no completion
			{"kiêu", nil},
		}
		for _, c := range cases {
			s, err := e.s.Suggest(context.Background(), a, c.q, 8)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, x := range s {
				got = append(got, x.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("suggest %q: %v, want %v", c.q, got, c.want)
			}
		}
	})
}

func TestHighlight(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		body := "Mở đầu. " + stringsRepeat("Nội dung ôn tập chung. ", 20) + "Công thức nghiệm của phương trình bậc hai là x = (-b ± √Δ) / 2a. " + stringsRepeat("Bài tập thêm. ", 20)
		e.add(e.doc(1, "Phương trình <bậc hai> & ứng dụng", "", body))
		res := e.search(e.as("student1"), Query{Text: "phuong trinh"})
		if len(res.Hits) != 1 {
			t.Fatalf("hits %v", res.Hits)
		}
		h := res.Hits[0]
		if want := "<mark>Phương</mark> <mark>trình</mark> &lt;bậc hai&gt; &amp; ứng dụng"; h.TitleHighlight != want {
			t.Errorf("title highlight %q, want %q", h.TitleHighlight, want)
		}
		if !stringsContains(h.Highlight, "nghiệm của <mark>phương</mark> <mark>trình</mark> bậc hai") || !stringsContains(h.Highlight, "…") {
			t.Errorf("snippet %q", h.Highlight)
		}
		// A marked word highlights only itself.
		e.add(e.doc(2, "Má và mã", "", ""))
		res = e.search(e.as("student1"), Query{Text: "má"})
		if len(res.Hits) != 1 || res.Hits[0].TitleHighlight != "<mark>Má</mark> và mã" {
			t.Errorf("marked highlight %+v", res.Hits)
		}
	})
}

func TestRankingAndPages(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		inTitle := e.doc(1, "Quang hợp", "Bài học", "Nội dung")
		inDesc := e.doc(2, "Bài học sinh học", "Về quang hợp", "Nội dung")
		inBody := e.doc(3, "Bài học sinh học", "Tóm tắt", "Nội dung về quang hợp")
		older := e.doc(4, "Quang hợp", "Bài học", "Nội dung")
		older.UpdatedAt = old
		draft := e.doc(5, "Quang hợp", "Bài học", "Nội dung")
		draft.Published, draft.ReviewStatus, draft.OwnerID = false, "draft", e.userID("teacher1")
		e.add(inTitle, inDesc, inBody, older, draft)
		res := e.search(e.as("teacher1"), Query{Text: "quang hop"})
		if got, want := hitIDs(res), []int64{1, 4, 5, 2, 3}; !slices.Equal(got, want) {
			t.Errorf("ranking %v, want %v (title, older title, draft title, description, body)", got, want)
		}
		res = e.search(e.as("teacher1"), Query{Text: "quang hop", Sort: "date"})
		if got := hitIDs(res); got[len(got)-1] != 4 {
			t.Errorf("by date %v: the 2020 document is not last", got)
		}

		var many []Document
		for i := range 25 {
			d := e.doc(int64(100+i), fmt.Sprintf("Hình học không gian %d", i), "", "")
			d.UpdatedAt = old.Add(time.Duration(i) * time.Hour)
			many = append(many, d)
		}
		e.add(many...)
		var seen []int64
		for page := 1; page <= 3; page++ {
			res := e.search(e.as("student1"), Query{Text: "hinh hoc", Page: page, PerPage: 10, Sort: "date"})
			if res.Total != 25 {
				t.Fatalf("total %d", res.Total)
			}
			seen = append(seen, hitIDs(res)...)
		}
		if len(seen) != 25 || seen[0] != 124 || seen[24] != 100 {
			t.Errorf("pages %v", seen)
		}
		if _, err := e.s.Search(context.Background(), e.as("student1"), Query{Text: "x", Page: 501}); err == nil {
			t.Error("page 501 accepted")
		}
	})
}

func TestUpsertReplacesAndDeletes(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		e.add(e.doc(1, "Truyện Kiều", "", ""))
		e.add(e.doc(1, "Lục Vân Tiên", "", ""))
		a := e.as("student1")
		if n := e.search(a, Query{Text: "kieu"}).Total; n != 0 {
			t.Errorf("old title still found: %d", n)
		}
		if n := e.search(a, Query{Text: "luc van tien"}).Total; n != 1 {
			t.Errorf("new title not found: %d", n)
		}
		tx, err := e.db.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if err := e.index.Delete(context.Background(), tx, TypeResource, 1); err != nil {
			t.Fatal(err)
		}
		// Until the source's transaction commits, searches see the document.
		if n := e.search(a, Query{Text: "luc van tien"}).Total; n != 1 {
			t.Errorf("uncommitted delete visible: %d", n)
		}
		if err := tx.Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.sync()
		if n := e.search(a, Query{Text: "luc van tien"}).Total; n != 0 {
			t.Errorf("deleted document found: %d", n)
		}
		bad := e.doc(2, "x", "", "")
		bad.Scope = "everyone"
		tx, _ = e.db.Begin(context.Background())
		defer tx.Rollback(context.Background())
		if err := e.index.Upsert(context.Background(), tx, bad); err == nil {
			t.Error("unknown scope accepted")
		}
	})
}

// TestTitleMatchesFirst: when a word is in more documents than a query ranks, the
// ranked ones are those with the word in their title or description, wherever
// they are stored, not the first found with it somewhere in the body.
func TestTitleMatchesFirst(t *testing.T) {
	e := newEnv(t)
	e.ix.candidates = 8 // a query ranks 8 matches (1,000 in production)
	var docs []Document
	for i := range 40 { // ids 1..40: every bucket, body-only matches
		docs = append(docs, e.doc(int64(i+1), fmt.Sprintf("Bài đọc %d", i), "Tóm tắt", "Nội dung có quang hợp ở đây"))
	}
	// The two title matches have the highest ids (the last buckets); the description
	// match is stored first.
	docs = append(docs, e.doc(95, "Quang hợp ở thực vật", "Bài học", "Nội dung"),
		e.doc(79, "Pha sáng của quang hợp", "Bài học", ""), e.doc(48, "Lục lạp", "Nơi diễn ra quang hợp", ""))
	e.add(docs...)
	for _, text := range []string{"quang hop", "quang hợp", `"quang hợp"`} {
		res := e.search(e.as("student1"), Query{Text: text})
		if got := hitIDs(res); len(got) < 3 || !slices.Equal(got[:3], []int64{95, 79, 48}) {
			t.Errorf("%s: %v, want the two titles then the description first", text, got)
		}
	}
	// With fewer words in titles than the page needs, body matches fill it.
	res := e.search(e.as("student1"), Query{Text: "nội dung quang"})
	if len(res.Hits) < 8 {
		t.Errorf("body matches not reached: %v", hitIDs(res))
	}
}

// TestConcurrencyBound: with Options.Concurrency, a search waits for a free turn
// and gives up when its request is gone; searches still answer once turns free up.
func TestConcurrencyBound(t *testing.T) {
	e := newEnv(t)
	ix := NewPostgres(e.db, Options{Concurrency: 1})
	e.add(e.doc(1, "Quang hợp", "", ""))
	release, err := ix.turn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, e.as("student1"), Query{Text: "quang"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("search while the only turn is taken, request gone: %v", err)
	}
	release()
	res, err := ix.Search(context.Background(), e.as("student1"), Query{Text: "quang"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search after the turn is free: %v %+v", err, res)
	}
}

// TestRelaxedManyWords: a ten-word query that no document matches whole falls back
// one word at a time to the most words any document has (six here), and returns only
// the documents with that many: past 64 AND-groups the index finds documents with
// any of the words and a condition counts them.
func TestRelaxedManyWords(t *testing.T) {
	e := newEnv(t)
	e.add(e.doc(1, "Táo cam chuối xoài nho dứa", "", ""), e.doc(2, "Táo cam chuối xoài nho", "", ""), e.doc(3, "Táo cam", "", ""))
	res := e.search(e.as("student1"), Query{Text: "tao cam chuoi xoai nho dua man dao le oi"})
	if got := hitIDs(res); !slices.Equal(got, []int64{1}) || !res.Relaxed || res.MatchedWords != 6 || res.Words != 10 || res.Total != 1 {
		t.Errorf("hits %v, relaxed %v, %d of %d words, total %d: want only the six-word title, 6 of 10", got, res.Relaxed, res.MatchedWords, res.Words, res.Total)
	}
	res = e.search(e.as("student1"), Query{Text: "tao cam chuoi xoai nho man dao le oi"}) // nine words, five of them in 1 and 2
	if got := hitIDs(res); len(got) != 2 || res.MatchedWords != 5 {
		t.Errorf("nine words: hits %v, %d words matched: want 1 and 2 with 5", got, res.MatchedWords)
	}
}

// TestPhraseWithWordsInTitle: a phrase is matched in the title and description or,
// when they hold its words but not in its order, in the body; words of the phrase
// scattered everywhere do not match.
func TestPhraseWithWordsInTitle(t *testing.T) {
	e := newEnv(t)
	e.add(e.doc(1, "Newton và các định luật", "", "Ba định luật Newton về chuyển động."),
		e.doc(2, "Định luật Newton", "", ""),
		e.doc(3, "Newton và các định luật", "", "Tiểu sử nhà khoa học."),
		e.doc(4, "Bài đọc", "Về định luật Newton thứ hai", ""))
	for _, q := range []string{`"định luật newton"`, `"dinh luat newton"`} {
		got := hitIDs(e.search(e.as("student1"), Query{Text: q}))
		if sorted := slices.Sorted(slices.Values(got)); len(got) == 0 || got[0] != 2 || !slices.Equal(sorted, []int64{1, 2, 4}) {
			t.Errorf("%s: %v, want the title first, the description and the body's phrase too, not 3", q, got)
		}
	}
}
