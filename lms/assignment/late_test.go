package assignment_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func TestLateWork(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	s3 := w.addStudent("student3", "HS-LATE-3")
	past, future := time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour)
	overdue := w.create(assignment.Settings{DueAt: &past, LatePolicy: "accept"})
	if _, err := w.as.Create(ctx, w.actor("teacher1"), w.course.ID, assignment.NewAssignment{Title: "Chưa đến hạn", Settings: assignment.Settings{DueAt: &future}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.as.Submit(ctx, w.actor("student1"), overdue.ID, assignment.NewSubmission{Text: "Bài làm muộn"}); err != nil {
		t.Fatal(err)
	}
	late, err := w.as.Late(ctx, w.actor("teacher1"), w.course.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(late) != 1 || late[0].UserID != s3.User.ID || late[0].ItemID != overdue.ID {
		t.Fatalf("Late = %+v; want only student3 on the overdue assignment", late)
	}
	if _, err := w.as.Submit(ctx, s3, overdue.ID, assignment.NewSubmission{Text: "Em nộp muộn"}); err != nil {
		t.Fatal(err)
	}
	if late, err = w.as.Late(ctx, w.actor("teacher1"), w.course.ID); err != nil || len(late) != 0 {
		t.Fatalf("after both handed in: %+v, %v", late, err)
	}
	if _, err := w.as.Late(ctx, w.actor("student1"), w.course.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a student listed late work: %v", err)
	}
	if _, err := w.as.Late(ctx, w.actor("teacher2"), w.course.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("a teacher of another school listed late work: %v", err)
	}
}
