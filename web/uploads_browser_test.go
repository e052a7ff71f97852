package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hoclieu/hoclieu/repository/blob"
)

// dropSecondChunk cuts every connection carrying a chunk at a non-zero offset, after
// 1 MiB of it has arrived, for two seconds from the first one: a phone going through
// a tunnel. (Chromium itself resends a request once when a kept-alive connection
// closes under it, so a single drop would not reach the page.)
func dropSecondChunk(drops *atomic.Int32) func(http.Handler) http.Handler {
	var since atomic.Int64
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPatch && r.Header.Get("Upload-Offset") != "0" {
				since.CompareAndSwap(0, time.Now().UnixNano())
				if time.Since(time.Unix(0, since.Load())) < 2*time.Second {
					drops.Add(1)
					_, _ = io.CopyN(io.Discard, r.Body, 1<<20)
					if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
						conn.Close()
						return
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestBrowserResumableUpload: a teacher on a phone uploads a 12 MiB file; the
// connection drops in the middle of the second chunk; the page resumes from the
// offset the server reports, its progress bar reaches 100%, and the stored file is
// byte for byte the one chosen.
func TestBrowserResumableUpload(t *testing.T) {
	var drops atomic.Int32
	ts := newTestServerOpts(t, testOptions{blobs: blob.Options{PartSize: 5 << 20}, wrap: dropSecondChunk(&drops)})
	data := make([]byte, 12<<20+321)
	rng := rand.NewChaCha8([32]byte{3})
	_, _ = rng.Read(data)
	copy(data, fakePDF[:60])
	path := filepath.Join(t.TempDir(), "Sách giáo khoa Vật lí 10.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tab := newBrowserTab(t, phoneScreen)
	var url, retries, text string
	var progress int
	runBrowserSteps(t, tab,
		browserStep{"teacher logs in", chromedp.Tasks{browserLogin(ts, "teacher1", demoPassword), chromedp.WaitVisible(`ul.roles`)}},
		browserStep{"teacher fills in the form", chromedp.Tasks{chromedp.Navigate(ts.URL + "/resources/new"), chromedp.WaitVisible(`#title`),
			chromedp.SendKeys(`#title`, "Sách giáo khoa Vật lí 10"), chromedp.SetValue(`#subject`, "vat-ly"), chromedp.SetValue(`#grade`, "10"),
			chromedp.SetUploadFiles(`#file`, []string{path})}},
		browserStep{"teacher uploads; the connection drops and the page resumes", chromedp.Tasks{
			chromedp.Click(`#upload-form button[type=submit]`),
			chromedp.Poll(`document.querySelector('#upload-progress').value >= 40`, nil, chromedp.WithPollingTimeout(12*time.Second))}},
		browserStep{"the upload reaches 100%", chromedp.Tasks{
			chromedp.Poll(`document.querySelector('#upload-progress') && document.querySelector('#upload-progress').value >= 100`, nil,
				chromedp.WithPollingTimeout(12*time.Second)),
			chromedp.AttributeValue(`#upload-form`, "data-retries", &retries, nil),
			chromedp.Evaluate(`document.querySelector('#upload-progress').value`, &progress),
			chromedp.WaitVisible(`p.flash`), chromedp.Location(&url), chromedp.Text(`main`, &text)}},
		browserStep{"the page fits a phone", noSidewaysScroll(phoneScreen)},
	)
	t.Logf("connections dropped: %d; the page resumed %s times", drops.Load(), retries)
	if drops.Load() < 1 || retries == "0" || retries == "" {
		t.Fatalf("the connection was dropped %d times and the page retried %q times", drops.Load(), retries)
	}
	if progress != 100 || !strings.Contains(text, "Sách giáo khoa Vật lí 10.pdf") {
		t.Fatalf("progress %d, page: %s", progress, text)
	}
	var id int64
	if _, err := fmt.Sscanf(url[strings.LastIndex(url, "/")+1:], "%d", &id); err != nil {
		t.Fatalf("resource address %s: %v", url, err)
	}
	teacher := ts.login(t, "teacher1")
	var res struct {
		Files []struct {
			SHA256 string `json:"sha256"`
			Size   int64  `json:"size"`
		} `json:"files"`
	}
	if st, body := teacher.do("GET", fmt.Sprintf("/api/v1/resources/%d", id), nil, &res); st != 200 || len(res.Files) != 1 {
		t.Fatalf("resource: %d %s", st, body)
	}
	sum := sha256.Sum256(data)
	if res.Files[0].SHA256 != hex.EncodeToString(sum[:]) || res.Files[0].Size != int64(len(data)) {
		t.Fatalf("stored %+v, want sha %x size %d", res.Files[0], sum, len(data))
	}
	st, got := teacher.do("GET", fmt.Sprintf("/api/v1/resources/%d/files/%s", id, res.Files[0].SHA256), nil, nil)
	if st != 200 || !bytes.Equal([]byte(got), data) {
		t.Fatalf("download: %d, %d bytes, identical %v", st, len(got), bytes.Equal([]byte(got), data))
	}
}
