package web

import (
	"strings"
	"testing"
)

// FuzzParseRubric: a rubric typed by a teacher never panics, and what it accepts
// has a named criterion with at least one level per line it kept.
func FuzzParseRubric(f *testing.F) {
	for _, s := range []string{"Nội dung | Yếu=1 | Khá=4 | Tốt=6\nTrình bày | Đạt=2", "", "a|b", "x | =1,5", "\n\n | y=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseRubric(s)
		if err != nil {
			return
		}
		lines := 0
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if len(r) != lines {
			t.Fatalf("%q: %d criteria from %d lines", s, len(r), lines)
		}
	})
}

func TestParseRubric(t *testing.T) {
	r, err := parseRubric("Nội dung | Yếu=1 | Tốt=6,5\n\nTrình bày | Đạt=2")
	if err != nil || len(r) != 2 || r[0].Levels[1].Points != 6.5 || r[1].Name != "Trình bày" {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := parseRubric("Nội dung | Yếu"); err == nil {
		t.Fatal("a level without points was accepted")
	}
}
