package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPackageRunsSandboxed: on a phone, a teacher opens her simulation; the
// package's script runs in the sandboxed iframe and writes into its own page, but
// reading the platform's cookies or the parent page fails inside it. Its own data
// files load with fetch, which from an opaque origin is a cross-origin request.
func TestBrowserPackageRunsSandboxed(t *testing.T) {
	ts := newTestServer(t)
	id := uploadSimulation(t, ts.login(t, "teacher1"), "con-lac.zip", simulationZip(t))
	tab := newBrowserTab(t, phoneScreen)
	var said string
	var status int64
	runBrowserSteps(t, tab,
		browserStep{"teacher logs in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		browserStep{"teacher opens the simulation", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/resources/%d", id), &status),
			chromedp.WaitVisible(`iframe.package`)}},
		// The frame may have run before the test listens: listen, then load it again.
		browserStep{"the package's script runs and reports", chromedp.Tasks{
			chromedp.Evaluate(`window.addEventListener("message", e => { window.pkgSaid = String(e.data) });
				const f = document.querySelector("iframe.package"); f.src = f.src; true`, nil),
			chromedp.Poll(`window.pkgSaid`, &said, chromedp.WithPollingTimeout(10*time.Second))}},
		browserStep{"the page fits a phone", noSidewaysScroll(phoneScreen)},
	)
	if status != 200 {
		t.Fatalf("resource page: %d", status)
	}
	t.Logf("the package said: %q", said)
	if !strings.HasPrefix(said, "đã chạy") || !strings.Contains(said, "cookie-blocked") || !strings.Contains(said, "parent-blocked") ||
		!strings.Contains(said, "g=9.8") {
		t.Fatalf("the package said %q; want its script to run with cookies and the parent page out of reach", said)
	}
}
