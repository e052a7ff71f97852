package gradebook

import "testing"

func TestToTenths(t *testing.T) {
	cases := []struct {
		score, max float64
		want       Tenths
	}{
		{10, 10, 100}, {0, 10, 0}, {6.65, 10, 67}, {6.64, 10, 66}, {7, 20, 35},
		{1, 3, 33}, {2, 3, 67}, {15, 10, 100}, {-1, 10, 0}, {8.25, 10, 83},
	}
	for _, c := range cases {
		if got := ToTenths(c.score, c.max); got != c.want {
			t.Errorf("ToTenths(%v, %v) = %v, want %v", c.score, c.max, got, c.want)
		}
	}
}

func TestAverageVietnameseFormula(t *testing.T) {
	// Thông tư 22: (sum of regular + 2*midterm + 3*final) / (count regular + 5).
	marks := []Weighted{{80, 100}, {70, 100}, {90, 100}, {65, 200}, {72, 300}}
	got, ok := Average(marks)
	// (8+7+9 + 2*6.5 + 3*7.2) / 8 = 58.6/8 = 7.325 -> 7.3
	if !ok || got != 73 {
		t.Fatalf("Average = %v %v, want 7.3", got, ok)
	}
	if _, ok := Average(nil); ok {
		t.Fatal("Average of nothing must report no mark")
	}
	// 7.25 rounds half up to 7.3
	if got, _ := Average([]Weighted{{70, 100}, {75, 100}, {75, 100}, {70, 100}}); got != 73 {
		t.Fatalf("half up: %v", got)
	}
}

func TestParseTenths(t *testing.T) {
	for in, want := range map[string]Tenths{"7,5": 75, "10": 100, "0": 0, "8.0": 80} {
		if got, ok := ParseTenths(in); !ok || got != want {
			t.Errorf("ParseTenths(%q) = %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"10.1", "-1", "7.55", "x", "NaN", ""} {
		if _, ok := ParseTenths(in); ok {
			t.Errorf("ParseTenths(%q) accepted", in)
		}
	}
}

func FuzzParseTenths(f *testing.F) {
	for _, s := range []string{"7,5", "10", "0.1", "1e1", "-0", "9.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseTenths(s)
		if ok && (m < 0 || m > 100) {
			t.Fatalf("ParseTenths(%q) = %v out of range", s, m)
		}
		if ok {
			if back, ok2 := ParseTenths(m.String()); !ok2 || back != m {
				t.Fatalf("round trip of %q: %v -> %v", s, m, back)
			}
		}
	})
}
