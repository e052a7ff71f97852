package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestBrowserSurvey: on 360 px phones, school.admin builds an anonymous survey (Likert,
// single choice, matrix, free text) for the school's teachers and students; teacher1
// answers; student1 saves a draft, comes back to it and submits; a third person answers
// through the API; the admin sees the response rate and the SVG charts and downloads
// the CSV.
func TestBrowserSurvey(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	admin := newBrowserTab(t, phoneScreen)
	var status int64
	var surveyURL, flash string
	runBrowserSteps(t, admin,
		browserStep{"log in as school.admin", chromedp.Tasks{browserLogin(ts, "school.admin", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the surveys from the menu", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery),
			chromedp.Click(`#nav a[href="/surveys"]`, chromedp.ByQuery), chromedp.WaitVisible(`#new-survey`, chromedp.ByQuery)}},
		browserStep{"open the builder", chromedp.Tasks{clickAndLoad(`#new-survey`, &status), chromedp.WaitVisible(`#survey-form`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"write the survey", chromedp.Tasks{
			chromedp.SendKeys(`#title`, "Khảo sát học trực tuyến", chromedp.ByQuery),
			chromedp.Click(`input[name=role][value=student]`, chromedp.ByQuery),
			chromedp.Click(`input[name=role][value=teacher]`, chromedp.ByQuery),
			chromedp.SetValue(`#q0_kind`, "likert", chromedp.ByQuery),
			chromedp.SendKeys(`#q0_text`, "Nền tảng dễ sử dụng", chromedp.ByQuery),
			chromedp.Click(`#q0_required`, chromedp.ByQuery),
			chromedp.SetValue(`#q1_kind`, "single_choice", chromedp.ByQuery),
			chromedp.SendKeys(`#q1_text`, "Bạn học bằng thiết bị nào?", chromedp.ByQuery),
			chromedp.SendKeys(`#q1_options`, "Điện thoại\nMáy tính", chromedp.ByQuery),
			chromedp.Click(`#slot-2 summary`, chromedp.ByQuery),
			chromedp.SetValue(`#q2_kind`, "matrix", chromedp.ByQuery),
			chromedp.SendKeys(`#q2_text`, "Đánh giá các mặt sau", chromedp.ByQuery),
			chromedp.SendKeys(`#q2_rows`, "Tốc độ\nNội dung", chromedp.ByQuery),
			chromedp.Click(`#slot-3 summary`, chromedp.ByQuery),
			chromedp.SetValue(`#q3_kind`, "text", chromedp.ByQuery),
			chromedp.SendKeys(`#q3_text`, "Góp ý khác", chromedp.ByQuery),
		}},
		browserStep{"screenshot", saveScreenshot(t, dir, "survey-builder.png")},
		browserStep{"create it", chromedp.Tasks{clickAndLoad(`#survey-form button[type=submit]`, &status), chromedp.WaitVisible(`#results-link`, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery), chromedp.Location(&surveyURL)}},
	)
	if flash != "Đã tạo khảo sát." || !strings.Contains(surveyURL, "/surveys/") {
		t.Fatalf("admin: flash %q, page %s", flash, surveyURL)
	}
	var surveyID int64
	fmt.Sscanf(surveyURL[strings.LastIndex(surveyURL, "/")+1:], "%d", &surveyID)

	choose := func(sel string) chromedp.Action { return chromedp.Click(sel, chromedp.ByQuery) }
	teacher := newBrowserTab(t, phoneScreen)
	var done string
	runBrowserSteps(t, teacher,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the surveys", chromedp.Tasks{browserOpen(ts, "/surveys", &status), chromedp.WaitVisible(`ul.surveys-invited a`, chromedp.ByQuery)}},
		browserStep{"open the survey", chromedp.Tasks{clickAndLoad(`ul.surveys-invited a`, &status), chromedp.WaitVisible(`#survey-answer`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"answer", chromedp.Tasks{choose(`input[name=a0][value="5"]`), choose(`input[name=a1][value="1"]`),
			choose(`input[name=a2_0][value="4"]`), choose(`input[name=a2_1][value="5"]`),
			chromedp.SendKeys(`textarea[name=a3]`, "Cần thêm video bài giảng", chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "survey-answer.png")},
		browserStep{"submit", chromedp.Tasks{clickAndLoad(`#submit-survey`, &status), chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &done, chromedp.ByQuery)}},
	)
	if done != "Cảm ơn bạn đã trả lời khảo sát." {
		t.Fatalf("teacher1 after submitting: %q", done)
	}

	student := newBrowserTab(t, phoneScreen)
	var kept string
	checked := `[...document.querySelectorAll("#survey-answer input:checked")].map(i => i.name + "=" + i.value).join(",")`
	runBrowserSteps(t, student,
		browserStep{"log in as student1", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the survey", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/surveys/%d", surveyID), &status), chromedp.WaitVisible(`#survey-answer`, chromedp.ByQuery)}},
		browserStep{"answer part and save a draft", chromedp.Tasks{choose(`input[name=a1][value="0"]`), choose(`input[name=a2_0][value="2"]`),
			clickAndLoad(`#save-draft`, &status), chromedp.WaitVisible(`#survey-answer`, chromedp.ByQuery)}},
		browserStep{"come back later", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/surveys/%d", surveyID), &status),
			chromedp.WaitVisible(`#survey-answer`, chromedp.ByQuery), chromedp.Evaluate(checked, &kept)}},
		browserStep{"submit without the required answer", chromedp.Tasks{clickAndLoad(`#submit-survey`, &status), chromedp.WaitVisible(`#form-error`, chromedp.ByQuery)}},
		browserStep{"answer it and submit", chromedp.Tasks{choose(`input[name=a0][value="4"]`), clickAndLoad(`#submit-survey`, &status),
			chromedp.WaitVisible(`ul.surveys-invited`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
	)
	if kept != "a1=0,a2_0=2" {
		t.Fatalf("the draft came back as %q", kept)
	}
	// A third response, so the anonymous results may be shown.
	if st, raw := ts.login(t, "reviewer1").do("POST", fmt.Sprintf("/api/v1/surveys/%d/responses", surveyID), []byte(`{"answers":[4,0]}`), nil); st != 201 {
		t.Fatalf("reviewer1 responds: %d %s", st, raw)
	}

	var rate, csv string
	var bars int
	fetchCSV := `fetch(document.getElementById("csv-link").href).then(r => r.ok ? r.text() : "HTTP " + r.status)`
	runBrowserSteps(t, admin,
		browserStep{"open the results", chromedp.Tasks{clickAndLoad(`#results-link`, &status), chromedp.WaitVisible(`svg.survey-chart`, chromedp.ByQuery),
			chromedp.Text(`#response-rate`, &rate, chromedp.ByQuery),
			chromedp.Evaluate(`[...document.querySelectorAll("#result-1 svg rect.bar")].filter(r => r.getAttribute("width") > 0).length`, &bars)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "survey-results.png")},
		browserStep{"download the CSV", chromedp.Evaluate(fetchCSV, &csv, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })},
	)
	if rate != "3 / 3 người đã trả lời" || bars != 2 {
		t.Fatalf("results: rate %q, %d Likert bars drawn", rate, bars)
	}
	for _, want := range []string{"date,1. Nền tảng dễ sử dụng,2. Bạn học bằng thiết bị nào?", "5 - Hoàn toàn đồng ý,Máy tính,4 - Đồng ý,5 - Hoàn toàn đồng ý,Cần thêm video bài giảng",
		"4 - Đồng ý,Điện thoại,2 - Không đồng ý,,"} {
		if !strings.Contains(csv, want) {
			t.Fatalf("the CSV lacks %q:\n%s", want, csv)
		}
	}
}
