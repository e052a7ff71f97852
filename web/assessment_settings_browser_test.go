package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccessCodeSequential: teacher1 sets, in the page form, a sequential test
// with an access code; student1 on a 360 px phone is refused with a wrong code,
// starts with the right one, finds no way back to the first question (neither a
// button nor the address), and teacher1 sees the code on the test page.
func TestBrowserAccessCodeSequential(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	api := ts.login(t, "teacher1")
	for i := range 2 {
		body := fmt.Sprintf(`{"type":"single_choice","stem":"Câu tuần tự số %d?","options":[{"text":"Đúng","correct":true},{"text":"Sai"}],"subject":"toan","grade":10,"level":"recognition"}`, i+1)
		if st, resp := api.do("POST", "/api/v1/questions", []byte(body), nil); st != http.StatusCreated {
			t.Fatalf("question: %d %s", st, resp)
		}
	}
	teacher := newBrowserTab(t, desktopScreen)
	var status int64
	var testURL, code string
	runBrowserSteps(t, teacher,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the test form", chromedp.Tasks{browserOpen(ts, "/tests/new", &status), chromedp.WaitVisible(`#access_code`, chromedp.ByQuery)}},
		browserStep{"fill it", chromedp.Tasks{
			chromedp.SendKeys(`#title`, "Kiểm tra có mã", chromedp.ByQuery),
			chromedp.SetValue(`#time_limit_minutes`, "15", chromedp.ByQuery),
			chromedp.SendKeys(`#access_code`, "lop10a1", chromedp.ByQuery),
			chromedp.SetValue(`#navigation`, "sequential", chromedp.ByQuery),
			chromedp.Evaluate(`(() => {
				[...document.querySelectorAll("label.check")].find(l => l.textContent.includes("10A1")).querySelector("input").click();
				document.querySelectorAll("input[name=question_id]").forEach(i => i.click());
				return true })()`, nil),
		}},
		browserStep{"create it", chromedp.Tasks{clickAndLoad(`#test-form button[type=submit]`, &status), chromedp.WaitVisible(`#access-code`, chromedp.ByQuery),
			chromedp.Location(&testURL), chromedp.Text(`#access-code`, &code, chromedp.ByQuery)}},
	)
	if code != "lop10a1" {
		t.Fatalf("the teacher sees the code %q", code)
	}
	student := newBrowserTab(t, phoneScreen)
	var refused, first, afterNext, afterBack string
	var prevButtons int
	runBrowserSteps(t, student,
		browserStep{"log in as student1", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the test", chromedp.Tasks{chromedp.Navigate(testURL), chromedp.WaitVisible(`#access_code`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-access-code.png")},
		browserStep{"a wrong code", chromedp.Tasks{chromedp.SendKeys(`#access_code`, "sai", chromedp.ByQuery), clickAndLoad(`#start`, &status),
			chromedp.Text(`main`, &refused, chromedp.ByQuery)}},
		browserStep{"the right code", chromedp.Tasks{chromedp.Navigate(testURL), chromedp.WaitVisible(`#access_code`, chromedp.ByQuery),
			chromedp.SendKeys(`#access_code`, "lop10a1", chromedp.ByQuery), clickAndLoad(`#start`, &status), chromedp.WaitVisible(`#attempt-form`, chromedp.ByQuery),
			chromedp.Text(`fieldset.item .stem`, &first, chromedp.ByQuery)}},
		browserStep{"answer and go on", chromedp.Tasks{chromedp.Click(`fieldset.item label.choice`, chromedp.ByQuery),
			clickAndLoad(`button[name=goto]`, &status), chromedp.WaitVisible(`#attempt-form`, chromedp.ByQuery),
			chromedp.Text(`fieldset.item .stem`, &afterNext, chromedp.ByQuery),
			chromedp.Evaluate(`[...document.querySelectorAll("button[name=goto]")].filter(b => b.value === "0").length`, &prevButtons)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"try the first question's address", chromedp.Tasks{chromedp.Evaluate(`location.search = "?p=0"`, nil),
			chromedp.WaitVisible(`#attempt-form`, chromedp.ByQuery), chromedp.Text(`fieldset.item .stem`, &afterBack, chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-sequential.png")},
	)
	if status != http.StatusOK || !strings.Contains(refused, "Mã vào bài chưa đúng") {
		t.Fatalf("wrong code page: %q", refused)
	}
	if first == afterNext || prevButtons != 0 || afterBack != afterNext {
		t.Fatalf("sequential: first %q, next %q, back %q, prev buttons %d", first, afterNext, afterBack, prevButtons)
	}
}
