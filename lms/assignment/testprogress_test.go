package assignment_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
)

// TestSubmittedTestCountsAsCourseProgress: a student who submits a test placed in a
// course has the item submitted in the outline, it counts in their completion, and
// it leaves what is due on their study page.
func TestSubmittedTestCountsAsCourseProgress(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	q, err := jobs.New(w.db, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := assessment.New(w.db, q, nil).WithSubmitObserver(w.courses)
	t1, s1 := w.actor("teacher1"), w.actor("student1")
	it, err := tests.CreateItem(ctx, t1, assessment.NewItem{Type: "short_text", Stem: "Chất khí cây thải ra khi quang hợp?", Subject: "toan",
		Grade: 10, Level: "recognition", Content: assessment.Content{Accepted: []string{"oxy"}}})
	if err != nil {
		t.Fatal(err)
	}
	tt, err := tests.CreateTest(ctx, t1, assessment.NewTest{Title: "Kiểm tra 15 phút", ClassIDs: w.course.ClassIDs, QuestionIDs: []int64{it.ID},
		TimeLimitMinutes: 15, ShowResults: "immediately", AttemptsAllowed: 1, GradingMethod: "highest"})
	if err != nil {
		t.Fatal(err)
	}
	item, err := w.courses.AddItem(ctx, t1, w.course.ID, course.NewItem{Kind: course.KindTest, Title: tt.Title, RefID: &tt.ID})
	if err != nil {
		t.Fatal(err)
	}
	due := func() bool {
		h, err := w.as.Home(ctx, s1, s1.User.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range h.Due {
			if d.ItemID == item.ID && !d.Submitted {
				return true
			}
		}
		return false
	}
	if !due() {
		t.Fatal("the test is not due before the student takes it")
	}
	v, err := tests.Start(ctx, s1, tt.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tests.Autosave(ctx, s1, v.ID, it.ID, json.RawMessage(`"oxy"`), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := tests.Submit(ctx, s1, v.ID); err != nil {
		t.Fatal(err)
	}
	_, sections, err := w.courses.Outline(ctx, s1, w.course.ID)
	if err != nil {
		t.Fatal(err)
	}
	state := ""
	for _, s := range sections {
		for _, i := range s.Items {
			if i.ID == item.ID {
				state = i.State
			}
		}
	}
	if state != course.StateSubmitted {
		t.Fatalf("outline state of the test item: %q, want submitted", state)
	}
	cs, err := w.courses.Completions(ctx, t1, w.course.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.UserID == s1.User.ID && (c.Done != 1 || c.Total != 1) {
			t.Fatalf("completion: %+v, want 1 of 1", c)
		}
	}
	if due() {
		t.Fatal("the submitted test is still due on the study page")
	}
}
