package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

type apiImport struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Total   int    `json:"total"`
	Done    int    `json:"done"`
	Created int    `json:"created"`
	Refused int    `json:"refused"`
	Error   *struct {
		Key     string `json:"key"`
		Message string `json:"message"`
	} `json:"error"`
}

// importOverAPI posts a MARC file and waits for its job to end.
func importOverAPI(t *testing.T, c *client, name string, data []byte, scope string) apiImport {
	t.Helper()
	body, ctype := multipartBody(t, map[string][]byte{name: data}, map[string]string{"scope": scope})
	var im apiImport
	if st, resp := c.do("POST", "/api/v1/catalog/imports", body, &im, "Content-Type", ctype); st != http.StatusAccepted {
		t.Fatalf("import %s: %d %s", name, st, resp)
	}
	deadline := time.Now().Add(time.Minute)
	for im.Status == "queued" || im.Status == "running" {
		if time.Now().After(deadline) {
			t.Fatalf("import %s did not end: %+v", name, im)
		}
		time.Sleep(50 * time.Millisecond)
		if st, resp := c.do("GET", fmt.Sprintf("/api/v1/catalog/imports/%d", im.ID), nil, &im); st != 200 {
			t.Fatalf("import state: %d %s", st, resp)
		}
	}
	return im
}

// TestCatalogOverAPI: a librarian imports over the API; the records are found by
// the search API in the response shape; a school-only record stays in its
// school; only librarians import, and a file that is not MARC fails with its reason.
func TestCatalogOverAPI(t *testing.T) {
	t.Parallel()
	ts := newTestServerOpts(t, testOptions{catalogJobs: true})
	lib, student1, student2 := ts.login(t, "librarian1"), ts.login(t, "student1"), ts.login(t, "student2")
	im := importOverAPI(t, lib, "school.mrc", vietnameseMARC(t), "school")
	if im.Status != "done" || im.Created != 3 || im.Total != 3 {
		t.Fatalf("import: %+v", im)
	}
	var res searchAnswer
	if st, body := student1.do("GET", "/api/v1/search?q=phuong+trinh+bac+hai&type=record", nil, &res); st != 200 || res.Total != 1 ||
		res.Hits[0].Type != "record" || res.Hits[0].Title != "Phương trình bậc hai và ứng dụng" || res.Facets["type"]["record"] != 1 {
		t.Fatalf("student1 search: %d %s", st, body)
	}
	id := res.Hits[0].ID
	if st, body := student1.do("GET", fmt.Sprintf("/api/v1/catalog/records/%d", id), nil, nil); st != 200 || !strings.Contains(body, `"Lê Văn Thiêm"`) {
		t.Fatalf("student1 record: %d %s", st, body)
	}
	// Another school sees neither the record nor a count of it.
	res.Facets, res.Hits = nil, nil
	if st, body := student2.do("GET", "/api/v1/search?q=phuong+trinh+bac+hai", nil, &res); st != 200 || res.Total != 0 || len(res.Facets["type"]) != 0 {
		t.Fatalf("student2 search: %d %s", st, body)
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/catalog/records/%d", id), fmt.Sprintf("/catalog/records/%d", id), fmt.Sprintf("/catalog/records/%d/marc", id),
		fmt.Sprintf("/api/v1/catalog/imports/%d", im.ID)} {
		if st, _ := student2.do("GET", path, nil, nil); st != http.StatusNotFound {
			t.Fatalf("student2 GET %s: %d", path, st)
		}
	}
	if st, _ := student2.do("DELETE", fmt.Sprintf("/api/v1/catalog/records/%d", id), nil, nil); st != http.StatusNotFound {
		t.Fatalf("student2 deletes: %d", st)
	}
	if st, _ := student1.do("DELETE", fmt.Sprintf("/api/v1/catalog/records/%d", id), nil, nil); st != http.StatusForbidden {
		t.Fatalf("student1 deletes: %d", st)
	}
	body, ctype := multipartBody(t, map[string][]byte{"a.mrc": vietnameseMARC(t)}, nil)
	for _, who := range []string{"student1", "teacher1"} {
		if st, resp := ts.login(t, who).do("POST", "/api/v1/catalog/imports", body, nil, "Content-Type", ctype); st != http.StatusForbidden {
			t.Fatalf("%s imports: %d %s", who, st, resp)
		}
	}
	// The export is the record in ISO 2709.
	if st, raw := lib.do("GET", fmt.Sprintf("/catalog/records/%d/marc", id), nil, nil); st != 200 || !strings.HasSuffix(raw, "\x1d") || !strings.Contains(raw, "Phương trình") {
		t.Fatalf("export: %d %q", st, raw)
	}
	bad := importOverAPI(t, lib, "notes.mrc", []byte("Danh mục sách lớp 10\nTruyện Kiều\n"), "")
	if bad.Status != "failed" || bad.Error == nil || bad.Error.Key == "" || bad.Created != 0 {
		t.Fatalf("not MARC: %+v", bad)
	}
	if st, body := lib.do("GET", "/api/v1/catalog/records?org=abc", nil, nil); st != http.StatusBadRequest {
		t.Fatalf("bad org: %d %s", st, body)
	}
	if st, _ := lib.do("DELETE", fmt.Sprintf("/api/v1/catalog/records/%d", id), nil, nil); st != http.StatusNoContent {
		t.Fatalf("librarian deletes: %d", st)
	}
	if st, _ := student1.do("GET", fmt.Sprintf("/api/v1/catalog/records/%d", id), nil, nil); st != http.StatusNotFound {
		t.Fatalf("deleted record: %d", st)
	}
}
