package assessment

import (
	"encoding/json"
	"math/rand/v2"
)

// permutation is the order in which n things are shown: p[k] is the original index of
// the thing shown at place k. It depends only on the attempt's seed and the salt (an
// item id, or 0 for the order of the items), so it is recomputed, never stored.
func permutation(seed int64, salt int64, n int) []int {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(salt)))
	return r.Perm(n)
}

// identity is 0..n-1, for tests that do not shuffle.
func identityPerm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// Presented is an item as a student sees it in an attempt: the parts in the order
// shown, without any key.
type Presented struct {
	ID         int64    `json:"id"`
	Position   int      `json:"position"`
	Type       string   `json:"type"`
	StemHTML   string   `json:"stem_html"`
	Points     float64  `json:"points"`
	Options    []string `json:"options,omitempty"`    // choices, in the order shown
	Statements []string `json:"statements,omitempty"` // true/false a-d
	Left       []string `json:"left,omitempty"`       // matching, fixed order
	Right      []string `json:"right,omitempty"`      // matching, shuffled
	Pieces     []string `json:"pieces,omitempty"`     // ordering, shuffled
	Blanks     int      `json:"blanks,omitempty"`     // cloze
	Unit       string   `json:"unit,omitempty"`       // numeric
	// Response is the student's saved answer (as shown: option indices in this order)
	// and Seq the sequence number it was saved with.
	Response json.RawMessage `json:"response,omitempty"`
	Seq      int64           `json:"seq"`
}

// formItem is one item of a form with its version's content.
type formItem struct {
	ItemID  int64
	Version int64
	Points  float64
	Type    string
	Stem    string
	HTML    string
	Content Content
}

// order is the permutation of the item's shuffled parts for this attempt (options,
// matching right column or ordering pieces); nil for types without one.
func (f *formItem) order(seed int64, shuffle bool) []int {
	n := 0
	switch f.Type {
	case SingleChoice, MultipleResponse:
		n = len(f.Content.Options)
	case Matching:
		n = len(f.Content.Pairs)
	case Ordering:
		n = len(f.Content.Sequence)
	default:
		return nil
	}
	if f.Type == Ordering || f.Type == Matching || shuffle {
		p := permutation(seed, f.ItemID, n)
		if f.Type == Ordering && isIdentity(p) { // shown in the right order, it would answer itself
			p = append(p[1:], p[0])
		}
		return p
	}
	return identityPerm(n)
}

func isIdentity(p []int) bool {
	for i, v := range p {
		if i != v {
			return false
		}
	}
	return true
}

// present builds what the student sees of the item.
func (f *formItem) present(position int, seed int64, shuffle bool) Presented {
	p := Presented{ID: f.ItemID, Position: position, Type: f.Type, StemHTML: f.HTML, Points: f.Points}
	ord := f.order(seed, shuffle)
	c := &f.Content
	switch f.Type {
	case SingleChoice, MultipleResponse:
		for _, k := range ord {
			p.Options = append(p.Options, c.Options[k].HTML)
		}
	case TrueFalse:
		for _, s := range c.Statements {
			p.Statements = append(p.Statements, s.HTML)
		}
	case Matching:
		for i, k := range ord {
			p.Left = append(p.Left, c.Pairs[i].LeftHTML)
			p.Right = append(p.Right, c.Pairs[k].RightHTML)
		}
	case Ordering:
		for _, k := range ord {
			p.Pieces = append(p.Pieces, c.Sequence[k].HTML)
		}
	case Cloze:
		p.Blanks = len(c.Blanks)
	case Numeric:
		p.Unit = c.Unit
	}
	return p
}
