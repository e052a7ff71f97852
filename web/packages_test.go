package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/web"
)

// simulationZip is a small HTML5 package: a page, its script and a picture in a
// subfolder, all in one top folder as when a teacher zips the folder itself.
func simulationZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"con-lac/index.html":       `<!doctype html><html><head><script src="script.js"></script></head><body><img src="img/qua-nang.png"><p id="out">chưa chạy</p></body></html>`,
		"con-lac/script.js":        `window.onload = function () { var o = document.getElementById("out"); o.textContent = "đã chạy"; try { o.textContent += " cookie:" + document.cookie; } catch (e) { o.textContent += " cookie-blocked"; } try { o.textContent += " parent:" + parent.document.title; } catch (e) { o.textContent += " parent-blocked"; } fetch("data.json").then(function (r) { return r.json(); }).then(function (d) { o.textContent += " g=" + d.g; }, function (e) { o.textContent += " fetch-failed"; }).then(function () { parent.postMessage(o.textContent, "*"); }); };`,
		"con-lac/data.json":        `{"g": 9.8}`,
		"con-lac/img/qua-nang.png": "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 64),
	} {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadSimulation creates a draft simulation of teacher1 holding data as its file and
// returns the resource id.
func uploadSimulation(t *testing.T, teacher *client, name string, data []byte) int64 {
	t.Helper()
	var created struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/resources", map[string]any{"title": "Con lắc đơn", "type": "simulation", "subject": "vat-ly",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0"}, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	body, ctype := multipartBody(t, map[string][]byte{name: data}, nil)
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, nil, "Content-Type", ctype); st != 201 {
		t.Fatalf("upload: %d %s", st, resp)
	}
	return created.ID
}

var iframeSrc = regexp.MustCompile(`<iframe class="package"[^>]*sandbox="allow-scripts allow-forms"[^>]*src="(/pkg/[^"]+)"`)

// packageURL reads the sandboxed iframe's address from the resource page.
func packageURL(t *testing.T, c *client, id int64) string {
	t.Helper()
	st, page := c.do("GET", fmt.Sprintf("/resources/%d", id), nil, nil)
	m := iframeSrc.FindStringSubmatch(page)
	if st != 200 || m == nil {
		t.Fatalf("resource page: %d, no package iframe in %s", st, page)
	}
	return html.UnescapeString(m[1])
}

// get fetches path with no cookie at all.
func get(t *testing.T, base, path string) (*http.Response, string) {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPackageServedFromSandboxWithToken(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	teacher, other := ts.login(t, "teacher1"), ts.login(t, "teacher2")
	id := uploadSimulation(t, teacher, "con-lac.zip", simulationZip(t))
	entry := packageURL(t, teacher, id)
	if !strings.HasSuffix(entry, "/con-lac/index.html") {
		t.Fatalf("entry = %s", entry)
	}
	base := strings.TrimSuffix(entry, "index.html")
	const csp = "sandbox allow-scripts allow-forms; default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'self'"
	for _, c := range []struct{ path, ctype, has string }{
		{"index.html", "text/html; charset=utf-8", `<script src="script.js">`},
		{"script.js", "text/javascript; charset=utf-8", "document.getElementById"},
		{"img/qua-nang.png", "image/png", "PNG"},
	} {
		resp, body := get(t, ts.URL, base+c.path) // no session cookie
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("Content-Type") != c.ctype || !strings.Contains(body, c.has) {
			t.Errorf("%s: %d %q %.80q", c.path, resp.StatusCode, h.Get("Content-Type"), body)
		}
		if h.Get("Content-Security-Policy") != csp || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "SAMEORIGIN" {
			t.Errorf("%s: headers %v", c.path, h)
		}
	}
	t.Run("names outside the manifest are 404", func(t *testing.T) {
		tok := strings.Split(entry, "/")[2]
		for _, p := range []string{"con-lac/../con-lac/index.html", "con-lac/%2e%2e/con-lac/index.html", "%2fcon-lac/index.html",
			"con-lac/%2e%2e%2fcon-lac%2findex.html", "index.html", "con-lac/", "con-lac/img", "CON-LAC/index.html", "con-lac\\index.html", "../../etc/passwd"} {
			resp, _ := get(t, ts.URL, "/pkg/"+tok+"/"+p)
			// 404, or the router's redirect to the cleaned path before any handler runs
			if resp.StatusCode != 404 && resp.StatusCode != http.StatusMovedPermanently && resp.StatusCode != http.StatusTemporaryRedirect {
				t.Errorf("%s: %d", p, resp.StatusCode)
			}
		}
	})
	t.Run("forged tokens are refused", func(t *testing.T) {
		tok := strings.Split(entry, "/")[2]
		flip := []byte(tok)
		flip[len(flip)-2] ^= 1
		for _, bad := range []string{string(flip), tok[:len(tok)-4], "x", strings.Repeat("A", len(tok))} {
			if resp, _ := get(t, ts.URL, "/pkg/"+bad+"/con-lac/index.html"); resp.StatusCode != 404 {
				t.Errorf("token %q: %d", bad, resp.StatusCode)
			}
		}
	})
	t.Run("expired tokens are refused", func(t *testing.T) {
		sha := strings.Repeat("0", 64)
		if st, page := teacher.do("GET", fmt.Sprintf("/api/v1/resources/%d", id), nil, nil); st == 200 {
			sha = regexp.MustCompile(`"sha256":"([0-9a-f]{64})"`).FindStringSubmatch(page)[1]
		}
		old, err := web.MintPackageToken(ts.Pool, id, sha, time.Now().Add(-time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := get(t, ts.URL, "/pkg/"+old+"/con-lac/index.html"); resp.StatusCode != 403 {
			t.Errorf("expired: %d", resp.StatusCode)
		}
		fresh, _ := web.MintPackageToken(ts.Pool, id, sha, time.Now().Add(time.Minute))
		if resp, _ := get(t, ts.URL, "/pkg/"+fresh+"/con-lac/index.html"); resp.StatusCode != 200 {
			t.Errorf("fresh token of the same key: %d", resp.StatusCode)
		}
	})
	t.Run("a teacher of another school cannot mint a token", func(t *testing.T) {
		if st, page := other.do("GET", fmt.Sprintf("/resources/%d", id), nil, nil); st != 404 || strings.Contains(page, "/pkg/") {
			t.Fatalf("other school: %d", st)
		}
	})
	t.Run("once published, a student of the school plays it; one of another school cannot", func(t *testing.T) {
		student, stranger := ts.login(t, "student1"), ts.login(t, "student2")
		if st, page := student.do("GET", fmt.Sprintf("/resources/%d", id), nil, nil); st != 404 || strings.Contains(page, "/pkg/") {
			t.Fatalf("student sees a draft: %d", st)
		}
		var sub struct {
			ReviewID int64 `json:"review_id"`
		}
		if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/submit", id), nil, &sub); st != 200 {
			t.Fatalf("submit: %d %s", st, resp)
		}
		reviewer := ts.login(t, "reviewer1")
		if st, resp := reviewer.do("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", sub.ReviewID), map[string]string{"decision": "approve", "comment": "Đạt"}, nil); st != 200 {
			t.Fatalf("approve: %d %s", st, resp)
		}
		src := packageURL(t, student, id)
		if resp, body := get(t, ts.URL, src); resp.StatusCode != 200 || !strings.Contains(body, "script.js") {
			t.Fatalf("student plays: %d", resp.StatusCode)
		}
		for _, c := range []*client{stranger, other} {
			if st, page := c.do("GET", fmt.Sprintf("/resources/%d", id), nil, nil); st != 404 || strings.Contains(page, "/pkg/") {
				t.Fatalf("user of another school: %d", st)
			}
		}
	})
}

func TestPackageInvalidShowsReason(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	teacher := ts.login(t, "teacher1")
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create("../../thoat.html")
	io.WriteString(f, "<p>x</p>")
	w.Close()
	id := uploadSimulation(t, teacher, "hong.zip", buf.Bytes())
	st, page := teacher.do("GET", fmt.Sprintf("/resources/%d", id), nil, nil)
	if st != 200 || strings.Contains(page, "/pkg/") || !strings.Contains(page, "package-error") {
		t.Fatalf("hostile package page: %d %s", st, page)
	}
	// Even with a valid token (the page never mints one here), nothing is served.
	var res struct {
		Files []struct {
			SHA256 string `json:"sha256"`
		} `json:"files"`
	}
	if st, body := teacher.do("GET", fmt.Sprintf("/api/v1/resources/%d", id), nil, &res); st != 200 || len(res.Files) != 1 {
		t.Fatalf("resource: %d %s", st, body)
	}
	tok, err := web.MintPackageToken(ts.Pool, id, res.Files[0].SHA256, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"thoat.html", "../../thoat.html", "%2e%2e/%2e%2e/thoat.html"} {
		if resp, _ := get(t, ts.URL, "/pkg/"+tok+"/"+p); resp.StatusCode == 200 {
			t.Errorf("hostile package served %s", p)
		}
	}
	reason := html.UnescapeString(regexp.MustCompile(`package-error[^>]*>([^<]*)`).FindStringSubmatch(page)[1])
	if !strings.Contains(reason, `"../../thoat.html"`) || !strings.Contains(reason, "ra ngoài gói") {
		t.Fatalf("reason %q: want the entry and why, in Vietnamese", reason)
	}
	// Reasons that used to share a key with other messages are in Vietnamese too.
	for names, want := range map[[2]string]string{
		{"bai.html", "bai.html"}: `Tệp nén có mục "bai.html" xuất hiện hai lần.`,
		{"Bai.html", "bai.html"}: `Các mục "Bai.html" và "bai.html" chỉ khác nhau ở chữ hoa`,
		{"css", "css/a.css"}:     `Mục "css" là tệp, nhưng mục "css/a.css" lại dùng nó làm thư mục.`,
		{"a\x1b.html", "b.html"}: `Tên của mục "a\x1b.html" chứa ký tự điều khiển.`,
	} {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		for _, n := range names {
			f, _ := w.Create(n)
			io.WriteString(f, "<p>x</p>")
		}
		w.Close()
		id := uploadSimulation(t, teacher, "trung-ten.zip", buf.Bytes())
		_, page := teacher.do("GET", fmt.Sprintf("/resources/%d", id), nil, nil)
		m := regexp.MustCompile(`package-error[^>]*>([^<]*)`).FindStringSubmatch(page)
		if m == nil || !strings.Contains(html.UnescapeString(m[1]), want) {
			t.Errorf("package %q: reason %q; want %q", names, m, want)
		}
	}
}
