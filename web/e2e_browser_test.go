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

// cdpBrowser starts headless Chromium (Debian's package; no browser download) and
// returns a context for one tab. Tests skip with a visible message only when no
// Chromium is installed; CI installs it.
func cdpBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := os.Getenv("HOCLIEU_CHROMIUM")
	if path == "" {
		for _, p := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if found, err := exec.LookPath(p); err == nil {
				path = found
				break
			}
		}
	}
	if path == "" {
		t.Skip("SKIPPED: no Chromium found (apt-get install chromium); browser tests did not run")
	}
	profile, err := os.MkdirTemp("", "hoclieu-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("accept-lang", "vi-VN,vi"), chromedp.UserDataDir(profile), chromedp.WindowSize(width, height))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc(); os.RemoveAll(profile) })
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// screenshotDir is where screenshots go: $HOCLIEU_SCREENSHOTS or a temp dir.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("HOCLIEU_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func cdpLogin(ts *testServer, username, password string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(ts.URL + "/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, username),
		chromedp.SendKeys(`#password`, password),
		chromedp.Click(`button[type=submit].primary`),
	}
}

// TestE2EEachRoleLogsInOnAPhone logs in as every demo account on a 360 px wide
// screen, checks the home page greets them with their role, that nothing overflows
// sideways, and screenshots it.
func TestE2EEachRoleLogsInOnAPhone(t *testing.T) {
	ts := newTestServer(t)
	dir := screenshotDir(t)
	for _, tc := range []struct{ user, name, role string }{
		{"city.admin", "Trần Thị Thu Hà", "Quản trị Sở GD&ĐT"},
		{"district.admin", "Lê Minh Tuấn", "Quản trị phòng GD&ĐT"},
		{"school.admin", "Phạm Thị Lan", "Quản trị trường"},
		{"teacher1", "Nguyễn Văn Bình", "Giáo viên"},
		{"teacher2", "Đặng Thị Mai", "Giáo viên"},
		{"student1", "Hoàng Gia Bảo", "Học sinh"},
		{"student2", "Võ Ngọc Ánh", "Học sinh"},
		{"reviewer1", "Bùi Quốc Khánh", "Tổ chuyên môn (thẩm định)"},
		{"librarian1", "Trịnh Thị Hồng", "Cán bộ thư viện"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			ctx := cdpBrowser(t, 360, 740)
			var heading, roles string
			var overflow bool
			var png []byte
			err := chromedp.Run(ctx, cdpLogin(ts, tc.user, demoPassword),
				chromedp.WaitVisible(`ul.roles`),
				chromedp.Text(`h1`, &heading),
				chromedp.Text(`ul.roles`, &roles),
				chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &overflow),
				chromedp.FullScreenshot(&png, 100))
			if err != nil {
				t.Fatal(err)
			}
			if heading != "Xin chào, "+tc.name || !strings.Contains(roles, tc.role) {
				t.Fatalf("home page: heading %q roles %q", heading, roles)
			}
			if overflow {
				t.Fatal("the home page overflows a 360 px screen sideways")
			}
			if err := os.WriteFile(filepath.Join(dir, tc.user+"-home.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestE2ELanguageAndErrors: switching to English, a wrong password's message, and
// the admin pages refusing a teacher, as a person sees them.
func TestE2ELanguageAndErrors(t *testing.T) {
	ts := newTestServer(t)
	ctx := cdpBrowser(t, 360, 740)
	var alert, kept, title, h1, body string
	err := chromedp.Run(ctx, cdpLogin(ts, "teacher1", "wrong-password"),
		chromedp.WaitVisible(`p.error[role=alert]`),
		chromedp.Text(`p.error[role=alert]`, &alert),
		chromedp.Value(`#username`, &kept))
	if err != nil {
		t.Fatal(err)
	}
	if alert != "Tên đăng nhập hoặc mật khẩu không đúng." || kept != "teacher1" {
		t.Fatalf("wrong password: alert %q, username kept %q", alert, kept)
	}
	err = chromedp.Run(ctx, chromedp.Click(`a.lang`), chromedp.WaitVisible(`#username`), chromedp.Text(`h1`, &title))
	if err != nil || title != "Log in" {
		t.Fatalf("after switching language: %q %v", title, err)
	}
	// The saved profile language wins at login; switching while logged in saves it.
	err = chromedp.Run(ctx, cdpLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`),
		chromedp.Click(`a.lang`), chromedp.WaitVisible(`ul.roles`), chromedp.Text(`h1`, &h1),
		chromedp.Navigate(ts.URL+"/admin"), chromedp.WaitVisible(`main h1`), chromedp.Text(`main`, &body))
	if err != nil {
		t.Fatal(err)
	}
	if h1 != "Hello, Nguyễn Văn Bình" || !strings.Contains(body, "403") || !strings.Contains(body, "You are not allowed to do this.") {
		t.Fatalf("english home %q; teacher on /admin shows %q", h1, body)
	}
}

// TestE2EAdminCreatesUserAndMenu: a school admin adds a student with a Vietnamese name
// through the form on a phone, using the collapsed menu; a duplicate is refused with
// a clear message.
func TestE2EAdminCreatesUserAndMenu(t *testing.T) {
	ts := newTestServer(t)
	ctx := cdpBrowser(t, 360, 740)
	var expanded, flash, list, errText string
	var navShown bool
	steps := []struct {
		name string
		do   chromedp.Action
	}{
		{"login", chromedp.Tasks{cdpLogin(ts, "school.admin", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		{"open menu", chromedp.Tasks{chromedp.Click(`.menu-toggle`), chromedp.AttributeValue(`.menu-toggle`, "aria-expanded", &expanded, nil),
			chromedp.Evaluate(`getComputedStyle(document.getElementById('nav')).display !== 'none'`, &navShown)}},
		{"go to admin", chromedp.Tasks{chromedp.Click(`#nav a[href="/admin"]`), chromedp.WaitVisible(`ul.tabs`)}},
		{"go to users", chromedp.Tasks{chromedp.Click(`ul.tabs a[href="/admin/users"]`), chromedp.WaitVisible(`#person_id`)}},
		{"create", chromedp.Tasks{chromedp.SendKeys(`#person_id`, "HS0000777"), chromedp.SendKeys(`#name`, "Lý Thị Thu Thảo"),
			chromedp.Click(`form[method=post][action="/admin/users"] button[type=submit]`),
			chromedp.WaitVisible(`p.flash`), chromedp.Text(`p.flash`, &flash), chromedp.Text(`table`, &list)}},
		{"duplicate", chromedp.Tasks{chromedp.SendKeys(`#person_id`, "HS0000777"), chromedp.SendKeys(`#name`, "Người Trùng"),
			chromedp.Click(`form[method=post][action="/admin/users"] button[type=submit]`),
			chromedp.WaitVisible(`p.error`), chromedp.Text(`p.error`, &errText)}},
	}
	for _, st := range steps {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := chromedp.Run(sctx, st.do)
		cancel()
		if err != nil {
			var page string
			_ = chromedp.Run(ctx, chromedp.Text(`body`, &page))
			t.Fatalf("step %s: %v\npage: %s", st.name, err, page)
		}
	}
	if expanded != "true" || !navShown {
		t.Fatalf("menu toggle: aria-expanded=%q shown=%v", expanded, navShown)
	}
	if flash != "Đã tạo." || !strings.Contains(list, "Lý Thị Thu Thảo") {
		t.Fatalf("after create: flash %q list %q", flash, list)
	}
	if !strings.Contains(errText, "person_id") {
		t.Fatalf("duplicate person ID message: %q", errText)
	}
}
