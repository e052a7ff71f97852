package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/web"
)

// newGradeServer is the test server with courses, assignments and the gradebook on.
func newGradeServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, func(cfg *web.Config, _ string) {
		courses := course.New(cfg.Sessions, nil).WithResources(cfg.Resources.(*repository.Service))
		cfg.Courses = courses
		cfg.Assignments = assignment.New(cfg.Sessions, courses, cfg.Blobs.(*blob.Store), nil)
		cfg.Assessment.(*assessment.Service).WithSubmitObserver(courses)
		book := gradebook.New(cfg.Sessions, courses, cfg.Assessment.(*assessment.Service), nil)
		cfg.Gradebook = book
		courses.WithItemCopier(cfg.Assignments.(*assignment.Service)).WithItemCopier(book)
	})
}

// workForm builds a form with fields and one file per name=content in files.
func workForm(t *testing.T, fields map[string]string, fileField string, files map[string]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile(fileField, name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
	}
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func TestAssignmentsAndGradebookAPI(t *testing.T) {
	ts := newGradeServer(t)
	t1, s1 := ts.login(t, "teacher1"), ts.login(t, "student1")
	s2, t2 := ts.login(t, "student2"), ts.login(t, "teacher2")
	var c struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Văn 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &c); st != 201 {
		t.Fatalf("course: %d %s", st, body)
	}
	due := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	var as struct{ ID int64 }
	if st, body := t1.do("POST", fmt.Sprintf("/api/v1/courses/%d/assignments", c.ID), map[string]any{
		"title": "Bài luận", "instructions": "Viết *ngắn*.", "due_at": due, "allowed_types": []string{"pdf", "txt"}, "max_score": 10}, &as); st != 201 {
		t.Fatalf("assignment: %d %s", st, body)
	}
	subs := fmt.Sprintf("/api/v1/assignments/%d/submissions", as.ID)
	body, ctype := workForm(t, map[string]string{"text": "Bài của em", "idempotency_key": "abc"}, "file", map[string]string{"bai.txt": "Nội dung bài luận."})
	var sub assignment.Submission
	if st, raw := s1.do("POST", subs, body, &sub, "Content-Type", ctype); st != 201 || len(sub.Files) != 1 {
		t.Fatalf("submit: %d %s", st, raw)
	}
	// The same request again (a retry after a lost answer) finds the same version.
	var again assignment.Submission
	if st, raw := s1.do("POST", subs, body, &again, "Content-Type", ctype); st != 200 || again.ID != sub.ID {
		t.Fatalf("retry: %d %s", st, raw)
	}
	bad, badType := workForm(t, nil, "file", map[string]string{"virus.exe": "MZ"})
	if st, raw := s1.do("POST", subs, bad, nil, "Content-Type", badType); st != 400 || !strings.Contains(raw, "virus.exe") {
		t.Fatalf("bad type: %d %s", st, raw)
	}
	var list struct{ Submissions []assignment.Submission }
	if st, raw := t1.do("GET", subs, nil, &list); st != 200 || len(list.Submissions) != 1 {
		t.Fatalf("list: %d %s", st, raw)
	}
	if st, _ := s1.do("GET", subs, nil, nil); st != 403 {
		t.Fatalf("student lists submissions: %d", st)
	}
	// School B sees nothing of school A's work, over every route.
	for _, x := range []struct {
		c            *client
		method, path string
	}{
		{s2, "GET", subs}, {t2, "GET", subs}, {s2, "POST", subs}, {t2, "GET", fmt.Sprintf("/api/v1/submissions/%d", sub.ID)},
		{t2, "GET", fmt.Sprintf("/submissions/%d/files/%s", sub.ID, sub.Files[0].SHA256)},
		{t2, "GET", fmt.Sprintf("/api/v1/courses/%d/gradebook", c.ID)}, {s2, "GET", fmt.Sprintf("/api/v1/courses/%d/gradebook?format=xlsx", c.ID)},
		{t2, "POST", fmt.Sprintf("/api/v1/submissions/%d/grade", sub.ID)},
	} {
		var in any
		if x.method == "POST" {
			in = map[string]any{"text": "x"}
			if strings.HasSuffix(x.path, "/grade") {
				in = map[string]any{"score": 1}
			}
		}
		if st, raw := x.c.do(x.method, x.path, in, nil); st != 404 {
			t.Errorf("%s %s by another school: %d %s", x.method, x.path, st, raw)
		}
	}
	if st, raw := s1.do("GET", fmt.Sprintf("/submissions/%d/files/%s", sub.ID, sub.Files[0].SHA256), nil, nil); st != 200 || raw != "Nội dung bài luận." {
		t.Fatalf("own file: %d %q", st, raw)
	}
	var graded assignment.Submission
	if st, raw := t1.do("POST", fmt.Sprintf("/api/v1/submissions/%d/grade", sub.ID), map[string]any{"score": 8.5, "feedback": "Khá"}, &graded); st != 200 || graded.Grade.Score != 8.5 {
		t.Fatalf("grade: %d %s", st, raw)
	}
	var book gradebook.Book
	if st, raw := t1.do("GET", fmt.Sprintf("/api/v1/courses/%d/gradebook", c.ID), nil, &book); st != 200 || len(book.Columns) != 1 || *book.Rows[0].Marks[0] != 8.5 {
		t.Fatalf("gradebook: %d %s", st, raw)
	}
	st, csv := t1.do("GET", fmt.Sprintf("/api/v1/courses/%d/gradebook?format=csv", c.ID), nil, nil)
	if st != 200 || !strings.Contains(csv, "Hoàng Gia Bảo,8.5,8.5") {
		t.Fatalf("csv: %d %q", st, csv)
	}
	st, xlsx := t1.do("GET", fmt.Sprintf("/api/v1/courses/%d/gradebook?format=xlsx", c.ID), nil, nil)
	f, err := excelize.OpenReader(strings.NewReader(xlsx))
	if st != 200 || err != nil {
		t.Fatalf("xlsx: %d %v", st, err)
	}
	rows, _ := f.GetRows("Sheet1")
	if len(rows) != 2 || rows[1][2] != "8.5" {
		t.Fatalf("xlsx rows: %q", rows)
	}
	var home assignment.Home
	if st, raw := s1.do("GET", "/api/v1/home", nil, &home); st != 200 || len(home.Grades) != 1 || home.Grades[0].Feedback != "Khá" {
		t.Fatalf("home: %d %s", st, raw)
	}
	if st, raw := t1.do("PUT", fmt.Sprintf("/api/v1/courses/%d/gradebook/marks", c.ID), map[string]any{"item_id": book.Columns[0].ID, "user_id": book.Rows[0].UserID, "mark": 10.55}, nil); st != 400 {
		t.Fatalf("bad mark: %d %s", st, raw)
	}
	if st, raw := t1.do("POST", fmt.Sprintf("/api/v1/courses/%d/gradebook/close", c.ID), map[string]any{}, nil); st != 200 {
		t.Fatalf("close: %d %s", st, raw)
	}
	if st, raw := t1.do("POST", fmt.Sprintf("/api/v1/submissions/%d/grade", sub.ID), map[string]any{"score": 2}, nil); st != 400 || !strings.Contains(raw, `"field":"gradebook"`) {
		t.Fatalf("grade after close: %d %s", st, raw)
	}
}
