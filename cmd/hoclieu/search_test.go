package main

import (
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// hoclieu search reindex rebuilds every type's documents from the domains' tables:
// here a question written while nothing kept the index, found afterwards.
func TestSearchReindex(t *testing.T) {
	t.Parallel()
	pool, dsn := devtest.Pool(t)
	ctx := context.Background()
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, "demo-password-123"); err != nil {
		t.Fatal(err)
	}
	teacher, err := ids.Authenticate(ctx, "teacher1", "demo-password-123", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = assessment.New(pool, nil, nil).CreateItem(ctx, teacher, assessment.NewItem{Type: assessment.Essay,
		Stem: "Phân tích bài thơ Tây Tiến", Subject: "ngu-van", Grade: 12, Level: "application"})
	if err != nil {
		t.Fatal(err)
	}
	ix := search.NewPostgres(pool, search.Options{})
	find := func() int {
		res, err := ix.Search(ctx, teacher, search.Query{Text: "tay tien"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := find(); n != 0 {
		t.Fatalf("found %d before reindex", n)
	}
	if err := runSearch(ctx, []string{"reindex", "--database-url", dsn}); err != nil {
		t.Fatal(err)
	}
	if n := find(); n != 1 {
		t.Errorf("found %d after reindex, want the question", n)
	}
	if err := runSearch(ctx, []string{"rebuild"}); err == nil {
		t.Error("unknown subcommand accepted")
	}
}
