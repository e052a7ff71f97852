package gradebook

import "testing"

func TestColumnAverages(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	b := &Book{
		Columns: []Column{{Title: "miệng"}, {Title: "15 phút"}, {Title: "giữa kỳ"}},
		Rows: []Row{
			{Marks: []*float64{f(8.5), nil, f(7)}},
			{Marks: []*float64{f(6), nil, f(7.2)}},
			{Marks: []*float64{f(9), nil, nil}},
		},
	}
	got := columnAverages(b)
	want := []*float64{f(7.8), nil, f(7.1)} // 23.5/3 = 7.83…, no marks, 14.2/2
	for i := range want {
		switch {
		case (got[i] == nil) != (want[i] == nil):
			t.Errorf("column %d: %v, want %v", i, got[i], want[i])
		case got[i] != nil && *got[i] != *want[i]:
			t.Errorf("column %d: %v, want %v", i, *got[i], *want[i])
		}
	}
}
