package gradebook_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// BenchmarkSetWeights measures a weight change in a class-sized gradebook: 40
// students with marks in 6 columns, every average recomputed and the change audited.
func BenchmarkSetWeights(b *testing.B) {
	ctx := context.Background()
	w := newWorld(&testing.T{})
	t1 := w.actor("teacher1")
	sys := identity.SystemActor()
	class := w.course.ClassIDs[0]
	for i := range 39 {
		u, err := w.ids.CreateUser(ctx, sys, identity.NewUser{PersonID: fmt.Sprintf("HB%07d", i), Username: fmt.Sprintf("bench%02d", i),
			Name: fmt.Sprintf("Học sinh %02d", i), OrgID: t1.User.HomeOrgID, Roles: []identity.Role{identity.RoleStudent}, Password: pw})
		if err != nil {
			b.Fatal(err)
		}
		if err := w.ids.AddClassMember(ctx, sys, class, u.ID, "student", ""); err != nil {
			b.Fatal(err)
		}
	}
	book, err := w.book.View(ctx, t1, w.course.ID, 0)
	if err != nil {
		b.Fatal(err)
	}
	for i, cat := range []string{"regular", "regular", "regular", "midterm", "midterm", "final"} {
		col, err := w.book.AddColumn(ctx, t1, w.course.ID, gradebook.NewColumn{Title: fmt.Sprintf("Cột %d", i), Category: cat})
		if err != nil {
			b.Fatal(err)
		}
		for j, r := range book.Rows {
			m := gradebook.Tenths(50 + (i*7+j*3)%51)
			if err := w.book.SetMark(ctx, t1, w.course.ID, col, r.UserID, &m, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	if len(book.Rows) < 40 {
		b.Fatalf("%d students", len(book.Rows))
	}
	b.ResetTimer()
	for i := range b.N {
		if err := w.book.SetWeights(ctx, t1, w.course.ID, map[string]float64{"final": float64(2 + i%2)}); err != nil {
			b.Fatal(err)
		}
	}
}
