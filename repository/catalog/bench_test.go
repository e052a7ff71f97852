package catalog_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// BenchmarkImport loads a file of 5,000 Vietnamese records (each a new book with a
// system number, so each also settles its union catalog entry) through the whole path: blob
// store, parser, batches of 200, search index. It reports records/s.
func BenchmarkImport(b *testing.B) {
	const n = 5000
	w := newWorld(b)
	ctx := context.Background()
	lib := w.as("librarian1")
	files := make([][]byte, b.N)
	for i := range files {
		files[i] = benchFile(b, n, i)
	}
	b.ResetTimer()
	for i := range b.N {
		blob := w.store(files[i])
		im, err := w.cat.StartImport(ctx, lib, catalog.NewImport{FileName: "bench.mrc", SHA256: blob.SHA256, Size: blob.Size})
		if err != nil {
			b.Fatal(err)
		}
		if err := w.cat.RunImport(ctx, im.ID); err != nil {
			b.Fatal(err)
		}
		if im, _ = w.cat.GetImport(ctx, lib, im.ID); im.Created != n {
			b.Fatalf("import: %+v", im)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

func benchFile(b *testing.B, n, run int) []byte {
	b.Helper()
	words := []string{"Toán", "Ngữ văn", "Lịch sử", "Địa lí", "Vật lí", "Hoá học", "Sinh học", "Tin học", "Tiếng Anh", "Giáo dục công dân"}
	recs := make([]marc.Record, n)
	for i := range recs {
		recs[i] = marc.Record{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{
			{Tag: "001", Value: fmt.Sprintf("B%d-%06d", run, i)},
			{Tag: "008", Value: "261202s2024    vm            000 0 vie d"},
			{Tag: "035", Ind1: ' ', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: fmt.Sprintf("(VN-BENCH)%d", run*n+i)}}},
			{Tag: "100", Ind1: '1', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: "Nguyễn Văn " + string(rune('A'+i%26))}}},
			{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []marc.Subfield{{Code: 'a', Value: fmt.Sprintf("%s %d. Tập %d", words[i%len(words)], 6+i%7, 1+i%2)}}},
			{Tag: "264", Ind1: ' ', Ind2: '1', Subfields: []marc.Subfield{{Code: 'a', Value: "Hà Nội :"}, {Code: 'b', Value: "Giáo dục Việt Nam,"}, {Code: 'c', Value: "2024."}}},
			{Tag: "520", Ind1: ' ', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: "Sách giáo khoa theo chương trình giáo dục phổ thông 2018, có bài tập và lời giải."}}},
			{Tag: "650", Ind1: ' ', Ind2: '7', Subfields: []marc.Subfield{{Code: 'a', Value: words[i%len(words)]}}},
		}}
	}
	var buf bytes.Buffer
	if err := marc.Encode(&buf, recs); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
