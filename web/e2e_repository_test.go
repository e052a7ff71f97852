package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2EReviewWorkflow is the repository's term in miniature, in a real browser on a
// phone-sized screen: a teacher uploads a PDF and a video, the subject panel's
// reviewer approves one and asks for changes on the other, and a student then finds
// only the approved one.
func TestE2EReviewWorkflow(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("SKIPPED: ffmpeg is not installed (apt-get install ffmpeg); the review workflow browser test did not run")
	}
	ts := newTestServer(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "Đề cương ôn tập.pdf")
	if err := os.WriteFile(pdf, fakePDF, 0o644); err != nil {
		t.Fatal(err)
	}
	video := filepath.Join(dir, "thi-nghiem.webm")
	gen := exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10", "-c:v", "libvpx", "-b:v", "200k", video)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	shots := browserShotDir(t)
	upload := func(ctx context.Context, title, subject, file string) string {
		var url string
		err := chromedp.Run(ctx,
			chromedp.Navigate(ts.URL+"/resources/new"), chromedp.WaitVisible(`#title`),
			chromedp.SendKeys(`#title`, title), chromedp.SetValue(`#subject`, subject), chromedp.SetValue(`#grade`, "10"),
			chromedp.SetUploadFiles(`#file`, []string{file}),
			chromedp.Click(`#upload-form button[type=submit]`),
			chromedp.WaitVisible(`p.flash`), chromedp.Location(&url),
			chromedp.Click(`form[action$="/submit"] button`), chromedp.WaitNotPresent(`form[action$="/submit"]`))
		if err != nil {
			var page string
			_ = chromedp.Run(ctx, chromedp.Text(`body`, &page))
			t.Fatalf("upload %s: %v\nat %s\npage: %s", title, err, url, page)
		}
		var dbg []byte
		var txt string
		_ = chromedp.Run(ctx, chromedp.FullScreenshot(&dbg, 100), chromedp.Text(`main`, &txt))
		os.WriteFile(filepath.Join(shots, "after-submit.png"), dbg, 0o644)
		t.Logf("uploaded %s at %s: %s", title, url, txt)
		return url
	}
	teacher := newBrowserTab(t, phoneScreen)
	if err := chromedp.Run(teacher, browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`)); err != nil {
		t.Fatal(err)
	}
	pdfURL := upload(teacher, "Đề cương ôn tập chương 1", "toan", pdf)
	videoURL := upload(teacher, "Thí nghiệm chuyển động", "toan", video)

	reviewer := newBrowserTab(t, phoneScreen)
	var queue string
	var png []byte
	err := chromedp.Run(reviewer, browserLogin(ts, "reviewer1", demoPassword), chromedp.WaitVisible(`ul.roles`),
		chromedp.Navigate(ts.URL+"/reviews"), chromedp.WaitVisible(`main li.card`), chromedp.Text(`main`, &queue),
		chromedp.FullScreenshot(&png, 100))
	if err != nil {
		var page string
		_ = chromedp.Run(reviewer, chromedp.Text(`body`, &page))
		t.Fatalf("reviewer queue: %v\npage: %s", err, page)
	}
	os.WriteFile(filepath.Join(shots, "reviewer-queue.png"), png, 0o644)
	if !strings.Contains(queue, "Đề cương ôn tập chương 1") || !strings.Contains(queue, "Thí nghiệm chuyển động") {
		t.Fatalf("queue: %s", queue)
	}
	decide := func(title, decision, comment string) {
		sel := `//li[contains(., "` + title + `")]`
		err := chromedp.Run(reviewer, chromedp.Navigate(ts.URL+"/reviews"), chromedp.WaitVisible(sel, chromedp.BySearch),
			chromedp.SendKeys(sel+`//textarea`, comment, chromedp.BySearch),
			chromedp.Click(sel+`//button[@value="`+decision+`"]`, chromedp.BySearch), chromedp.WaitVisible(`p.flash`))
		if err != nil {
			t.Fatalf("decide %s: %v", title, err)
		}
	}
	// The reviewer opens the video's preview: the browser's own player loads it from
	// the file endpoint (players read media with Range requests) and knows its length.
	var duration float64
	err = chromedp.Run(reviewer, chromedp.Navigate(videoURL), chromedp.WaitReady(`video`),
		chromedp.Poll(`document.querySelector('video').readyState >= 1`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`document.querySelector('video').duration`, &duration))
	if err != nil || duration < 0.5 || duration > 2 {
		t.Fatalf("video preview: duration %v s, %v", duration, err)
	}
	decide("Đề cương ôn tập chương 1", "approve", "Đạt yêu cầu")
	decide("Thí nghiệm chuyển động", "request_changes", "Thiếu phần kết luận ở 00:01")

	student := newBrowserTab(t, phoneScreen)
	var list, detail string
	runBrowserSteps(t, student,
		browserStep{"student logs in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		browserStep{"student opens the catalogue", chromedp.Tasks{chromedp.Navigate(ts.URL + "/resources"), chromedp.WaitReady(`ul.resources`),
			chromedp.Text(`ul.resources`, &list), chromedp.FullScreenshot(&png, 100)}},
		browserStep{"student opens the published resource", chromedp.Tasks{chromedp.Navigate(pdfURL), chromedp.WaitReady(`h1`), chromedp.Text(`main`, &detail)}})
	os.WriteFile(filepath.Join(shots, "student-catalogue.png"), png, 0o644)
	if !strings.Contains(list, "Đề cương ôn tập chương 1") || strings.Contains(list, "Thí nghiệm chuyển động") {
		t.Fatalf("student catalogue: %s", list)
	}
	if !strings.Contains(detail, "Đã xuất bản") || !strings.Contains(detail, "Đề cương ôn tập.pdf") {
		t.Fatalf("student detail: %s", detail)
	}
	var status, history string
	err = chromedp.Run(teacher, chromedp.Navigate(videoURL), chromedp.WaitVisible(`#history`),
		chromedp.Text(`h1 .badge`, &status), chromedp.Text(`#history`, &history), chromedp.FullScreenshot(&png, 100))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(shots, "teacher-changes-requested.png"), png, 0o644)
	if status != "Cần chỉnh sửa" || !strings.Contains(history, "Thiếu phần kết luận") {
		t.Fatalf("teacher sees %q / %s", status, history)
	}
}
