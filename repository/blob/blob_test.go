package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository/blob"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// env is one test's store over its own database and bucket.
type env struct {
	t      testing.TB
	store  *blob.Store
	db     *pgxpool.Pool
	s3     *minio.Client
	bucket string
}

func newEnv(t testing.TB, o blob.Options) *env {
	t.Helper()
	db, _ := devtest.Pool(t)
	s3, bucket := devtest.Bucket(t)
	return &env{t: t, store: blob.NewWithOptions(db, s3, bucket, o), db: db, s3: s3, bucket: bucket}
}

func (e *env) put(data []byte, size int64, ct string) blob.Blob {
	e.t.Helper()
	b, err := e.store.Put(context.Background(), bytes.NewReader(data), size, ct)
	if err != nil {
		e.t.Fatalf("put: %v", err)
	}
	return b
}

// keys lists every object in the bucket.
func (e *env) keys() []string {
	e.t.Helper()
	var keys []string
	for o := range e.s3.ListObjects(context.Background(), e.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			e.t.Fatalf("list: %v", o.Err)
		}
		keys = append(keys, o.Key)
	}
	slices.Sort(keys)
	return keys
}

func (e *env) rows() int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRow(context.Background(), `SELECT count(*) FROM blobs`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) ref(sha string, delta int) error {
	e.t.Helper()
	return pgx.BeginFunc(context.Background(), e.db, func(tx pgx.Tx) error {
		return e.store.Ref(context.Background(), tx, sha, delta)
	})
}

// read returns the stored bytes of a blob.
func (e *env) read(sha string) []byte {
	e.t.Helper()
	obj, err := e.store.Open(context.Background(), sha)
	if err != nil {
		e.t.Fatalf("open %s: %v", sha, err)
	}
	defer obj.Close()
	b, err := io.ReadAll(obj)
	if err != nil {
		e.t.Fatalf("read %s: %v", sha, err)
	}
	return b
}

// key is where the blob's row says its bytes are.
func (e *env) key(sha string) string {
	e.t.Helper()
	var k string
	err := e.db.QueryRow(context.Background(), `SELECT object_key FROM blobs WHERE sha256 = $1`, sha).Scan(&k)
	if err != nil {
		e.t.Fatalf("key of %s: %v", sha, err)
	}
	return k
}

func hexSHA(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// noise is n deterministic pseudo-random bytes, generated as they are read.
func noise(seed uint64, n int64) io.Reader {
	var s [32]byte
	copy(s[:], fmt.Sprint(seed))
	return io.LimitReader(rand.NewChaCha8(s), n)
}

func wantInvalid(t *testing.T, err error, key string) {
	t.Helper()
	v, ok := fault.AsValidation(err)
	if !ok || v.Key != key {
		t.Fatalf("got %v, want a validation error %s", err, key)
	}
}

func TestPutKnownHashes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	tests := []struct {
		name, data, sha string
		size            int64
	}{
		{"hello world, size known", "hello world", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", 11},
		{"hello world, size unknown", "hello world", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", -1},
		{"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0},
		{"empty, size unknown", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", -1},
		{"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.put([]byte(tt.data), tt.size, "text/plain; charset=utf-8")
			if b.SHA256 != tt.sha || b.Size != int64(len(tt.data)) || b.ContentType != "text/plain; charset=utf-8" {
				t.Fatalf("got %+v, want sha %s size %d", b, tt.sha, len(tt.data))
			}
			if got := e.read(b.SHA256); string(got) != tt.data {
				t.Fatalf("read back %q", got)
			}
			if _, err := e.s3.StatObject(context.Background(), e.bucket, e.key(tt.sha), minio.StatObjectOptions{}); err != nil {
				t.Fatalf("object not at its key: %v", err)
			}
		})
	}
	if got := e.keys(); len(got) != 3 {
		t.Fatalf("bucket holds %v, want the 3 distinct contents and no temporary objects", got)
	}
}

func TestPutDeduplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	data := bytes.Repeat([]byte("Hàm số bậc hai. "), 70_000) // > 1 MiB: a multipart upload when the size is unknown
	first := e.put(data, int64(len(data)), "application/pdf")
	again := e.put(data, -1, "")
	if first.SHA256 != hexSHA(data) || again != first {
		t.Fatalf("first %+v, again %+v", first, again)
	}
	if got, want := e.keys(), []string{e.key(first.SHA256)}; !slices.Equal(got, want) {
		t.Fatalf("bucket holds %v, want only %v", got, want)
	}
	if n := e.rows(); n != 1 {
		t.Fatalf("%d rows", n)
	}
	if !bytes.Equal(e.read(first.SHA256), data) {
		t.Fatal("content differs")
	}

	// Concurrent uploads of the same new bytes agree and store them once.
	other := []byte("đề kiểm tra giữa kì")
	var wg sync.WaitGroup
	shas := make([]string, 8)
	for i := range shas {
		wg.Go(func() {
			b, err := e.store.Put(context.Background(), bytes.NewReader(other), int64(len(other)), "text/plain")
			if err != nil {
				t.Error(err)
			}
			shas[i] = b.SHA256
		})
	}
	wg.Wait()
	for _, s := range shas {
		if s != hexSHA(other) {
			t.Fatalf("concurrent puts gave %v", shas)
		}
	}
	if got := e.keys(); len(got) != 2 {
		t.Fatalf("bucket holds %v", got)
	}
}

func TestPutRejectsBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	ctx := context.Background()
	_, err := e.store.Put(ctx, strings.NewReader("0123456789"), 20, "")
	wantInvalid(t, err, "blob.size_mismatch")
	_, err = e.store.Put(ctx, strings.NewReader("0123456789"), 5, "")
	wantInvalid(t, err, "blob.size_mismatch")
	_, err = e.store.Put(ctx, strings.NewReader("x"), 1, "not a type")
	wantInvalid(t, err, "blob.content_type")
	if keys, n := e.keys(), e.rows(); len(keys) != 0 || n != 0 {
		t.Fatalf("left objects %v and %d rows", keys, n)
	}
}

// countingReader counts what Put takes from the body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestPutMaxSize(t *testing.T) {
	t.Parallel()
	const limit = 6 << 20
	e := newEnv(t, blob.Options{MaxSize: limit, PartSize: 5 << 20})
	ctx := context.Background()
	for _, size := range []int64{-1, limit + 1} {
		t.Run(fmt.Sprint("size ", size), func(t *testing.T) {
			body := &countingReader{r: noise(1, 3*limit)}
			_, err := e.store.Put(ctx, body, size, "video/mp4")
			wantInvalid(t, err, "blob.too_large")
			if body.n > limit+1 {
				t.Fatalf("read %d bytes of a body over the %d limit", body.n, limit)
			}
		})
	}
	if keys, n := e.keys(), e.rows(); len(keys) != 0 || n != 0 {
		t.Fatalf("a rejected upload left objects %v and %d rows", keys, n)
	}
	b, err := e.store.Put(ctx, noise(2, limit), -1, "video/mp4")
	if err != nil || b.Size != limit {
		t.Fatalf("a body of exactly the limit: %+v %v", b, err)
	}
}

func TestOpenServesRanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	data := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
	b := e.put(data, int64(len(data)), "text/plain")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		obj, err := e.store.Open(r.Context(), strings.TrimPrefix(r.URL.Path, "/"))
		if errors.Is(err, blob.ErrNotFound) {
			http.NotFound(w, r)
			return
		} else if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer obj.Close()
		w.Header().Set("Content-Type", obj.ContentType())
		w.Header().Set("ETag", `"`+obj.Blob().SHA256+`"`)
		http.ServeContent(w, r, "", obj.ModTime(), obj)
	}))
	t.Cleanup(srv.Close)

	tests := []struct {
		name, path, rangeHdr string
		status               int
		body, contentRange   string
	}{
		{"range", "/" + b.SHA256, "bytes=5-9", http.StatusPartialContent, "56789", "bytes 5-9/36"},
		{"suffix", "/" + b.SHA256, "bytes=-3", http.StatusPartialContent, "xyz", "bytes 33-35/36"},
		{"whole", "/" + b.SHA256, "", http.StatusOK, string(data), ""},
		{"unsatisfiable", "/" + b.SHA256, "bytes=100-", http.StatusRequestedRangeNotSatisfiable, "", "bytes */36"},
		{"missing", "/" + hexSHA([]byte("nothing")), "", http.StatusNotFound, "", ""},
		{"malformed", "/../etc/passwd", "", http.StatusNotFound, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			if tt.rangeHdr != "" {
				req.Header.Set("Range", tt.rangeHdr)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.status == http.StatusNotFound {
				return
			}
			if tt.status != http.StatusRequestedRangeNotSatisfiable && string(body) != tt.body {
				t.Fatalf("body %q, want %q", body, tt.body)
			}
			if got := resp.Header.Get("Content-Range"); got != tt.contentRange {
				t.Fatalf("Content-Range %q, want %q", got, tt.contentRange)
			}
		})
	}
}

func TestPresignGet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	ctx := context.Background()
	data := []byte("%PDF-1.7 bài giảng")
	b := e.put(data, -1, "application/pdf")
	name := "Bài giảng Toán lớp 10 – Hàm số.pdf"
	u, err := e.store.PresignGet(ctx, b.SHA256, name, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) {
		t.Fatalf("status %d body %q", resp.StatusCode, body)
	}
	if got, want := resp.Header.Get("Content-Disposition"), blob.ContentDisposition("attachment", name); got != want {
		t.Fatalf("Content-Disposition %q, want %q", got, want)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/pdf" {
		t.Fatalf("Content-Type %q", got)
	}

	if _, err := e.store.PresignGet(ctx, hexSHA([]byte("nothing")), "x.pdf", time.Minute); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("missing blob: %v", err)
	}
	_, err = e.store.PresignGet(ctx, b.SHA256, "x.pdf", 30*24*time.Hour)
	wantInvalid(t, err, "blob.presign_ttl")
}
