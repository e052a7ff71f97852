package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/repository/blob"
)

// BenchmarkPackageFile serves one 20 KiB script of a 200-file package stored in
// MinIO, as each sub-resource request of a playing simulation does: a blob lookup in
// PostgreSQL, range reads of the ZIP's central directory and of the entry.
func BenchmarkPackageFile(b *testing.B) {
	pool, _ := devtest.Pool(b)
	s3, bucket := devtest.Bucket(b)
	blobs := blob.New(pool, s3, bucket)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		f, _ := w.Create(fmt.Sprintf("sim/js/part%03d.js", i))
		for j := range 20 << 10 / 24 {
			fmt.Fprintf(f, "var x%d = %x;\n", j, rng.Uint64())
		}
	}
	w.Close()
	ctx := context.Background()
	stored, err := blobs.Put(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), "application/zip")
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{log: slog.Default(), cfg: Config{Blobs: blobs}}
	s.packages = &packages{tokens: packageTokens{key: make([]byte, 32)}, blobs: blobs, cache: map[string]packageResult{}}
	pm, err := s.packages.manifest(ctx, stored.SHA256)
	if err != nil {
		b.Fatal(err)
	}
	name := "sim/js/part100.js"
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		if err := s.copyPackageFile(ctx, rec, stored.SHA256, pm, name); err != nil || rec.Code != http.StatusOK {
			b.Fatalf("%d %v", rec.Code, err)
		}
	}
}
