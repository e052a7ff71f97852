package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/repository/blob"
)

type uploadState struct {
	ID        string `json:"id"`
	Offset    int64  `json:"offset"`
	Size      int64  `json:"size"`
	ChunkSize int64  `json:"chunk_size"`
	SHA256    string `json:"sha256"`
}

// patchChunk sends the chunk of data at u.Offset.
func (c *client) patchChunk(u uploadState, data []byte) (int, uploadState) {
	c.t.Helper()
	end := min(u.Offset+u.ChunkSize, int64(len(data)))
	var out uploadState
	st, body := c.do("PATCH", "/api/v1/uploads/"+u.ID, data[u.Offset:end], &out, "Upload-Offset", strconv.FormatInt(u.Offset, 10),
		"Content-Type", "application/offset+octet-stream")
	if st != 200 && st != 409 {
		c.t.Fatalf("chunk at %d: %d %s", u.Offset, st, body)
	}
	return st, out
}

// cutChunk opens its own connection, announces a whole chunk, sends half of it and
// hangs up.
func cutChunk(t *testing.T, base, cookie string, u uploadState, data []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "PATCH /api/v1/uploads/%s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nUpload-Offset: %d\r\nContent-Length: %d\r\n\r\n",
		u.ID, cookie, u.Offset, u.ChunkSize)
	conn.Write(data[u.Offset : u.Offset+u.ChunkSize/2])
	conn.Close()
}

// TestAPIResumableUpload: a large file sent chunk by chunk survives a connection
// cut mid-chunk, is stored once by its hash (a second upload of it dedups),
// attaches to a version in place of a file part, and stays invisible and
// unwritable to anyone but its uploader.
func TestAPIResumableUpload(t *testing.T) {
	t.Parallel()
	ts := newTestServerOpts(t, testOptions{blobs: blob.Options{PartSize: 5 << 20}})
	teacher, other, student := ts.login(t, "teacher1"), ts.login(t, "teacher2"), ts.login(t, "student1")
	data := make([]byte, 11<<20+7)
	_, _ = rand.NewChaCha8([32]byte{9}).Read(data)
	copy(data, fakePDF[:60])
	sum := sha256.Sum256(data)

	if st, body := student.do("POST", "/api/v1/uploads", map[string]any{"name": "x.pdf", "size": 10}, nil); st != 403 {
		t.Fatalf("student begins an upload: %d %s", st, body)
	}
	var u uploadState
	if st, body := teacher.do("POST", "/api/v1/uploads", map[string]any{"name": "Giáo trình.pdf", "size": len(data)}, &u); st != 201 || u.ChunkSize != 5<<20 {
		t.Fatalf("begin: %d %s", st, body)
	}
	st, u := teacher.patchChunk(u, data)
	if st != 200 || u.Offset != 5<<20 {
		t.Fatalf("first chunk: %d %+v", st, u)
	}
	cutChunk(t, ts.URL, teacher.cookie(), u, data)
	var state uploadState
	if st, body := teacher.do("GET", "/api/v1/uploads/"+u.ID, nil, &state); st != 200 || state.Offset != 5<<20 {
		t.Fatalf("state after the cut: %d %s", st, body)
	}
	t.Run("another school's teacher cannot read or write the upload", func(t *testing.T) {
		if st, _ := other.do("GET", "/api/v1/uploads/"+u.ID, nil, nil); st != 404 {
			t.Fatalf("read: %d", st)
		}
		if st, _ := other.do("PATCH", "/api/v1/uploads/"+u.ID, data[5<<20:10<<20], nil, "Upload-Offset", strconv.Itoa(5<<20)); st != 404 {
			t.Fatalf("write: %d", st)
		}
	})
	t.Run("a chunk for a stale offset gets the current one", func(t *testing.T) {
		var got uploadState
		st, _ := teacher.do("PATCH", "/api/v1/uploads/"+u.ID, data[:5<<20], &got, "Upload-Offset", "0")
		if st != 409 || got.Offset != 5<<20 {
			t.Fatalf("stale offset: %d %+v", st, got)
		}
	})
	for state.SHA256 == "" {
		next := state
		if _, next = teacher.patchChunk(state, data); next.ID == "" {
			// 409 without a state: the cut chunk's request still holds the upload's
			// lease (the server has not yet seen the hang-up). A client asks where
			// the upload stands and tries again, as this does.
			if st, body := teacher.do("GET", "/api/v1/uploads/"+u.ID, nil, &next); st != 200 {
				t.Fatalf("state after a refused chunk: %d %s", st, body)
			}
			time.Sleep(50 * time.Millisecond)
		}
		state = next
	}
	if state.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("sha %s, want %x", state.SHA256, sum)
	}

	var created struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/resources", map[string]any{"title": "Giáo trình", "type": "e-textbook", "subject": "toan",
		"scope": "school", "licence": "CC BY 4.0"}, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("upload", state.ID)
	mw.Close()
	var ver struct {
		Files []struct {
			Name        string `json:"name"`
			SHA256      string `json:"sha256"`
			ContentType string `json:"content_type"`
		} `json:"files"`
	}
	path := fmt.Sprintf("/api/v1/resources/%d/versions", created.ID)
	if st, body := other.do("POST", path, form.Bytes(), nil, "Content-Type", mw.FormDataContentType()); st != 404 {
		t.Fatalf("another school's teacher attaches the upload: %d %s", st, body)
	}
	if st, body := teacher.do("POST", path, form.Bytes(), &ver, "Content-Type", mw.FormDataContentType()); st != 201 ||
		len(ver.Files) != 1 || ver.Files[0].SHA256 != state.SHA256 || ver.Files[0].ContentType != "application/pdf" || ver.Files[0].Name != "Giáo trình.pdf" {
		t.Fatalf("attach: %d %s", st, body)
	}
	st, got := teacher.do("GET", fmt.Sprintf("/api/v1/resources/%d/files/%s", created.ID, state.SHA256), nil, nil)
	if st != 200 || !bytes.Equal([]byte(got), data) {
		t.Fatalf("download: %d, identical %v", st, bytes.Equal([]byte(got), data))
	}

	t.Run("the same bytes again are deduplicated", func(t *testing.T) {
		var u2 uploadState
		teacher.do("POST", "/api/v1/uploads", map[string]any{"name": "copy.pdf", "size": len(data)}, &u2)
		for u2.SHA256 == "" {
			_, u2 = teacher.patchChunk(u2, data)
		}
		if u2.SHA256 != state.SHA256 {
			t.Fatalf("second upload stored as %s", u2.SHA256)
		}
	})
	t.Run("executables are refused at the first chunk", func(t *testing.T) {
		exe := append([]byte("MZ\x90\x00\x03"), make([]byte, 300)...)
		var x uploadState
		teacher.do("POST", "/api/v1/uploads", map[string]any{"name": "setup.pdf", "size": len(exe)}, &x)
		st, body := teacher.do("PATCH", "/api/v1/uploads/"+x.ID, exe, nil, "Upload-Offset", "0")
		if st != 400 || !strings.Contains(strings.ToLower(body), "execut") {
			t.Fatalf("executable: %d %s", st, body)
		}
		if st, _ := teacher.do("GET", "/api/v1/uploads/"+x.ID, nil, nil); st != 404 {
			t.Fatalf("refused upload kept: %d", st)
		}
	})
	t.Run("an upload past the limit is refused before any byte", func(t *testing.T) {
		st, _ := teacher.do("POST", "/api/v1/uploads", map[string]any{"name": "huge.mp4", "size": int64(300) << 30}, nil)
		if st != 400 {
			t.Fatalf("300 GiB upload: %d", st)
		}
	})
}

// cookie is the client's session cookie header for raw requests.
func (c *client) cookie() string {
	req, _ := http.NewRequest("GET", c.base, nil)
	var parts []string
	for _, ck := range c.http.Jar.Cookies(req.URL) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; ")
}
