package assessment

import (
	"encoding/json"
	"math"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func opts(correct ...bool) []Option {
	var o []Option
	for _, c := range correct {
		o = append(o, Option{Text: "x", Correct: c})
	}
	return o
}

// TestFraction is the scoring rule of every type, one row per rule. Responses are as
// shown; order is the attempt's permutation of the shuffled parts.
func TestFraction(t *testing.T) {
	tf := []Statement{{Text: "a", Correct: true}, {Text: "b", Correct: false}, {Text: "c", Correct: true}, {Text: "d", Correct: false}}
	for _, tc := range []struct {
		name  string
		typ   string
		c     Content
		order []int
		resp  string
		want  float64
	}{
		{"single right", SingleChoice, Content{Options: opts(false, true, false)}, []int{0, 1, 2}, `1`, 1},
		{"single wrong", SingleChoice, Content{Options: opts(false, true, false)}, []int{0, 1, 2}, `2`, 0},
		{"single shuffled: shown 0 is original 1", SingleChoice, Content{Options: opts(false, true, false)}, []int{1, 2, 0}, `0`, 1},
		{"single out of range", SingleChoice, Content{Options: opts(false, true)}, []int{0, 1}, `5`, 0},
		{"single unanswered", SingleChoice, Content{Options: opts(false, true)}, []int{0, 1}, `null`, 0},
		{"multiple all right", MultipleResponse, Content{Options: opts(true, false, true, false)}, []int{0, 1, 2, 3}, `[0,2]`, 1},
		{"multiple half", MultipleResponse, Content{Options: opts(true, false, true, false)}, []int{0, 1, 2, 3}, `[2]`, 0.5},
		{"multiple right and wrong cancel", MultipleResponse, Content{Options: opts(true, false, true, false)}, []int{0, 1, 2, 3}, `[0,1]`, 0},
		{"multiple everything", MultipleResponse, Content{Options: opts(true, false, true, false)}, []int{0, 1, 2, 3}, `[0,1,2,3]`, 0},
		{"multiple never negative", MultipleResponse, Content{Options: opts(true, false, false, false)}, []int{0, 1, 2, 3}, `[1,2]`, 0},
		{"multiple duplicate index is invalid", MultipleResponse, Content{Options: opts(true, false)}, []int{0, 1}, `[0,0]`, 0},
		{"tf one statement", TrueFalse, Content{Correct: ptr(false)}, nil, `false`, 1},
		{"tf one statement wrong", TrueFalse, Content{Correct: ptr(false)}, nil, `true`, 0},
		{"tf4 none", TrueFalse, Content{Statements: tf}, nil, `[false,true,false,true]`, 0},
		{"tf4 one", TrueFalse, Content{Statements: tf}, nil, `[true,true,false,true]`, 0.1},
		{"tf4 two", TrueFalse, Content{Statements: tf}, nil, `[true,false,false,true]`, 0.25},
		{"tf4 three", TrueFalse, Content{Statements: tf}, nil, `[true,false,true,true]`, 0.5},
		{"tf4 four", TrueFalse, Content{Statements: tf}, nil, `[true,false,true,false]`, 1},
		{"tf4 unanswered statements do not count", TrueFalse, Content{Statements: tf}, nil, `[true,null,null,false]`, 0.25},
		{"tf4 wrong length", TrueFalse, Content{Statements: tf}, nil, `[true,false]`, 0},
		{"short exact", ShortText, Content{Accepted: []string{"Hà Nội"}}, nil, `"Hà Nội"`, 1},
		{"short case and spaces", ShortText, Content{Accepted: []string{"Hà Nội"}}, nil, `"  hà   nội. "`, 1},
		{"short case sensitive", ShortText, Content{Accepted: []string{"NaCl"}, CaseSensitive: true}, nil, `"nacl"`, 0},
		{"short diacritics matter", ShortText, Content{Accepted: []string{"má"}}, nil, `"ma"`, 0},
		{"short another tone is another word", ShortText, Content{Accepted: []string{"má"}}, nil, `"mà"`, 0},
		{"short tone placement does not matter", ShortText, Content{Accepted: []string{"hòa bình"}}, nil, `"hoà bình"`, 1},
		{"short composed or decomposed", ShortText, Content{Accepted: []string{"Việt"}}, nil, "\"Vie\u0323\u0302t\"", 1},
		{"short accepted variant", ShortText, Content{Accepted: []string{"quang hợp", "sự quang hợp"}}, nil, `"Sự quang hợp"`, 1},
		{"short ignore diacritics when allowed", ShortText, Content{Accepted: []string{"Đà Nẵng"}, IgnoreDiacritics: true}, nil, `"da nang"`, 1},
		{"short đ is not d", ShortText, Content{Accepted: []string{"đi"}}, nil, `"di"`, 0},
		{"short empty", ShortText, Content{Accepted: []string{"x"}}, nil, `""`, 0},
		{"numeric exact", Numeric, Content{Answer: ptr(3.5)}, nil, `3.5`, 1},
		{"numeric decimal comma", Numeric, Content{Answer: ptr(3.5)}, nil, `"3,5"`, 1},
		{"numeric within tolerance", Numeric, Content{Answer: ptr(9.81), Tolerance: 0.01}, nil, `"9,8"`, 1},
		{"numeric outside tolerance", Numeric, Content{Answer: ptr(9.81), Tolerance: 0.001}, nil, `9.8`, 0},
		{"numeric with unit", Numeric, Content{Answer: ptr(12.0), Unit: "cm"}, nil, `"12 cm"`, 1},
		{"numeric vietnamese thousands", Numeric, Content{Answer: ptr(1234.5)}, nil, `"1.234,5"`, 1},
		{"numeric float noise", Numeric, Content{Answer: ptr(0.3)}, nil, `0.30000000000000004`, 1},
		{"numeric text", Numeric, Content{Answer: ptr(1.0)}, nil, `"one"`, 0},
		{"matching all", Matching, Content{Pairs: make([]Pair, 3)}, []int{2, 0, 1}, `[1,2,0]`, 1},
		{"matching one of three", Matching, Content{Pairs: make([]Pair, 3)}, []int{2, 0, 1}, `[1,null,1]`, 1.0 / 3},
		{"ordering right", Ordering, Content{Sequence: make([]Piece, 3)}, []int{2, 0, 1}, `[1,2,0]`, 1},
		{"ordering two places", Ordering, Content{Sequence: make([]Piece, 4)}, []int{0, 1, 2, 3}, `[0,1,3,2]`, 0.5},
		{"ordering not a permutation", Ordering, Content{Sequence: make([]Piece, 3)}, []int{0, 1, 2}, `[0,0,1]`, 0},
		{"cloze both", Cloze, Content{Blanks: []Blank{{Accepted: []string{"nước"}}, {Accepted: []string{"H2O"}}}}, nil, `["Nước","h2o"]`, 1},
		{"cloze one", Cloze, Content{Blanks: []Blank{{Accepted: []string{"nước"}}, {Accepted: []string{"H2O"}}}}, nil, `["nuoc","h2o"]`, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, manual := fraction(tc.typ, &tc.c, tc.order, json.RawMessage(tc.resp))
			if manual || math.Abs(got-tc.want) > 1e-9 {
				t.Fatalf("fraction(%s) = %v (manual %v), want %v", tc.resp, got, manual, tc.want)
			}
		})
	}
	if _, manual := fraction(Essay, &Content{}, nil, json.RawMessage(`"text"`)); !manual {
		t.Fatal("essays are graded by hand")
	}
}

func TestNormalizeAnswer(t *testing.T) {
	for _, tc := range []struct {
		a, b            string
		cs, noMarks, eq bool
	}{
		{"thuỷ", "thủy", false, false, true},
		{"Người", "người", false, false, true},
		{"ngươi", "người", false, false, false},
		{"Sài Gòn", "sai gon", false, true, true},
		{"ABC", "abc", true, false, false},
	} {
		got := normalizeAnswer(tc.a, tc.cs, tc.noMarks) == normalizeAnswer(tc.b, tc.cs, tc.noMarks)
		if got != tc.eq {
			t.Errorf("%q vs %q: equal %v, want %v", tc.a, tc.b, got, tc.eq)
		}
	}
}

func TestPermutationIsStable(t *testing.T) {
	a, b := permutation(42, 7, 10), permutation(42, 7, 10)
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("the same seed must give the same order")
		}
	}
	f := formItem{ItemID: 1, Type: Ordering, Content: Content{Sequence: make([]Piece, 2)}}
	for seed := int64(0); seed < 20; seed++ {
		if isIdentity(f.order(seed, true)) {
			t.Fatalf("seed %d shows an ordering item already in order", seed)
		}
	}
}

// FuzzResponse: whatever a client sends as an answer, validation and scoring never
// panic and scores stay in [0, 1].
func FuzzResponse(f *testing.F) {
	for _, s := range []string{`1`, `[0,2]`, `[true,null,false,true]`, `"3,5"`, `[1,null]`, `["a","b"]`, `null`, `{"x":1}`, `[-1]`} {
		f.Add(s)
	}
	items := []struct {
		typ string
		c   Content
		ord []int
	}{
		{SingleChoice, Content{Options: opts(true, false)}, []int{1, 0}},
		{MultipleResponse, Content{Options: opts(true, false, true)}, []int{2, 0, 1}},
		{TrueFalse, Content{Statements: make([]Statement, 4)}, nil},
		{TrueFalse, Content{Correct: ptr(true)}, nil},
		{Numeric, Content{Answer: ptr(2.5), Unit: "m"}, nil},
		{ShortText, Content{Accepted: []string{"Hà Nội"}}, nil},
		{Matching, Content{Pairs: make([]Pair, 2)}, []int{1, 0}},
		{Ordering, Content{Sequence: make([]Piece, 3)}, []int{1, 2, 0}},
		{Cloze, Content{Blanks: []Blank{{Accepted: []string{"x"}}, {Accepted: []string{"y"}}}}, nil},
	}
	f.Fuzz(func(t *testing.T, resp string) {
		for _, it := range items {
			_ = checkResponse(it.typ, &it.c, json.RawMessage(resp))
			if s, _ := fraction(it.typ, &it.c, it.ord, json.RawMessage(resp)); s < 0 || s > 1 || math.IsNaN(s) {
				t.Fatalf("%s %q scored %v", it.typ, resp, s)
			}
		}
		parseNumber(resp, "m")
	})
}

func TestPolicy(t *testing.T) {
	scores := []float64{6, 9, 7.5}
	for _, tc := range []struct {
		method string
		want   float64
	}{{"highest", 9}, {"last", 7.5}, {"first", 6}, {"average", 7.5}, {"unknown means highest", 9}} {
		t.Run(tc.method, func(t *testing.T) {
			if got := policy(tc.method, func(i int) float64 { return scores[i] }, len(scores)); got.score != tc.want {
				t.Fatalf("%s = %v, want %v", tc.method, got.score, tc.want)
			}
		})
	}
}
