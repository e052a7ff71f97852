package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSubmittedTestLeavesStudy: a test placed in a course is due on student1's
// study page until they submit it; then it is gone from what is due and the course's
// progress counts it (on a phone).
func TestBrowserSubmittedTestLeavesStudy(t *testing.T) {
	ts := newGradeServer(t)
	t1, s1 := ts.login(t, "teacher1"), ts.login(t, "student1")
	var q, test, c, item struct{ ID int64 }
	if st, resp := t1.do("POST", "/api/v1/questions", []byte(`{"type":"single_choice","stem":"Thủ đô của Việt Nam?",
		"options":[{"text":"Hà Nội","correct":true},{"text":"Huế"}],"subject":"dia-ly","grade":10,"level":"recognition"}`), &q); st != http.StatusCreated {
		t.Fatalf("question: %d %s", st, resp)
	}
	body := fmt.Sprintf(`{"title":"Địa lý 15 phút","class_ids":[%d],"question_ids":[%d],"time_limit_minutes":15,"show_results":"immediately"}`, t1.classID("10A1"), q.ID)
	if st, resp := t1.do("POST", "/api/v1/tests", []byte(body), &test); st != http.StatusCreated {
		t.Fatalf("test: %d %s", st, resp)
	}
	if st, resp := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Địa lý 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{t1.classID("10A1")}}, &c); st != http.StatusCreated {
		t.Fatalf("course: %d %s", st, resp)
	}
	if st, resp := t1.do("POST", fmt.Sprintf("/api/v1/courses/%d/items", c.ID), map[string]any{"type": "test", "title": "Kiểm tra địa lý",
		"ref_id": test.ID, "published": true}, &item); st != http.StatusCreated {
		t.Fatalf("item: %d %s", st, resp)
	}
	phone := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	var status int64
	var before, after, progress string
	runBrowserSteps(t, phone,
		browserStep{"log in as student1", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"the test is due", chromedp.Tasks{browserOpen(ts, "/study", &status), chromedp.WaitVisible(`#due`, chromedp.ByQuery),
			chromedp.Text(`#due`, &before, chromedp.ByQuery)}},
		browserStep{"hand the test in", chromedp.ActionFunc(func(_ context.Context) error {
			var att struct{ ID int64 }
			if st, resp := s1.do("POST", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), nil, &att); st != http.StatusOK {
				return fmt.Errorf("start: %d %s", st, resp)
			}
			s1.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", att.ID, q.ID), []byte(`{"response":0,"seq":1}`), nil)
			if st, resp := s1.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", att.ID), nil, nil); st != http.StatusOK {
				return fmt.Errorf("submit: %d %s", st, resp)
			}
			return nil
		})},
		browserStep{"the test is no longer due", chromedp.Tasks{browserOpen(ts, "/study", &status), chromedp.WaitVisible(`#due`, chromedp.ByQuery),
			chromedp.Text(`#due`, &after, chromedp.ByQuery), chromedp.Text(`#progress`, &progress, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "study-test-submitted-phone.png")},
	)
	if !strings.Contains(before, "Kiểm tra địa lý") || strings.Contains(after, "Kiểm tra địa lý") || status != 200 {
		t.Fatalf("due before %q, after %q (%d)", before, after, status)
	}
	if !strings.Contains(progress, "Địa lý 10") || !strings.Contains(progress, "1/1") {
		t.Fatalf("progress %q, want the course at 1/1", progress)
	}
}
