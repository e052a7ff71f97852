package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// publishedResource creates, uploads, submits and approves a resource of teacher1
// through the API and returns its id.
func publishedResource(t *testing.T, ts *testServer, title string) int64 {
	t.Helper()
	teacher, reviewer := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	var created struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/resources", map[string]any{"title": title, "type": "worksheet", "subject": "toan",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0"}, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	body, ctype := multipartBody(t, map[string][]byte{"phieu.pdf": fakePDF}, nil)
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, nil, "Content-Type", ctype); st != 201 {
		t.Fatalf("upload: %d %s", st, resp)
	}
	var sub struct {
		ReviewID int64 `json:"review_id"`
	}
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/submit", created.ID), nil, &sub); st != 200 {
		t.Fatalf("submit: %d %s", st, resp)
	}
	if st, resp := reviewer.do("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", sub.ReviewID), map[string]string{"decision": "approve"}, nil); st != 200 {
		t.Fatalf("approve: %d %s", st, resp)
	}
	return created.ID
}

// TestBrowserCollections: on a phone, a teacher makes a collection shared with the
// school and adds a published worksheet from its page; a student of the school
// finds the collection and the worksheet, a student of another school finds
// nothing, and the teacher's resource page shows the views by school.
func TestBrowserCollections(t *testing.T) {
	ts := newTestServer(t)
	rid := publishedResource(t, ts, "Phiếu bài tập hàm số")
	resURL := fmt.Sprintf("%s/resources/%d", ts.URL, rid)
	teacher := newBrowserTab(t, phoneScreen)
	var colURL, colText string
	runBrowserSteps(t, teacher,
		browserStep{"teacher logs in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		browserStep{"teacher creates a collection shared with the school", chromedp.Tasks{
			chromedp.Navigate(ts.URL + "/collections"), chromedp.WaitVisible(`#col-title`),
			chromedp.SendKeys(`#col-title`, "Ôn thi học kì 1"), chromedp.SetValue(`#col-scope`, "school"),
			chromedp.Click(`#collection-form button[type=submit]`), chromedp.WaitVisible(`p.flash`), chromedp.Location(&colURL)}},
		browserStep{"teacher adds the worksheet from its page", chromedp.Tasks{
			chromedp.Navigate(resURL), chromedp.WaitVisible(`#add-to-collection`),
			chromedp.Click(`#add-to-collection button`), chromedp.WaitVisible(`p.flash`)}},
	)
	// colURL is known only now.
	runBrowserSteps(t, teacher,
		browserStep{"the collection lists it", chromedp.Tasks{chromedp.Navigate(colURL), chromedp.WaitVisible(`ul.resources`),
			chromedp.Text(`main`, &colText)}},
		browserStep{"the collection page fits a phone", noSidewaysScroll(phoneScreen)},
	)
	if !strings.Contains(colText, "Phiếu bài tập hàm số") || !strings.Contains(colText, "Trong trường") {
		t.Fatalf("collection page: %s", colText)
	}

	student := newBrowserTab(t, phoneScreen)
	var list, seen string
	runBrowserSteps(t, student,
		browserStep{"student logs in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		browserStep{"student finds the collection", chromedp.Tasks{chromedp.Navigate(ts.URL + "/collections"), chromedp.WaitReady(`ul.collections`),
			chromedp.Text(`ul.collections`, &list), chromedp.Click(`ul.collections a`), chromedp.WaitReady(`ul.resources`),
			chromedp.Text(`ul.resources`, &seen)}},
		browserStep{"student opens the worksheet", chromedp.Tasks{chromedp.Navigate(resURL), chromedp.WaitReady(`h1`)}},
	)
	if !strings.Contains(list, "Ôn thi học kì 1") || !strings.Contains(seen, "Phiếu bài tập hàm số") {
		t.Fatalf("student sees %q / %q", list, seen)
	}

	other := newBrowserTab(t, phoneScreen)
	var otherList string
	runBrowserSteps(t, other,
		browserStep{"student of another school logs in", chromedp.Tasks{browserLogin(ts, "student2", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		browserStep{"they find no collection", chromedp.Tasks{chromedp.Navigate(ts.URL + "/collections"), chromedp.WaitReady(`ul.collections`),
			chromedp.Text(`ul.collections`, &otherList)}},
	)
	if strings.Contains(otherList, "Ôn thi") {
		t.Fatalf("school B sees school A's collection: %s", otherList)
	}

	var stats string
	runBrowserSteps(t, teacher,
		browserStep{"teacher reads the views by school", chromedp.Tasks{chromedp.Navigate(resURL), chromedp.WaitReady(`#stats`),
			chromedp.Text(`#stats`, &stats)}},
	)
	if !strings.Contains(stats, "Trường THPT Lê Quý Đôn") {
		t.Fatalf("statistics: %s", stats)
	}
}
