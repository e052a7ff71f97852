package assignment_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/course"
)

// TestCopyCourseKeepsAssignmentSettings: a copied course's assignments keep their
// settings (dates cleared, no submissions) and its gradebook keeps the weights.
func TestCopyCourseKeepsAssignmentSettings(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.actor("teacher1"), w.actor("student1")
	due := time.Now().Add(48 * time.Hour)
	rubric := []assignment.Criterion{{Name: "Nội dung", Levels: []assignment.Level{{Name: "Tốt", Points: 6}, {Name: "Đạt", Points: 3}}}}
	src := w.create(assignment.Settings{Instructions: "Viết **500 chữ**.", DueAt: &due, CutoffAt: &due, LatePolicy: assignment.LateRefuse,
		AllowedTypes: []string{"pdf"}, FilesOnly: true, MaxScore: 6, Category: "midterm", Rubric: rubric})
	if _, err := w.as.Submit(ctx, s1, src.ID, assignment.NewSubmission{Files: []assignment.File{w.put("%PDF bài làm")}}); err != nil {
		t.Fatal(err)
	}
	if err := w.book.SetWeights(ctx, t1, w.course.ID, map[string]float64{"midterm": 2.5}); err != nil {
		t.Fatal(err)
	}
	cp, err := w.courses.Copy(ctx, t1, w.course.ID, course.CopyOptions{Title: "Ngữ văn 10 (năm sau)"})
	if err != nil {
		t.Fatal(err)
	}
	_, sections, err := w.courses.Outline(ctx, t1, cp.ID)
	if err != nil {
		t.Fatal(err)
	}
	var itemID int64
	for _, s := range sections {
		for _, it := range s.Items {
			if it.Kind == course.KindAssignment {
				itemID = it.ID
			}
		}
	}
	if itemID == 0 || itemID == src.ID {
		t.Fatalf("copied assignment item: %d (source %d)", itemID, src.ID)
	}
	got, err := w.as.Get(ctx, t1, itemID)
	if err != nil {
		t.Fatal(err)
	}
	st := got.Settings
	if st.Instructions != src.Instructions || st.LatePolicy != assignment.LateRefuse || !st.FilesOnly || st.MaxScore != 6 ||
		st.Category != "midterm" || !slices.Equal(st.AllowedTypes, []string{"pdf"}) || len(st.Rubric) != 1 || st.Rubric[0].Levels[0].Points != 6 {
		t.Fatalf("copied settings: %+v, want those of %+v", st, src.Settings)
	}
	if st.DueAt != nil || st.CutoffAt != nil {
		t.Fatalf("copied dates: due %v cutoff %v, want cleared like item dates", st.DueAt, st.CutoffAt)
	}
	subs, err := w.as.Submissions(ctx, t1, itemID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if s.ID != 0 {
			t.Fatalf("copy has submissions: %+v", subs)
		}
	}
	book, err := w.book.View(ctx, t1, cp.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(book.Columns) != 1 || book.Columns[0].Category != "midterm" || book.Columns[0].MaxScore != 6 {
		t.Fatalf("copied gradebook columns: %+v", book.Columns)
	}
	weights := map[string]float64{}
	for _, c := range book.Categories {
		weights[c.Code] = c.Weight
	}
	if weights["regular"] != 1 || weights["midterm"] != 2.5 || weights["final"] != 3 || len(book.Rows) != 0 {
		t.Fatalf("copied gradebook: weights %v, rows %+v", weights, book.Rows)
	}
	// The source keeps its own work.
	if subs, err := w.as.Submissions(ctx, t1, src.ID); err != nil || !slices.ContainsFunc(subs, func(s assignment.Submission) bool { return s.ID != 0 }) {
		t.Fatalf("source submissions: %+v %v", subs, err)
	}
}
