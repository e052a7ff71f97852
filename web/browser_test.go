package web_test

// End-to-end tests in real headless Chromium: a person on a phone logging in, reading
// their home page, switching language, getting a password wrong, adding a user and
// being refused a page. Helpers are in browser_helpers_test.go.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// demoPeople are the seeded accounts with their full names and the Vietnamese names
// of their roles, as the home page shows them.
var demoPeople = []struct {
	user, name string
	roles      []string
}{
	{"city.admin", "Trần Thị Thu Hà", []string{"Quản trị Sở GD&ĐT"}},
	{"district.admin", "Lê Minh Tuấn", []string{"Quản trị phòng GD&ĐT"}},
	{"school.admin", "Phạm Thị Lan", []string{"Quản trị trường"}},
	{"teacher1", "Nguyễn Văn Bình", []string{"Giáo viên"}},
	{"teacher2", "Đặng Thị Mai", []string{"Giáo viên"}},
	{"student1", "Hoàng Gia Bảo", []string{"Học sinh"}},
	{"student2", "Võ Ngọc Ánh", []string{"Học sinh"}},
	{"reviewer1", "Bùi Quốc Khánh", []string{"Tổ chuyên môn (thẩm định)", "Giáo viên"}},
	{"librarian1", "Trịnh Thị Hồng", []string{"Cán bộ thư viện"}},
}

// TestBrowserLoginEachRole logs in as every demo account on a 360 px phone: the home
// page greets them by name, shows their roles, does not scroll sideways, and is
// saved as <account>-home.png (plus a desktop view for a teacher and an admin).
func TestBrowserLoginEachRole(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	for _, p := range demoPeople {
		t.Run(p.user, func(t *testing.T) {
			t.Parallel() // tabs of the one browser, each with its own cookies
			ctx := newBrowserTab(t, phoneScreen)
			var url, heading, lang string
			var badges []string
			runBrowserSteps(t, ctx,
				browserStep{"log in", chromedp.Tasks{browserLogin(ts, p.user, demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
				browserStep{"read the home page", chromedp.Tasks{
					chromedp.Location(&url),
					chromedp.Text(`main h1`, &heading, chromedp.ByQuery),
					chromedp.Evaluate(`document.documentElement.lang`, &lang),
					chromedp.Evaluate(`[...document.querySelectorAll("ul.roles .badge")].map(b => b.textContent.trim())`, &badges),
				}},
				browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
				browserStep{"screenshot", saveScreenshot(t, dir, p.user+"-home.png")},
			)
			if url != ts.URL+"/" {
				t.Errorf("after logging in the browser is on %s, want the home page", url)
			}
			if want := "Xin chào, " + p.name; heading != want || lang != "vi" {
				t.Errorf("home page heading %q (lang %q), want %q in Vietnamese", heading, lang, want)
			}
			if strings.Join(badges, "|") != strings.Join(p.roles, "|") {
				t.Errorf("role badges %q, want %q", badges, p.roles)
			}
			if p.user == "teacher1" || p.user == "school.admin" {
				runBrowserSteps(t, ctx,
					browserStep{"desktop size", emulateScreen(desktopScreen)},
					browserStep{"fit the desktop screen", noSidewaysScroll(desktopScreen)},
					browserStep{"desktop screenshot", saveScreenshot(t, dir, p.user+"-home-desktop.png")},
				)
			}
		})
	}
}

// TestBrowserLanguageSwitch: the English link on the login page switches the page,
// the choice holds on the next page, through logging in, and after logging out.
func TestBrowserLanguageSwitch(t *testing.T) {
	ts := newTestServer(t)
	ctx := newBrowserTab(t, phoneScreen)
	var before, linkText, after, label, reloaded, home, resources, loggedOut string
	runBrowserSteps(t, ctx,
		browserStep{"open the login page", chromedp.Tasks{
			chromedp.Navigate(ts.URL + "/login"),
			chromedp.WaitVisible(`html[lang=vi] #username`, chromedp.ByQuery),
			chromedp.Text(`main h1`, &before, chromedp.ByQuery),
			chromedp.Text(`a.lang[hreflang=en]`, &linkText, chromedp.ByQuery),
		}},
		browserStep{"click English", chromedp.Tasks{
			chromedp.Click(`a.lang[hreflang=en]`, chromedp.ByQuery),
			chromedp.WaitVisible(`html[lang=en] #username`, chromedp.ByQuery),
			chromedp.Text(`main h1`, &after, chromedp.ByQuery),
			chromedp.Text(`label[for=username]`, &label, chromedp.ByQuery),
		}},
		browserStep{"open the login page again", chromedp.Tasks{
			chromedp.Navigate(ts.URL + "/login"),
			chromedp.WaitVisible(`#username`, chromedp.ByQuery),
			chromedp.Text(`main h1`, &reloaded, chromedp.ByQuery),
		}},
	)
	if before != "Đăng nhập" || linkText != "English" {
		t.Errorf("login page before switching: heading %q, language link %q", before, linkText)
	}
	if after != "Log in" || label != "Username, email or person ID" || reloaded != "Log in" {
		t.Errorf("after clicking English: heading %q, label %q; on the next visit: %q", after, label, reloaded)
	}
	// The language chosen before logging in holds after it: it becomes the profile's
	// language (which otherwise wins, "vi" by default).
	runBrowserSteps(t, ctx, browserStep{"log in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword),
		chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery), chromedp.Text(`main h1`, &home, chromedp.ByQuery)}})
	if home != "Hello, Nguyễn Văn Bình" {
		t.Errorf("after choosing English and logging in, the home page says %q", home)
	}
	var switched, resourcesLang, again string
	runBrowserSteps(t, ctx,
		browserStep{"switch to Vietnamese and back while logged in", chromedp.Tasks{
			chromedp.Click(`a.lang[hreflang=vi]`, chromedp.ByQuery),
			chromedp.WaitVisible(`html[lang=vi] ul.roles`, chromedp.ByQuery),
			chromedp.Click(`a.lang[hreflang=en]`, chromedp.ByQuery),
			chromedp.WaitVisible(`html[lang=en] ul.roles`, chromedp.ByQuery),
			chromedp.Text(`main h1`, &switched, chromedp.ByQuery)}},
		browserStep{"go to another page", chromedp.Tasks{chromedp.Navigate(ts.URL + "/resources"), chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
			chromedp.Evaluate(`document.documentElement.lang`, &resourcesLang),
			chromedp.Evaluate(`document.querySelector('#nav a[href="/resources"]').textContent`, &resources)}},
		browserStep{"log out", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery),
			chromedp.Click(`#nav form[action="/logout"] button`, chromedp.ByQuery),
			chromedp.WaitVisible(`#username`, chromedp.ByQuery), chromedp.Text(`main h1`, &loggedOut, chromedp.ByQuery)}},
		browserStep{"log in again", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword),
			chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery), chromedp.Text(`main h1`, &again, chromedp.ByQuery)}},
	)
	if switched != "Hello, Nguyễn Văn Bình" || resourcesLang != "en" || resources != "Resources" {
		t.Errorf("English while logged in: home %q; next page lang %q, menu %q", switched, resourcesLang, resources)
	}
	if loggedOut != "Log in" || again != "Hello, Nguyễn Văn Bình" {
		t.Errorf("English did not hold: after logging out %q, after logging in again %q", loggedOut, again)
	}
}

// TestBrowserWrongPassword: the message is in Vietnamese, announced (role=alert),
// tied to the field, and the username stays filled in.
func TestBrowserWrongPassword(t *testing.T) {
	ts := newTestServer(t)
	ctx := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	var alert, username, password, describedBy, focused string
	runBrowserSteps(t, ctx,
		browserStep{"log in with a wrong password", chromedp.Tasks{browserLogin(ts, "teacher1", "not-the-password"),
			chromedp.WaitVisible(`main p.error[role=alert]`, chromedp.ByQuery)}},
		browserStep{"read the form", chromedp.Tasks{
			chromedp.Text(`main p.error[role=alert]`, &alert, chromedp.ByQuery),
			chromedp.Value(`#username`, &username, chromedp.ByQuery),
			chromedp.Value(`#password`, &password, chromedp.ByQuery),
			chromedp.AttributeValue(`#username`, "aria-describedby", &describedBy, nil, chromedp.ByQuery),
			chromedp.Evaluate(`document.activeElement.id`, &focused),
		}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "login-wrong-password.png")},
	)
	if alert != "Tên đăng nhập hoặc mật khẩu không đúng." {
		t.Errorf("alert %q", alert)
	}
	if username != "teacher1" || password != "" || describedBy != "form-error" {
		t.Errorf("form after the error: username %q, password %q, aria-describedby %q", username, password, describedBy)
	}
	if focused != "password" {
		t.Errorf("after the error the cursor is in %q; the username is kept, so it belongs in the password field", focused)
	}
}

// TestBrowserAdminCreatesUser: a school administrator on a phone goes through the
// menu to Administration → Users, adds a student with a Vietnamese name, finds her in
// the list, and is told clearly when the person ID is already taken.
func TestBrowserAdminCreatesUser(t *testing.T) {
	ts := newTestServer(t)
	ctx := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	const personID, name = "079312004567", "Lý Thị Thu Thảo"
	var created, duplicate int64
	var school, flash, list, errText, keptName, invalid string
	fill := chromedp.Tasks{
		chromedp.SendKeys(`#person_id`, personID, chromedp.ByQuery),
		chromedp.SendKeys(`#name`, name, chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const o = [...document.querySelectorAll("#org_id option")].find(o => o.textContent.includes("Lê Quý Đôn"));
			if (!o) throw new Error("no Lê Quý Đôn school to choose");
			return o.value })()`, &school),
		chromedp.ActionFunc(func(ctx context.Context) error { return chromedp.SetValue(`#org_id`, school, chromedp.ByQuery).Do(ctx) }),
		chromedp.SetValue(`#role`, "student", chromedp.ByQuery),
	}
	submit := `form[action="/admin/users"][method=post] button[type=submit]`
	runBrowserSteps(t, ctx,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "school.admin", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the menu", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery), chromedp.WaitVisible(`#nav a[href="/admin"]`, chromedp.ByQuery)}},
		browserStep{"open Administration", chromedp.Tasks{chromedp.Click(`#nav a[href="/admin"]`, chromedp.ByQuery), chromedp.WaitVisible(`ul.tabs`, chromedp.ByQuery)}},
		browserStep{"open Users", chromedp.Tasks{chromedp.Click(`ul.tabs a[href="/admin/users"]`, chromedp.ByQuery), chromedp.WaitVisible(`#person_id`, chromedp.ByQuery)}},
		browserStep{"fill in Add user", fill},
		browserStep{"submit", chromedp.Tasks{clickAndLoad(submit, &created), chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery), chromedp.Text(`main table`, &list, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "admin-users-created.png")},
		browserStep{"fill in the same person again", fill},
		browserStep{"submit again", chromedp.Tasks{clickAndLoad(submit, &duplicate), chromedp.WaitVisible(`main p.error[role=alert]`, chromedp.ByQuery),
			chromedp.Text(`main p.error[role=alert]`, &errText, chromedp.ByQuery), chromedp.Value(`#name`, &keptName, chromedp.ByQuery),
			chromedp.AttributeValue(`#person_id`, "aria-invalid", &invalid, nil, chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "admin-users-duplicate.png")},
	)
	if created != 200 || flash != "Đã tạo." {
		t.Errorf("after creating: status %d, flash %q", created, flash)
	}
	if !strings.Contains(list, name) || !strings.Contains(list, personID) {
		t.Errorf("the user list does not show %s (%s):\n%s", name, personID, list)
	}
	if duplicate != 400 || errText != "Mã định danh này đã thuộc về người dùng khác." || keptName != name {
		t.Errorf("same person ID again: status %d, message %q, name kept %q", duplicate, errText, keptName)
	}
	if invalid != "true" {
		t.Errorf("the person ID field is not marked invalid (aria-invalid=%q)", invalid)
	}
}

// TestBrowserTeacherCannotAdmin: a teacher who types /admin gets the friendly 403
// page, in Vietnamese, with the status in the heading; the menu has no admin link.
func TestBrowserTeacherCannotAdmin(t *testing.T) {
	ts := newTestServer(t)
	ctx := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	var status int64
	var heading, body string
	var adminLink bool
	runBrowserSteps(t, ctx,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector('#nav a[href="/admin"]') !== null`, &adminLink)}},
		browserStep{"open /admin", chromedp.Tasks{browserOpen(ts, "/admin", &status), chromedp.WaitVisible(`main h1`, chromedp.ByQuery),
			chromedp.Text(`main h1`, &heading, chromedp.ByQuery), chromedp.Text(`main`, &body, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "teacher1-admin-403.png")},
	)
	if adminLink {
		t.Error("a teacher's menu links to Administration")
	}
	if status != 403 || !strings.HasPrefix(heading, "403") {
		t.Errorf("teacher on /admin: status %d, heading %q", status, heading)
	}
	if !strings.Contains(body, "Bạn không có quyền thực hiện việc này.") || !strings.Contains(body, "Về trang chủ") {
		t.Errorf("the 403 page says:\n%s", body)
	}
}

// TestBrowserMobileMenu: on a phone the links hide behind the Menu button, which
// opens and closes them and says so (aria-expanded); on a desktop they show.
func TestBrowserMobileMenu(t *testing.T) {
	ts := newTestServer(t)
	ctx := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	menuState := func(want string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var expanded string
			var shown bool
			err := chromedp.Tasks{
				chromedp.AttributeValue(`.menu-toggle`, "aria-expanded", &expanded, nil, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector('#nav a[href="/resources"]').getClientRects().length > 0`, &shown),
			}.Do(ctx)
			if err != nil {
				return err
			}
			if expanded != want || shown != (want == "true") {
				return fmt.Errorf("menu: aria-expanded=%q and links shown=%v, want aria-expanded=%q", expanded, shown, want)
			}
			return nil
		})
	}
	var toggleShown, navShown bool
	runBrowserSteps(t, ctx,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"menu starts closed", chromedp.Tasks{chromedp.WaitVisible(`.menu-toggle`, chromedp.ByQuery), menuState("false")}},
		browserStep{"open the menu", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery), chromedp.WaitVisible(`#nav a[href="/resources"]`, chromedp.ByQuery), menuState("true")}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "student1-menu-open.png")},
		browserStep{"close the menu", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery), chromedp.WaitNotVisible(`#nav`, chromedp.ByQuery), menuState("false")}},
		browserStep{"follow a link from the menu", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery),
			chromedp.Click(`#nav a[href="/account"]`, chromedp.ByQuery), chromedp.WaitVisible(`.menu-toggle[aria-expanded=false]`, chromedp.ByQuery),
			chromedp.WaitVisible(`main h1`, chromedp.ByQuery)}},
		browserStep{"desktop size", chromedp.Tasks{emulateScreen(desktopScreen),
			chromedp.Evaluate(`document.querySelector(".menu-toggle").getClientRects().length > 0`, &toggleShown),
			chromedp.Evaluate(`document.querySelector('#nav a[href="/resources"]').getClientRects().length > 0`, &navShown)}},
	)
	if toggleShown || !navShown {
		t.Errorf("on a desktop: Menu button shown=%v, links shown=%v; want the links without the button", toggleShown, navShown)
	}

	// The Menu button needs app.js; without JavaScript the links must show instead.
	t.Run("without JavaScript", func(t *testing.T) {
		ctx := newBrowserTab(t, phoneScreen)
		var toggleShown, linksShown bool
		runBrowserSteps(t, ctx,
			browserStep{"turn JavaScript off", emulation.SetScriptExecutionDisabled(true)},
			browserStep{"log in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector(".menu-toggle").getClientRects().length > 0`, &toggleShown),
				chromedp.Evaluate(`document.querySelector('#nav form[action="/logout"] button').getClientRects().length > 0`, &linksShown)}},
			browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
			browserStep{"screenshot", saveScreenshot(t, dir, "student1-menu-nojs.png")},
		)
		if toggleShown || !linksShown {
			t.Errorf("without JavaScript: a Menu button that cannot open shown=%v, links (Log out) shown=%v", toggleShown, linksShown)
		}
	})
}
