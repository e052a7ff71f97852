package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// runSearch: hoclieu search reindex rebuilds the PostgreSQL search index from the
// domains' tables in one transaction (searches see the old index until it commits),
// then, with --meili-url, a fresh Meilisearch index from it, swapped in when full.
func runSearch(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "reindex" {
		return errors.New("usage: hoclieu search reindex [--database-url URL] [--meili-url URL --meili-key KEY]")
	}
	fs := newFlagSet("search reindex")
	dsn := fs.String("database-url", env("HOCLIEU_DATABASE_URL", ""), "PostgreSQL URL (env HOCLIEU_DATABASE_URL)")
	meiliURL := fs.String("meili-url", env("HOCLIEU_MEILI_URL", ""), "Meilisearch URL to rebuild too (env HOCLIEU_MEILI_URL)")
	meiliKey := fs.String("meili-key", env("HOCLIEU_MEILI_KEY", ""), "Meilisearch API key (env HOCLIEU_MEILI_KEY)")
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
	sources := func(pool *pgxpool.Pool, repo *repository.Service) []search.Source {
		return []search.Source{repo, assessment.New(pool, nil, nil), course.New(pool, nil), catalog.New(pool, nil, nil, nil)}
	}
	ix := search.NewPostgres(pool, search.Options{Panels: repo.ReviewPanels})
	start := time.Now()
	counts, err := ix.Reindex(ctx, sources(pool, repo)...)
	if err != nil {
		return err
	}
	for t, n := range counts {
		fmt.Printf("indexed %d %s documents\n", n, t)
	}
	fmt.Printf("search index rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	if *meiliURL == "" {
		return nil
	}
	start = time.Now()
	m := search.NewMeili(search.MeiliConfig{URL: *meiliURL, APIKey: *meiliKey}, search.Options{})
	if err := m.Setup(ctx); err != nil {
		return err
	}
	n, err := m.Rebuild(ctx, pool)
	if err != nil {
		return err
	}
	fmt.Printf("Meilisearch index %s rebuilt with %d documents in %s\n", m.Index(), n, time.Since(start).Round(time.Millisecond))
	return nil
}
