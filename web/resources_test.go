package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// multipartBody builds a multipart form with files (name -> bytes) and fields.
func multipartBody(t *testing.T, files map[string][]byte, fields map[string]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

var fakePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + strings.Repeat("0123456789", 100))

func TestResourceUploadReviewAndDownload(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	teacher, reviewer := ts.login(t, "teacher1"), ts.login(t, "reviewer1")
	student, other := ts.login(t, "student1"), ts.login(t, "student2")

	var created struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/resources", map[string]any{"title": "Hàm số bậc hai", "type": "slides", "subject": "toan",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0", "description": "Bài giảng chương 3"}, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	body, ctype := multipartBody(t, map[string][]byte{"Bài giảng Toán lớp 10 – Hàm số.pdf": fakePDF}, map[string]string{"note": "bản đầu"})
	var ver struct {
		Version int `json:"version"`
		Files   []struct {
			Name, SHA256, ContentType string `json:"-"`
		} `json:"-"`
	}
	var raw map[string]any
	st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, &raw, "Content-Type", ctype)
	if st != 201 || raw["version"].(float64) != 1 {
		t.Fatalf("upload: %d %s", st, resp)
	}
	_ = ver
	f := raw["files"].([]any)[0].(map[string]any)
	sha := f["sha256"].(string)
	if f["content_type"] != "application/pdf" || f["name"] != "Bài giảng Toán lớp 10 – Hàm số.pdf" || f["size"].(float64) != float64(len(fakePDF)) {
		t.Fatalf("file metadata: %+v", f)
	}
	fileURL := fmt.Sprintf("/api/v1/resources/%d/files/%s", created.ID, sha)

	t.Run("students see nothing before publication", func(t *testing.T) {
		if st, _ := student.do("GET", fmt.Sprintf("/api/v1/resources/%d", created.ID), nil, nil); st != 404 {
			t.Fatalf("student reads a draft: %d", st)
		}
		if st, _ := student.do("GET", fileURL, nil, nil); st != 404 {
			t.Fatalf("student downloads a draft: %d", st)
		}
	})
	t.Run("executables are refused with a message", func(t *testing.T) {
		body, ctype := multipartBody(t, map[string][]byte{"setup.pdf": append([]byte("MZ\x90\x00\x03"), make([]byte, 200)...)}, nil)
		st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, nil, "Content-Type", ctype)
		if st != 400 || !strings.Contains(strings.ToLower(resp), "execut") {
			t.Fatalf("executable: %d %s", st, resp)
		}
	})

	var submitted struct {
		ReviewID int64 `json:"review_id"`
	}
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/submit", created.ID), nil, &submitted); st != 200 {
		t.Fatalf("submit: %d %s", st, resp)
	}
	var queue struct {
		Reviews []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"reviews"`
	}
	reviewer.do("GET", "/api/v1/reviews", nil, &queue)
	if len(queue.Reviews) != 1 || queue.Reviews[0].ID != submitted.ReviewID {
		t.Fatalf("queue: %+v", queue)
	}
	// The reviewer previews the draft before deciding.
	if st, _ := reviewer.do("GET", fileURL, nil, nil); st != 200 {
		t.Fatalf("reviewer preview: %d", st)
	}
	var decided struct{ Status string }
	if st, resp := reviewer.do("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", submitted.ReviewID), map[string]string{"decision": "approve", "comment": "Đạt"}, &decided); st != 200 || decided.Status != "published" {
		t.Fatalf("decision: %d %s", st, resp)
	}
	var got struct {
		Status string `json:"status"`
		Files  []struct {
			SHA256 string `json:"sha256"`
		} `json:"files"`
	}
	if st, resp := student.do("GET", fmt.Sprintf("/api/v1/resources/%d", created.ID), nil, &got); st != 200 || got.Status != "published" || got.Files[0].SHA256 != sha {
		t.Fatalf("student after publication: %d %s", st, resp)
	}
	t.Run("range and Vietnamese file name", func(t *testing.T) {
		req, _ := http.NewRequest("GET", ts.URL+fileURL+"?download=1", nil)
		req.Header.Set("Range", "bytes=5-9")
		resp, err := student.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		part, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 206 || string(part) != string(fakePDF[5:10]) {
			t.Fatalf("range: %d %q", resp.StatusCode, part)
		}
		cd := resp.Header.Get("Content-Disposition")
		if !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng") {
			t.Fatalf("content-disposition %q", cd)
		}
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Fatal("files must be served sandboxed")
		}
	})
	t.Run("another school's student cannot read it", func(t *testing.T) {
		if st, _ := other.do("GET", fileURL, nil, nil); st != 404 {
			t.Fatalf("other school: %d", st)
		}
	})
	t.Run("the same bytes are stored once", func(t *testing.T) {
		body, ctype := multipartBody(t, map[string][]byte{"ban-sao.pdf": fakePDF}, nil)
		var again map[string]any
		teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, &again, "Content-Type", ctype)
		if again["files"].([]any)[0].(map[string]any)["sha256"] != sha {
			t.Fatalf("dedup: %+v", again)
		}
	})
}
