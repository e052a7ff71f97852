package assessment_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

func ptr(f float64) *float64 { return &f }

// TestRegradeAfterKeyFix: the key of a question was wrong; after the teacher saves a
// fixed version, the regrade moves the test to it, rescores every finished answer,
// the totals and the analysis, and writes one audit line per changed score.
func TestRegradeAfterKeyFix(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	wrong := choice("Thủ đô của Pháp?", 0, "Lyon", "Paris", "Nice") // the key says Lyon
	it := w.item(t1, wrong)
	other := w.item(t1, choice("1 + 1 = ?", 1, "1", "2"))
	closes := time.Now().Add(time.Hour)
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Sửa đáp án", ClassIDs: []int64{w.class("10A1")},
		QuestionIDs: []int64{it.ID, other.ID}, ClosesAt: &closes, ShowResults: "immediately"})
	if err != nil {
		t.Fatal(err)
	}
	people := w.students(3)
	for i, p := range people {
		v, err := w.svc.Start(ctx, p, test.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		// Students 0 and 1 answer Paris (right, but marked wrong), student 2 Lyon.
		pick := map[bool]int{true: 1, false: 0}[i < 2]
		w.save(p, v, it, shownIndex(t, v, it, pick), 1)
		w.save(p, v, other, shownIndex(t, v, other, 1), 2)
		if i < 2 {
			if _, err := w.svc.Submit(ctx, p, v.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := w.svc.Regrade(ctx, t1, test.ID, it.ID, "Sửa đáp án câu 1"); !isValidation(err, "regrade.open") {
		t.Fatalf("regrade with an attempt in progress: %v", err)
	}
	open, _ := w.svc.Start(ctx, people[2], test.ID, "")
	if _, err := w.svc.Submit(ctx, people[2], open.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Regrade(ctx, t1, test.ID, it.ID, "Sửa đáp án"); !isValidation(err, "regrade.same") {
		t.Fatalf("regrade without a new version: %v", err)
	}
	shape := choice("Thủ đô của Pháp?", 1, "Lyon", "Paris")
	if _, err := w.svc.ReviseItem(ctx, t1, it.ID, shape); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Regrade(ctx, t1, test.ID, it.ID, "Sửa đáp án"); !isValidation(err, "regrade.shape") {
		t.Fatalf("regrade to a version with fewer options: %v", err)
	}
	if _, err := w.svc.ReviseItem(ctx, t1, it.ID, choice("Thủ đô của Pháp?", 1, "Lyon", "Paris", "Nice")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Regrade(ctx, w.as("teacher2"), test.ID, it.ID, "x"); err == nil {
		t.Fatal("a teacher of another school regraded the test")
	}
	rep, err := w.svc.Regrade(ctx, t1, test.ID, it.ID, "Sửa đáp án câu 1")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Answers != 3 || rep.Changed != 3 {
		t.Fatalf("regrade report %+v (want 3 answers, all changed)", rep)
	}
	res, err := w.svc.Results(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]float64{}
	for _, r := range res {
		if r.Score != nil {
			got[r.UserID] = *r.Score
		}
	}
	for i, p := range people {
		if want := map[bool]float64{true: 2, false: 1}[i < 2]; got[p.User.ID] != want {
			t.Errorf("student %d after the regrade: %v, want %v", i, got[p.User.ID], want)
		}
	}
	changes, err := w.svc.ScoreChanges(ctx, t1, test.ID)
	if err != nil || len(changes) != 3 {
		t.Fatalf("audit: %d lines %v", len(changes), err)
	}
	for _, c := range changes {
		if c.Kind != "regrade" || c.Reason != "Sửa đáp án câu 1" || c.By != "Nguyễn Văn Bình" || c.Old == nil || c.New == nil || *c.Old == *c.New {
			t.Errorf("audit line %+v", c)
		}
	}
	an, err := w.svc.Analysis(ctx, t1, test.ID)
	if err != nil || an.Attempts != 3 || fmt.Sprintf("%.2f", an.Items[0].P) != "0.67" {
		t.Fatalf("analysis after the regrade: %+v %v", an, err)
	}
}

func (w *world) save(p *identity.Actor, v *assessment.AttemptView, it *assessment.Item, shown int, seq int64) {
	w.t.Helper()
	if _, err := w.svc.Autosave(context.Background(), p, v.ID, it.ID, raw(fmt.Sprint(shown)), seq); err != nil {
		w.t.Fatal(err)
	}
}

// TestBulkOverridesAndBlindGrading: a teacher overrides several results at once with a
// reason (all or nothing), the results show the override and the computed score, the
// audit keeps old and new; removing one restores the computed score. Blind grading
// hides the students' names.
func TestBulkOverridesAndBlindGrading(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	q := w.item(t1, choice("2 x 3 = ?", 0, "6", "5"))
	essay := w.item(t1, assessment.NewItem{Type: assessment.Essay, Stem: "Trình bày cách giải."})
	test := w.test(t1, "Sửa điểm", q.ID, essay.ID)
	people := w.students(2)
	for _, p := range people {
		v, err := w.svc.Start(ctx, p, test.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		w.save(p, v, q, shownIndex(t, v, q, 0), 1)
		if _, err := w.svc.Autosave(ctx, p, v.ID, essay.ID, raw(`"Nhân 2 với 3."`), 2); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(ctx, p, v.ID); err != nil {
			t.Fatal(err)
		}
	}
	queue, err := w.svc.GradingQueue(ctx, t1, test.ID, true)
	if err != nil || len(queue) != 2 {
		t.Fatalf("blind queue: %d %v", len(queue), err)
	}
	for _, u := range queue {
		if u.Student != "" {
			t.Fatalf("blind grading shows the name %q", u.Student)
		}
		if err := w.svc.GradeAnswer(ctx, t1, u.AttemptID, u.ItemID, 0.5, "Thiếu bước"); err != nil {
			t.Fatal(err)
		}
	}
	// Graded again: the change is in the audit.
	if err := w.svc.GradeAnswer(ctx, t1, queue[0].AttemptID, queue[0].ItemID, 1, "Chấm lại"); err != nil {
		t.Fatal(err)
	}
	a, b := people[0].User.ID, people[1].User.ID
	for _, tc := range []struct {
		name string
		list []assessment.Override
		key  string
	}{
		{"no reason", []assessment.Override{{UserID: a, Score: ptr(1)}}, "override.reason"},
		{"over the maximum", []assessment.Override{{UserID: a, Score: ptr(1), Reason: "ok"}, {UserID: b, Score: ptr(9), Reason: "x"}}, "override.range"},
		{"not a student of the test", []assessment.Override{{UserID: a, Score: ptr(1), Reason: "ok"}, {UserID: w.as("student2").User.ID, Score: ptr(1), Reason: "x"}}, "override.not_student"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := w.svc.OverrideScores(ctx, t1, test.ID, tc.list); !isValidation(err, tc.key) {
				t.Fatalf("want %s, got %v", tc.key, err)
			}
		})
	}
	if err := w.svc.OverrideScores(ctx, w.as("teacher2"), test.ID, []assessment.Override{{UserID: a, Score: ptr(2), Reason: "x"}}); err == nil {
		t.Fatal("a teacher of another school overrode a result")
	}
	if err := w.svc.OverrideScores(ctx, t1, test.ID, []assessment.Override{{UserID: a, Score: ptr(2), Reason: "Phúc khảo"}, {UserID: b, Score: ptr(0), Reason: "Phúc khảo"}}); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Results(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	// One essay was graded 1 and the other 0.5 (blind order): computed 2 and 1.5.
	computed := map[int64]float64{}
	for _, r := range res {
		if r.UserID == a || r.UserID == b {
			if !r.Overridden || r.Computed == nil || *r.Score != map[bool]float64{true: 2, false: 0}[r.UserID == a] {
				t.Fatalf("results with overrides: %+v", r)
			}
			computed[r.UserID] = *r.Computed
		}
	}
	if computed[a]+computed[b] != 3.5 {
		t.Fatalf("computed scores under the overrides: %v", computed)
	}
	if err := w.svc.OverrideScores(ctx, t1, test.ID, []assessment.Override{{UserID: b, Reason: "Nhầm"}}); err != nil {
		t.Fatal(err)
	}
	res, _ = w.svc.Results(ctx, t1, test.ID)
	for _, r := range res {
		if r.UserID == b && (r.Overridden || *r.Score != computed[b]) {
			t.Fatalf("after removing the override: %+v", r)
		}
	}
	changes, err := w.svc.ScoreChanges(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, c.Kind)
	}
	if fmt.Sprint(kinds) != "[override_removed override override grade]" {
		t.Fatalf("audit kinds %v", kinds)
	}
	if c := changes[0]; c.Old == nil || *c.Old != 0 || c.New != nil || c.Reason != "Nhầm" {
		t.Fatalf("removal line %+v", c)
	}
}
