package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hoclieu/hoclieu/lms/gradebook"
)

// TestBrowserGradebookWeights: teacher1 changes the final's weight on a phone; the
// average is recomputed, the change is in the audit, a bad weight is refused with
// the form's error, the form reads in English too, and only teachers may use the API.
func TestBrowserGradebookWeights(t *testing.T) {
	ts := newGradeServer(t)
	t1, s1 := ts.login(t, "teacher1"), ts.login(t, "student1")
	var c struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Vật lý 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &c); st != 201 {
		t.Fatalf("course: %d %s", st, body)
	}
	base := fmt.Sprintf("/api/v1/courses/%d/gradebook", c.ID)
	var book gradebook.Book
	for _, col := range []struct {
		cat  string
		mark float64
	}{{"regular", 8}, {"final", 5}} {
		var added struct{ ID int64 }
		if st, body := t1.do("POST", base+"/columns", map[string]any{"title": "Cột " + col.cat, "category": col.cat}, &added); st != 200 {
			t.Fatalf("column: %d %s", st, body)
		}
		if st, body := t1.do("GET", base, nil, &book); st != 200 || len(book.Rows) == 0 {
			t.Fatalf("book: %d %s", st, body)
		}
		if st, body := t1.do("PUT", base+"/marks", map[string]any{"item_id": added.ID, "user_id": s1ID(t, book), "mark": col.mark}, nil); st != 200 {
			t.Fatalf("mark: %d %s", st, body)
		}
	}
	row := fmt.Sprintf(`#gradebook-table tr[data-user="%d"] td.avg`, s1ID(t, book))
	dir := browserShotDir(t)
	phone := newBrowserTab(t, phoneScreen)
	var status int64
	var before, after, flash, change, errText, heading string
	runBrowserSteps(t, phone,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the gradebook", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/courses/%d/gradebook", c.ID), &status),
			chromedp.WaitVisible(`#weights-form`, chromedp.ByQuery), chromedp.Text(row, &before, chromedp.ByQuery), noSidewaysScroll(phoneScreen)}},
		browserStep{"set the final's weight to 1,5", chromedp.Tasks{chromedp.Evaluate(`document.getElementById("w-final").value = ""`, nil),
			chromedp.SendKeys(`#w-final`, "1,5", chromedp.ByQuery), clickAndLoad(`#weights-form button[type=submit]`, &status),
			chromedp.WaitVisible(`main p.flash`, chromedp.ByQuery), chromedp.Text(`main p.flash`, &flash, chromedp.ByQuery),
			chromedp.Text(row, &after, chromedp.ByQuery), chromedp.TextContent(`#audit li.weight-change`, &change, chromedp.ByQuery),
			noSidewaysScroll(phoneScreen)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "gradebook-weights-phone.png")},
		browserStep{"a weight of 0 is refused", chromedp.Tasks{chromedp.Evaluate(`document.getElementById("w-regular").value = "0"`, nil),
			clickAndLoad(`#weights-form button[type=submit]`, &status), chromedp.WaitVisible(`#form-error`, chromedp.ByQuery),
			chromedp.Text(`#form-error`, &errText, chromedp.ByQuery)}},
		browserStep{"read it in English", chromedp.Tasks{browserOpen(ts, fmt.Sprintf("/courses/%d/gradebook", c.ID), &status),
			chromedp.Click(`a.lang[hreflang=en]`, chromedp.ByQuery), chromedp.WaitVisible(`html[lang=en] #weights-form`, chromedp.ByQuery),
			chromedp.Text(`#weights-form h2`, &heading, chromedp.ByQuery)}},
	)
	// (8*1 + 5*3) / 4 = 5.75; with the final x1.5: (8 + 7.5) / 2.5 = 6.2.
	if before != "5.8" || after != "6.2" || flash != "Đã lưu hệ số, điểm trung bình đã được tính lại." {
		t.Fatalf("average before %q, after %q, flash %q", before, after, flash)
	}
	if !strings.Contains(change, "Cuối kỳ") || !strings.Contains(change, "×3 → ×1.5") {
		t.Fatalf("audit line %q", change)
	}
	if status != 200 || heading != "Category weights" || errText != "Hệ số là một số từ 0,01 đến 100." {
		t.Fatalf("bad weight error %q; English heading %q (%d)", errText, heading, status)
	}
	if st, body := s1.do("PUT", base+"/weights", map[string]any{"weights": map[string]float64{"final": 9}}, nil); st != 403 && st != 404 {
		t.Fatalf("student sets weights: %d %s", st, body)
	}
	if st, body := t1.do("PUT", base+"/weights", map[string]any{"weights": map[string]float64{"final": 3}}, &book); st != 200 || *book.Rows[0].Average != 5.8 {
		t.Fatalf("weights by API: %d %s", st, body)
	}
}

func s1ID(t *testing.T, b gradebook.Book) int64 {
	t.Helper()
	for _, r := range b.Rows {
		if r.Name == "Hoàng Gia Bảo" {
			return r.UserID
		}
	}
	t.Fatalf("student1 is not in the gradebook: %+v", b.Rows)
	return 0
}
