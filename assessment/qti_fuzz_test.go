package assessment

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzQTIUpload feeds uploads (item documents and content packages) through the
// unpacking, parsing and bank checks an import does before touching the database:
// they must fail with an error, never panic.
func FuzzQTIUpload(f *testing.F) {
	choice, err := os.ReadFile(filepath.Join("..", "content-standards", "qti", "testdata", "choice.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(choice)
	var pkg bytes.Buffer
	zw := zip.NewWriter(&pkg)
	w, _ := zw.Create("a/choice.xml")
	_, _ = w.Write(choice)
	w, _ = zw.Create("imsmanifest.xml")
	_, _ = w.Write([]byte(`<manifest><resources><resource type="imsqti_item_xmlv2p1" href="a/choice.xml"/><resource type="imsqti_item_xmlv2p1" href="../x.xml"/></resources></manifest>`))
	_ = zw.Close()
	f.Add(pkg.Bytes())
	d := QTIDefaults{Subject: "toan", Grade: 10, Level: "recognition"}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := qtiDocuments(data)
		if err != nil {
			return
		}
		for _, doc := range docs {
			if n, rerr := qtiItem(doc, d); rerr == nil && n.Stem == "" {
				t.Fatalf("accepted an item without a stem from %s", doc.name)
			}
		}
	})
}

// BenchmarkQTIUpload measures reading a 50-item content package into bank items.
func BenchmarkQTIUpload(b *testing.B) {
	choice, err := os.ReadFile(filepath.Join("..", "content-standards", "qti", "testdata", "choice.xml"))
	if err != nil {
		b.Fatal(err)
	}
	var pkg bytes.Buffer
	zw := zip.NewWriter(&pkg)
	man := `<manifest><resources>`
	for i := range 50 {
		name := "items/" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".xml"
		w, _ := zw.Create(name)
		_, _ = w.Write(choice)
		man += `<resource type="imsqti_item_xmlv2p1" href="` + name + `"/>`
	}
	w, _ := zw.Create("imsmanifest.xml")
	_, _ = w.Write([]byte(man + `</resources></manifest>`))
	_ = zw.Close()
	d := QTIDefaults{Subject: "toan", Grade: 10, Level: "recognition"}
	b.ReportAllocs()
	for b.Loop() {
		docs, err := qtiDocuments(pkg.Bytes())
		if err != nil || len(docs) != 50 {
			b.Fatal(err)
		}
		for _, doc := range docs {
			if _, rerr := qtiItem(doc, d); rerr != nil {
				b.Fatal(rerr.Message)
			}
		}
	}
}
