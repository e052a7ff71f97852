package gradebook_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
)

// TestTestScoresFlowIn: a test of the assessment part placed in the course fills its
// gradebook column with each student's score by the test's grading policy (on the
// 0-10 scale), as a system change in the audit, and counts in the average.
func TestTestScoresFlowIn(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	q, err := jobs.New(w.db, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := assessment.New(w.db, q, nil)
	book := gradebook.New(w.db, w.courses, tests, nil)
	t1, s1 := w.actor("teacher1"), w.actor("student1")
	var items []int64
	for _, stem := range []string{"Quá trình cây xanh tạo chất hữu cơ từ ánh sáng?", "Chất khí cây thải ra khi quang hợp?"} {
		it, err := tests.CreateItem(ctx, t1, assessment.NewItem{Type: "short_text", Stem: stem, Subject: "toan", Grade: 10, Level: "recognition",
			Content: assessment.Content{Accepted: []string{"quang hợp", "oxy"}}})
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it.ID)
	}
	tt, err := tests.CreateTest(ctx, t1, assessment.NewTest{Title: "Kiểm tra 15 phút", ClassIDs: w.course.ClassIDs, QuestionIDs: items,
		TimeLimitMinutes: 15, ShowResults: "immediately", AttemptsAllowed: 2, GradingMethod: "highest"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.courses.AddItem(ctx, t1, w.course.ID, course.NewItem{Kind: course.KindTest, Title: tt.Title, RefID: &tt.ID}); err != nil {
		t.Fatal(err)
	}
	// Two attempts: one answer right, then both; "highest" keeps 2 of 2.
	for _, answers := range [][]string{{`"quang hợp"`, `"nitơ"`}, {`"quang hợp"`, `"oxy"`}} {
		v, err := tests.Start(ctx, s1, tt.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range items {
			if _, err := tests.Autosave(ctx, s1, v.ID, id, json.RawMessage(answers[i]), 1); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tests.Submit(ctx, s1, v.ID); err != nil {
			t.Fatal(err)
		}
	}
	b, err := book.View(ctx, t1, w.course.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Columns) != 1 || b.Columns[0].Source != gradebook.SourceTest {
		t.Fatalf("columns: %+v", b.Columns)
	}
	if m := b.Rows[0].Marks[0]; m == nil || *m != 10 || *b.Rows[0].Average != 10 {
		t.Fatalf("row: %+v", b.Rows[0])
	}
	// Viewing again changes nothing: the audit holds one system entry.
	if _, err := book.View(ctx, t1, w.course.ID, 0); err != nil {
		t.Fatal(err)
	}
	audit, err := book.Audit(ctx, t1, w.course.ID, 10)
	if err != nil || len(audit) != 1 || audit[0].By != "" || *audit[0].New != 10 {
		t.Fatalf("audit: %+v %v", audit, err)
	}
}
