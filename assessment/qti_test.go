package assessment_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/content-standards/qti"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func qtiFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "content-standards", "qti", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// qtiPackage zips the files with a manifest listing them as QTI items.
func qtiPackage(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	man := `<?xml version="1.0"?><manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><organizations/><resources>`
	for _, name := range []string{"items/choice.xml", "items/text_entry.xml", "items/order.xml", "items/bad.xml"} {
		if b, ok := files[name]; ok {
			man += `<resource identifier="` + filepath.Base(name) + `" type="imsqti_item_xmlv2p1" href="` + name + `"><file href="` + name + `"/></resource>`
			w, _ := zw.Create(name)
			_, _ = w.Write(b)
		}
	}
	w, _ := zw.Create("imsmanifest.xml")
	_, _ = w.Write([]byte(man + `</resources></manifest>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportQTI: a teacher imports a QTI 2.1 item and an IMS content package; the
// items come back out as QTI that parses to the same question; a package with one
// bad item adds nothing and names it; a student cannot import and another school's
// teacher cannot export a private item.
func TestImportQTI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	d := assessment.QTIDefaults{Subject: "toan", Grade: 10, Level: "recognition"}
	ids, err := w.svc.ImportQTI(ctx, t1, qtiFile(t, "choice.xml"), d)
	if err != nil || len(ids) != 1 {
		t.Fatalf("import: %v %v", ids, err)
	}
	it, err := w.svc.Item(ctx, t1, ids[0])
	if err != nil || it.Version.Type != assessment.SingleChoice || len(it.Version.Content.Options) != 3 ||
		!it.Version.Content.Options[0].Correct || it.Subject != "toan" || it.Version.Status != assessment.StatusDraft {
		t.Fatalf("imported item %+v %v", it, err)
	}
	pkg := qtiPackage(t, map[string][]byte{"items/choice.xml": qtiFile(t, "choice_multiple.xml"),
		"items/text_entry.xml": qtiFile(t, "text_entry.xml"), "items/order.xml": qtiFile(t, "order.xml")})
	ids, err = w.svc.ImportQTI(ctx, t1, pkg, d)
	if err != nil || len(ids) != 3 {
		t.Fatalf("import package: %v %v", ids, err)
	}
	wantTypes := []string{assessment.MultipleResponse, assessment.ShortText, assessment.Ordering}
	for i, id := range ids {
		t.Run(wantTypes[i], func(t *testing.T) {
			it, err := w.svc.Item(ctx, t1, id)
			if err != nil || it.Version.Type != wantTypes[i] {
				t.Fatalf("item %+v %v", it, err)
			}
			doc, err := w.svc.ItemQTI(ctx, t1, id)
			if err != nil {
				t.Fatal(err)
			}
			q, err := qti.Parse(doc)
			if err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			back, err := assessment.FromQTI(q)
			if err != nil || back.Stem != it.Version.Stem || back.Type != it.Version.Type {
				t.Fatalf("exported %+v %v", back, err)
			}
		})
	}
	var before int
	_ = w.db.QueryRow(ctx, `SELECT count(*) FROM assessment_items`).Scan(&before)
	bad := qtiPackage(t, map[string][]byte{"items/choice.xml": qtiFile(t, "choice.xml"), "items/bad.xml": qtiFile(t, "no_correct.xml")})
	_, err = w.svc.ImportQTI(ctx, t1, bad, d)
	var se *assessment.SheetError
	if !errors.As(err, &se) || len(se.Rows) != 1 || se.Rows[0].Line != 2 || !strings.Contains(se.Rows[0].Message, "items/bad.xml") {
		t.Fatalf("bad package: %v", err)
	}
	var after int
	_ = w.db.QueryRow(ctx, `SELECT count(*) FROM assessment_items`).Scan(&after)
	if after != before {
		t.Fatalf("a refused import wrote %d items", after-before)
	}
	if _, err := w.svc.ImportQTI(ctx, t1, qtiFile(t, "entity_bomb.xml"), d); !errors.As(err, &se) || !strings.Contains(err.Error(), "DOCTYPE") {
		t.Fatalf("entity bomb: %v", err)
	}
	if _, err := w.svc.ImportQTI(ctx, w.as("student1"), qtiFile(t, "choice.xml"), d); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("a student imports: %v", err)
	}
	if _, err := w.svc.ItemQTI(ctx, w.as("teacher2"), ids[0]); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("another school's teacher exports a private item: %v", err)
	}
	g := 9.8
	num, err := w.svc.CreateItem(ctx, t1, assessment.NewItem{Type: assessment.Numeric, Stem: "g = ?", Content: assessment.Content{Answer: &g},
		Subject: "vat-ly", Grade: 10, Level: "application"})
	if err != nil {
		t.Fatal(err)
	}
	var ve *fault.ValidationError
	if _, err := w.svc.ItemQTI(ctx, t1, num.ID); !errors.As(err, &ve) || ve.Key != "qexport.type" {
		t.Fatalf("numeric export: %v", err)
	}
}
