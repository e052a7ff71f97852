package web

import (
	"math"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseWeights: a weights form never panics, and what it accepts is one finite
// number per weight_ field, the same as the typed text with a dot for the comma.
func FuzzParseWeights(f *testing.F) {
	for _, s := range []string{"1", "1,5", " 2.25 ", "", "abc", "1e3", "NaN", "-0", "1,2,3", "Inf"} {
		f.Add("final", s)
	}
	f.Fuzz(func(t *testing.T, code, v string) {
		form := url.Values{"weight_" + code: {v}, "other": {"x"}}
		w, err := parseWeights(form)
		if err != nil {
			return
		}
		got, ok := w[code]
		if len(w) != 1 || !ok || math.IsNaN(got) || math.IsInf(got, 0) {
			t.Fatalf("%q=%q: %v", code, v, w)
		}
		if strings.TrimSpace(v) == "" {
			t.Fatalf("%q: an empty weight was accepted", v)
		}
	})
}

func TestParseWeights(t *testing.T) {
	w, err := parseWeights(url.Values{"weight_final": {"1,5"}, "weight_regular": {" 2 "}, "title": {"x"}})
	if err != nil || len(w) != 2 || w["final"] != 1.5 || w["regular"] != 2 {
		t.Fatalf("%v %v", w, err)
	}
	if _, err := parseWeights(url.Values{"weight_final": {"hai"}}); err == nil {
		t.Fatal("a word was accepted as a weight")
	}
}
