package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserUseResourceInCourse: on a phone, teacher1 opens a published worksheet
// and adds it to a course of theirs; student1 finds it in the course outline.
func TestBrowserUseResourceInCourse(t *testing.T) {
	ts := newCourseServer(t)
	rid := publishedResource(t, ts, "Phiếu ôn tập hàm số")
	t1 := ts.login(t, "teacher1")
	var created struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Toán 10 — Ôn tập", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &created); st != 201 {
		t.Fatalf("create course: %d %s", st, body)
	}
	teacher := newBrowserTab(t, phoneScreen)
	var flash, outline string
	var status int64
	runBrowserSteps(t, teacher,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the worksheet", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/resources/%d", rid), &status),
			chromedp.WaitVisible(`#use-in-course`, chromedp.ByQuery)}},
		browserStep{"the page fits the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"use it in the course", chromedp.Tasks{chromedp.SetValue(`#use-course`, fmt.Sprint(created.ID), chromedp.ByQuery),
			clickAndLoad(`#use-in-course button[type=submit]`, &status), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery),
			chromedp.Text(`p.flash`, &flash, chromedp.ByQuery), chromedp.Text(`ol.outline`, &outline, chromedp.ByQuery)}},
	)
	if !strings.Contains(flash, "Đã thêm học liệu vào khoá học") || !strings.Contains(outline, "Phiếu ôn tập hàm số") {
		t.Fatalf("after adding: flash %q, outline %q", flash, outline)
	}
	student := newBrowserTab(t, phoneScreen)
	var seen string
	runBrowserSteps(t, student,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the course", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/courses/%d", created.ID), &status),
			chromedp.WaitVisible(`ol.outline li.kind-resource`, chromedp.ByQuery), chromedp.Text(`ol.outline`, &seen, chromedp.ByQuery)}},
	)
	if !strings.Contains(seen, "Phiếu ôn tập hàm số") {
		t.Fatalf("student1's outline: %q", seen)
	}
}
