package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hoclieu/hoclieu/content-standards/qti"
)

func qtiTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "content-standards", "qti", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAPIImportQTI: over HTTP a teacher imports a QTI 2.1 item and an IMS content
// package, downloads an item back as QTI that parses to the same question, and is
// refused an entity bomb with a clear error; school B's teacher cannot download
// school A's private question.
func TestAPIImportQTI(t *testing.T) {
	ts := newTestServer(t)
	api := ts.login(t, "teacher1")
	var out struct {
		IDs []int64 `json:"ids"`
	}
	q := "/api/v1/questions/import?subject=toan&grade=10&level=comprehension"
	if st, resp := api.do("POST", q, qtiTestdata(t, "choice.xml"), &out, "Content-Type", "application/xml"); st != http.StatusCreated || len(out.IDs) != 1 {
		t.Fatalf("xml import: %d %s", st, resp)
	}
	var pkg bytes.Buffer
	zw := zip.NewWriter(&pkg)
	for name, file := range map[string]string{"q/essay.xml": "extended_text.xml", "q/match.xml": "match.xml"} {
		w, _ := zw.Create(name)
		_, _ = w.Write(qtiTestdata(t, file))
	}
	w, _ := zw.Create("imsmanifest.xml")
	_, _ = w.Write([]byte(`<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>` +
		`<resource identifier="a" type="imsqti_item_xmlv2p1" href="q/essay.xml"/><resource identifier="b" type="imsqti_item_xmlv2p1" href="q/match.xml"/>` +
		`</resources></manifest>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.IDs = nil
	if st, resp := api.do("POST", q, pkg.Bytes(), &out, "Content-Type", "application/zip"); st != http.StatusCreated || len(out.IDs) != 2 {
		t.Fatalf("zip import: %d %s", st, resp)
	}
	st, doc := api.do("GET", fmt.Sprintf("/api/v1/questions/%d/qti", out.IDs[1]), nil, nil)
	if st != http.StatusOK {
		t.Fatalf("export: %d %s", st, doc)
	}
	item, err := qti.Parse([]byte(doc))
	if err != nil || item.Kind != qti.Match || len(item.Pairs) != 4 || item.Pairs[0] != (qti.Pair{Left: "Capulet", Right: "Romeo and Juliet"}) {
		t.Fatalf("exported %+v %v\n%s", item, err, doc)
	}
	if st, resp := api.do("POST", q, qtiTestdata(t, "entity_bomb.xml"), nil, "Content-Type", "application/xml"); st != http.StatusBadRequest || !strings.Contains(resp, "DOCTYPE") {
		t.Fatalf("entity bomb: %d %s", st, resp)
	}
	if st, resp := ts.login(t, "teacher2").do("GET", fmt.Sprintf("/api/v1/questions/%d/qti", out.IDs[0]), nil, nil); st != http.StatusNotFound {
		t.Fatalf("school B exports school A's question: %d %s", st, resp)
	}
}

// TestBrowserImportQTI: on a 360 px phone teacher1 uploads the spec's "Unattended
// Luggage" QTI item with a subject and level picked, and finds it in the bank with a
// QTI download link.
func TestBrowserImportQTI(t *testing.T) {
	ts := newTestServer(t)
	dir := browserShotDir(t)
	file := filepath.Join(t.TempDir(), "choice.xml")
	if err := os.WriteFile(file, qtiTestdata(t, "choice.xml"), 0o644); err != nil {
		t.Fatal(err)
	}
	tab := newBrowserTab(t, phoneScreen)
	var status int64
	var done, list, href string
	var ok bool
	runBrowserSteps(t, tab,
		browserStep{"log in as teacher1", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`, chromedp.ByQuery)}},
		browserStep{"open the import page", chromedp.Tasks{browserOpen(ts, "/questions/import", &status), chromedp.WaitVisible(`#qti-fields`, chromedp.ByQuery)}},
		browserStep{"fit the phone screen", noSidewaysScroll(phoneScreen)},
		browserStep{"upload the QTI item", chromedp.Tasks{chromedp.SetUploadFiles(`#file`, []string{file}, chromedp.ByQuery),
			chromedp.SetValue(`#level`, "application", chromedp.ByQuery),
			clickAndLoad(`#import-form button[type=submit]`, &status), chromedp.WaitVisible(`#import-done`, chromedp.ByQuery),
			chromedp.Text(`#import-done`, &done, chromedp.ByQuery)}},
		browserStep{"screenshot", saveScreenshot(t, dir, "import-qti.png")},
		browserStep{"see it in the bank", chromedp.Tasks{browserOpen(ts, "/questions?mine=1", &status), chromedp.Text(`ul.questions`, &list, chromedp.ByQuery),
			chromedp.AttributeValue(`ul.questions a.qti-link`, "href", &href, &ok, chromedp.ByQuery)}},
	)
	if !strings.Contains(done, "Đã thêm 1 câu hỏi") {
		t.Fatalf("after the import: %q", done)
	}
	if !strings.Contains(list, "What does it say?") || !strings.Contains(list, "Vận dụng") || !ok || !strings.HasSuffix(href, "/qti") {
		t.Fatalf("bank:\n%s\nlink %q", list, href)
	}
}
