package gradebook_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// TestSetWeights: a teacher changes a category's weight; the average follows, the
// change is in the audit, bad input changes nothing, and only the course's teachers
// may do it while the term is open.
func TestSetWeights(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.actor("teacher1"), w.actor("student1")
	for cat, mark := range map[string]gradebook.Tenths{"regular": 80, "final": 50} {
		col, err := w.book.AddColumn(ctx, t1, w.course.ID, gradebook.NewColumn{Title: "Cột " + cat, Category: cat})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.book.SetMark(ctx, t1, w.course.ID, col, s1.User.ID, &mark, ""); err != nil {
			t.Fatal(err)
		}
	}
	average := func() float64 {
		t.Helper()
		b, err := w.book.View(ctx, t1, w.course.ID, 0)
		if err != nil || len(b.Rows) != 1 || b.Rows[0].Average == nil {
			t.Fatalf("book: %+v %v", b, err)
		}
		return *b.Rows[0].Average
	}
	if got := average(); got != 5.8 { // (8*1 + 5*3) / 4 = 5.75
		t.Fatalf("average with default weights: %v", got)
	}
	if err := w.book.SetWeights(ctx, t1, w.course.ID, map[string]float64{"final": 1, "regular": 1}); err != nil {
		t.Fatal(err)
	}
	if got := average(); got != 6.5 {
		t.Fatalf("average with final weight 1: %v, want 6.5", got)
	}
	audit, err := w.book.Audit(ctx, t1, w.course.ID, 10)
	if err != nil || len(audit) < 1 || audit[0].Reason != "weight" || audit[0].Column != "final" || *audit[0].Old != 3 || *audit[0].New != 1 ||
		audit[0].By == "" || audit[0].Student != "" {
		t.Fatalf("audit: %+v %v", audit, err)
	}
	for _, bad := range []map[string]float64{{"final": 0}, {"final": -1}, {"final": 101}, {"final": 1.234}, {"regular": 2, "nope": 1}} {
		err := w.book.SetWeights(ctx, t1, w.course.ID, bad)
		if _, ok := fault.AsValidation(err); !ok {
			t.Fatalf("weights %v: %v, want a validation error", bad, err)
		}
	}
	if got := average(); got != 6.5 {
		t.Fatalf("average after refused changes: %v, want 6.5", got)
	}
	if err := w.book.SetWeights(ctx, s1, w.course.ID, map[string]float64{"final": 5}); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("student sets weights: %v", err)
	}
	if err := w.book.SetWeights(ctx, w.actor("teacher2"), w.course.ID, map[string]float64{"final": 5}); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("other school sets weights: %v", err)
	}
	if err := w.book.CloseTerm(ctx, t1, w.course.ID, nil); err != nil {
		t.Fatal(err)
	}
	err = w.book.SetWeights(ctx, t1, w.course.ID, map[string]float64{"final": 5})
	if v, ok := fault.AsValidation(err); !ok || v.Key != "gradebook.locked" {
		t.Fatalf("locked gradebook took weights: %v", err)
	}
	if got := average(); got != 6.5 {
		t.Fatalf("average after the term closed: %v", got)
	}
}
