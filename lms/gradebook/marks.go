package gradebook

import (
	"math"
	"strconv"
)

// Tenths is a mark on the 0-10 scale in tenths (0..100): 7.5 is 75. Integers keep
// the arithmetic exact; only display divides by ten.
type Tenths int

// String formats a mark as "7.5".
func (t Tenths) String() string {
	return strconv.Itoa(int(t)/10) + "." + strconv.Itoa(int(t)%10)
}

// Float is the mark as a number (7.5).
func (t Tenths) Float() float64 { return float64(t) / 10 }

// ToTenths converts score out of max to the 0-10 scale, rounded half up to one
// decimal (clamped to 0..10).
func ToTenths(score, outOf float64) Tenths {
	if outOf <= 0 || math.IsNaN(score) {
		return 0
	}
	// Work in hundredths of a point, so 6.65 of 10 gives 6.7 and not 6.6 (binary drift).
	num := math.Round(score * 100)
	den := math.Round(outOf * 100)
	t := Tenths(math.Floor((num*200 + den) / (2 * den)))
	return min(max10, max(0, t))
}

const max10 Tenths = 100

// ParseTenths reads a mark typed as "7,5" or "7.5" (0-10, at most one decimal).
func ParseTenths(s string) (Tenths, bool) {
	f, err := strconv.ParseFloat(replaceComma(s), 64)
	if err != nil || f < 0 || f > 10 || math.IsNaN(f) {
		return 0, false
	}
	t := math.Round(f * 10)
	if math.Abs(t-f*10) > 1e-6 {
		return 0, false
	}
	return Tenths(t), true
}

func replaceComma(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == ',' {
			b[i] = '.'
		}
	}
	return string(b)
}

// Weighted is one mark with its category weight in hundredths (weight 2 is 200).
type Weighted struct {
	Mark   Tenths
	Weight int
}

// Average is the weighted mean of marks rounded half up to one decimal, and false
// when there is no mark. It is exact: sum(w*m) / sum(w) in integers.
func Average(marks []Weighted) (Tenths, bool) {
	var num, den int64
	for _, m := range marks {
		num += int64(m.Weight) * int64(m.Mark)
		den += int64(m.Weight)
	}
	if den == 0 {
		return 0, false
	}
	// round half up of num/den for non-negative values
	return Tenths((2*num + den) / (2 * den)), true
}

// Category is a weighted group of columns.
type Category struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

// Default categories: the Vietnamese regular / mid-term / final assessments.
var DefaultCategories = []Category{
	{Code: "regular", Name: "Thường xuyên", Weight: 1},
	{Code: "midterm", Name: "Giữa kỳ", Weight: 2},
	{Code: "final", Name: "Cuối kỳ", Weight: 3},
}

func weightHundredths(w float64) int { return int(math.Round(w * 100)) }
