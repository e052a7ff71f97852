package assessment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// The teachers' question template: one question a row under a header row. Column
// names are matched without case or marks, in Vietnamese or English.
var sheetColumns = map[string][]string{
	"type":       {"loai", "type", "loai cau hoi", "dang"},
	"subject":    {"mon", "mon hoc", "subject"},
	"grade":      {"lop", "khoi", "khoi lop", "grade"},
	"topic":      {"chu de", "topic"},
	"level":      {"muc do", "muc do nhan thuc", "level"},
	"difficulty": {"do kho", "difficulty"},
	"points":     {"diem", "points"},
	"stem":       {"cau hoi", "noi dung", "de bai", "stem"},
	"key":        {"dap an", "key", "answer"},
	"tolerance":  {"sai so", "tolerance"},
	"unit":       {"don vi", "unit"},
	"rubric":     {"huong dan cham", "rubric"},
}

// SheetColumns is the header of the template, in its order (A-F are the options or,
// for true/false, the four statements).
var SheetColumns = []string{"loai", "mon", "lop", "chu_de", "muc_do", "do_kho", "diem", "cau_hoi", "A", "B", "C", "D", "E", "F", "dap_an", "sai_so", "don_vi", "huong_dan_cham"}

var sheetTypes = map[string]string{
	"single_choice": SingleChoice, "mot dap an": SingleChoice, "trac nghiem": SingleChoice, "1 dap an": SingleChoice,
	"multiple_response": MultipleResponse, "nhieu dap an": MultipleResponse,
	"true_false": TrueFalse, "dung sai": TrueFalse, "dung/sai": TrueFalse,
	"short_text": ShortText, "tra loi ngan": ShortText,
	"numeric": Numeric, "so": Numeric, "dien so": Numeric,
	"essay": Essay, "tu luan": Essay,
}

var sheetLevels = map[string]string{
	"recognition": "recognition", "nhan biet": "recognition", "1": "recognition",
	"comprehension": "comprehension", "thong hieu": "comprehension", "2": "comprehension",
	"application": "application", "van dung": "application", "3": "application",
	"high_application": "high_application", "van dung cao": "high_application", "4": "high_application",
}

const (
	maxSheetRows  = 2000
	maxSheetBytes = 8 << 20
	sheetOptions  = "ABCDEFGH"
)

// RowError is a problem in one line of an imported sheet (1-based, the header is
// line 1), with the column it is about.
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
	Key     string `json:"key"` // the message's translation key; Args fill it
	Args    []any  `json:"args,omitempty"`
}

func rowErr(field, key, msg string, args ...any) *RowError {
	return &RowError{Field: field, Key: key, Message: fmt.Sprintf(msg, args...), Args: args}
}

// SheetError lists every problem found in a sheet; nothing is imported when there is one.
type SheetError struct{ Rows []RowError }

func (e *SheetError) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "line %d (%s): %s", r.Line, r.Field, r.Message)
	}
	return "assessment: import: " + b.String()
}

// SheetRow is one parsed question and the line it came from.
type SheetRow struct {
	Line int
	Item NewItem
}

func key(s string) string {
	return strings.ReplaceAll(normalizeAnswer(strings.ReplaceAll(s, "_", " "), false, true), "  ", " ")
}

// ReadSheet reads the rows of a CSV (comma or semicolon, UTF-8 with or without a
// BOM) or of the first sheet of an XLSX workbook, told apart by their first bytes.
func ReadSheet(r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSheetBytes+1))
	if err != nil {
		return nil, fmt.Errorf("assessment: read sheet: %w", err)
	}
	if len(data) > maxSheetBytes {
		return nil, invalid("file", "qimport.too_big", "The file is larger than %d MB.", maxSheetBytes>>20)
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data)
	}
	return readCSV(data)
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, invalid("file", "qimport.encoding", "Save the CSV file as UTF-8.")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rows, err := readLines(cr)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			e := rowErr("file", "qimport.csv_line", "The CSV file cannot be read here: %s.", pe.Err.Error())
			e.Line = pe.Line
			return nil, &SheetError{Rows: []RowError{*e}}
		}
		return nil, invalid("file", "qimport.csv", "The file is not a CSV file.")
	}
	return rows, nil
}

// readLines reads every record, with an empty row for each line the reader skips
// (blank lines, the rest of a quoted field over several lines), so that row i is the
// file's line i+1 as the teacher sees it in an editor.
func readLines(cr *csv.Reader) ([][]string, error) {
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		for len(rows) < line-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
	}
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("file", "qimport.xlsx", "The file is not an Excel workbook (XLSX).")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, invalid("file", "qimport.xlsx", "The file is not an Excel workbook (XLSX).")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, invalid("file", "qimport.xlsx", "The file is not an Excel workbook (XLSX).")
	}
	return rows, nil
}

// ParseSheet turns the rows of the template into questions, or reports every bad
// line. Blank lines are skipped.
func ParseSheet(rows [][]string) ([]SheetRow, error) {
	if len(rows) == 0 {
		return nil, invalid("file", "qimport.empty", "The file has no header row.")
	}
	cols, err := headerColumns(rows[0])
	if err != nil {
		return nil, err
	}
	if len(rows)-1 > maxSheetRows {
		return nil, invalid("file", "qimport.too_many", "Import at most %d questions at once.", maxSheetRows)
	}
	var out []SheetRow
	var errs []RowError
	for i, row := range rows[1:] {
		line := i + 2
		get := func(name string) string {
			if k, ok := cols[name]; ok && k < len(row) {
				return strings.TrimSpace(row[k])
			}
			return ""
		}
		if blankRow(row) {
			continue
		}
		it, rerr := parseRow(get)
		if rerr != nil {
			rerr.Line = line
			errs = append(errs, *rerr)
			continue
		}
		out = append(out, SheetRow{Line: line, Item: it})
	}
	if len(errs) > 0 {
		return nil, &SheetError{Rows: errs}
	}
	if len(out) == 0 {
		return nil, invalid("file", "qimport.no_rows", "The file has no questions under the header row.")
	}
	return out, nil
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func headerColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for k, h := range header {
		name := key(strings.TrimPrefix(h, "\ufeff"))
		if len(name) == 1 && strings.Contains(sheetOptions, strings.ToUpper(name)) {
			cols[strings.ToUpper(name)] = k
			continue
		}
		for field, aliases := range sheetColumns {
			for _, a := range aliases {
				if name == a {
					cols[field] = k
				}
			}
		}
	}
	for _, need := range []string{"type", "subject", "grade", "level", "stem"} {
		if _, ok := cols[need]; !ok {
			e := rowErr(need, "qimport.no_column", "The header row has no %q column (see the template).", need)
			e.Line = 1
			return nil, &SheetError{Rows: []RowError{*e}}
		}
	}
	return cols, nil
}

// parseRow reads one line; on a problem it returns the column and the message.
func parseRow(get func(string) string) (NewItem, *RowError) {
	typ, ok := sheetTypes[key(get("type"))]
	if !ok {
		return NewItem{}, rowErr("type", "qimport.type", "Unknown question type %q (single_choice, multiple_response, true_false, short_text, numeric, essay).", get("type"))
	}
	level, ok := sheetLevels[key(get("level"))]
	if !ok {
		return NewItem{}, rowErr("level", "qimport.level", "Unknown cognitive level %q (nhận biết, thông hiểu, vận dụng, vận dụng cao).", get("level"))
	}
	grade, err := strconv.Atoi(get("grade"))
	if err != nil {
		return NewItem{}, rowErr("grade", "qimport.grade", "The grade %q is not a number from 1 to 12.", get("grade"))
	}
	n := NewItem{Type: typ, Stem: get("stem"), Subject: strings.ToLower(get("subject")), Grade: grade, Topic: get("topic"), Level: level,
		Content: Content{Rubric: get("rubric"), Unit: get("unit")}}
	for _, f := range []struct {
		name string
		dst  *float64
	}{{"points", &n.Points}, {"tolerance", &n.Tolerance}} {
		if v := get(f.name); v != "" {
			x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
			if err != nil {
				return NewItem{}, rowErr(f.name, "qimport.number", "%q is not a number.", v)
			}
			*f.dst = x
		}
	}
	if v := get("difficulty"); v != "" {
		if n.Difficulty, err = strconv.Atoi(v); err != nil {
			return NewItem{}, rowErr("difficulty", "qimport.difficulty", "The difficulty %q is not a number from 1 to 5.", v)
		}
	}
	var parts []string
	for _, c := range sheetOptions {
		if v := get(string(c)); v != "" {
			parts = append(parts, v)
		}
	}
	if e := applyKey(&n, parts, get("key")); e != nil {
		return NewItem{}, e
	}
	if err := n.normalize(); err != nil {
		if v, ok := fault.AsValidation(err); ok {
			return NewItem{}, &RowError{Field: v.Field, Key: v.Key, Args: v.Args, Message: fmt.Sprintf(v.Message, v.Args...)}
		}
		return NewItem{}, rowErr("", "qimport.row", "%s", err.Error())
	}
	return n, nil
}

// applyKey reads the key column by type: option letters, Đ/S marks, accepted
// answers separated by |, or a number.
func applyKey(n *NewItem, parts []string, k string) *RowError {
	switch n.Type {
	case SingleChoice, MultipleResponse:
		chosen := map[int]bool{}
		for _, f := range strings.FieldsFunc(strings.ToUpper(k), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			i := strings.Index(sheetOptions, f)
			if len(f) != 1 || i < 0 || i >= len(parts) {
				return rowErr("key", "qimport.key_letters", "The key %q names no option (write letters such as B or A,C).", k)
			}
			chosen[i] = true
		}
		for i, p := range parts {
			n.Options = append(n.Options, Option{Text: p, Correct: chosen[i]})
		}
	case TrueFalse:
		marks := strings.FieldsFunc(k, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
		truth := func(s string) (bool, bool) {
			switch key(s) {
			case "d", "dung", "t", "true", "1", "x":
				return true, true
			case "s", "sai", "f", "false", "0":
				return false, true
			}
			return false, false
		}
		if len(parts) == 0 && len(marks) == 1 {
			b, ok := truth(marks[0])
			if !ok {
				return rowErr("key", "qimport.key_truth", "The key %q is not Đ or S.", k)
			}
			n.Correct = &b
			return nil
		}
		if len(marks) != len(parts) {
			return rowErr("key", "qimport.key_count", "Give one Đ or S per statement (%d statements, key %q).", len(parts), k)
		}
		for i, p := range parts {
			b, ok := truth(marks[i])
			if !ok {
				return rowErr("key", "qimport.key_truth", "The key %q is not Đ or S.", marks[i])
			}
			n.Statements = append(n.Statements, Statement{Text: p, Correct: b})
		}
	case ShortText:
		for _, a := range strings.Split(k, "|") {
			if a = strings.TrimSpace(a); a != "" {
				n.Accepted = append(n.Accepted, a)
			}
		}
	case Numeric:
		if k != "" {
			x, err := strconv.ParseFloat(strings.Replace(k, ",", ".", 1), 64)
			if err != nil {
				return rowErr("key", "qimport.number", "The answer %q is not a number.", k)
			}
			n.Answer = &x
		}
	}
	return nil
}
