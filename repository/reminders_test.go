package repository_test

import (
	"context"
	"testing"
)

// TestRemindReviews: the holder of a review due within a day is reminded once a
// day; once it is overdue the panel's chair is told too.
func TestRemindReviews(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	teacher, reviewer, chair := w.as("teacher1"), w.as("reviewer1"), w.as("school.admin")
	r := w.draft("Lượng giác", "toan", "school")
	if _, err := w.repo.Submit(ctx, teacher, r.ID, ""); err != nil {
		t.Fatal(err)
	}
	q, err := w.repo.Queue(ctx, reviewer)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue: %+v %v", q, err)
	}
	if err := w.repo.Claim(ctx, reviewer, q[0].VersionID); err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := w.db.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE subject_panels SET chair_id = $1 WHERE subject = 'toan'`, chair.User.ID)
	kinds := func(a string) map[string]int {
		t.Helper()
		n, err := w.repo.Notifications(ctx, w.as(a), 100)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, x := range n {
			out[x.Kind]++
		}
		return out
	}
	if n, err := w.repo.RemindReviews(ctx); err != nil || n != 0 {
		t.Fatalf("a review due in 7 days was reminded: %d %v", n, err)
	}
	exec(`UPDATE resource_versions SET due_at = now() + interval '2 hours' WHERE id = $1`, q[0].VersionID)
	for run := range 2 {
		n, err := w.repo.RemindReviews(ctx)
		if err != nil || n != 1-run {
			t.Fatalf("run %d reminded %d: %v", run+1, n, err)
		}
	}
	if k := kinds("reviewer1"); k["review.due_soon"] != 1 {
		t.Fatalf("reviewer's notifications: %v", k)
	}
	exec(`UPDATE resource_versions SET due_at = now() - interval '1 hour', reminded_at = now() - interval '25 hours' WHERE id = $1`, q[0].VersionID)
	if n, err := w.repo.RemindReviews(ctx); err != nil || n != 1 {
		t.Fatalf("overdue: %d %v", n, err)
	}
	if k := kinds("reviewer1"); k["review.overdue"] != 1 {
		t.Fatalf("reviewer's notifications: %v", k)
	}
	if k := kinds("school.admin"); k["review.overdue"] != 1 {
		t.Fatalf("chair's notifications: %v", k)
	}
	if k := kinds("teacher1"); k["review.overdue"]+k["review.due_soon"] != 0 {
		t.Fatalf("the author was reminded: %v", k)
	}
}
