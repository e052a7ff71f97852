package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestCourseDashboardLateAndAverages: the teacher's dashboard names who has not handed
// in an overdue assignment and shows each gradebook item's average mark.
func TestCourseDashboardLateAndAverages(t *testing.T) {
	ts := newGradeServer(t)
	t1, s1 := ts.login(t, "teacher1"), ts.login(t, "student1")
	var c struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Văn 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &c); st != 201 {
		t.Fatalf("course: %d %s", st, body)
	}
	past := time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339)
	var as struct{ ID int64 }
	if st, body := t1.do("POST", fmt.Sprintf("/api/v1/courses/%d/assignments", c.ID), map[string]any{
		"title": "Bài luận quá hạn", "due_at": past, "late_policy": "accept", "max_score": 10}, &as); st != 201 {
		t.Fatalf("assignment: %d %s", st, body)
	}
	dash := fmt.Sprintf("/courses/%d/dashboard", c.ID)
	st, page := t1.do("GET", dash, nil, nil)
	if st != 200 || !strings.Contains(page, `id="late"`) || !strings.Contains(page, "Bài luận quá hạn") {
		t.Fatalf("dashboard before hand-in: %d, late list missing", st)
	}
	body, ctype := workForm(t, map[string]string{"text": "Em nộp muộn"}, "file", nil)
	if st, raw := s1.do("POST", fmt.Sprintf("/api/v1/assignments/%d/submissions", as.ID), body, nil, "Content-Type", ctype); st != 201 {
		t.Fatalf("late submit: %d %s", st, raw)
	}
	if st, page = t1.do("GET", dash, nil, nil); st != 200 || strings.Contains(page, `id="late"`) {
		t.Fatalf("dashboard after hand-in: %d, still lists late work", st)
	}
	if !strings.Contains(page, `id="item-averages"`) || !strings.Contains(page, "Bài luận quá hạn") {
		t.Fatalf("dashboard has no average per item")
	}
}
