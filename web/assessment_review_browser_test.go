package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserQuestionReview: teacher1 sends a school question for review from the bank
// page; reviewer1 (the subject panel) sees it with its key on a 360 px phone and
// approves it; only then can the colleague see and use it.
func TestBrowserQuestionReview(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	author, colleague := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	var q struct {
		ID int64 `json:"id"`
	}
	body := `{"type":"single_choice","stem":"Sông dài nhất Việt Nam chảy hoàn toàn trong nước?","options":[{"text":"Sông Đồng Nai","correct":true},{"text":"Sông Hồng"}],"subject":"dia-ly","grade":10,"level":"recognition","scope":"school"}`
	if st, resp := author.do("POST", "/api/v1/questions", []byte(body), &q); st != http.StatusCreated {
		t.Fatalf("question: %d %s", st, resp)
	}
	path := fmt.Sprintf("/api/v1/questions/%d", q.ID)
	if st, _ := colleague.do("GET", path, nil, nil); st != http.StatusNotFound {
		t.Fatalf("the colleague sees the draft: %d", st)
	}
	var status int64
	var flash, queue, after string
	runBrowserSteps(t, newBrowserTab(t, phoneScreen),
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open my questions", chromedp.Tasks{browserOpen(ts, "/questions?mine=1", &status), chromedp.WaitVisible(`button.send-review`, chromedp.ByQuery)}},
		browserStep{"send it for review", chromedp.Tasks{clickAndLoad(`button.send-review`, &status), chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery)}},
	)
	runBrowserSteps(t, newBrowserTab(t, phoneScreen),
		browserStep{"log in as reviewer1", chromedp.Tasks{browserLogin(ts, "reviewer1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the review queue", chromedp.Tasks{browserOpen(ts, "/questions/review", &status), chromedp.WaitVisible(`ul.review-queue li form`, chromedp.ByQuery),
			chromedp.Text(`ul.review-queue`, &queue, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "question-review.png")},
		browserStep{"approve", chromedp.Tasks{clickAndLoad(`ul.review-queue button[value=approved]`, &status), chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery),
			chromedp.Text(`ul.review-queue`, &after, chromedp.ByQuery)}},
	)
	if !strings.Contains(flash, "Đã gửi câu hỏi đi thẩm định") {
		t.Fatalf("author's flash %q", flash)
	}
	if !strings.Contains(queue, "Sông Đồng Nai ✓") || !strings.Contains(queue, "Nguyễn Văn Bình") {
		t.Fatalf("the queue shows:\n%s", queue)
	}
	if !strings.Contains(after, "Không có câu hỏi nào chờ thẩm định") {
		t.Fatalf("after approving, the queue shows:\n%s", after)
	}
	var it struct {
		Version struct {
			Status string `json:"status"`
		} `json:"version"`
	}
	if st, resp := colleague.do("GET", path, nil, &it); st != http.StatusOK || it.Version.Status != "approved" {
		t.Fatalf("the colleague after approval: %d %s", st, resp)
	}
}
