package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRegradeAndOverride: a question went out with a wrong key; student1's
// right answer scored 0. On a 360 px phone teacher1 regrades it after the fix (the
// score becomes 1), then overrides the result with a reason; the score audit on the
// page lists both changes.
func TestBrowserRegradeAndOverride(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	teacherAPI, student := ts.login(t, "teacher1"), ts.login(t, "student1")
	wrong := `{"type":"single_choice","stem":"Thủ đô của Việt Nam?","options":[{"text":"Huế","correct":true},{"text":"Hà Nội"}],"subject":"dia-ly","grade":10,"level":"recognition"}`
	var q struct {
		ID int64 `json:"id"`
	}
	if st, resp := teacherAPI.do("POST", "/api/v1/questions", []byte(wrong), &q); st != http.StatusCreated {
		t.Fatalf("question: %d %s", st, resp)
	}
	var test struct {
		ID int64 `json:"id"`
	}
	body := fmt.Sprintf(`{"title":"Địa lý 15 phút","class_ids":[%d],"question_ids":[%d],"time_limit_minutes":15,"show_results":"immediately"}`, teacherAPI.classID("10A1"), q.ID)
	if st, resp := teacherAPI.do("POST", "/api/v1/tests", []byte(body), &test); st != http.StatusCreated {
		t.Fatalf("test: %d %s", st, resp)
	}
	var att attemptJSON
	if st, resp := student.do("POST", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), nil, &att); st != http.StatusOK {
		t.Fatalf("start: %d %s", st, resp)
	}
	hanoi := -1
	for k, o := range att.Items[0].Options {
		if strings.Contains(o, "Hà Nội") {
			hanoi = k
		}
	}
	student.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", att.ID, q.ID), []byte(fmt.Sprintf(`{"response":%d,"seq":1}`, hanoi)), nil)
	if st, resp := student.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", att.ID), nil, nil); st != http.StatusOK {
		t.Fatalf("submit: %d %s", st, resp)
	}
	fixed := strings.Replace(wrong, `"correct":true},{"text":"Hà Nội"}`, `"correct":false},{"text":"Hà Nội","correct":true}`, 1)
	if st, resp := teacherAPI.do("PUT", fmt.Sprintf("/api/v1/questions/%d", q.ID), []byte(fixed), nil); st != http.StatusOK {
		t.Fatalf("fix the key: %d %s", st, resp)
	}
	tab := newBrowserTab(t, phoneScreen)
	var status int64
	var afterRegrade, afterOverride, changes, options, mastery string
	page := fmt.Sprintf("/tests/%d", test.ID)
	runBrowserSteps(t, tab,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the test", chromedp.Tasks{browserOpen(ts, page, &status), chromedp.WaitVisible(`form.regrade`, chromedp.ByQuery)}},
		browserStep{"regrade the question", chromedp.Tasks{chromedp.SendKeys(`form.regrade input[name=reason]`, "Sửa đáp án", chromedp.ByQuery),
			clickAndLoad(`form.regrade button`, &status), chromedp.WaitVisible(`#results`, chromedp.ByQuery),
			chromedp.Text(`table.results td.score`, &afterRegrade, chromedp.ByQuery)}},
		browserStep{"override the result", chromedp.Tasks{chromedp.SendKeys(`#override-form input[name^=score_]`, "0,5", chromedp.ByQuery),
			chromedp.SendKeys(`#override-reason`, "Phúc khảo", chromedp.ByQuery), clickAndLoad(`#override-form button`, &status),
			chromedp.WaitVisible(`span.overridden`, chromedp.ByQuery), chromedp.Text(`table.results td.score`, &afterOverride, chromedp.ByQuery),
			chromedp.Text(`#changes`, &changes, chromedp.ByQuery), chromedp.Text(`td.options`, &options, chromedp.ByQuery),
			chromedp.Text(`table.mastery tbody`, &mastery, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "test-score-changes.png")},
	)
	if !strings.HasPrefix(strings.TrimSpace(afterRegrade), "1 / 1") {
		t.Fatalf("after the regrade: %q", afterRegrade)
	}
	if !strings.HasPrefix(strings.TrimSpace(afterOverride), "0.5 / 1") || !strings.Contains(afterOverride, "đã sửa") {
		t.Fatalf("after the override: %q", afterOverride)
	}
	// The choice counts follow the fixed key; the class mastered the topic-less
	// recognition item fully (before the override, which is not an item score).
	if !strings.Contains(options, "B*: 1") || !strings.Contains(mastery, "10A1") || !strings.Contains(mastery, "100%") {
		t.Fatalf("analysis on the page: options %q, mastery %q", options, mastery)
	}
	var uses struct {
		Tests    int     `json:"tests"`
		Attempts int     `json:"attempts"`
		P        float64 `json:"p"`
	}
	if st, resp := teacherAPI.do("GET", fmt.Sprintf("/api/v1/questions/%d/uses", q.ID), nil, &uses); st != http.StatusOK || uses.Tests != 1 || uses.Attempts != 1 || uses.P != 1 {
		t.Fatalf("item across uses: %d %s", st, resp)
	}
	for _, want := range []string{"Sửa điểm", "Phúc khảo", "Chấm lại sau khi sửa đáp án", "Sửa đáp án", "0 → 1", "1 → 0.5"} {
		if !strings.Contains(changes, want) {
			t.Fatalf("score changes lack %q:\n%s", want, changes)
		}
	}
}
