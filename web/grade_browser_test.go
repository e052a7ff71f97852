package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// addClassmate makes student3, a second student of 10A1 (student1's class).
func addClassmate(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := context.Background()
	sys := identity.SystemActor()
	t1, err := ts.Identity.Authenticate(ctx, "teacher1", demoPassword, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	u, err := ts.Identity.CreateUser(ctx, sys, identity.NewUser{PersonID: "HS0000003", Username: "student3", Name: "Lý Thu Hà",
		OrgID: t1.User.HomeOrgID, Roles: []identity.Role{identity.RoleStudent}, Password: demoPassword})
	if err != nil {
		t.Fatal(err)
	}
	classes, err := ts.Identity.MyClasses(ctx, t1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range classes {
		if c.Name == "10A1" {
			if err := ts.Identity.AddClassMember(ctx, sys, c.ID, u.ID, "student", ""); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("no class 10A1")
}

// TestBrowserTermInMiniature: teacher1 builds a course for 10A1 and gives an
// assignment in the pages; student1 and student3 hand in the same file on 360 px
// phones (from their study page); teacher1 grades one after the other in the
// grading view (the identical files are flagged), the marks appear in the
// gradebook, the XLSX export opens, and student1 sees grade and feedback at home.
func TestBrowserTermInMiniature(t *testing.T) {
	ts := newGradeServer(t)
	addClassmate(t, ts)
	dir := browserShotDir(t)
	essay := filepath.Join(t.TempDir(), "bai-luan.txt")
	if err := os.WriteFile(essay, []byte("Bài luận về mùa thu Hà Nội.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(72 * time.Hour).Format("2006-01-02T15:04")
	teacher := newBrowserTab(t, desktopScreen)
	var status int64
	var assignmentURL, courseURL, terms, edited string
	runBrowserSteps(t, teacher,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the course form", chromedp.Tasks{browserOpen(ts, "/courses/new", &status), chromedp.WaitVisible(`#course-form`, chromedp.ByQuery)}},
		browserStep{"create a course for 10A1", chromedp.Tasks{
			chromedp.SendKeys(`#title`, "Ngữ văn 10", chromedp.ByQuery),
			chromedp.SetValue(`#subject`, "toan", chromedp.ByQuery),
			chromedp.SetValue(`#grade`, "10", chromedp.ByQuery),
			chromedp.Evaluate(`(() => {
				const c = [...document.querySelectorAll("#course-form label.check")].find(l => l.textContent.includes("10A1"));
				if (!c) throw new Error("no class 10A1");
				c.querySelector("input").click(); return true })()`, nil),
			clickAndLoad(`#course-form button[type=submit]`, &status),
			chromedp.WaitVisible(`#new-assignment`, chromedp.ByQuery), chromedp.Location(&courseURL)}},
		browserStep{"open the assignment form", chromedp.Tasks{clickAndLoad(`#new-assignment`, &status), chromedp.WaitVisible(`#assignment-form`, chromedp.ByQuery)}},
		browserStep{"give an essay", chromedp.Tasks{
			chromedp.SendKeys(`#a-title`, "Bài luận: Mùa thu", chromedp.ByQuery),
			chromedp.SendKeys(`#a-instructions`, "Viết **300 chữ** về mùa thu.", chromedp.ByQuery),
			chromedp.SetValue(`#a-due`, due, chromedp.ByQuery),
			chromedp.SetValue(`#a-types`, "txt, pdf", chromedp.ByQuery),
			clickAndLoad(`#assignment-form button[type=submit]`, &status),
			chromedp.WaitVisible(`#submissions`, chromedp.ByQuery), chromedp.Location(&assignmentURL)}},
		browserStep{"edit it: 10% off late work", chromedp.Tasks{clickAndLoad(`#edit-assignment`, &status), chromedp.WaitVisible(`#assignment-form`, chromedp.ByQuery),
			chromedp.SetValue(`#a-penalty`, "10", chromedp.ByQuery), clickAndLoad(`#assignment-form button[type=submit]`, &status),
			chromedp.WaitVisible(`#submissions`, chromedp.ByQuery), chromedp.Text(`#assignment p.muted`, &terms, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &edited, chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "assignment-teacher.png")},
	)
	if edited != "Đã lưu bài tập." || !strings.Contains(terms, "(−10%)") || !strings.Contains(terms, "Điểm tối đa: 10") {
		t.Fatalf("edit: flash %q, terms %q", edited, terms)
	}
	if status != 200 || !strings.Contains(assignmentURL, "/assignments/") {
		t.Fatalf("assignment page %s (%d)", assignmentURL, status)
	}
	for _, name := range []string{"student1", "student3"} {
		phone := newBrowserTab(t, phoneScreen)
		var flash, version string
		runBrowserSteps(t, phone,
			browserStep{"log in as " + name, chromedp.Tasks{browserLogin(ts, name, demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
			browserStep{"open my study", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery), chromedp.Click(`#nav a[href="/study"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`#due li.due-item a`, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
			browserStep{"open the assignment", chromedp.Tasks{clickAndLoad(`#due li.due-item a`, &status), chromedp.WaitVisible(`#submit-form`, chromedp.ByQuery),
				chromedp.WaitVisible(`#assignment .lesson-body strong`, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
			browserStep{"hand in text and a file", chromedp.Tasks{
				chromedp.SendKeys(`#s-text`, "Em gửi bài ạ.", chromedp.ByQuery),
				chromedp.SetUploadFiles(`#s-file`, []string{essay}, chromedp.ByQuery),
				clickAndLoad(`#submit-button`, &status),
				chromedp.WaitVisible(`#my-work .version`, chromedp.ByQuery),
				chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery),
				chromedp.AttributeValue(`#my-work .version`, "data-version", &version, nil, chromedp.ByQuery),
				noSidewaysScroll(phoneScreen)}},
			browserStep{"screenshot", saveScreenshot(t, dir, "assignment-"+name+"-phone.png")},
		)
		if flash != "Đã nộp bài." || version != "1" {
			t.Fatalf("%s: flash %q, version %q", name, flash, version)
		}
	}
	var dup, first, second, flash string
	var book, avg string
	var marks []string
	runBrowserSteps(t, teacher,
		browserStep{"open the submissions", chromedp.Tasks{chromedp.Navigate(assignmentURL), chromedp.WaitVisible(`#start-grading`, chromedp.ByQuery),
			chromedp.Text(`#submissions tbody`, &dup, chromedp.ByQuery)}},
		browserStep{"grade the first", chromedp.Tasks{clickAndLoad(`#start-grading`, &status), chromedp.WaitVisible(`#grade-form`, chromedp.ByQuery),
			chromedp.Text(`main h1`, &first, chromedp.ByQuery), chromedp.WaitVisible(`#dup-notice`, chromedp.ByQuery),
			chromedp.SendKeys(`#g-score`, "8,5", chromedp.ByQuery), chromedp.SendKeys(`#g-feedback`, "Bài viết giàu cảm xúc.", chromedp.ByQuery),
			clickAndLoad(`#save-grade`, &status), chromedp.WaitVisible(`#grade-form`, chromedp.ByQuery)}},
		browserStep{"grade the next", chromedp.Tasks{chromedp.Text(`main h1`, &second, chromedp.ByQuery), chromedp.WaitVisible(`#prev-sub`, chromedp.ByQuery),
			chromedp.SendKeys(`#g-score`, "7", chromedp.ByQuery), clickAndLoad(`#save-grade`, &status),
			chromedp.WaitVisible(`#current-grade`, chromedp.ByQuery), chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery)}},
		browserStep{"open the gradebook", chromedp.Tasks{browserOpen(ts, strings.TrimPrefix(courseURL, ts.URL)+"/gradebook", &status),
			chromedp.WaitVisible(`#gradebook-table`, chromedp.ByQuery),
			chromedp.Evaluate(`[...document.querySelectorAll("#gradebook-table tbody tr")].map(r => r.querySelector("th").textContent + "=" + r.querySelector("td.mark").textContent)`, &marks)}},
		browserStep{"add a mid-term column and a mark", chromedp.Tasks{
			chromedp.SendKeys(`#col-title`, "Kiểm tra giữa kỳ", chromedp.ByQuery), chromedp.SetValue(`#col-cat`, "midterm", chromedp.ByQuery),
			clickAndLoad(`#column-form button[type=submit]`, &status), chromedp.WaitVisible(`#mark-form`, chromedp.ByQuery),
			chromedp.Evaluate(`(() => {
				const pick = (sel, text) => { const o = [...document.querySelectorAll(sel + " option")].find(o => o.textContent.includes(text));
					if (!o) throw new Error("no option " + text); document.querySelector(sel).value = o.value; };
				pick("#m-user", "Hoàng Gia Bảo"); pick("#m-item", "Kiểm tra giữa kỳ"); return true })()`, nil),
			chromedp.SendKeys(`#m-mark`, "6", chromedp.ByQuery), clickAndLoad(`#mark-form button[type=submit]`, &status),
			chromedp.WaitVisible(`#gradebook-table`, chromedp.ByQuery),
			chromedp.Evaluate(`[...document.querySelectorAll("#gradebook-table tbody tr")].find(r => r.querySelector("th").textContent == "Hoàng Gia Bảo").querySelector("td.avg").textContent`, &avg)}},
		browserStep{"download the XLSX", chromedp.Evaluate(`(async () => {
			const r = await fetch(document.getElementById("export-xlsx").href);
			if (!r.ok) throw new Error("export " + r.status);
			const b = new Uint8Array(await r.arrayBuffer());
			let s = ""; for (const x of b) s += String.fromCharCode(x);
			return btoa(s) })()`, &book, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })},
		browserStep{"screenshot", saveScreenshot(t, dir, "gradebook.png")},
	)
	if !strings.Contains(dup, "Tệp trùng với") || first == second || flash != "Đã lưu điểm." {
		t.Fatalf("grading: duplicates %q, first %q, second %q, flash %q", dup, first, second, flash)
	}
	// student1: essay (regular ×1) and the mid-term 6 (×2): (m + 12) / 3, one decimal.
	wantAvg := map[string]string{"Hoàng Gia Bảo": "6.8"}[first]
	if first != "Hoàng Gia Bảo" {
		wantAvg = "6.3" // (7 + 12) / 3
	}
	if avg != wantAvg {
		t.Fatalf("student1's average %q, want %q", avg, wantAvg)
	}
	got := strings.Join(marks, ";")
	if !strings.Contains(got, first+"=8.5") || !strings.Contains(got, second+"=7.0") {
		t.Fatalf("gradebook marks %q (first %s, second %s)", got, first, second)
	}
	raw, err := base64.StdEncoding.DecodeString(book)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the XLSX export does not open: %v", err)
	}
	rows, err := x.GetRows("Sheet1")
	if err != nil || len(rows) != 3 || !strings.Contains(rows[0][2], "Bài luận: Mùa thu") {
		t.Fatalf("xlsx rows %q %v", rows, err)
	}
	if !strings.Contains(rows[0][3], "Kiểm tra giữa kỳ") {
		t.Fatalf("xlsx header %q", rows[0])
	}
	sheet := map[string]string{rows[1][1]: rows[1][2], rows[2][1]: rows[2][2]}
	if sheet[first] != "8.5" || sheet[second] != "7" {
		t.Fatalf("xlsx marks %v", sheet)
	}

	phone := newBrowserTab(t, phoneScreen)
	var grades string
	runBrowserSteps(t, phone,
		browserStep{"log in as student1", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"see grades at home", chromedp.Tasks{browserOpen(ts, "/study", &status), chromedp.WaitVisible(`#grades`, chromedp.ByQuery),
			chromedp.Text(`#grades`, &grades, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "study-phone.png")},
	)
	mark := map[string]string{"Hoàng Gia Bảo": "8.5", "Lý Thu Hà": "7.0"}["Hoàng Gia Bảo"]
	if first != "Hoàng Gia Bảo" && second != "Hoàng Gia Bảo" {
		t.Fatalf("student1 was not graded: %q %q", first, second)
	}
	if first != "Hoàng Gia Bảo" {
		mark = "7.0"
	}
	if !strings.Contains(grades, mark) || !strings.Contains(grades, "Bài luận: Mùa thu") {
		t.Fatalf("student1's grades: %q", grades)
	}
	// parent1, student1's guardian, reads the same on a phone, and cannot hand in.
	parent := newBrowserTab(t, phoneScreen)
	var title, childGrades string
	var forms int
	runBrowserSteps(t, parent,
		browserStep{"log in as parent1", chromedp.Tasks{browserLogin(ts, "parent1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the child's study", chromedp.Tasks{chromedp.Click(`.menu-toggle`, chromedp.ByQuery), chromedp.Click(`#nav a[href="/study"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#grades`, chromedp.ByQuery), chromedp.Text(`main h1`, &title, chromedp.ByQuery),
			chromedp.Text(`#grades`, &childGrades, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
		browserStep{"open the assignment read-only", chromedp.Tasks{chromedp.Navigate(assignmentURL), chromedp.WaitVisible(`#my-work .version`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll("#submit-form").length`, &forms)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "study-parent-phone.png")},
	)
	if !strings.Contains(title, "Hoàng Gia Bảo") || !strings.Contains(childGrades, mark) || forms != 0 {
		t.Fatalf("parent: title %q, grades %q, submit forms %d", title, childGrades, forms)
	}
}

// TestBrowserGroupAssignment: teacher1 puts student1 and student3 in one group on a
// phone; student3 hands in for the group; student1 sees the group's work.
func TestBrowserGroupAssignment(t *testing.T) {
	ts := newGradeServer(t)
	addClassmate(t, ts)
	t1 := ts.login(t, "teacher1")
	var c, as struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Lịch sử 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &c); st != 201 {
		t.Fatalf("course: %d %s", st, body)
	}
	if st, body := t1.do("POST", "/api/v1/courses/"+strconv.FormatInt(c.ID, 10)+"/assignments", map[string]any{"title": "Dự án nhóm", "group": true}, &as); st != 201 {
		t.Fatalf("assignment: %d %s", st, body)
	}
	path := "/assignments/" + strconv.FormatInt(as.ID, 10)
	var status int64
	var flash, work string
	teacher := newBrowserTab(t, phoneScreen)
	runBrowserSteps(t, teacher,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"put both in Nhóm A", chromedp.Tasks{browserOpen(ts, path, &status), chromedp.WaitVisible(`#groups-form`, chromedp.ByQuery), noSidewaysScroll(phoneScreen),
			chromedp.Evaluate(`document.querySelectorAll("#groups-form input").forEach(i => i.value = "Nhóm A"); document.querySelectorAll("#groups-form input").length`, nil),
			clickAndLoad(`#groups-form button[type=submit]`, &status), chromedp.WaitVisible(`#groups-form`, chromedp.ByQuery),
			chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery)}},
	)
	if flash != "Đã lưu nhóm." {
		t.Fatalf("groups: flash %q", flash)
	}
	var news string
	runBrowserSteps(t, teacher,
		browserStep{"post an announcement", chromedp.Tasks{browserOpen(ts, "/courses/"+strconv.FormatInt(c.ID, 10)+"/announcements", &status),
			chromedp.WaitVisible(`#announce-form`, chromedp.ByQuery), chromedp.SendKeys(`#an-title`, "Nộp dự án trước thứ Sáu", chromedp.ByQuery),
			chromedp.SendKeys(`#an-body`, "Mỗi nhóm nộp **một** bài.", chromedp.ByQuery), clickAndLoad(`#announce-form button[type=submit]`, &status),
			chromedp.WaitVisible(`article.announcement strong`, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
	)
	s3 := newBrowserTab(t, phoneScreen)
	runBrowserSteps(t, s3,
		browserStep{"log in and read the news", chromedp.Tasks{browserLogin(ts, "student3", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery),
			browserOpen(ts, "/study", &status), chromedp.WaitVisible(`#news`, chromedp.ByQuery), chromedp.Text(`#news`, &news, chromedp.ByQuery)}},
		browserStep{"hand in for the group", chromedp.Tasks{browserOpen(ts, path, &status), chromedp.WaitVisible(`#submit-form`, chromedp.ByQuery),
			chromedp.SendKeys(`#s-text`, "Bài của nhóm A", chromedp.ByQuery), clickAndLoad(`#submit-button`, &status),
			chromedp.WaitVisible(`#my-work .version`, chromedp.ByQuery)}},
	)
	s1 := newBrowserTab(t, phoneScreen)
	runBrowserSteps(t, s1,
		browserStep{"log in as student1", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"see the group's work", chromedp.Tasks{browserOpen(ts, path, &status), chromedp.WaitVisible(`#my-work .version`, chromedp.ByQuery),
			chromedp.Text(`#my-work`, &work, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
	)
	if !strings.Contains(news, "Nộp dự án trước thứ Sáu") {
		t.Fatalf("student3's news: %q", news)
	}
	if !strings.Contains(work, "Bài của nhóm A") {
		t.Fatalf("student1 sees %q", work)
	}
}
