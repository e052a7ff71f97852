package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestUseResourceInCourse: teacher1 adds a published resource to a course from the
// resource's page; the item points at the published version and student1 sees it
// in the outline. teacher2, of another school, sees the resource but cannot add
// it to teacher1's course.
func TestUseResourceInCourse(t *testing.T) {
	ts := newCourseServer(t)
	t1, rev, s1, t2 := ts.login(t, "teacher1"), ts.login(t, "reviewer1"), ts.login(t, "student1"), ts.login(t, "teacher2")
	res := publish(t, t1, rev, map[string]any{"title": "Phiếu học tập hàm số", "type": "worksheet", "subject": "toan",
		"grades": []int{10}, "scope": "public", "licence": "CC BY 4.0"}, true)
	var created struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Toán 10 dùng học liệu", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &created); st != 201 {
		t.Fatalf("create course: %d %s", st, body)
	}
	page := fmt.Sprintf("/resources/%d", res)
	st, html := t1.do("GET", page, nil, nil)
	if st != 200 || !strings.Contains(html, `action="/resources/`+fmt.Sprint(res)+`/use"`) || !strings.Contains(html, "Toán 10 dùng học liệu") {
		t.Fatalf("the resource page offers no course to use it in: %d", st)
	}
	form := url.Values{"course_id": {fmt.Sprint(created.ID)}}.Encode()
	if st, body := t2.do("POST", page+"/use", form, nil); st != 404 {
		t.Fatalf("teacher2 added to teacher1's course: %d %s", st, body)
	}
	if st, body := t1.do("POST", page+"/use", "course_id=abc", nil); st != 400 {
		t.Fatalf("a bad course id: %d %s", st, body)
	}
	st, _ = t1.do("POST", page+"/use", form, nil)
	if st != 303 {
		t.Fatalf("use in course: %d", st)
	}
	var items struct {
		Items []struct {
			Type       string `json:"type"`
			Title      string `json:"title"`
			RefID      int64  `json:"ref_id"`
			RefVersion int    `json:"ref_version"`
		} `json:"items"`
	}
	base := fmt.Sprintf("/api/v1/courses/%d", created.ID)
	if st, body := s1.do("GET", base+"/items", nil, &items); st != 200 || len(items.Items) != 1 {
		t.Fatalf("student1's outline: %d %s", st, body)
	}
	if it := items.Items[0]; it.Type != "resource" || it.RefID != res || it.RefVersion != 1 || it.Title != "Phiếu học tập hàm số" {
		t.Fatalf("item %+v", it)
	}
	if st, html := s1.do("GET", fmt.Sprintf("/courses/%d", created.ID), nil, nil); st != 200 || !strings.Contains(html, "Phiếu học tập hàm số") {
		t.Fatalf("student1's course page lacks the item: %d", st)
	}
	if st, html := s1.do("GET", page, nil, nil); st == 200 && strings.Contains(html, "/use\"") {
		t.Fatal("a student is offered to use the resource in a course")
	}
}
