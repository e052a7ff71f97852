package web_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// publish creates a resource through the API as teacher1, uploads a file and, when
// review is true, has reviewer1 approve it. It returns the resource id.
func publish(t *testing.T, teacher, reviewer *client, fields map[string]any, review bool) int64 {
	t.Helper()
	var created struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/resources", fields, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	body, ctype := multipartBody(t, map[string][]byte{"bai-giang.pdf": append([]byte(fmt.Sprint(fields["title"])), fakePDF...)}, nil)
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, nil, "Content-Type", ctype); st != 201 {
		t.Fatalf("upload: %d %s", st, resp)
	}
	if !review {
		return created.ID
	}
	var submitted struct {
		ReviewID int64 `json:"review_id"`
	}
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/submit", created.ID), nil, &submitted); st != 200 {
		t.Fatalf("submit: %d %s", st, resp)
	}
	if st, resp := reviewer.do("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", submitted.ReviewID), map[string]string{"decision": "approve"}, nil); st != 200 {
		t.Fatalf("approve: %d %s", st, resp)
	}
	return created.ID
}

type searchAnswer struct {
	Total int `json:"total"`
	Hits  []struct {
		Type      string `json:"type"`
		ID        int64  `json:"id"`
		Title     string `json:"title"`
		Highlight string `json:"highlight"`
	} `json:"hits"`
	Facets       map[string]map[string]int `json:"facets"`
	Relaxed      bool                      `json:"relaxed"`
	MatchedWords int                       `json:"matched_words"`
}

func TestSearchAPI(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	teacher, reviewer := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	student, other, teacher2 := ts.login(t, "student1"), ts.login(t, "student2"), ts.login(t, "teacher2")
	id := publish(t, teacher, reviewer, map[string]any{"title": "Phương trình bậc hai", "type": "slides", "subject": "toan",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0", "description": "Công thức nghiệm của phương trình bậc hai"}, true)
	publish(t, teacher, reviewer, map[string]any{"title": "Phương trình riêng tư", "type": "slides", "subject": "toan",
		"grades": []int{10}, "scope": "private", "licence": "CC BY 4.0"}, true)
	publish(t, teacher2, nil, map[string]any{"title": "Phương trình nháp của trường khác", "type": "worksheet", "subject": "toan",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0"}, false)

	get := func(c *client, path string) searchAnswer {
		t.Helper()
		var a searchAnswer
		if st, body := c.do("GET", path, nil, &a); st != 200 {
			t.Fatalf("GET %s: %d %s", path, st, body)
		}
		return a
	}
	q := "/api/v1/search?q=" + url.QueryEscape("phuong trinh")
	a := get(student, q)
	if a.Total != 1 || len(a.Hits) != 1 || a.Hits[0].ID != id || a.Hits[0].Type != "resource" || a.Facets["subject"]["toan"] != 1 {
		t.Fatalf("student1: %+v", a)
	}
	if !strings.Contains(a.Hits[0].Highlight, "<mark>phương</mark> <mark>trình</mark>") {
		t.Errorf("highlight %q", a.Hits[0].Highlight)
	}
	if a := get(teacher, q); a.Total != 2 || a.Facets["kind"]["slides"] != 2 {
		t.Errorf("teacher1 sees %d (%v), want their two", a.Total, a.Facets)
	}
	// School 2 sees neither school 1's resources nor their counts.
	if a := get(other, q); a.Total != 0 || len(a.Hits) != 0 || len(a.Facets["subject"]) != 0 {
		t.Errorf("student2 sees %+v", a)
	}
	if a := get(teacher2, q); a.Total != 1 || a.Facets["org"] == nil || a.Hits[0].Title != "Phương trình nháp của trường khác" {
		t.Errorf("teacher2 sees %+v", a)
	}
	if a := get(student, q+"&subject=vat-ly"); a.Total != 0 {
		t.Errorf("subject filter: %+v", a)
	}
	if a := get(student, q+"&grade=10&type=resource&page=1"); a.Total != 1 {
		t.Errorf("grade filter: %+v", a)
	}
	if a := get(student, "/api/v1/search?q="+url.QueryEscape("phương trình newton")); !a.Relaxed || a.MatchedWords != 2 || a.Total != 1 {
		t.Errorf("fallback: %+v", a)
	}
	if st, body := student.do("GET", "/api/v1/search?q=x&grade=abc", nil, nil); st != 400 || !strings.Contains(body, "grade") {
		t.Errorf("bad grade: %d %s", st, body)
	}
	// Out of range: each refusal names its own field, in the user's language.
	for param, want := range map[string]string{"grade=13": "Lớp từ 1 đến 12", "page=501": "Chọn trang từ 1 đến 500"} {
		if st, body := student.do("GET", "/api/v1/search?q=x&"+param, nil, nil); st != 400 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %s, want %q", param, st, body, want)
		}
	}
	if st, body := student.do("GET", "/api/v1/search?q=%ff%fe", nil, nil); st != 400 || !strings.Contains(body, "không phải văn bản UTF-8") {
		t.Errorf("query that is not UTF-8: %d %s", st, body)
	}
	if st, _ := ts.client(t).do("GET", q, nil, nil); st != 401 {
		t.Errorf("anonymous search: %d", st)
	}
	var sugg struct {
		Suggestions []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"suggestions"`
	}
	if st, body := student.do("GET", "/api/v1/search/suggest?q="+url.QueryEscape("phuong tr"), nil, &sugg); st != 200 || len(sugg.Suggestions) != 1 || sugg.Suggestions[0].ID != id {
		t.Errorf("suggest: %d %s", st, body)
	}
	st, page := student.do("GET", "/search?q="+url.QueryEscape("phuong trinh"), nil, nil, "Accept", "text/html")
	if st != 200 || !strings.Contains(page, "<mark>Phương</mark> <mark>trình</mark> bậc hai") || !strings.Contains(page, "subject=toan") {
		t.Errorf("search page: %d\n%s", st, page)
	}
}

// TestBrowserSearchOnPhone: a student on a phone types without marks, picks up a
// suggestion as they type, searches, and sees the accented title highlighted.
func TestBrowserSearchOnPhone(t *testing.T) {
	ts := newTestServer(t)
	teacher, reviewer := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	publish(t, teacher, reviewer, map[string]any{"title": "Định luật Newton về chuyển động", "type": "lesson", "subject": "vat-ly",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0", "description": "Ba định luật của Newton và bài tập vận dụng."}, true)
	ctx := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	var marked, suggestion string
	runBrowserSteps(t, ctx,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`#top-q`, chromedp.ByQuery)}},
		browserStep{"type without marks", chromedp.Tasks{chromedp.SendKeys(`#top-q`, "dinh luat", chromedp.ByQuery),
			chromedp.WaitVisible(`#top-suggest a`, chromedp.ByQuery), chromedp.Text(`#top-suggest a`, &suggestion, chromedp.ByQuery)}},
		browserStep{"screenshot suggestions", saveScreenshot(t, dir, "search-suggest.png")},
		browserStep{"search", chromedp.Tasks{chromedp.Submit(`#top-q`, chromedp.ByQuery), chromedp.WaitVisible(`.search-hit mark`, chromedp.ByQuery),
			chromedp.Text(`.search-hit h2`, &marked, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot results", saveScreenshot(t, dir, "search-results.png")},
	)
	if suggestion != "Định luật Newton về chuyển động" {
		t.Errorf("suggestion %q", suggestion)
	}
	if marked != "Định luật Newton về chuyển động" {
		t.Errorf("hit title %q", marked)
	}
	var marks []string
	runBrowserSteps(t, ctx, browserStep{"read the marks", chromedp.Evaluate(`Array.from(document.querySelectorAll('.search-hit h2 mark')).map(m => m.textContent)`, &marks)})
	if strings.Join(marks, " ") != "Định luật" {
		t.Errorf("marked words %v, want the accented Định luật", marks)
	}
}

// Questions of the bank are found by the same search, by their author only while
// drafts, and lead to their page; another school neither finds nor opens them.
func TestSearchQuestions(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	teacher, teacher2 := ts.login(t, "teacher1"), ts.login(t, "teacher2")
	var created struct{ ID int64 }
	in := map[string]any{"type": "single_choice", "stem": "Nghiệm của phương trình x² = 4 là?", "subject": "toan", "grade": 9,
		"level": "recognition", "scope": "school", "options": []map[string]any{{"text": "x = ±2", "correct": true}, {"text": "x = 4"}}}
	if st, body := teacher.do("POST", "/api/v1/questions", in, &created); st != 201 {
		t.Fatalf("create question: %d %s", st, body)
	}
	var a searchAnswer
	if st, body := teacher.do("GET", "/api/v1/search?type=question&q="+url.QueryEscape("nghiem phuong trinh"), nil, &a); st != 200 ||
		a.Total != 1 || a.Hits[0].Type != "question" || a.Hits[0].ID != created.ID || a.Facets["type"]["question"] != 1 {
		t.Fatalf("teacher1 search: %d %s", st, body)
	}
	st, page := teacher.do("GET", "/search?q="+url.QueryEscape("nghiem phuong trinh"), nil, nil, "Accept", "text/html")
	link := fmt.Sprintf(`href="/questions/%d"`, created.ID)
	if st != 200 || !strings.Contains(page, link) {
		t.Fatalf("search page lacks %s: %d", link, st)
	}
	if st, page := teacher.do("GET", fmt.Sprintf("/questions/%d", created.ID), nil, nil, "Accept", "text/html"); st != 200 || !strings.Contains(page, "x² = 4") {
		t.Errorf("question page: %d", st)
	}
	if st, body := teacher2.do("GET", "/api/v1/search?q="+url.QueryEscape("nghiem phuong trinh"), nil, &a); st != 200 || a.Total != 0 {
		t.Errorf("teacher2 finds school 1's question: %s", body)
	}
	if st, _ := teacher2.do("GET", fmt.Sprintf("/questions/%d", created.ID), nil, nil, "Accept", "text/html"); st != 404 {
		t.Errorf("teacher2 opens school 1's question: %d", st)
	}
}

// TestBrowserSearchByDateOnPhone: on a phone, a student switches the results to
// newest first and back: the newer lesson comes first, then relevance again puts the
// closer title first.
func TestBrowserSearchByDateOnPhone(t *testing.T) {
	ts := newTestServer(t)
	teacher, reviewer := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	for _, title := range []string{"Định luật Ôm", "Bài tập vận dụng định luật Ôm cho đoạn mạch nối tiếp"} { // the second is newer
		publish(t, teacher, reviewer, map[string]any{"title": title, "type": "lesson", "subject": "vat-ly",
			"grades": []int{11}, "scope": "school", "licence": "CC BY 4.0"}, true)
	}
	ctx := newBrowserTab(t, phoneScreen)
	dir := browserShotDir(t)
	titles := func(out *[]string) chromedp.Action {
		return chromedp.Evaluate(`Array.from(document.querySelectorAll('.search-hit h2')).map(h => h.textContent.trim())`, out)
	}
	var byRelevance, byDate, again []string
	runBrowserSteps(t, ctx,
		browserStep{"log in", chromedp.Tasks{browserLogin(ts, "student1", demoPassword), chromedp.WaitVisible(`#top-q`, chromedp.ByQuery)}},
		browserStep{"search", chromedp.Tasks{chromedp.Navigate(ts.URL + "/search?q=dinh+luat+om"), chromedp.WaitVisible(`.search-hit`, chromedp.ByQuery), titles(&byRelevance)}},
		browserStep{"newest first", chromedp.Tasks{chromedp.Click(`.search-summary a[href*="sort=date"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`.search-summary a:not([href*="sort=date"])`, chromedp.ByQuery), titles(&byDate)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "search-by-date.png")},
		browserStep{"by relevance again", chromedp.Tasks{chromedp.Click(`.search-summary a`, chromedp.ByQuery),
			chromedp.WaitVisible(`.search-summary a[href*="sort=date"]`, chromedp.ByQuery), titles(&again)}},
	)
	short, long := "Định luật Ôm", "Bài tập vận dụng định luật Ôm cho đoạn mạch nối tiếp"
	if !slices.Equal(byRelevance, []string{short, long}) || !slices.Equal(again, byRelevance) {
		t.Errorf("by relevance %q, again %q: want the closer title first", byRelevance, again)
	}
	if !slices.Equal(byDate, []string{long, short}) {
		t.Errorf("newest first %q: want the newer lesson first", byDate)
	}
}
