package repository_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
)

// publish submits and approves the resource's newest version.
func (w *world) publish(r *repository.Resource) {
	w.t.Helper()
	ctx := context.Background()
	if _, err := w.repo.Submit(ctx, w.as("teacher1"), r.ID, ""); err != nil {
		w.t.Fatal(err)
	}
	reviewer := w.as("reviewer1")
	q, err := w.repo.Queue(ctx, reviewer)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, item := range q {
		if item.ResourceID == r.ID {
			if err := w.repo.Claim(ctx, reviewer, item.VersionID); err != nil {
				w.t.Fatal(err)
			}
			if _, err := w.repo.Decide(ctx, reviewer, item.VersionID, repository.Decision{Decision: "approve"}); err != nil {
				w.t.Fatal(err)
			}
		}
	}
}

// TestCollectionsScopeAndItems: a teacher's collection is private until shared;
// shared with the school it is seen by the school's students, who see only its
// published items; another school sees nothing; only the owner changes it.
func TestCollectionsScopeAndItems(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, t2, student, other := w.as("teacher1"), w.as("teacher2"), w.as("student1"), w.as("student2")
	pub := w.draft("Hàm số bậc hai", "toan", "school")
	w.publish(pub)
	draft := w.draft("Bản nháp vectơ", "toan", "school")

	if _, err := w.repo.CreateCollection(ctx, student, repository.NewCollection{Title: "x"}); !errors.Is(err, repository.ErrForbidden) {
		t.Fatalf("student creates a collection: %v", err)
	}
	c, err := w.repo.CreateCollection(ctx, t1, repository.NewCollection{Title: "Ôn thi học kì 1", Description: "Toán 10"})
	if err != nil || c.Scope != "private" {
		t.Fatalf("create: %+v %v", c, err)
	}
	for _, id := range []int64{pub.ID, draft.ID, pub.ID} {
		if err := w.repo.AddToCollection(ctx, t1, c.ID, id); err != nil {
			t.Fatalf("add %d: %v", id, err)
		}
	}
	got, err := w.repo.GetCollection(ctx, t1, c.ID)
	if err != nil || len(got.Items) != 2 || got.Items[0].ID != pub.ID || got.Count != 2 {
		t.Fatalf("owner view: %+v %v", got, err)
	}
	if _, err := w.repo.GetCollection(ctx, student, c.ID); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("student sees a private collection: %v", err)
	}
	if err := w.repo.ShareCollection(ctx, student, c.ID, "public"); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("student shares it: %v", err)
	}
	if err := w.repo.ShareCollection(ctx, t1, c.ID, "school"); err != nil {
		t.Fatal(err)
	}
	seen, err := w.repo.GetCollection(ctx, student, c.ID)
	if err != nil || len(seen.Items) != 1 || seen.Items[0].ID != pub.ID || seen.Count != 1 {
		t.Fatalf("student view: %+v %v", seen, err)
	}
	if list, err := w.repo.Collections(ctx, student, false); err != nil || len(list) != 1 {
		t.Fatalf("student's list: %+v %v", list, err)
	}
	if err := w.repo.AddToCollection(ctx, student, c.ID, pub.ID); !errors.Is(err, repository.ErrForbidden) {
		t.Fatalf("student adds to it: %v", err)
	}
	for name, actor := range map[string]*identity.Actor{"teacher2": t2, "student2": other} {
		if _, err := w.repo.GetCollection(ctx, actor, c.ID); !errors.Is(err, repository.ErrNotFound) {
			t.Fatalf("%s of school B sees school A's collection: %v", name, err)
		}
		if list, _ := w.repo.Collections(ctx, actor, false); len(list) != 0 {
			t.Fatalf("%s of school B lists %+v", name, list)
		}
	}
	// Teacher 2 cannot put school A's draft in a collection of theirs.
	c2, err := w.repo.CreateCollection(ctx, t2, repository.NewCollection{Title: "B", Scope: "public"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.repo.AddToCollection(ctx, t2, c2.ID, draft.ID); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("teacher2 adds another school's draft: %v", err)
	}
	if err := w.repo.RemoveFromCollection(ctx, t1, c.ID, pub.ID); err != nil {
		t.Fatal(err)
	}
	if seen, _ := w.repo.GetCollection(ctx, student, c.ID); len(seen.Items) != 0 {
		t.Fatalf("removed item still shown: %+v", seen.Items)
	}
	if err := w.repo.DeleteCollection(ctx, t2, c.ID); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("teacher2 deletes it: %v", err)
	}
	if err := w.repo.DeleteCollection(ctx, t1, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.repo.Get(ctx, t1, pub.ID); err != nil {
		t.Fatalf("deleting the collection touched its resource: %v", err)
	}
}
