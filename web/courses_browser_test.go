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
			chromedp.Poll(`document.querySelector('#preview .math annotation') !== null`, nil),
			chromedp.Evaluate(`document.querySelector('#preview .math annotation').textContent`, &preview),
			chromedp.Text(`#autosave-state`, &autosave, chromedp.ByQuery)}},
		browserStep{"editor fits the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot editor", saveScreenshot(t, dir, "course-editor.png")},
		browserStep{"publish the lesson", chromedp.Tasks{chromedp.Click(`#published`, chromedp.ByQuery),
			clickAndLoad(`#save-item`, &status), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery)}},
		browserStep{"course page fits the phone", noSidewaysScroll(phoneScreen)},
	)
	if preview != "y = ax^2 + bx + c" {
		t.Errorf("preview math is %q, want the TeX y = ax^2 + bx + c drawn as MathML", preview)
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
			chromedp.Poll(`document.querySelector('.lesson-body .math math') !== null`, nil),
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

// TestBrowserCourseSharingOnPhone: on a phone, teacher1 adds a co-teacher, shares the
// course as a city template and copies it to next year; the lesson editor restores an
// autosaved draft; teacher2 of another school creates a course from the template.
func TestBrowserCourseSharingOnPhone(t *testing.T) {
	ts := newCourseServer(t)
	api := ts.login(t, "teacher1")
	var created struct{ ID int64 }
	if st, body := api.do("POST", "/api/v1/courses", map[string]any{"title": "Vật lý 10 mẫu", "subject": "vat-ly", "grade": 10,
		"class_ids": []int64{classID(t, api, "10A1")}}, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	var item struct{ ID int64 }
	if st, body := api.do("POST", fmt.Sprintf("/api/v1/courses/%d/items", created.ID), map[string]any{"type": "lesson", "title": "Chuyển động thẳng", "markdown": "# Bài 1"}, &item); st != 201 {
		t.Fatalf("item: %d %s", st, body)
	}
	coursePath := fmt.Sprintf("/courses/%d", created.ID)
	teacher := newBrowserTab(t, phoneScreen)
	var status int64
	var teachers, copied, restored, draft, english string
	runBrowserSteps(t, teacher,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the course", chromedp.Tasks{browserOpen(ts, coursePath, &status), chromedp.WaitVisible(`#co-teacher`, chromedp.ByQuery)}},
		browserStep{"teacher tools fit the phone", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot teacher course page", saveScreenshot(t, browserShotDir(t), "course-teacher-phone.png")},
		browserStep{"add a co-teacher", chromedp.Tasks{chromedp.SendKeys(`#co-teacher`, "reviewer1", chromedp.ByQuery),
			clickAndLoad(`#people form[action$="/teachers"] button`, &status), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery),
			chromedp.Text(`#people ul.list`, &teachers, chromedp.ByQuery)}},
		browserStep{"share as a city template", chromedp.Tasks{chromedp.SetValue(`#template-scope`, "city", chromedp.ByQuery),
			clickAndLoad(`form[action$="/template"] button`, &status), chromedp.WaitVisible(`p.flash`, chromedp.ByQuery)}},
		browserStep{"copy to next year", chromedp.Tasks{chromedp.SetValue(`#copy-year`, "2027-2028", chromedp.ByQuery),
			clickAndLoad(`form[action$="/copy"] button`, &status), chromedp.WaitVisible(`ol.outline li.kind-lesson`, chromedp.ByQuery),
			chromedp.Text(`main`, &copied, chromedp.ByQuery)}},
		browserStep{"write a draft", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("%s/items/%d/edit", coursePath, item.ID), &status),
			chromedp.WaitVisible(`#markdown`, chromedp.ByQuery), chromedp.SendKeys(`#markdown`, "\nNháp chưa lưu", chromedp.ByQuery),
			chromedp.Poll(`document.getElementById('autosave-state').dataset.state === 'saved'`, nil)}},
		browserStep{"reload the editor", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("%s/items/%d/edit", coursePath, item.ID), &status),
			chromedp.WaitVisible(`#draft-restored`, chromedp.ByQuery), chromedp.Text(`#draft-restored`, &restored, chromedp.ByQuery),
			chromedp.Value(`#markdown`, &draft, chromedp.ByQuery)}},
		browserStep{"dashboard fits the phone", chromedp.Tasks{browserOpen(ts, coursePath+"/dashboard", &status),
			chromedp.WaitVisible(`#completions`, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
		browserStep{"in English", chromedp.Tasks{browserOpen(ts, "/lang/en?next="+coursePath, &status),
			chromedp.WaitVisible(`#add-item h2`, chromedp.ByQuery), chromedp.Text(`#add-item h2`, &english, chromedp.ByQuery)}},
	)
	if english != "Add an item" {
		t.Errorf("English heading %q", english)
	}
	if !strings.Contains(teachers, "Bùi Quốc Khánh") {
		t.Errorf("co-teacher missing: %q", teachers)
	}
	if !strings.Contains(copied, "2027-2028") || !strings.Contains(copied, "Chuyển động thẳng") {
		t.Errorf("the copy: %q", copied)
	}
	if restored == "" || !strings.Contains(draft, "Nháp chưa lưu") {
		t.Errorf("draft not restored: %q %q", restored, draft)
	}

	other := newBrowserTab(t, phoneScreen)
	var title string
	runBrowserSteps(t, other,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "teacher2", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"school A's lesson is not found", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/courses/%d/items/%d", created.ID, item.ID), &status)}},
	)
	if status != 404 {
		t.Errorf("teacher2 opened school A's lesson: status %d, want 404", status)
	}
	runBrowserSteps(t, other,
		browserStep{"the template redirects to the create page", chromedp.Tasks{browserOpen(ts, coursePath, &status),
			chromedp.WaitVisible(`#templates`, chromedp.ByQuery)}},
		browserStep{"create from the template", chromedp.Tasks{clickAndLoad(`#templates form button`, &status),
			chromedp.WaitVisible(`ol.outline li.kind-lesson`, chromedp.ByQuery), chromedp.Text(`h1`, &title, chromedp.ByQuery)}},
		browserStep{"fits the phone", noSidewaysScroll(phoneScreen)},
	)
	if title != "Vật lý 10 mẫu" {
		t.Errorf("course from template titled %q", title)
	}
}
