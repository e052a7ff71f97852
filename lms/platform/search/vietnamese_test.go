package search

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// The Vietnamese rules of issue 4: marks change the word; an unmarked word matches
// every marked form, exact forms first; NFC = NFD; đ matches d only unmarked.
func TestVietnameseMatching(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		e.add(
			e.doc(1, "Má của em", "Bài đọc về người mẹ", ""),
			e.doc(2, "Mã nguồn mở cho học sinh", "Lập trình với mã nguồn", ""),
			e.doc(3, "Con ma trong truyện cổ", "Truyện dân gian", ""),
			e.doc(4, "Phương trình bậc hai", "Giải phương trình bậc hai một ẩn", ""),
			e.doc(5, "Phuong trinh (ban khong dau)", "Tai lieu go khong dau", ""),
			e.doc(6, "Định luật Newton", "Ba định luật của Newton về chuyển động", ""),
			e.doc(7, "Dinh dưỡng học đường", "Bữa ăn dinh dưỡng", ""),
			e.doc(8, "Đinh Tiên Hoàng", "Vua Đinh dẹp loạn mười hai sứ quân", ""),
			e.doc(9, "Mạ non trên cánh đồng", "Cây mạ", ""),
			e.doc(10, "Mà thôi", "", ""),
		)
		student := e.as("student1")
		cases := []struct {
			name, q string
			want    []int64 // every hit, in order when ordered
			ordered bool
			relaxed bool
		}{
			{"marked word matches only itself", "má", []int64{1}, true, false},
			{"another tone is another word", "mã", []int64{2}, true, false},
			{"heavy tone", "mạ", []int64{9}, true, false},
			{"unmarked matches every form, exact first", "ma", []int64{3, 1, 2, 9, 10}, false, false},
			{"decomposed input is the same word", norm.NFD.String("má"), []int64{1}, true, false},
			{"decomposed unmarked-looking input keeps its marks", norm.NFD.String("Phương trình"), []int64{4}, true, false},
			{"unmarked phrase words match marked text, exact first", "phuong trinh", []int64{5, 4}, true, false},
			{"marked words do not match unmarked text", "phương trình", []int64{4}, true, false},
			{"unmarked d matches d and đ", "dinh", []int64{7, 6, 8}, false, false},
			{"đ matches only đ", "đinh", []int64{8}, true, false},
			{"marked đ word", "định", []int64{6}, true, false},
			{"upper case", "ĐỊNH LUẬT", []int64{6}, true, false},
			{"mixed marked and unmarked words", "định luat", []int64{6}, true, false},
			{"no document has all words: fall back and say so", "phương trình newton", []int64{4}, true, true},
			{"quoted phrase keeps order", `"luật định"`, nil, true, false},
			{"quoted phrase", `"dinh luat"`, []int64{6}, true, false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := e.search(student, Query{Text: c.q})
				got := hitIDs(res)
				want := c.want
				if want == nil {
					want = []int64{}
				}
				if !c.ordered {
					if len(got) == 0 || got[0] != want[0] {
						t.Fatalf("%q: first %v, want %d first", c.q, got, want[0])
					}
					slices.Sort(got)
					want = slices.Clone(want)
					slices.Sort(want)
				}
				if !slices.Equal(got, want) || res.Relaxed != c.relaxed {
					t.Fatalf("%q: got %v (relaxed %v), want %v", c.q, hitIDs(res), res.Relaxed, c.want)
				}
				if res.Total != len(want) {
					t.Errorf("%q: total %d, want %d", c.q, res.Total, len(want))
				}
				if c.relaxed && (res.Words != 3 || res.MatchedWords != 2) {
					t.Errorf("%q: matched %d of %d words, want 2 of 3", c.q, res.MatchedWords, res.Words)
				}
			})
		}
	})
}
