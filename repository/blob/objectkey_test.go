package blob_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/repository/blob"
)

// TestUploadsWriteOnceAndDeduplicate: a Put and a resumable upload of the same
// bytes, and a second Put, leave one row and one object, at the key the row
// records under objects/, and no other object.
func TestUploadsWriteOnceAndDeduplicate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{PartSize: chunk})
	ctx := context.Background()
	data := pdfBytes(21, chunk+300)
	first := e.put(data, int64(len(data)), "application/pdf")
	k := e.key(first.SHA256)
	if !strings.HasPrefix(k, "objects/") {
		t.Fatalf("stored at %q, want a key under objects/", k)
	}
	if again := e.put(data, -1, "application/pdf"); again != first {
		t.Fatalf("second put %+v, want %+v", again, first)
	}
	u, err := e.store.BeginUpload(ctx, 3, "same.pdf", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if done := sendChunks(t, e.store, 3, u, data); done.SHA256 != first.SHA256 {
		t.Fatalf("resumable upload stored %s, want %s", done.SHA256, first.SHA256)
	}
	if got, want := e.keys(), []string{k}; !slices.Equal(got, want) || e.rows() != 1 {
		t.Fatalf("bucket holds %v and %d rows, want %v and 1 row", got, e.rows(), want)
	}
	if !bytes.Equal(e.read(first.SHA256), data) {
		t.Fatal("bytes read back differ")
	}

	// A resumable upload of new bytes keeps the object its parts assembled into.
	other := pdfBytes(22, chunk+7)
	u, err = e.store.BeginUpload(ctx, 3, "other.pdf", int64(len(other)))
	if err != nil {
		t.Fatal(err)
	}
	done := sendChunks(t, e.store, 3, u, other)
	if got, want := e.keys(), []string{k, e.key(done.SHA256)}; len(got) != 2 || !slices.Contains(got, want[1]) {
		t.Fatalf("bucket holds %v, want %v", got, want)
	}
	if err := e.store.AbortUpload(ctx, 3, u.ID); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.read(done.SHA256), other) {
		t.Fatal("forgetting a finished upload removed its blob's bytes")
	}
}

// legacyKey is where blobs stored before object keys were recorded live.
func legacyKey(sha string) string { return "sha256/" + sha[:2] + "/" + sha[2:4] + "/" + sha }

// TestLegacyBlobsStillServe: a row with no object_key names the object at the key
// derived from its hash, for reads, ranges, presigned URLs, dedup and purge.
func TestLegacyBlobsStillServe(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{})
	ctx := context.Background()
	data := []byte("0123456789 tài liệu cũ")
	sha := hexSHA(data)
	if _, err := e.s3.PutObject(ctx, e.bucket, legacyKey(sha), bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(ctx, `INSERT INTO blobs (sha256, size, content_type, unreferenced_since) VALUES ($1, $2, 'text/plain', now())`, sha, len(data)); err != nil {
		t.Fatal(err)
	}
	obj, err := e.store.Open(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 4)
	if _, err := obj.ReadAt(part, 3); err != nil || string(part) != "3456" {
		t.Fatalf("range read %q: %v", part, err)
	}
	obj.Close()
	u, err := e.store.PresignGet(ctx, sha, "cũ.txt", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) {
		t.Fatalf("presigned: status %d body %q", resp.StatusCode, body)
	}
	// Uploading the same bytes keeps the legacy object and writes nothing else.
	if b := e.put(data, -1, "text/plain"); b.SHA256 != sha {
		t.Fatalf("put stored %s", b.SHA256)
	}
	if got := e.keys(); !slices.Equal(got, []string{legacyKey(sha)}) {
		t.Fatalf("bucket holds %v", got)
	}
	if _, err := e.db.Exec(ctx, `UPDATE blobs SET unreferenced_since = now() - interval '2 days'`); err != nil {
		t.Fatal(err)
	}
	if n, err := e.store.Purge(ctx, time.Hour); err != nil || n != 1 {
		t.Fatalf("purge removed %d: %v", n, err)
	}
	if got := e.keys(); len(got) != 0 || e.rows() != 0 {
		t.Fatalf("purge left %v and %d rows", got, e.rows())
	}
}

// TestPurgeRemovesOrphanedObjects: objects an upload wrote but never recorded (a
// crash between the write and the commit) are removed once older than
// TempMaxAge; recorded blobs and an unfinished resumable upload stay.
func TestPurgeRemovesOrphanedObjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{PartSize: chunk})
	ctx := context.Background()
	kept := e.put([]byte("recorded"), -1, "text/plain")
	for _, k := range []string{"objects/ab/orphan", "uploads/0123456789abcdef0123456789abcdef"} {
		if _, err := e.s3.PutObject(ctx, e.bucket, k, strings.NewReader("lost"), 4, minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	data := pdfBytes(23, chunk+1)
	u, err := e.store.BeginUpload(ctx, 4, "open.pdf", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.WriteChunk(ctx, 4, u.ID, 0, bytes.NewReader(data[:chunk]), chunk, pdfCheck); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Purge(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := e.keys(); len(got) != 3 {
		t.Fatalf("a recent object was removed: %v", got)
	}
	time.Sleep(1100 * time.Millisecond) // S3 times have a resolution of a second at worst
	eager := blob.NewWithOptions(e.db, e.s3, e.bucket, blob.Options{PartSize: chunk, TempMaxAge: time.Second})
	if _, err := e.db.Exec(ctx, `UPDATE blob_uploads SET updated_at = now()`); err != nil {
		t.Fatal(err)
	}
	if _, err := eager.Purge(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, want := e.keys(), []string{e.key(kept.SHA256)}; !slices.Equal(got, want) {
		t.Fatalf("bucket holds %v, want %v", got, want)
	}
	// The unfinished upload, named by its row, was not aborted: it completes.
	if u, err = e.store.UploadState(ctx, 4, u.ID); err != nil {
		t.Fatal(err)
	}
	if done := sendChunks(t, e.store, 4, u, data); !bytes.Equal(e.read(done.SHA256), data) {
		t.Fatal("the open upload lost its parts")
	}
}
