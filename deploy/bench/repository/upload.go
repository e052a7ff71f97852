package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/minio/minio-go/v7"
)

// noise is n bytes that start like a PDF (so the type check passes) and go on with
// pseudo-random bytes, generated as they are read.
func noise(seed uint64, n int64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	head := []byte("%PDF-1.7\n")
	return io.MultiReader(bytes.NewReader(head), io.LimitReader(rand.NewChaCha8(s), n-int64(len(head))))
}

func mibps(n int64, d time.Duration) float64 { return float64(n) / (1 << 20) / d.Seconds() }

type client struct {
	base string
	http *http.Client
}

func login(ctx context.Context, base, user string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 200}}}
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	resp, err := c.http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("login %s: %s", user, resp.Status)
	}
	return c, nil
}

// call sends a request and decodes a JSON answer into out.
func (c *client) call(ctx context.Context, method, path string, body io.Reader, size int64, ctype string, out any, hdr ...string) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

func (c *client) newResource(ctx context.Context, title string) (int64, error) {
	body, _ := json.Marshal(map[string]any{"title": title, "type": "video", "subject": "toan", "scope": "school", "licence": "CC BY 4.0"})
	var out struct{ ID int64 }
	err := c.call(ctx, "POST", "/api/v1/resources", bytes.NewReader(body), int64(len(body)), "application/json", &out)
	return out.ID, err
}

// formUpload streams one file as a multipart form (size unknown to the server).
func (c *client) formUpload(ctx context.Context, id int64, r io.Reader) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("file", "video.pdf")
		if err == nil {
			_, err = io.Copy(fw, r)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return c.call(ctx, "POST", fmt.Sprintf("/api/v1/resources/%d/versions", id), pr, -1, mw.FormDataContentType(), nil)
}

// resumableUpload sends one file through /api/v1/uploads, chunk by chunk.
func (c *client) resumableUpload(ctx context.Context, r io.Reader, size int64) error {
	body, _ := json.Marshal(map[string]any{"name": "video.pdf", "size": size})
	var u struct {
		ID        string `json:"id"`
		Offset    int64  `json:"offset"`
		ChunkSize int64  `json:"chunk_size"`
		SHA256    string `json:"sha256"`
	}
	if err := c.call(ctx, "POST", "/api/v1/uploads", bytes.NewReader(body), int64(len(body)), "application/json", &u); err != nil {
		return err
	}
	for u.SHA256 == "" {
		n := min(u.ChunkSize, size-u.Offset)
		if err := c.call(ctx, "PATCH", "/api/v1/uploads/"+u.ID, io.LimitReader(r, n), n, "application/offset+octet-stream", &u,
			"Upload-Offset", strconv.FormatInt(u.Offset, 10)); err != nil {
			return err
		}
	}
	return nil
}

func uploadFigures(ctx context.Context, cf config, srv *server, s3 *minio.Client) ([]string, error) {
	size := cf.bigSize
	t0 := time.Now()
	if _, err := s3.PutObject(ctx, "hoclieu", "bench/direct", noise(1, size), size, minio.PutObjectOptions{}); err != nil {
		return nil, fmt.Errorf("direct put: %w", err)
	}
	direct := time.Since(t0)
	_ = s3.RemoveObject(ctx, "hoclieu", "bench/direct", minio.RemoveObjectOptions{})
	fmt.Printf("direct minio-go PUT of %d MiB: %.1f s, %.0f MiB/s\n", size>>20, direct.Seconds(), mibps(size, direct))

	c, err := login(ctx, srv.base, "teacher1")
	if err != nil {
		return nil, err
	}
	id, err := c.newResource(ctx, "bench")
	if err != nil {
		return nil, err
	}
	t0 = time.Now()
	if err := c.formUpload(ctx, id, noise(2, size)); err != nil {
		return nil, err
	}
	form := time.Since(t0)
	fmt.Printf("through the server, multipart form: %.1f s, %.0f MiB/s\n", form.Seconds(), mibps(size, form))
	t0 = time.Now()
	if err := c.resumableUpload(ctx, noise(3, size), size); err != nil {
		return nil, err
	}
	resumable := time.Since(t0)
	fmt.Printf("through the server, resumable chunks: %.1f s, %.0f MiB/s\n", resumable.Seconds(), mibps(size, resumable))

	rows := []string{
		fmt.Sprintf("| upload %d MiB: direct minio-go PUT | %.0f MiB/s | reference |", size>>20, mibps(size, direct)),
		fmt.Sprintf("| upload %d MiB through the server, multipart form | %.0f MiB/s (%.0f%% of direct) | ≥ 80%% |", size>>20, mibps(size, form), 100*direct.Seconds()/form.Seconds()),
		fmt.Sprintf("| upload %d MiB through the server, resumable | %.0f MiB/s (%.0f%% of direct) | ≥ 80%% |", size>>20, mibps(size, resumable), 100*direct.Seconds()/resumable.Seconds()),
	}
	for _, mode := range []string{"form", "resumable"} {
		// A fresh server for each: Go keeps freed memory for a while, so the second
		// run would start at the first one's peak.
		if err := srv.restart(ctx); err != nil {
			return nil, err
		}
		if c, err = login(ctx, srv.base, "teacher1"); err != nil {
			return nil, err
		}
		fmt.Printf("server RSS before the parallel uploads: %d MiB\n", srv.rssKiB("VmRSS")>>10)
		peak, d, err := parallelUploads(ctx, cf, srv, c, mode)
		if err != nil {
			return nil, err
		}
		total := int64(cf.parallel) * cf.parallelSize
		fmt.Printf("%d × %d MiB in parallel (%s): %.1f s, %.0f MiB/s, server peak RSS %d MiB\n", cf.parallel, cf.parallelSize>>20, mode,
			d.Seconds(), mibps(total, d), peak>>10)
		rows = append(rows, fmt.Sprintf("| server peak RSS, %d × %d MiB uploads at once (%s) | %d MiB | < 300 MiB |", cf.parallel, cf.parallelSize>>20, mode, peak>>10))
	}
	return rows, nil
}

// parallelUploads sends cf.parallel files at once and samples the server's RSS
// every 50 ms; it returns the peak in KiB.
func parallelUploads(ctx context.Context, cf config, srv *server, c *client, mode string) (int64, time.Duration, error) {
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			if v := srv.rssKiB("VmRSS"); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, cf.parallel)
	t0 := time.Now()
	for i := range cf.parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seed := uint64(100 + i)
			if mode == "resumable" {
				seed += 100
				errs <- c.resumableUpload(ctx, noise(seed, cf.parallelSize), cf.parallelSize)
				return
			}
			id, err := c.newResource(ctx, fmt.Sprintf("parallel %d", i))
			if err == nil {
				err = c.formUpload(ctx, id, noise(seed, cf.parallelSize))
			}
			errs <- err
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	close(stop)
	close(errs)
	for err := range errs {
		if err != nil {
			return 0, 0, err
		}
	}
	return peak.Load(), d, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *server) waitHealthy(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("hoclieu serve not healthy after %s", limit)
}
