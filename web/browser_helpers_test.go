package web_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The browser tests share one headless Chromium per test binary (starting it takes
// most of a second); every test gets its own incognito-like browser context, so
// cookies and sessions never leak between tests.
var browserShared struct {
	once sync.Once
	root context.Context // the chromedp context that owns the browser process
	skip string          // why the tests cannot run here, if so
	err  error
}

// profilePrefix names the temporary Chromium profiles; the test binary's pid
// follows it so that a later run can remove the profiles of runs that have ended.
const profilePrefix = "hoclieu-browsertest-"

// chromiumBinary is $HOCLIEU_CHROMIUM, else Debian's /usr/bin/chromium, else a
// chromium on PATH; "" when there is none.
func chromiumBinary() string {
	if p := os.Getenv("HOCLIEU_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserRoot returns the shared browser, starting it on first use. The test
// package has no hook after its last test, so the browser lives as long as the
// test binary: chromedp starts it with a parent-death signal, and the next run
// removes the profile left behind (removeStaleProfiles).
func browserRoot(t *testing.T) context.Context {
	t.Helper()
	browserShared.once.Do(startChromium)
	if browserShared.skip != "" {
		if os.Getenv("CI") != "" { // make test-deps installs chromium: a CI without it is broken
			t.Fatal(browserShared.skip)
		}
		t.Skip(browserShared.skip)
	}
	if browserShared.err != nil {
		t.Fatalf("start headless chromium: %v", browserShared.err)
	}
	return browserShared.root
}

func startChromium() {
	bin := chromiumBinary()
	if bin == "" {
		browserShared.skip = "no Chromium binary (apt-get install chromium, or set HOCLIEU_CHROMIUM); the browser tests did not run"
		return
	}
	if _, err := os.Stat(bin); err != nil {
		browserShared.skip = fmt.Sprintf("Chromium %s: %v; the browser tests did not run", bin, err)
		return
	}
	removeStaleProfiles()
	profile, err := os.MkdirTemp("", profilePrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		browserShared.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// A phone in Vietnam asks for Vietnamese; Chromium's own default is en-US.
		chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(profile),
	)
	alloc, _ := chromedp.NewExecAllocator(context.Background(), opts...)
	root, _ := chromedp.NewContext(alloc)
	if err := chromedp.Run(root); err != nil { // starts the browser
		browserShared.err = fmt.Errorf("%s: %w", bin, err)
		return
	}
	browserShared.root = root
}

// removeStaleProfiles deletes the profiles of earlier test binaries that have exited.
func removeStaleProfiles() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), profilePrefix+"*"))
	for _, dir := range dirs {
		pidText, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(dir), profilePrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			os.RemoveAll(dir)
		}
	}
}

// Screen sizes the tests look at.
var (
	phoneScreen   = browserScreen{360, 740, true}
	desktopScreen = browserScreen{1280, 800, false}
)

type browserScreen struct {
	width, height int64
	mobile        bool
}

// newBrowserTab opens a tab in a fresh browser context (an incognito-like profile
// with its own cookies) with the screen's viewport; both go when the test ends.
//
// chromedp.WithNewBrowserContext cannot be used: Chromium's headless mode answers
// "Failed to open new tab - no browser is open" unless the tab asks for its own window.
func newBrowserTab(t *testing.T, s browserScreen) context.Context {
	t.Helper()
	root := browserRoot(t)
	browser := cdp.WithExecutor(root, chromedp.FromContext(root).Browser)
	profile, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(browser)
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	t.Cleanup(func() { _ = target.DisposeBrowserContext(profile).Do(browser) })
	id, err := target.CreateTarget("about:blank").WithBrowserContextID(profile).WithNewWindow(true).Do(browser)
	if err != nil {
		t.Fatalf("new browser tab: %v", err)
	}
	tab, closeTab := chromedp.NewContext(root, chromedp.WithTargetID(id))
	t.Cleanup(closeTab)
	if err := chromedp.Run(tab, emulateScreen(s)); err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}
	// With several tabs open, only the newest window is in the foreground; Chromium
	// does not render background tabs, so chromedp.WaitVisible never succeeds there.
	// Scenarios that switch between tabs wait with WaitReady (the element exists).
	// A safety net only: each step has its own, shorter limit (runBrowserSteps).
	ctx, cancel := context.WithTimeout(tab, 40*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func emulateScreen(s browserScreen) chromedp.Action {
	if s.mobile {
		return chromedp.EmulateViewport(s.width, s.height, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(s.width, s.height)
}

// browserStep is one named part of a scenario, so that a failure says where it happened.
type browserStep struct {
	name string
	do   chromedp.Action
}

// runBrowserSteps runs the steps in order, each within its own time limit. On failure it
// reports the page the browser was on and what it said.
func runBrowserSteps(t *testing.T, ctx context.Context, steps ...browserStep) {
	t.Helper()
	for _, s := range steps {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := chromedp.Run(sctx, s.do)
		cancel()
		if err != nil {
			t.Fatalf("browser step %q: %v\n%s", s.name, err, describeBrowserPage(ctx))
		}
	}
}

// describeBrowserPage is the address and visible text of the tab, for failure messages.
func describeBrowserPage(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var url, text string
	if err := chromedp.Run(ctx, chromedp.Location(&url), chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &text)); err != nil {
		return "(could not read the page: " + err.Error() + ")"
	}
	return "page " + url + ":\n" + text
}

// browserLogin fills in and submits the login form the way a person does.
func browserLogin(ts *testServer, username, password string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Navigate(ts.URL + "/login"),
		chromedp.WaitVisible(`#username`, chromedp.ByQuery),
		chromedp.SendKeys(`#username`, username, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password, chromedp.ByQuery),
		chromedp.Click(`form[action="/login"] button[type=submit]`, chromedp.ByQuery),
	}
}

// clickAndLoad clicks sel and waits for the navigation it starts, storing the HTTP
// status of the page that loads.
func clickAndLoad(sel string, status *int64) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel, chromedp.ByQuery))
		if err != nil {
			return err
		}
		if resp == nil {
			return fmt.Errorf("clicking %s loaded no page", sel)
		}
		*status = resp.Status
		return nil
	})
}

// browserOpen opens path and stores the HTTP status of the page.
func browserOpen(ts *testServer, path string, status *int64) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(ts.URL+path))
		if err != nil {
			return err
		}
		*status = resp.Status
		return nil
	})
}

// noSidewaysScroll fails when the page is wider than the screen, the most common way
// a page breaks on a phone.
func noSidewaysScroll(s browserScreen) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var m struct{ Scroll, Inner int64 }
		if err := chromedp.Evaluate(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &m).Do(ctx); err != nil {
			return err
		}
		// A mobile browser zooms out to fit wide content, which widens innerWidth;
		// so the layout width must also be the screen's.
		if m.Scroll > m.Inner || m.Inner != s.width {
			return fmt.Errorf("the page scrolls sideways on a %d px screen: scrollWidth %d, innerWidth %d", s.width, m.Scroll, m.Inner)
		}
		return nil
	})
}

// browserShotDir is $HOCLIEU_SCREENSHOTS when set (kept for people to look at), else
// a directory removed after the test.
func browserShotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HOCLIEU_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// saveScreenshot saves a PNG of the whole page (not only the visible part) as dir/name.
func saveScreenshot(t *testing.T, dir, name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var png []byte
		if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			return err
		}
		t.Logf("screenshot %s", path)
		return nil
	})
}
