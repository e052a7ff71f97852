package assessment

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
)

// tf4Scale is the official partial credit of a four-statement true/false item (the
// 2025 national exam format): the share of the item's points for 0, 1, 2, 3 and 4
// statements judged correctly.
var tf4Scale = [5]float64{0, 0.1, 0.25, 0.5, 1}

// maxResponse bounds one saved answer (an essay of a few pages).
const maxResponse = 32 << 10

// checkResponse validates the shape of a response (as shown) before it is saved, so a
// bad client gets a clear error at once rather than a zero at the end. null clears.
func checkResponse(typ string, c *Content, resp json.RawMessage) error {
	bad := func() error {
		return invalid("response", "answer.shape", "This answer does not fit the question.")
	}
	if len(resp) > maxResponse {
		return invalid("response", "answer.too_long", "The answer is too long.")
	}
	if isNull(resp) {
		return nil
	}
	switch typ {
	case SingleChoice:
		var k int
		if json.Unmarshal(resp, &k) != nil || k < 0 || k >= len(c.Options) {
			return bad()
		}
	case MultipleResponse:
		var ks []int
		if json.Unmarshal(resp, &ks) != nil || !indicesIn(ks, len(c.Options), false) {
			return bad()
		}
	case TrueFalse:
		if len(c.Statements) == 0 {
			var b bool
			if json.Unmarshal(resp, &b) != nil {
				return bad()
			}
			return nil
		}
		var bs []*bool
		if json.Unmarshal(resp, &bs) != nil || len(bs) != len(c.Statements) {
			return bad()
		}
	case ShortText, Essay:
		var s string
		if json.Unmarshal(resp, &s) != nil {
			return bad()
		}
	case Numeric:
		var f float64
		var s string
		if json.Unmarshal(resp, &f) != nil && json.Unmarshal(resp, &s) != nil {
			return bad()
		}
	case Matching:
		var ks []*int
		if json.Unmarshal(resp, &ks) != nil || len(ks) != len(c.Pairs) {
			return bad()
		}
		for _, k := range ks {
			if k != nil && (*k < 0 || *k >= len(c.Pairs)) {
				return bad()
			}
		}
	case Ordering:
		var ks []int
		if json.Unmarshal(resp, &ks) != nil || len(ks) != len(c.Sequence) || !indicesIn(ks, len(c.Sequence), true) {
			return bad()
		}
	case Cloze:
		var ss []string
		if json.Unmarshal(resp, &ss) != nil || len(ss) != len(c.Blanks) {
			return bad()
		}
	}
	return nil
}

func isNull(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || string(b) == "null"
}

// indicesIn: every index in [0, n), none twice.
func indicesIn(ks []int, n int, all bool) bool {
	seen := make([]bool, n)
	for _, k := range ks {
		if k < 0 || k >= n || seen[k] {
			return false
		}
		seen[k] = true
	}
	return !all || len(ks) == n
}

// fraction scores a response (as shown, with the attempt's order of the item's
// parts) as a share of the item's points in [0, 1]. manual is true for essays,
// which a teacher grades. A response of the wrong shape scores 0.
func fraction(typ string, c *Content, order []int, resp json.RawMessage) (frac float64, manual bool) {
	if typ == Essay {
		return 0, true
	}
	if isNull(resp) || checkResponse(typ, c, resp) != nil {
		return 0, false
	}
	switch typ {
	case SingleChoice:
		var k int
		_ = json.Unmarshal(resp, &k)
		return boolScore(c.Options[order[k]].Correct), false
	case MultipleResponse:
		var ks []int
		_ = json.Unmarshal(resp, &ks)
		return multipleScore(c.Options, order, ks), false
	case TrueFalse:
		return trueFalseScore(c, resp), false
	case ShortText:
		var s string
		_ = json.Unmarshal(resp, &s)
		return boolScore(acceptedText(s, c.Accepted, c.CaseSensitive, c.IgnoreDiacritics)), false
	case Numeric:
		return numericScore(c, resp), false
	case Matching:
		var ks []*int
		_ = json.Unmarshal(resp, &ks)
		right := 0
		for i, k := range ks {
			if k != nil && order[*k] == i {
				right++
			}
		}
		return float64(right) / float64(len(c.Pairs)), false
	case Ordering:
		var ks []int
		_ = json.Unmarshal(resp, &ks)
		right := 0
		for place, k := range ks {
			if order[k] == place {
				right++
			}
		}
		return float64(right) / float64(len(c.Sequence)), false
	case Cloze:
		var ss []string
		_ = json.Unmarshal(resp, &ss)
		right := 0
		for i, s := range ss {
			if acceptedText(s, c.Blanks[i].Accepted, false, false) {
				right++
			}
		}
		return float64(right) / float64(len(c.Blanks)), false
	}
	return 0, false
}

func boolScore(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// multipleScore: each correct option chosen counts +1, each wrong one chosen -1, over
// the number of correct options, never below 0. Choosing everything scores 0.
func multipleScore(opts []Option, order []int, chosen []int) float64 {
	correct, net := 0, 0
	for _, o := range opts {
		if o.Correct {
			correct++
		}
	}
	for _, k := range chosen {
		if opts[order[k]].Correct {
			net++
		} else {
			net--
		}
	}
	return math.Max(0, float64(net)/float64(correct))
}

func trueFalseScore(c *Content, resp json.RawMessage) float64 {
	if len(c.Statements) == 0 {
		var b bool
		_ = json.Unmarshal(resp, &b)
		return boolScore(c.Correct != nil && b == *c.Correct)
	}
	var bs []*bool
	_ = json.Unmarshal(resp, &bs)
	right := 0
	for i, b := range bs {
		if b != nil && *b == c.Statements[i].Correct {
			right++
		}
	}
	if len(c.Statements) == 4 {
		return tf4Scale[right]
	}
	return float64(right) / float64(len(c.Statements))
}

func acceptedText(s string, accepted []string, caseSensitive, ignoreDiacritics bool) bool {
	got := normalizeAnswer(s, caseSensitive, ignoreDiacritics)
	if got == "" {
		return false
	}
	return slices.ContainsFunc(accepted, func(a string) bool {
		return normalizeAnswer(a, caseSensitive, ignoreDiacritics) == got
	})
}

func numericScore(c *Content, resp json.RawMessage) float64 {
	var f float64
	if json.Unmarshal(resp, &f) != nil {
		var s string
		_ = json.Unmarshal(resp, &s)
		var ok bool
		if f, ok = parseNumber(s, c.Unit); !ok {
			return 0
		}
	}
	// A little slack for binary floating point, on top of the author's tolerance.
	return boolScore(math.Abs(f-*c.Answer) <= c.Tolerance+1e-9*math.Max(1, math.Abs(*c.Answer)))
}
