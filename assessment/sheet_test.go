package assessment

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const sheetHeader = "loai,mon,lop,chu_de,muc_do,diem,cau_hoi,A,B,C,D,dap_an,sai_so,don_vi\n"

func TestParseSheet(t *testing.T) {
	good := sheetHeader +
		"Trắc nghiệm,toan,10,Hàm số,Nhận biết,1,Đạo hàm của x² là?,x,2x,x²,,B,,\n" +
		"nhiều đáp án,toan,10,,thông hiểu,,Số chẵn?,2,3,4,,\"A,C\",,\n" +
		"\n" +
		"đúng sai,toan,10,,vận dụng,,Xét các mệnh đề:,a,b,c,d,\"Đ,S,Đ,S\",,\n" +
		"trả lời ngắn,ngu-van,10,,nhận biết,,Tác giả Truyện Kiều?,,,,,Nguyễn Du|Nguyen Du,,\n" +
		"số,vat-ly,10,,vận dụng cao,2,g = ?,,,,,\"9,8\",0.1,m/s²\n" +
		"tự luận,ngu-van,10,,vận dụng cao,3,Phân tích bài thơ.,,,,,,,\n"
	rows, err := ReadSheet(strings.NewReader("\ufeff" + good))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseSheet(rows)
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, r := range got {
		summary = append(summary, fmt.Sprintf("%d:%s/%s", r.Line, r.Item.Type, r.Item.Level))
	}
	if s := strings.Join(summary, " "); s != "2:single_choice/recognition 3:multiple_response/comprehension 5:true_false/application 6:short_text/recognition 7:numeric/high_application 8:essay/high_application" {
		t.Fatalf("parsed %s", s)
	}
	if o := got[0].Item.Options; len(o) != 3 || !o[1].Correct || o[0].Correct {
		t.Fatalf("single choice options %+v", o)
	}
	if st := got[2].Item.Statements; len(st) != 4 || !st[0].Correct || st[1].Correct {
		t.Fatalf("statements %+v", st)
	}
	if n := got[4].Item; n.Answer == nil || *n.Answer != 9.8 || n.Tolerance != 0.1 || n.Unit != "m/s²" || n.Points != 2 {
		t.Fatalf("numeric %+v", n.Content)
	}
	for _, tc := range []struct {
		name, csv string
		line      int
		field     string
	}{
		{"unknown type", sheetHeader + "ghép nối,toan,10,,nhận biết,,x,a,b,,,A,,\n", 2, "type"},
		{"key names no option", sheetHeader + "trắc nghiệm,toan,10,,nhận biết,,x,a,b,,,C,,\n", 2, "key"},
		{"two keys in single choice", sheetHeader + "trắc nghiệm,toan,10,,nhận biết,,x,a,b,,,\"A,B\",,\n", 2, "options"},
		{"third line bad level", sheetHeader + "tự luận,toan,10,,nhận biết,,x,,,,,,,\ntự luận,toan,10,,khó,,y,,,,,,,\n", 3, "level"},
		{"no stem column", "loai,mon,lop,muc_do\nessay,toan,10,recognition\n", 1, "stem"},
		{"grade not a number", sheetHeader + "tự luận,toan,mười,,nhận biết,,x,,,,,,,\n", 2, "grade"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ReadSheet(strings.NewReader(tc.csv))
			if err == nil {
				_, err = ParseSheet(rows)
			}
			var se *SheetError
			if !errors.As(err, &se) || se.Rows[0].Line != tc.line || se.Rows[0].Field != tc.field || se.Rows[0].Key == "" {
				t.Fatalf("want line %d field %s, got %v", tc.line, tc.field, err)
			}
		})
	}
}

// TestParseSheetXLSX reads the same template from an Excel workbook, with a
// semicolon-free layout and numbers stored as numbers.
func TestParseSheetXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{{"Loại", "Môn", "Lớp", "Mức độ", "Câu hỏi", "A", "B", "Đáp án"},
		{"trắc nghiệm", "toan", 10, "nhận biết", "1 + 1 = ?", 1, 2, "B"},
		{"đúng sai", "toan", 11, "thông hiểu", "Số 2 là số nguyên tố.", "", "", "Đ"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	read, err := ReadSheet(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseSheet(read)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Item.Options[1].Text != "2" || !got[0].Item.Options[1].Correct || got[1].Item.Correct == nil || !*got[1].Item.Correct || got[1].Item.Grade != 11 {
		t.Fatalf("xlsx rows %+v", got)
	}
}

// FuzzReadSheet: any file either fails with a clear error or gives questions that
// pass the bank's own checks; nothing panics.
func FuzzReadSheet(f *testing.F) {
	f.Add([]byte(sheetHeader + "trắc nghiệm,toan,10,,nhận biết,,x,a,b,,,A,,\n"))
	f.Add([]byte(sheetHeader + "đúng sai,toan,10,,vận dụng,,x,a,b,c,d,\"Đ,S,Đ,S\",,\n"))
	f.Add([]byte("loai;mon;lop;muc_do;cau_hoi;dap_an\nsố;toan;10;nhận biết;x;\"3,5\"\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte("\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadSheet(bytes.NewReader(data))
		if err != nil {
			return
		}
		got, err := ParseSheet(rows)
		if err != nil {
			return
		}
		for _, r := range got {
			it := r.Item
			if err := it.normalize(); err != nil {
				t.Fatalf("line %d passed the parser but not the bank: %v", r.Line, err)
			}
		}
	})
}
