package blob_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/repository/blob"
)

func TestRefAndPurge(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	ctx := context.Background()
	kept := e.put([]byte("giáo án được dùng"), -1, "text/plain")
	dropped := e.put([]byte("bản nháp bị bỏ"), -1, "text/plain")
	if err := e.ref(kept.SHA256, 1); err != nil {
		t.Fatal(err)
	}
	// A reference in a transaction that rolls back is not counted.
	tx, err := e.db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.Ref(ctx, tx, dropped.SHA256, 1); err != nil {
		t.Fatal(err)
	}
	_ = tx.Rollback(ctx)

	// Both are older than the threshold in the table's eyes; only the referenced
	// one has a count.
	age := func(sha string) {
		t.Helper()
		if _, err := e.db.Exec(ctx, `UPDATE blobs SET unreferenced_since = now() - interval '2 hours' WHERE sha256 = $1 AND refcount = 0`, sha); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := e.store.Purge(ctx, time.Hour); err != nil || n != 0 {
		t.Fatalf("purge of recent blobs removed %d: %v", n, err)
	}
	age(kept.SHA256)
	age(dropped.SHA256)
	if n, err := e.store.Purge(ctx, time.Hour); err != nil || n != 1 {
		t.Fatalf("purge removed %d, want 1: %v", n, err)
	}
	if got, want := e.keys(), []string{e.key(kept.SHA256)}; !slices.Equal(got, want) {
		t.Fatalf("bucket holds %v, want %v", got, want)
	}
	if n := e.rows(); n != 1 {
		t.Fatalf("%d rows left", n)
	}
	if _, err := e.store.Open(ctx, dropped.SHA256); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("open purged: %v", err)
	}
	if err := e.ref(dropped.SHA256, 1); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("ref purged: %v", err)
	}
	var queued int
	if err := e.db.QueryRow(ctx, `SELECT count(*) FROM blob_purges`).Scan(&queued); err != nil || queued != 0 {
		t.Fatalf("%d purges still queued: %v", queued, err)
	}

	// Releasing the last reference starts the grace period; over-releasing is refused.
	if err := e.ref(kept.SHA256, -1); err != nil {
		t.Fatal(err)
	}
	if err := e.ref(kept.SHA256, -1); !errors.Is(err, blob.ErrConflict) {
		t.Fatalf("release below zero: %v", err)
	}
	var since *time.Time
	if err := e.db.QueryRow(ctx, `SELECT unreferenced_since FROM blobs WHERE sha256 = $1`, kept.SHA256).Scan(&since); err != nil || since == nil {
		t.Fatalf("unreferenced_since %v: %v", since, err)
	}
	if n, err := e.store.Purge(ctx, time.Hour); err != nil || n != 0 {
		t.Fatalf("purge within the grace period removed %d: %v", n, err)
	}
	age(kept.SHA256)
	if n, err := e.store.Purge(ctx, time.Hour); err != nil || n != 1 {
		t.Fatalf("purge removed %d, want 1: %v", n, err)
	}

	// Uploading purged bytes again stores them again.
	again := e.put([]byte("bản nháp bị bỏ"), -1, "text/plain")
	if again.SHA256 != dropped.SHA256 || string(e.read(again.SHA256)) != "bản nháp bị bỏ" {
		t.Fatalf("re-upload: %+v", again)
	}
	if got := e.keys(); len(got) != 1 {
		t.Fatalf("bucket holds %v", got)
	}
}

// TestPurgeRacesPut runs Purge and a re-upload of the same expired bytes at once:
// whichever wins, a row never outlives its object.
func TestPurgeRacesPut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	ctx := context.Background()
	data := []byte("tài liệu tham khảo")
	sha := hexSHA(data)
	for i := range 15 {
		e.put(data, -1, "text/plain")
		if _, err := e.db.Exec(ctx, `UPDATE blobs SET unreferenced_since = now() - interval '1 day' WHERE sha256 = $1`, sha); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := e.store.Purge(ctx, time.Hour); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if _, err := e.store.Put(ctx, bytes.NewReader(data), -1, "text/plain"); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		if e.rows() == 1 && !bytes.Equal(e.read(sha), data) {
			t.Fatalf("round %d: the row outlived its object", i)
		}
	}
}

func TestPurgeRemovesStaleTemporaryUploads(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	ctx := context.Background()
	if _, err := e.s3.PutObject(ctx, e.bucket, "tmp/abandoned", strings.NewReader("x"), 1, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	core := minio.Core{Client: e.s3}
	if _, err := core.NewMultipartUpload(ctx, e.bucket, "tmp/unfinished", minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	unfinished := func() int {
		n := 0
		for u := range e.s3.ListIncompleteUploads(ctx, e.bucket, "", true) {
			if u.Err != nil {
				t.Fatal(u.Err)
			}
			n++
		}
		return n
	}
	if _, err := e.store.Purge(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	if keys, n := e.keys(), unfinished(); len(keys) != 1 || n != 1 {
		t.Fatalf("a recent temporary upload was removed: %v, %d unfinished", keys, n)
	}
	time.Sleep(1100 * time.Millisecond) // S3 times have a resolution of a second at worst
	eager := blob.NewWithOptions(e.db, e.s3, e.bucket, blob.Options{TempMaxAge: time.Millisecond})
	if _, err := eager.Purge(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	if keys := e.keys(); len(keys) != 0 || unfinished() != 0 {
		t.Fatalf("stale temporary uploads left: %v, %d unfinished", keys, unfinished())
	}
}
