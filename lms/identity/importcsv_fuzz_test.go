package identity

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// FuzzParseCSV: no file may crash the decoder; a refused file is always bad input the
// admin can correct (a fault.ValidationError), and an accepted one has rows that line
// up with the header, clean cells and line numbers inside the file. The files under
// testdata/import are the seed corpus, so a plain go test runs them too.
func FuzzParseCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "import", "*.*"))
	for _, name := range files {
		if strings.HasSuffix(name, ".json") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("person_id,full_name,school_code\n\"unterminated,x\nHS1,A,S\n"))
	f.Add([]byte("\xff\xfep\x00e\x00"))
	f.Add([]byte("sep=|\nperson_id|full_name|school_code\nHS1|A|S\n"))
	f.Add([]byte("person_id;full_name;school_code\rHS1;A;S\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, set := range []columnSet{userColumns, rosterColumns} {
			file, err := parseCSV(bytes.NewReader(data), set)
			if err != nil {
				if _, ok := fault.AsValidation(err); !ok {
					t.Fatalf("refused with %v, not a ValidationError", err)
				}
				continue
			}
			checkParsed(t, data, file)
		}
	})
}

func checkParsed(t *testing.T, data []byte, file *csvFile) {
	t.Helper()
	// A UTF-16 line end holds one 0x0A or 0x0D byte, as UTF-8 does; +1 for the last
	// line, +1 for a "sep=" line.
	lines := bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'}) + 2
	if n := len(file.rows) + len(file.bad); n > importMaxRows {
		t.Fatalf("%d rows", n)
	}
	last := 1
	for _, r := range file.rows {
		if r.line <= last || r.line > lines {
			t.Fatalf("row line %d after %d, file of %d lines", r.line, last, lines)
		}
		last = r.line
		if len(r.fields) != file.width {
			t.Fatalf("line %d has %d fields, header %d", r.line, len(r.fields), file.width)
		}
		for _, v := range r.fields {
			if !utf8.ValidString(v) || !norm.NFC.IsNormalString(v) || strings.TrimSpace(v) != v {
				t.Fatalf("line %d: cell %q not clean", r.line, v)
			}
		}
	}
	for _, e := range file.bad {
		if e.Line < 1 || e.Line > lines || e.Key == "" || e.Message == "" {
			t.Fatalf("bad line %+v, file of %d lines", e, lines)
		}
	}
}

// TestParseCSV pins the line numbers and cells the parser gives for the shapes of
// file spreadsheets produce.
func TestParseCSV(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, data string
		rows       map[int][]string // line -> person_id, full_name, school_code
		bad        map[int]string   // line -> key
	}{
		{"blank lines and Excel's empty rows keep the numbering",
			"person_id,full_name,school_code\n\nHS1,A,S\n,,\n  ,\t, \nHS2,B,S\n",
			map[int][]string{3: {"HS1", "A", "S"}, 6: {"HS2", "B", "S"}}, nil},
		{"a quoted cell over two lines is one row at its first line",
			"person_id,full_name,ghi chú,school_code\nHS1,A,\"dòng 1\ndòng 2\",S\nHS2,B,,S\n",
			map[int][]string{2: {"HS1", "A", "S"}, 4: {"HS2", "B", "S"}}, nil},
		{"wrong column counts are errors of their line",
			"person_id,full_name,school_code\nHS1,A\nHS2,B,S,extra\nHS3,C,S,,\n",
			map[int][]string{4: {"HS3", "C", "S"}}, map[int]string{2: "import.field_count", 3: "import.field_count"}},
		{"quote mistakes",
			"person_id,full_name,school_code\nHS1,Bad \"x\",S\nHS2,\"B\"c,S\nHS3,C,S\nHS4,\"never closed,S\nHS5,E,S\n",
			map[int][]string{4: {"HS3", "C", "S"}}, map[int]string{2: "import.bare_quote", 3: "import.quote", 5: "import.unclosed_quote"}},
		{"a line break in a cell that is imported",
			"person_id,full_name,school_code\nHS1,\"A\nB\",S\n",
			nil, map[int]string{2: "import.control"}},
		{"semicolons, Vietnamese headers with hints, NFD and spaces",
			"Mã định danh (*);" + norm.NFD.String("Họ và tên") + ";MÃ TRƯỜNG\n HS1 ; " + norm.NFD.String("Đặng Thùy Trâm") + " ;S\n",
			map[int][]string{2: {"HS1", "Đặng Thùy Trâm", "S"}}, nil},
		{"tabs, with empty cells", "full_name\tperson_id\tghi chú\tschool_code\nA\tHS1\t\tS\n",
			map[int][]string{2: {"HS1", "A", "S"}}, nil},
		{"sep= line", "sep=;\nperson_id;full_name;school_code\nHS1;A, B;S\n",
			map[int][]string{3: {"HS1", "A, B", "S"}}, nil},
		{"old Mac line ends", "person_id,full_name,school_code\rHS1,A,S\r\rHS2,B,S",
			map[int][]string{2: {"HS1", "A", "S"}, 4: {"HS2", "B", "S"}}, nil},
		{"UTF-8 BOM and CRLF", "\xef\xbb\xbfperson_id,full_name,school_code\r\nHS1,A,S\r\n",
			map[int][]string{2: {"HS1", "A", "S"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file, err := parseCSV(strings.NewReader(tc.data), userColumns)
			if err != nil {
				t.Fatal(err)
			}
			checkParsed(t, []byte(tc.data), file)
			rows := map[int][]string{}
			for _, r := range file.rows {
				rows[r.line] = []string{file.value(r, "person_id"), file.value(r, "full_name"), file.value(r, "school_code")}
			}
			bad := map[int]string{}
			for _, e := range file.bad {
				bad[e.Line] = e.Key
			}
			if !maps.EqualFunc(rows, tc.rows, slices.Equal[[]string]) || !maps.Equal(bad, tc.bad) {
				t.Fatalf("rows %v bad %v; want rows %v bad %v", rows, bad, tc.rows, tc.bad)
			}
		})
	}
}

func TestParseImportRoles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cell string
		want []Role
		ok   bool
	}{
		{"", []Role{RoleStudent}, true},
		{"teacher;reviewer", []Role{RoleTeacher, RoleReviewer}, true},
		{"Teacher | LIBRARIAN teacher", []Role{RoleTeacher, RoleLibrarian}, true},
		{"giáo viên; thủ thư", []Role{RoleTeacher, RoleLibrarian}, true},
		{"school_admin", []Role{RoleSchoolAdmin}, true},
		{"district_admin", nil, false},
		{"teacher;wizard", nil, false},
	} {
		got, err := parseImportRoles(tc.cell)
		if (err == nil) != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("parseImportRoles(%q) = %v, %v", tc.cell, got, err)
		}
	}
}
