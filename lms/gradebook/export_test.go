package gradebook

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func sampleBook() *Book {
	m := func(f float64) *float64 { return &f }
	return &Book{Title: "Toán 10", Columns: []Column{{ID: 1, Title: "Bài 1", Category: "regular"}, {ID: 2, Title: "Giữa kỳ", Category: "midterm"}},
		Rows: []Row{{PersonID: "HS1", Name: "Hoàng Gia Bảo", Marks: []*float64{m(8.5), m(7)}, Average: m(7.5)},
			{PersonID: "HS2", Name: "Lý Thu, \"Hà\"", Marks: []*float64{nil, m(10)}, Average: m(10)}}}
}

func TestExportsReadBack(t *testing.T) {
	b := sampleBook()
	var buf bytes.Buffer
	if err := b.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 3 || recs[2][1] != "Lý Thu, \"Hà\"" || recs[1][2] != "8.5" || recs[2][2] != "" || recs[1][4] != "7.5" {
		t.Fatalf("csv: %q %v", recs, err)
	}
	buf.Reset()
	if err := b.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Sheet1")
	if err != nil || len(rows) != 3 || rows[1][1] != "Hoàng Gia Bảo" || rows[1][2] != "8.5" || rows[2][4] != "10" {
		t.Fatalf("xlsx: %q %v", rows, err)
	}
}
