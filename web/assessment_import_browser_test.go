package web_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestBrowserImportQuestions: on a 360 px phone teacher1 uploads a CSV with a bad
// third line (told which line and why, nothing added), then the fixed file (two
// questions added); the API takes an XLSX workbook the same way.
func TestBrowserImportQuestions(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	files := t.TempDir()
	head := "loai,mon,lop,muc_do,cau_hoi,A,B,C,dap_an\n"
	bad := filepath.Join(files, "sai.csv")
	good := filepath.Join(files, "dung.csv")
	if err := os.WriteFile(bad, []byte(head+"trắc nghiệm,toan,10,nhận biết,Nhập một?,a,b,c,B\ntrắc nghiệm,toan,10,nhận biết,Nhập hai?,a,b,c,E\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(head+"trắc nghiệm,toan,10,nhận biết,Nhập một?,a,b,c,B\nđúng sai,toan,10,thông hiểu,Nhập hai là đúng.,,,,Đ\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tab := newBrowserTab(t, phoneScreen)
	var status int64
	var errorsText, done, list string
	runBrowserSteps(t, tab,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the bank", chromedp.Tasks{browserOpen(ts, "/questions", &status), chromedp.WaitVisible(`#import-link`, chromedp.ByQuery)}},
		browserStep{"open the import page", chromedp.Tasks{clickAndLoad(`#import-link`, &status), chromedp.WaitVisible(`#import-form`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"upload the bad file", chromedp.Tasks{chromedp.SetUploadFiles(`#file`, []string{bad}, chromedp.ByQuery),
			clickAndLoad(`#import-form button[type=submit]`, &status), chromedp.WaitVisible(`#import-errors`, chromedp.ByQuery),
			chromedp.Text(`#import-errors`, &errorsText, chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "import-errors.png")},
		browserStep{"upload the fixed file", chromedp.Tasks{chromedp.SetUploadFiles(`#file`, []string{good}, chromedp.ByQuery),
			clickAndLoad(`#import-form button[type=submit]`, &status), chromedp.WaitVisible(`#import-done`, chromedp.ByQuery),
			chromedp.Text(`#import-done`, &done, chromedp.ByQuery)}},
		browserStep{"see them in the bank", chromedp.Tasks{browserOpen(ts, "/questions?mine=1", &status), chromedp.Text(`ul.questions`, &list, chromedp.ByQuery)}},
	)
	if !strings.Contains(errorsText, "Dòng 3") || !strings.Contains(errorsText, `"E"`) || !strings.Contains(errorsText, "Chưa câu nào được thêm") {
		t.Fatalf("errors shown: %q", errorsText)
	}
	if !strings.Contains(done, "Đã thêm 2 câu hỏi") || strings.Count(list, "Nhập") != 2 {
		t.Fatalf("after the import: %q, bank:\n%s", done, list)
	}

	f := excelize.NewFile()
	for i, r := range [][]any{{"type", "subject", "grade", "level", "stem", "key"}, {"numeric", "vat-ly", 10, "application", "g = ?", 9.8}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var xlsx bytes.Buffer
	if err := f.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	api := ts.login(t, "teacher1")
	var out struct {
		IDs []int64 `json:"ids"`
	}
	if st, resp := api.do("POST", "/api/v1/questions/import", xlsx.Bytes(), &out); st != http.StatusCreated || len(out.IDs) != 1 {
		t.Fatalf("xlsx import: %d %s", st, resp)
	}
	if st, resp := api.do("POST", "/api/v1/questions/import", []byte("type,subject\nx,y\n"), nil); st != http.StatusBadRequest || !strings.Contains(resp, `"line":1`) {
		t.Fatalf("bad header: %d %s", st, resp)
	}
}
