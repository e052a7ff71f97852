package repository_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
)

// TestQuotaPerSchool: a school's files may not pass its quota, counted once per
// distinct file, checked before an upload and again when files are attached; only
// the school's administrators set it, and one school's use does not count against
// another's.
func TestQuotaPerSchool(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, t2, admin, student := w.as("teacher1"), w.as("teacher2"), w.as("school.admin"), w.as("student1")
	if err := w.repo.SetQuota(ctx, t1, t1.User.HomeOrgID, 100); !errors.Is(err, repository.ErrForbidden) {
		t.Fatalf("teacher sets a quota: %v", err)
	}
	if err := w.repo.SetQuota(ctx, admin, t2.User.HomeOrgID, 100); !errors.Is(err, repository.ErrForbidden) {
		t.Fatalf("school A's admin sets school B's quota: %v", err)
	}
	if err := w.repo.SetQuota(ctx, admin, t1.User.HomeOrgID, 100); err != nil {
		t.Fatal(err)
	}
	if err := w.repo.CheckUpload(ctx, student, 10); !errors.Is(err, repository.ErrForbidden) {
		t.Fatalf("student may upload: %v", err)
	}
	if err := w.repo.CheckUpload(ctx, t1, 100); err != nil {
		t.Fatalf("upload within the quota: %v", err)
	}
	wantQuota := func(err error) {
		t.Helper()
		if v, ok := fault.AsValidation(err); !ok || v.Key != "upload.quota" {
			t.Fatalf("got %v, want the quota error", err)
		}
	}
	wantQuota(w.repo.CheckUpload(ctx, t1, 101))
	r, err := w.repo.Create(ctx, t1, repository.NewResource{Title: "Quota", Type: "slides", Subject: "toan", Licence: "CC0"})
	if err != nil {
		t.Fatal(err)
	}
	file := func(name, data string, size int64) repository.File {
		return repository.File{Name: name, SHA256: sha(data), Size: size, ContentType: "application/pdf", Kind: "pdf"}
	}
	if _, err := w.repo.AddVersion(ctx, t1, r.ID, "", []repository.File{file("a.pdf", "a", 60)}); err != nil {
		t.Fatal(err)
	}
	// The same file again in a new version costs nothing more.
	if _, err := w.repo.AddVersion(ctx, t1, r.ID, "", []repository.File{file("a.pdf", "a", 60), file("b.pdf", "b", 40)}); err != nil {
		t.Fatalf("version within the quota: %v", err)
	}
	_, err = w.repo.AddVersion(ctx, t1, r.ID, "", []repository.File{file("c.pdf", "c", 1)})
	wantQuota(err)
	if got, _ := w.repo.Get(ctx, t1, r.ID); got.Latest != 2 {
		t.Fatalf("the refused version was kept: latest %d", got.Latest)
	}
	wantQuota(w.repo.CheckUpload(ctx, t1, 1))
	if err := w.repo.CheckUpload(ctx, t2, 1<<20); err != nil {
		t.Fatalf("school B is charged for school A: %v", err)
	}
}
