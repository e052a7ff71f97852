package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
)

// runSearch: hoclieu search reindex rebuilds the PostgreSQL search index from the
// domains' tables in one transaction (searches see the old index until it commits).
func runSearch(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "reindex" {
		return errors.New("usage: hoclieu search reindex [--database-url URL]")
	}
	fs := newFlagSet("search reindex")
	dsn := fs.String("database-url", env("HOCLIEU_DATABASE_URL", ""), "PostgreSQL URL (env HOCLIEU_DATABASE_URL)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dsn == "" {
		return errors.New("--database-url (HOCLIEU_DATABASE_URL) is required")
	}
	pool, err := pgxpool.New(ctx, *dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	repo := repository.New(pool, nil, nil)
	ix := search.NewPostgres(pool, search.Options{Panels: repo.ReviewPanels})
	start := time.Now()
	counts, err := ix.Reindex(ctx, repo, course.New(pool, nil))
	if err != nil {
		return err
	}
	for t, n := range counts {
		fmt.Printf("indexed %d %s documents\n", n, t)
	}
	fmt.Printf("search index rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
