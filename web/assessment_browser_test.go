package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTakeTest: teacher1 writes a single-choice and a four-statement
// true/false question and sets a test for 10A1 in the page forms; student1 takes it on
// a 360 px phone, answers (autosaved), reloads mid-test and finds the answers still
// there, submits and sees the score; teacher1 sees the score in the results.
func TestBrowserTakeTest(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	teacher := newBrowserTab(t, desktopScreen)
	var status int64
	var flash, testURL string
	runBrowserSteps(t, teacher,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the single-choice form", chromedp.Tasks{browserOpen(ts, "/questions/new?type=single_choice", &status), chromedp.WaitVisible(`#stem`, chromedp.ByQuery)}},
		browserStep{"write the question", chromedp.Tasks{
			chromedp.SendKeys(`#stem`, "Thủ đô của Việt Nam là thành phố nào?", chromedp.ByQuery),
			chromedp.SendKeys(`#option_0`, "Huế", chromedp.ByQuery),
			chromedp.SendKeys(`#option_1`, "Hà Nội", chromedp.ByQuery),
			chromedp.SendKeys(`#option_2`, "Đà Nẵng", chromedp.ByQuery),
			chromedp.Click(`#correct_1`, chromedp.ByQuery),
		}},
		browserStep{"save it", chromedp.Tasks{clickAndLoad(`#question-form button[type=submit]`, &status), chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery)}},
		browserStep{"open the true/false form", chromedp.Tasks{browserOpen(ts, "/questions/new?type=true_false", &status), chromedp.WaitVisible(`#statement_3`, chromedp.ByQuery)}},
		browserStep{"write four statements", chromedp.Tasks{
			chromedp.SendKeys(`#stem`, "Cho hàm số y = x². Xét tính đúng, sai của các mệnh đề sau:", chromedp.ByQuery),
			chromedp.SendKeys(`#statement_0`, "Hàm số đồng biến trên (0; +∞)", chromedp.ByQuery),
			chromedp.SendKeys(`#statement_1`, "Đồ thị đi qua gốc toạ độ", chromedp.ByQuery),
			chromedp.SendKeys(`#statement_2`, "Hàm số là hàm lẻ", chromedp.ByQuery),
			chromedp.SendKeys(`#statement_3`, "Giá trị nhỏ nhất của hàm số là 1", chromedp.ByQuery),
			chromedp.Click(`input[name=truth_0][value=true]`, chromedp.ByQuery),
			chromedp.Click(`input[name=truth_1][value=true]`, chromedp.ByQuery),
		}},
		browserStep{"save it", chromedp.Tasks{clickAndLoad(`#question-form button[type=submit]`, &status), chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery)}},
		browserStep{"open the test form", chromedp.Tasks{browserOpen(ts, "/tests/new", &status), chromedp.WaitVisible(`#title`, chromedp.ByQuery)}},
		browserStep{"set the test for 10A1", chromedp.Tasks{
			chromedp.SendKeys(`#title`, "Kiểm tra 15 phút", chromedp.ByQuery),
			chromedp.Evaluate(`(() => {
				const c = [...document.querySelectorAll("label.check")].find(l => l.textContent.includes("10A1"));
				if (!c) throw new Error("no class 10A1 to choose");
				c.querySelector("input").click();
				document.querySelectorAll("input[name=question_id]").forEach(i => i.click());
				return true })()`, nil),
			chromedp.SetValue(`#show_results`, "immediately", chromedp.ByQuery),
		}},
		browserStep{"create it", chromedp.Tasks{clickAndLoad(`#test-form button[type=submit]`, &status), chromedp.WaitVisible(`#results`, chromedp.ByQuery),
			chromedp.Location(&testURL)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-teacher-created.png")},
	)
	if flash != "Đã thêm câu hỏi." || !strings.Contains(testURL, "/tests/") {
		t.Fatalf("teacher: flash %q, test page %s", flash, testURL)
	}

	student := newBrowserTab(t, phoneScreen)
	var answered, afterReload, scoreText string
	answer := `(() => {
		const l = [...document.querySelectorAll("fieldset[data-type=single_choice] label.choice")].find(l => l.textContent.includes("Hà Nội"));
		if (!l) throw new Error("no option Hà Nội");
		l.click();
		const tf = document.querySelector("fieldset[data-type=true_false]");
		[true, true, false, false].forEach((v, i) => tf.querySelector("input[name$='_" + i + "'][value='" + v + "']").click());
		return "ok" })()`
	// What the page shows as chosen: the single choice's text and the four true/false marks.
	chosen := `(() => {
		const c = document.querySelector("fieldset[data-type=single_choice] input:checked");
		const tf = [...document.querySelectorAll("fieldset[data-type=true_false] input:checked")].map(i => i.value);
		return (c ? c.closest("label").textContent.trim() : "none") + " | " + tf.join(",") })()`
	saved := `document.getElementById("save-state").getAttribute("data-state") === "saved"`
	runBrowserSteps(t, student,
		browserStep{"log in as student1", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the tests", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery), chromedp.Click(`#nav a[href="/tests"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`ul.tests a`, chromedp.ByQuery)}},
		browserStep{"open the test", chromedp.Tasks{clickAndLoad(`ul.tests a`, &status), chromedp.WaitVisible(`#start`, chromedp.ByQuery)}},
		browserStep{"start", chromedp.Tasks{clickAndLoad(`#start`, &status), chromedp.WaitVisible(`#attempt-form`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"answer", chromedp.Tasks{chromedp.Evaluate(answer, nil), chromedp.Poll(saved, nil), chromedp.Evaluate(chosen, &answered)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-student-answering.png")},
		browserStep{"reload mid-test", chromedp.Tasks{chromedp.Reload(), chromedp.WaitVisible(`#attempt-form`, chromedp.ByQuery), chromedp.Evaluate(chosen, &afterReload)}},
		browserStep{"submit", chromedp.Tasks{clickAndLoad(`#submit-attempt`, &status), chromedp.WaitVisible(`#score`, chromedp.ByQuery),
			chromedp.Text(`#score`, &scoreText, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-student-result.png")},
	)
	if answered != "B. Hà Nội | true,true,false,false" && !strings.HasSuffix(answered, "Hà Nội | true,true,false,false") {
		t.Fatalf("answers before reload: %q", answered)
	}
	if afterReload != answered {
		t.Fatalf("after reloading the page the answers are %q, were %q", afterReload, answered)
	}
	if !strings.Contains(scoreText, "2 / 2") {
		t.Fatalf("the student's result: %q", scoreText)
	}

	var results string
	runBrowserSteps(t, teacher,
		browserStep{"open the results", chromedp.Tasks{chromedp.Navigate(testURL), chromedp.WaitVisible(`table.results`, chromedp.ByQuery),
			chromedp.Text(`table.results tbody`, &results, chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-teacher-results.png")},
	)
	if !strings.Contains(results, "Hoàng Gia Bảo") || !strings.Contains(results, "2 / 2") {
		t.Fatalf("teacher's results:\n%s", results)
	}
	_ = context.Background
}
