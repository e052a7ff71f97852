package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCatalogImport: on a 360 px phone librarian1 uploads a MARC file with
// one damaged record appended, watches the import finish (the page updates itself),
// reads why the damaged record was refused; then a student of another school finds
// a record of the union catalog by typing without tone marks, opens it and reads it,
// in Vietnamese and in English.
func TestBrowserCatalogImport(t *testing.T) {
	ts := newTestServerOpts(t, testOptions{catalogJobs: true})
	dir := browserShotDir(t)
	file := filepath.Join(t.TempDir(), "thu-vien-le-quy-don.mrc")
	// A record cut short after its leader: its length says 500 bytes, 60 follow.
	damaged := []byte("00500nam a2200037 a 4500" + strings.Repeat("0", 36))
	if err := os.WriteFile(file, append(vietnameseMARC(t), damaged...), 0o644); err != nil {
		t.Fatal(err)
	}
	tab := newBrowserTab(t, phoneScreen)
	var status int64
	var done, refused, list, hits, record, english string
	runBrowserSteps(t, tab,
		browserStep{"log in as librarian1", chromedp.Tasks{browserLogin(ts, "librarian1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the catalog", chromedp.Tasks{browserOpen(ts, "/catalog", &status), chromedp.WaitVisible(`#catalog-import-form`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"upload the file", chromedp.Tasks{chromedp.SetUploadFiles(`#catalog-file`, []string{file}, chromedp.ByQuery),
			chromedp.Click(`#catalog-import-form button[type=submit]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#catalog-import`, chromedp.ByQuery)}},
		browserStep{"watch it finish", chromedp.Tasks{chromedp.WaitVisible(`#import-done`, chromedp.ByQuery),
			chromedp.Text(`#import-done`, &done, chromedp.ByQuery), chromedp.Text(`#import-refusals`, &refused, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "catalog-import.png")},
		browserStep{"see the records", chromedp.Tasks{clickAndLoad(`a.button[href^="/catalog?org="]`, &status),
			chromedp.Text(`#catalog-records`, &list, chromedp.ByQuery)}},
	)
	if !strings.Contains(done, "3 biểu ghi mới") || !strings.Contains(done, "1 bị từ chối") {
		t.Fatalf("import result: %q", done)
	}
	if !strings.Contains(refused, "Biểu ghi 4") {
		t.Fatalf("refusals: %q", refused)
	}
	if !strings.Contains(list, "Truyện Kiều") || !strings.Contains(list, "Nguyễn Du") || strings.Count(list, "Sách") != 3 {
		t.Fatalf("records: %q", list)
	}

	tab2 := newBrowserTab(t, phoneScreen)
	runBrowserSteps(t, tab2,
		browserStep{"log in as student2", chromedp.Tasks{browserLogin(ts, "student2", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the e-library", chromedp.Tasks{browserOpen(ts, "/catalog", &status), chromedp.WaitVisible(`#catalog-q`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "catalog.png")},
		browserStep{"search it without marks", chromedp.Tasks{chromedp.SendKeys(`#catalog-q`, "truyen kieu", chromedp.ByQuery),
			clickAndLoad(`#catalog-search button[type=submit]`, &status),
			chromedp.WaitVisible(`main`, chromedp.ByQuery), chromedp.Text(`main`, &hits, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"open the record", chromedp.Tasks{clickAndLoad(`a[href^="/catalog/records/"]`, &status),
			chromedp.WaitVisible(`#catalog-record`, chromedp.ByQuery), chromedp.Text(`#catalog-record`, &record, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"screenshot", saveScreenshot(t, dir, "catalog-record.png")},
		browserStep{"in English", chromedp.Tasks{clickAndLoad(`a.lang`, &status), chromedp.WaitVisible(`#catalog-record`, chromedp.ByQuery),
			chromedp.Text(`#catalog-record`, &english, chromedp.ByQuery)}},
	)
	if !strings.Contains(hits, "Truyện Kiều") || !strings.Contains(hits, "Biểu ghi thư viện") {
		t.Fatalf("search page: %q", hits)
	}
	if status != 200 || !strings.Contains(record, "Nguyễn Du") || !strings.Contains(record, "Giáo dục Việt Nam") || !strings.Contains(record, "Văn học Việt Nam") {
		t.Fatalf("record page (%d): %q", status, record)
	}
	if !strings.Contains(english, "Authors") || !strings.Contains(english, "Book") || !strings.Contains(english, "Whole city") {
		t.Fatalf("record page in English: %q", english)
	}
}
