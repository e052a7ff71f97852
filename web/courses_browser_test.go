package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCourseLessonOnPhone: teacher1 builds a course for 10A1 with a section and
// a Markdown lesson embedding a published repository video, on a phone; student1 reads
// the lesson on a phone and the course page then shows it done.
func TestBrowserCourseLessonOnPhone(t *testing.T) {
	ts := newCourseServer(t)
	apiTeacher, reviewer := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	video := publishVideo(t, apiTeacher, reviewer, "Video hàm số bậc hai")
	dir := browserShotDir(t)

	teacher := newBrowserTab(t, phoneScreen)
	var courseURL, preview, autosave string
	var status int64
	md := "# Hàm số bậc hai\n\nĐồ thị của $y = ax^2 + bx + c$ là một parabol.\n\n- [x] Đọc bài\n- [ ] Xem video\n\n"
	runBrowserSteps(t, teacher,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open courses", chromedp.Tasks{browserOpen(ts, "/courses", &status), chromedp.WaitVisible(`a[href="/courses/new"]`, chromedp.ByQuery)}},
		browserStep{"new course form", chromedp.Tasks{clickAndLoad(`a[href="/courses/new"]`, &status), chromedp.WaitVisible(`#title`, chromedp.ByQuery)}},
		browserStep{"form fits the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"fill the course", chromedp.Tasks{
			chromedp.SendKeys(`#title`, "Toán 10 — Đại số", chromedp.ByQuery),
			chromedp.SetValue(`#subject`, "toan", chromedp.ByQuery), chromedp.SetValue(`#grade`, "10", chromedp.ByQuery),
			chromedp.Click(`//label[contains(., "10A1")]/input`, chromedp.BySearch),
			clickAndLoad(`#course-form button[type=submit]`, &status), chromedp.WaitVisible(`#add-section`, chromedp.ByQuery),
			chromedp.Location(&courseURL)}},
		browserStep{"add a section", chromedp.Tasks{chromedp.SendKeys(`#section-title`, "Tuần 1: Hàm số", chromedp.ByQuery),
			clickAndLoad(`#add-section button[type=submit]`, &status), chromedp.WaitVisible(`section.section h2`, chromedp.ByQuery)}},
		browserStep{"add a lesson", chromedp.Tasks{chromedp.SetValue(`#item-type`, "lesson", chromedp.ByQuery),
			chromedp.SendKeys(`#item-title`, "Bài 1: Đồ thị hàm số", chromedp.ByQuery),
			clickAndLoad(`#add-item-form button[type=submit]`, &status), chromedp.WaitVisible(`#markdown`, chromedp.ByQuery)}},
		browserStep{"write the lesson", chromedp.Tasks{chromedp.SendKeys(`#markdown`, md, chromedp.ByQuery),
			chromedp.SetValue(`#embed-resource`, fmt.Sprintf("resource:%d@1", video), chromedp.ByQuery),
			chromedp.Click(`#embed-insert`, chromedp.ByQuery),
			chromedp.WaitVisible(`#preview video`, chromedp.ByQuery), chromedp.WaitVisible(`#preview h1`, chromedp.ByQuery),
			chromedp.Poll(`document.getElementById('autosave-state').dataset.state === 'saved'`, nil),
			chromedp.Text(`#preview`, &preview, chromedp.ByQuery), chromedp.Text(`#autosave-state`, &autosave, chromedp.ByQuery)}},
		browserStep{"editor fits the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot editor", saveScreenshot(t, dir, "course-editor.png")},
		browserStep{"publish the lesson", chromedp.Tasks{chromedp.Click(`#published`, chromedp.ByQuery),
			clickAndLoad(`#save-item`, &status), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery)}},
		browserStep{"course page fits the phone", noSidewaysScroll(phoneScreen)},
	)
	if !strings.Contains(preview, "y = ax^2 + bx + c") {
		t.Errorf("preview lost the math text: %q", preview)
	}
	if autosave == "" {
		t.Error("the editor never said it autosaved")
	}

	student := newBrowserTab(t, phoneScreen)
	var progress, mark string
	var preload string
	var videos int
	lesson := `ol.outline li.kind-lesson a`
	runBrowserSteps(t, student,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the course list", chromedp.Tasks{browserOpen(ts, "/courses", &status), chromedp.WaitVisible(`ul.courses a`, chromedp.ByQuery)}},
		browserStep{"open the course", chromedp.Tasks{clickAndLoad(`ul.courses a`, &status), chromedp.WaitVisible(lesson, chromedp.ByQuery),
			chromedp.Text(`ol.outline li.kind-lesson .mark`, &mark, chromedp.ByQuery)}},
		browserStep{"outline fits the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"read the lesson", chromedp.Tasks{clickAndLoad(lesson, &status), chromedp.WaitVisible(`.lesson-body h1`, chromedp.ByQuery),
			chromedp.WaitVisible(`.lesson-body video`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll('.lesson-body video').length`, &videos),
			chromedp.AttributeValue(`.lesson-body video`, "preload", &preload, nil, chromedp.ByQuery)}},
		browserStep{"lesson fits the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot lesson", saveScreenshot(t, dir, "course-lesson-phone.png")},
		browserStep{"back to the course", chromedp.Tasks{browserOpen(ts, strings.TrimPrefix(courseURL, ts.URL), &status),
			chromedp.WaitVisible(`ol.outline li.kind-lesson.done`, chromedp.ByQuery),
			chromedp.Text(`#course-progress`, &progress, chromedp.ByQuery)}},
		browserStep{"screenshot outline", saveScreenshot(t, dir, "course-outline-phone.png")},
	)
	if mark != "○" {
		t.Errorf("before reading the mark is %q, want ○", mark)
	}
	if videos != 1 || preload != "none" {
		t.Errorf("lesson has %d videos with preload %q; want one that loads nothing before play", videos, preload)
	}
	if !strings.Contains(progress, "1/1") {
		t.Errorf("progress %q, want 1/1 done", progress)
	}
	st, page := apiTeacher.do("GET", strings.TrimPrefix(courseURL, ts.URL)+"/dashboard", nil, nil)
	if st != 200 || !strings.Contains(page, "Hoàng Gia Bảo") || !strings.Contains(page, "100%") {
		t.Errorf("dashboard: %d, student1 at 100%% not shown", st)
	}
}
