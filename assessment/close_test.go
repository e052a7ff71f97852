package assessment_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
)

// students adds n students to class 10A1 of the first demo school and returns them
// as actors.
func (w *world) students(n int) []*identity.Actor {
	w.t.Helper()
	ctx := context.Background()
	var school int64
	if err := w.db.QueryRow(ctx, `SELECT id FROM organizations WHERE code = $1`, identity.DemoOrgCodes.School1).Scan(&school); err != nil {
		w.t.Fatal(err)
	}
	var out []*identity.Actor
	for i := range n {
		name := fmt.Sprintf("closer%02d", i)
		u, err := w.ids.CreateUser(ctx, identity.SystemActor(), identity.NewUser{PersonID: "HSC" + name, Username: name, Name: "Học sinh " + name,
			OrgID: school, Roles: []identity.Role{identity.RoleStudent}, Password: pw})
		if err != nil {
			w.t.Fatal(err)
		}
		if err := w.ids.AddClassMember(ctx, identity.SystemActor(), w.class("10A1"), u.ID, "student", ""); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, w.as(name))
	}
	return out
}

// TestCloseScoresEveryOpenAttempt: attempts whose deadline is the test's close get no
// job of their own; the test's close job scores them all in batches, with the same
// scores and item analysis as one-by-one submits, and leaves submitted and
// extra-time attempts alone.
func TestCloseScoresEveryOpenAttempt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	a := w.item(t1, choice("2 + 2 = ?", 1, "3", "4", "5"))
	b := w.item(t1, assessment.NewItem{Type: assessment.MultipleResponse, Stem: "Số chẵn?", Content: assessment.Content{Options: []assessment.Option{
		{Text: "2", Correct: true}, {Text: "3"}, {Text: "4", Correct: true}}}})
	closes := time.Now().Add(time.Hour)
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Đóng đề", ClassIDs: []int64{w.class("10A1")},
		QuestionIDs: []int64{a.ID, b.ID}, ClosesAt: &closes, ShowResults: "immediately"})
	if err != nil {
		t.Fatal(err)
	}
	var closeJobs int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'assessment.closetest' AND args->>'test_id' = $1`, fmt.Sprint(test.ID)).Scan(&closeJobs); err != nil || closeJobs != 1 {
		t.Fatalf("close job: %d %v", closeJobs, err)
	}
	people := w.students(6)
	// The last student has extra time: the close does not end that attempt.
	if err := w.svc.SetExtraTime(ctx, t1, test.ID, people[5].User.ID, 10); err != nil {
		t.Fatal(err)
	}
	attempts := make([]*assessment.AttemptView, len(people))
	for i, p := range people {
		v, err := w.svc.Start(ctx, p, test.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		attempts[i] = v
		// Student i answers item a right when i is even, and b half right.
		pick := shownIndex(t, v, a, 1)
		if i%2 == 1 {
			pick = shownIndex(t, v, a, 0)
		}
		if _, err := w.svc.Autosave(ctx, p, v.ID, a.ID, raw(fmt.Sprint(pick)), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Autosave(ctx, p, v.ID, b.ID, raw(fmt.Sprintf("[%d]", shownIndex(t, v, b, 0))), 2); err != nil {
			t.Fatal(err)
		}
	}
	var perAttempt int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'assessment.autosubmit'`).Scan(&perAttempt); err != nil || perAttempt != 1 {
		t.Fatalf("per-attempt auto-submit jobs: %d (want only the extra-time one) %v", perAttempt, err)
	}
	// Student 0 submits before the close.
	if _, err := w.svc.Submit(ctx, people[0], attempts[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := w.svc.ScoreClosed(ctx, test.ID); err != nil || n != 0 {
		t.Fatalf("scoring before the close: %d %v", n, err)
	}
	// Move the clock: the test closed 20 s ago (past the grace); the extra-time
	// attempt's deadline moves with it and is still ahead.
	w.exec(`UPDATE assessment_attempts a SET deadline = a.deadline - (t.closes_at - (now() - interval '20 seconds'))
		FROM assessment_tests t WHERE t.id = a.test_id AND t.id = $1`, test.ID)
	w.exec(`UPDATE assessment_tests SET closes_at = now() - interval '20 seconds' WHERE id = $1`, test.ID)
	n, err := w.svc.ScoreClosed(ctx, test.ID)
	if err != nil || n != 4 {
		t.Fatalf("scored at the close: %d %v (want 4: not the submitted one nor the extra-time one)", n, err)
	}
	atts, err := w.svc.Attempts(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	scores := map[int64]string{}
	for _, x := range atts {
		s := "nil"
		if x.Score != nil {
			s = fmt.Sprint(*x.Score)
		}
		scores[x.UserID] = fmt.Sprintf("%s/%v/%s", x.Status, x.Auto, s)
	}
	for i, p := range people {
		want := "submitted/true/"
		switch {
		case i == 0:
			want = "submitted/false/"
		case i == 5:
			want = "open/false/nil"
		}
		if i != 5 {
			want += fmt.Sprint(map[bool]float64{true: 1.5, false: 0.5}[i%2 == 0])
		}
		if scores[p.User.ID] != want {
			t.Errorf("student %d: %s, want %s", i, scores[p.User.ID], want)
		}
	}
	an, err := w.svc.Analysis(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	if an.Attempts != 5 || len(an.Items) != 2 || an.Items[0].N != 5 || fmt.Sprintf("%.1f", an.Items[0].P) != "0.6" {
		t.Fatalf("analysis after the close: %+v", an)
	}
	if n, err := w.svc.ScoreClosed(ctx, test.ID); err != nil || n != 0 {
		t.Fatalf("scoring again: %d %v", n, err)
	}
}

// TestCloseJobRunsOnTheQueue: the close job, worked by the real River queue, scores
// the attempts that were open when the test closed.
func TestCloseJobRunsOnTheQueue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	it := w.item(t1, choice("3 x 3 = ?", 0, "9", "6"))
	closes := time.Now().Add(time.Hour)
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Hàng đợi", ClassIDs: []int64{w.class("10A1")},
		QuestionIDs: []int64{it.ID}, ClosesAt: &closes})
	if err != nil {
		t.Fatal(err)
	}
	p := w.students(1)[0]
	v, err := w.svc.Start(ctx, p, test.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.save(p, v, it, shownIndex(t, v, it, 0), 1)
	w.exec(`UPDATE assessment_attempts SET deadline = now() - interval '20 seconds' WHERE id = $1`, v.ID)
	w.exec(`UPDATE assessment_tests SET closes_at = now() - interval '20 seconds' WHERE id = $1`, test.ID)
	w.exec(`UPDATE river_job SET scheduled_at = now() WHERE kind = 'assessment.closetest'`)
	workers := river.NewWorkers()
	river.AddWorker(workers, assessment.NewCloseTestWorker(w.svc))
	q, err := jobs.New(w.db, jobs.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(ctx)
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := w.svc.Attempt(ctx, t1, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == "submitted" {
			if got.Score == nil || *got.Score != 1 {
				t.Fatalf("score after the close job: %v", got.Score)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the close job did not score the attempt")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
