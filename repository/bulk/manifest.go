package bulk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hoclieu/hoclieu/repository"
)

// Manifest limits: a school's whole library fits; a larger one is split.
const (
	maxManifestBytes = 16 << 20
	maxRows          = 50000
	maxFilesPerRow   = 50
)

// Row is one manifest line: the resource and the files of its first version.
type Row struct {
	Line     int
	Key      string   // what identifies the line across re-runs (default: its files)
	Files    []string // slash-separated paths relative to the folder
	Resource repository.NewResource
}

// LineError is one refused line; Line counts from 1 at the header.
type LineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
}

// columns maps accepted header names (English and Vietnamese) to canonical ones.
var columns = map[string]string{
	"key": "key", "ma": "key", "mã": "key",
	"files": "files", "file": "files", "tep": "files", "tệp": "files",
	"title": "title", "tieu de": "title", "tiêu đề": "title",
	"type": "type", "loai": "type", "loại": "type",
	"subject": "subject", "mon": "subject", "môn": "subject",
	"grades": "grades", "grade": "grades", "lop": "grades", "lớp": "grades",
	"scope": "scope", "licence": "licence", "license": "licence",
	"description": "description", "mo ta": "description", "mô tả": "description",
	"language": "language", "authors": "authors", "tac gia": "authors", "tác giả": "authors",
	"tags": "tags",
}

var required = []string{"title", "type", "subject", "files"}

// ParseManifest reads a manifest: a header line naming the columns (title, type,
// subject, files required; key, grades, scope, licence, description, language,
// authors, tags optional; lists are separated by ';'), then one resource a line.
// A file that is not UTF-8 CSV, is too big or lacks a required column is an error
// and yields no rows; a bad line is reported in the errors and left out.
func ParseManifest(r io.Reader) ([]Row, []LineError, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxManifestBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("bulk: read manifest: %w", err)
	}
	if len(data) > maxManifestBytes {
		return nil, nil, fmt.Errorf("bulk: the manifest is larger than %d MiB", maxManifestBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, errors.New("bulk: the manifest is not UTF-8 text")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("bulk: manifest header: %w", err)
	}
	index, err := headerIndex(header)
	if err != nil {
		return nil, nil, err
	}
	var rows []Row
	var errs []LineError
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("bulk: manifest: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rows)+len(errs) >= maxRows {
			return nil, nil, fmt.Errorf("bulk: the manifest has more than %d lines", maxRows)
		}
		if isBlank(rec) {
			continue
		}
		row, lerr := parseRow(line, rec, index)
		if lerr == nil {
			if first, dup := seen[row.Key]; dup {
				lerr = &LineError{Line: line, Field: "key", Message: fmt.Sprintf("the same resource as line %d", first)}
			} else {
				seen[row.Key] = line
			}
		}
		if lerr != nil {
			errs = append(errs, *lerr)
			continue
		}
		rows = append(rows, row)
	}
	return rows, errs, nil
}

func headerIndex(header []string) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range header {
		name, ok := columns[strings.ToLower(strings.Join(strings.Fields(h), " "))]
		if !ok {
			return nil, fmt.Errorf("bulk: manifest header: unknown column %q", h)
		}
		if _, dup := index[name]; dup {
			return nil, fmt.Errorf("bulk: manifest header: column %q appears twice", h)
		}
		index[name] = i
	}
	for _, c := range required {
		if _, ok := index[c]; !ok {
			return nil, fmt.Errorf("bulk: manifest header: the column %q is required", c)
		}
	}
	return index, nil
}

func isBlank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" })
}

// parseRow checks what can be checked without the database or the files.
func parseRow(line int, rec []string, index map[string]int) (Row, *LineError) {
	get := func(c string) string {
		if i, ok := index[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	bad := func(field, format string, args ...any) (Row, *LineError) {
		return Row{}, &LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	n := repository.NewResource{Title: get("title"), Type: strings.ToLower(get("type")), Subject: get("subject"),
		Scope: strings.ToLower(get("scope")), Licence: get("licence"), Description: get("description"),
		Language: get("language"), Authors: list(get("authors")), Tags: list(get("tags"))}
	if n.Licence == "" {
		n.Licence = "All rights reserved"
	}
	for _, g := range list(get("grades")) {
		v, err := strconv.Atoi(g)
		if err != nil || v < 1 || v > 12 {
			return bad("grades", "%q is not a grade from 1 to 12", g)
		}
		n.Grades = append(n.Grades, v)
	}
	switch {
	case n.Title == "":
		return bad("title", "a title is required")
	case !slices.Contains(repository.Types, n.Type):
		return bad("type", "%q is not one of %s", n.Type, strings.Join(repository.Types, ", "))
	case n.Subject == "":
		return bad("subject", "a subject code is required")
	case n.Scope != "" && !slices.Contains(repository.Scopes, n.Scope):
		return bad("scope", "%q is not one of %s", n.Scope, strings.Join(repository.Scopes, ", "))
	}
	files := list(get("files"))
	if len(files) == 0 || len(files) > maxFilesPerRow {
		return bad("files", "give 1 to %d files separated by ';'", maxFilesPerRow)
	}
	for i, f := range files {
		clean, ok := safePath(f)
		if !ok {
			return bad("files", "%q is not a path inside the folder", f)
		}
		files[i] = clean
	}
	key := get("key")
	if key == "" {
		key = strings.Join(files, ";")
	}
	if len(key) > 1000 {
		return bad("key", "the key is longer than 1,000 bytes")
	}
	return Row{Line: line, Key: key, Files: files, Resource: n}, nil
}

// list splits a ';'-separated cell.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// safePath cleans a relative path and refuses one that leaves the folder.
func safePath(p string) (string, bool) {
	p = strings.ReplaceAll(p, "\\", "/")
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsRune(p, 0) || (len(p) > 1 && p[1] == ':') {
		return "", false
	}
	c := path.Clean(p)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	return c, true
}
