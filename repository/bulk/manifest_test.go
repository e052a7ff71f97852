package bulk

import (
	"strings"
	"testing"
)

func TestParseManifest(t *testing.T) {
	t.Parallel()
	csv := "\ufefftitle,type,subject,grades,files,tags,key\n" +
		"Hàm số bậc hai,slides,toan,10;11,toan/ham-so.pdf,đại số; hàm số,\n" +
		"\n" +
		"Bad type,poster,toan,,a.pdf,,\n" +
		"Escape,slides,toan,,../etc/passwd,,\n" +
		"Grade 13,slides,toan,13,b.pdf,,\n" +
		"\"Nhiều dòng\nmô tả\",video,vat-ly,10,video/thi nghiem.webm;video\\phu-de.vtt,,vl-1\n" +
		"Again,slides,toan,,toan/./ham-so.pdf,,\n" +
		",slides,toan,,c.pdf,,\n"
	rows, errs, err := ParseManifest(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows: %+v", rows)
	}
	r := rows[0]
	if r.Line != 2 || r.Key != "toan/ham-so.pdf" || r.Resource.Title != "Hàm số bậc hai" || len(r.Resource.Grades) != 2 ||
		r.Resource.Licence != "All rights reserved" || len(r.Resource.Tags) != 2 {
		t.Fatalf("row 1: %+v", r)
	}
	if r := rows[1]; r.Line != 7 || r.Key != "vl-1" || r.Files[1] != "video/phu-de.vtt" {
		t.Fatalf("row 2: %+v", r)
	}
	want := []struct {
		line  int
		field string
	}{{4, "type"}, {5, "files"}, {6, "grades"}, {9, "key"}, {10, "title"}}
	if len(errs) != len(want) {
		t.Fatalf("errors: %+v", errs)
	}
	for i, w := range want {
		if errs[i].Line != w.line || errs[i].Field != w.field {
			t.Errorf("error %d: %+v, want line %d field %s", i, errs[i], w.line, w.field)
		}
	}
}

func TestParseManifestRefusesWholeFile(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, csv, want string }{
		{"missing column", "title,type,subject\nx,slides,toan\n", `"files" is required`},
		{"unknown column", "title,type,subject,files,colour\n", "unknown column"},
		{"not UTF-8", "title,type,subject,files\n\xff\xfe,slides,toan,a.pdf\n", "UTF-8"},
		{"broken quotes", "title,type,subject,files\n\"x,slides,toan,a.pdf\n", "line"},
		{"empty", "", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, err := ParseManifest(strings.NewReader(tt.csv))
			if err == nil || !strings.Contains(err.Error(), tt.want) || rows != nil {
				t.Fatalf("got %v, %v; want an error with %q", rows, err, tt.want)
			}
		})
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add("title,type,subject,files\nA,slides,toan,a.pdf\n")
	f.Add("tiêu đề,loại,môn,tệp,lớp\nB,video,vat-ly,v/x.webm;y.vtt,10;11\n")
	f.Add("title,type,subject,files,key\n\"x\ny\",other,toan,../a,k\n,,,\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, errs, err := ParseManifest(strings.NewReader(in))
		if err != nil {
			if rows != nil || errs != nil {
				t.Fatal("rows returned with an error")
			}
			return
		}
		keys := map[string]bool{}
		for _, r := range rows {
			if r.Line < 2 || r.Resource.Title == "" || len(r.Files) == 0 || keys[r.Key] {
				t.Fatalf("bad row %+v", r)
			}
			keys[r.Key] = true
			for _, p := range r.Files {
				if _, ok := safePath(p); !ok || strings.HasPrefix(p, "..") {
					t.Fatalf("unsafe path %q", p)
				}
			}
		}
		for _, e := range errs {
			if e.Line < 2 || e.Message == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}
