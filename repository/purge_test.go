package repository_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
)

// TestPurgeTrashReleasesBlobs: a resource deleted more than 30 days ago is removed
// for good and its bytes lose their reference, so the blob purge deletes them; a
// blob still used by another resource stays.
func TestPurgeTrashReleasesBlobs(t *testing.T) {
	t.Parallel()
	pool, _ := devtest.Pool(t)
	s3, bucket := devtest.Bucket(t)
	ctx := context.Background()
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		t.Fatal(err)
	}
	store := blob.New(pool, s3, bucket)
	repo := repository.New(pool, store, nil)
	teacher, err := ids.Authenticate(ctx, "teacher1", pw, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	shared, err := store.Put(ctx, bytes.NewReader([]byte("%PDF-1.4 shared")), -1, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	only, err := store.Put(ctx, bytes.NewReader([]byte("%PDF-1.4 only in the deleted one")), -1, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(title string, files ...blob.Blob) int64 {
		r, err := repo.Create(ctx, teacher, repository.NewResource{Title: title, Type: "reference", Subject: "toan", Scope: "school", Licence: "CC0"})
		if err != nil {
			t.Fatal(err)
		}
		var fs []repository.File
		for i, b := range files {
			fs = append(fs, repository.File{Name: title + string(rune('a'+i)) + ".pdf", SHA256: b.SHA256, Size: b.Size, ContentType: b.ContentType})
		}
		if _, err := repo.AddVersion(ctx, teacher, r.ID, "", fs); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	keep := mk("giữ lại", shared)
	gone := mk("bị xóa", shared, only)
	if _, err := repo.AddVersion(ctx, teacher, gone, "v2", []repository.File{{Name: "x.pdf", SHA256: only.SHA256, Size: only.Size, ContentType: only.ContentType}}); err != nil {
		t.Fatal(err)
	}
	if err := repo.Delete(ctx, teacher, gone); err != nil {
		t.Fatal(err)
	}
	if n, _ := repo.PurgeTrash(ctx); n != 0 {
		t.Fatalf("purged %d resources still inside the 30 days", n)
	}
	if _, err := pool.Exec(ctx, `UPDATE resources SET deleted_at = now() - interval '31 days' WHERE id = $1`, gone); err != nil {
		t.Fatal(err)
	}
	if n, err := repo.PurgeTrash(ctx); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	refcount := func(sha string) int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT refcount FROM blobs WHERE sha256 = $1`, sha).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if refcount(shared.SHA256) != 1 || refcount(only.SHA256) != 0 {
		t.Fatalf("refcounts after purge: shared %d only %d", refcount(shared.SHA256), refcount(only.SHA256))
	}
	if _, err := repo.Get(ctx, teacher, keep); err != nil {
		t.Fatalf("the other resource was hurt: %v", err)
	}
	if _, err := pool.Exec(ctx, `UPDATE blobs SET unreferenced_since = now() - interval '2 days' WHERE sha256 = $1`, only.SHA256); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Purge(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(ctx, only.SHA256); err == nil {
		t.Fatal("unreferenced bytes still stored after the blob purge")
	}
	if _, err := store.Open(ctx, shared.SHA256); err != nil {
		t.Fatalf("shared bytes removed: %v", err)
	}
}
