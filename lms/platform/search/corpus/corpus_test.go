package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGenerator(t *testing.T) {
	a, b := New(7), New(7)
	for range 50 {
		x, y := a.Next(), b.Next()
		if x != y {
			t.Fatal("same seed, different documents")
		}
		if n := len(strings.Fields(x.Body)); n < 200 || n > 260 {
			t.Errorf("body of %d words", n)
		}
		if x.Title == "" || !utf8.ValidString(x.Title) || !utf8.ValidString(x.Body) || x.Grade < 1 || x.Grade > 12 {
			t.Errorf("bad document %+v", x)
		}
	}
	if err := New(1).Load("testdata/missing.txt"); err == nil {
		t.Error("missing file loaded")
	}
}
