package repository_test

import (
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
)

// The search index follows every change of a resource in the same transaction, and
// shows each user what the repository would.
func TestSearchFollowsResources(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		t.Fatal(err)
	}
	repo := repository.New(pool, nil, nil)
	if err := repo.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	ix := search.NewPostgres(pool, search.Options{Panels: repo.ReviewPanels})
	repo.WithSearch(ix)
	w := &world{t: t, ids: ids, repo: repo}
	teacher, reviewer, student, other := w.as("teacher1"), w.as("reviewer1"), w.as("student1"), w.as("student2")
	r := w.draft("Phương trình bậc hai", "toan", "school")

	finds := func(a *identity.Actor, q string) bool {
		t.Helper()
		res, err := ix.Search(ctx, a, search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.ID == r.ID && h.Type == search.TypeResource {
				return true
			}
		}
		return false
	}
	expect := func(step string, want map[*identity.Actor]bool) {
		t.Helper()
		for a, ok := range want {
			for _, q := range []string{"phuong trinh bac hai", "Toán lớp 10", "bài giảng"} {
				if got := finds(a, q); got != ok {
					t.Errorf("%s: %s searching %q finds it: %v, want %v", step, a.User.Username, q, got, ok)
				}
			}
		}
	}
	expect("draft", map[*identity.Actor]bool{teacher: true, reviewer: false, student: false, other: false})
	if _, err := w.repo.Submit(ctx, teacher, r.ID, ""); err != nil {
		t.Fatal(err)
	}
	expect("submitted", map[*identity.Actor]bool{teacher: true, reviewer: true, student: false, other: false})
	q, err := w.repo.Queue(ctx, reviewer)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue %v %v", q, err)
	}
	if _, err := w.repo.Decide(ctx, reviewer, q[0].VersionID, repository.Decision{Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	expect("published", map[*identity.Actor]bool{teacher: true, reviewer: true, student: true, other: false})
	if err := w.repo.Delete(ctx, teacher, r.ID); err != nil {
		t.Fatal(err)
	}
	expect("deleted", map[*identity.Actor]bool{teacher: false, reviewer: false, student: false, other: false})
	if err := w.repo.Restore(ctx, teacher, r.ID); err != nil {
		t.Fatal(err)
	}
	expect("restored", map[*identity.Actor]bool{teacher: true, student: true, other: false})

	// Reindex rebuilds the same index from the tables.
	if _, err := pool.Exec(ctx, `DELETE FROM search_documents; DELETE FROM search_terms`); err != nil {
		t.Fatal(err)
	}
	expect("emptied", map[*identity.Actor]bool{teacher: false, student: false})
	counts, err := ix.BuildIfEmpty(ctx, w.repo)
	if err != nil || counts[search.TypeResource] != 1 {
		t.Fatalf("build %v %v", counts, err)
	}
	expect("built at start", map[*identity.Actor]bool{teacher: true, student: true, other: false})
	if counts, err := ix.BuildIfEmpty(ctx, w.repo); err != nil || counts != nil {
		t.Fatalf("rebuilt a full index: %v %v", counts, err)
	}
	counts, err = ix.Reindex(ctx, w.repo)
	if err != nil || counts[search.TypeResource] != 1 {
		t.Fatalf("reindex %v %v", counts, err)
	}
	expect("reindexed", map[*identity.Actor]bool{teacher: true, student: true, other: false})
}
