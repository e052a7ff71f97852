package gradebook_test

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

type world struct {
	t       *testing.T
	db      *pgxpool.Pool
	ids     *identity.Service
	courses *course.Service
	book    *gradebook.Service
	course  *course.Course
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		t.Fatal(err)
	}
	if err := repository.New(pool, nil, nil).SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: pool, ids: ids, courses: course.New(pool, nil)}
	w.book = gradebook.New(pool, w.courses, nil, nil)
	t1 := w.actor("teacher1")
	cs, err := ids.MyClasses(ctx, t1)
	if err != nil || len(cs) == 0 {
		t.Fatal(err)
	}
	if w.course, err = w.courses.Create(ctx, t1, course.NewCourse{Title: "Toán 10", Subject: "toan", Grade: 10, ClassIDs: []int64{cs[0].ID}}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) actor(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// oracle is the term average computed independently with exact rationals from the
// marks the test believes are set: sum(w*m)/sum(w), rounded half up to tenths.
func oracle(marks map[int64]int, weight map[int64]int64) *float64 {
	num, den := new(big.Rat), new(big.Rat)
	for col, m := range marks {
		w := big.NewRat(weight[col], 1)
		num.Add(num, new(big.Rat).Mul(w, big.NewRat(int64(m), 10)))
		den.Add(den, w)
	}
	if den.Sign() == 0 {
		return nil
	}
	avg := new(big.Rat).Quo(num, den)
	// round half up to one decimal: floor(avg*10 + 1/2) / 10
	x := new(big.Rat).Add(new(big.Rat).Mul(avg, big.NewRat(10, 1)), big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	f, _ := new(big.Rat).SetFrac(q, big.NewInt(10)).Float64()
	return &f
}

// TestAverageAfterAnySequenceOfChanges is a property test: after every step of
// random sequences of mark changes (set, change, clear, move a column to another
// category), the stored average equals the oracle's, and the audit holds one row
// per actual change.
func TestAverageAfterAnySequenceOfChanges(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.actor("teacher1")
	s1 := w.actor("student1")
	cats := []string{"regular", "midterm", "final"}
	weights := map[string]int64{"regular": 1, "midterm": 2, "final": 3}
	var cols []int64
	catOf := map[int64]string{}
	for i := range 6 {
		id, err := w.book.AddColumn(ctx, t1, w.course.ID, gradebook.NewColumn{Title: "Cột " + string(rune('A'+i)), Category: cats[i%3]})
		if err != nil {
			t.Fatal(err)
		}
		cols, catOf[id] = append(cols, id), cats[i%3]
	}
	r := rand.New(rand.NewPCG(5, 2026))
	marks := map[int64]int{}
	changes := 0
	for step := range 300 {
		col := cols[r.IntN(len(cols))]
		switch op := r.IntN(10); {
		case op < 7:
			m := gradebook.Tenths(r.IntN(101))
			if old, ok := marks[col]; !ok || old != int(m) {
				changes++
			}
			if err := w.book.SetMark(ctx, t1, w.course.ID, col, s1.User.ID, &m, "test"); err != nil {
				t.Fatal(err)
			}
			marks[col] = int(m)
		case op < 9:
			if _, ok := marks[col]; ok {
				changes++
			}
			if err := w.book.SetMark(ctx, t1, w.course.ID, col, s1.User.ID, nil, "test"); err != nil {
				t.Fatal(err)
			}
			delete(marks, col)
		default:
			c := cats[r.IntN(3)]
			if err := w.book.SetCategory(ctx, t1, w.course.ID, col, c); err != nil {
				t.Fatal(err)
			}
			catOf[col] = c
		}
		weight := map[int64]int64{}
		for _, c := range cols {
			weight[c] = weights[catOf[c]]
		}
		want := oracle(marks, weight)
		var got *float64
		err := w.db.QueryRow(ctx, `SELECT average::float8 FROM gradebook_totals WHERE course_id = $1 AND user_id = $2`, w.course.ID, s1.User.ID).Scan(&got)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		if (want == nil) != (got == nil) || (want != nil && *want != *got) {
			t.Fatalf("step %d: average %v, oracle %v (marks %v)", step, deref(got), deref(want), marks)
		}
	}
	var audited int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM gradebook_audit WHERE course_id = $1`, w.course.ID).Scan(&audited); err != nil || audited != changes {
		t.Fatalf("audit rows %d, changes %d (%v)", audited, changes, err)
	}
	audit, err := w.book.Audit(ctx, t1, w.course.ID, 5)
	if err != nil || len(audit) == 0 || audit[0].By != t1.User.Name {
		t.Fatalf("audit: %+v %v", audit, err)
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func TestLockAndExports(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.actor("teacher1"), w.actor("student1")
	col, err := w.book.AddColumn(ctx, t1, w.course.ID, gradebook.NewColumn{Title: "Kiểm tra miệng"})
	if err != nil {
		t.Fatal(err)
	}
	m := gradebook.Tenths(85)
	if err := w.book.SetMark(ctx, t1, w.course.ID, col, s1.User.ID, &m, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.book.SetMark(ctx, s1, w.course.ID, col, s1.User.ID, &m, ""); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("student sets a mark: %v", err)
	}
	if err := w.book.SetMark(ctx, w.actor("teacher2"), w.course.ID, col, s1.User.ID, &m, ""); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("other school sets a mark: %v", err)
	}
	_, err = w.book.AddColumn(ctx, t1, w.course.ID, gradebook.NewColumn{Title: "x", Category: "nope"})
	if v, ok := fault.AsValidation(err); !ok || v.Key != "gradebook.category_invalid" {
		t.Fatalf("bad category: %v", err)
	}
	if err := w.book.CloseTerm(ctx, t1, w.course.ID, nil); err != nil {
		t.Fatal(err)
	}
	m2 := gradebook.Tenths(20)
	err = w.book.SetMark(ctx, t1, w.course.ID, col, s1.User.ID, &m2, "")
	if v, ok := fault.AsValidation(err); !ok || v.Key != "gradebook.locked" {
		t.Fatalf("locked gradebook took a mark: %v", err)
	}
	b, err := w.book.View(ctx, t1, w.course.ID, 0)
	if err != nil || !b.Locked || b.CanEdit || *b.Rows[0].Marks[0] != 8.5 || *b.Rows[0].Average != 8.5 {
		t.Fatalf("book: %+v %v", b, err)
	}
}
