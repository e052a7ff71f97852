package assessment_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
)

// TestGroupFiguresAndMastery: upper-lower 27% discrimination, the choice counts of
// each option (mapped back from each student's shuffled order), the mastery of the
// class per topic and level, and an item's figures across the tests that used it.
func TestGroupFiguresAndMastery(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	na := choice("Đạo hàm của x² là?", 1, "x", "2x", "x²")
	na.Topic = "Hàm số"
	a := w.item(t1, na)
	nb := choice("Tổng ba góc của tam giác?", 0, "180°", "360°")
	nb.Topic, nb.Level = "Hình học", "application"
	b := w.item(t1, nb)
	test := w.test(t1, "Phân tích", a.ID, b.ID)
	// Totals: 2, 1, 1, 0. Student 2 picks "x", student 3 "x²".
	picks := [][2]int{{1, 0}, {1, 1}, {0, 0}, {2, 1}}
	for i, p := range w.students(4) {
		v, err := w.svc.Start(ctx, p, test.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		w.save(p, v, a, shownIndex(t, v, a, picks[i][0]), 1)
		w.save(p, v, b, shownIndex(t, v, b, picks[i][1]), 2)
		if _, err := w.svc.Submit(ctx, p, v.ID); err != nil {
			t.Fatal(err)
		}
	}
	an, err := w.svc.Analysis(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]assessment.ItemAnalysis{}
	for _, it := range an.Items {
		byID[it.ItemID] = it
	}
	ia := byID[a.ID]
	if ia.UpperLower == nil || *ia.UpperLower != 1 {
		t.Fatalf("upper-lower of item a: %v", ia.UpperLower)
	}
	if got := fmt.Sprint(ia.Options); got != "[{0 false 1 0 0} {1 true 2 1 0} {2 false 1 0 1}]" {
		t.Fatalf("option counts of item a: %s", got)
	}
	var lines []string
	for _, m := range an.Mastery {
		lines = append(lines, fmt.Sprintf("%s/%s/%s/%.2f/%d", m.Class, m.Topic, m.Level, m.Share, m.Students))
	}
	if got := fmt.Sprint(lines); got != "[10A1/Hàm số/recognition/0.50/4 10A1/Hình học/application/0.50/4]" {
		t.Fatalf("mastery: %s", got)
	}
	use, err := w.svc.ItemUses(ctx, t1, a.ID)
	if err != nil || use.Tests != 1 || use.Attempts != 4 || use.P != 0.5 {
		t.Fatalf("item across uses: %+v %v", use, err)
	}
	if _, err := w.svc.ItemUses(ctx, w.as("teacher2"), a.ID); err == nil {
		t.Fatal("a teacher of another school reads a private item's figures")
	}
}
