// Package schema merges every domain's embedded SQL migrations into one ordered set
// and applies it with goose, then the job queue's own schema (River's migrator). File names start with a timestamp, so migrations from
// different domains interleave in the order they were written. A merged migration is
// never edited; a change is a new file.
package schema

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	assessmentmig "github.com/hoclieu/hoclieu/assessment/migrations"
	surveymig "github.com/hoclieu/hoclieu/assessment/survey/migrations"
	assignmentmig "github.com/hoclieu/hoclieu/lms/assignment/migrations"
	coursemig "github.com/hoclieu/hoclieu/lms/course/migrations"
	gradebookmig "github.com/hoclieu/hoclieu/lms/gradebook/migrations"
	identitymig "github.com/hoclieu/hoclieu/lms/identity/migrations"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	searchmig "github.com/hoclieu/hoclieu/lms/platform/search/migrations"
	blobmig "github.com/hoclieu/hoclieu/repository/blob/migrations"
	catalogmig "github.com/hoclieu/hoclieu/repository/catalog/migrations"
	repositorymig "github.com/hoclieu/hoclieu/repository/migrations"
)

// sources lists each domain's migrations. A new domain adds its FS here.
func sources() []fs.FS {
	return []fs.FS{identitymig.FS, repositorymig.FS, blobmig.FS, searchmig.FS, assessmentmig.FS, surveymig.FS, coursemig.FS, assignmentmig.FS, gradebookmig.FS, catalogmig.FS}
}

// merged reads all domains' *.sql files into one flat file system.
func merged() (fs.FS, error) {
	out := fstest.MapFS{}
	for _, src := range sources() {
		names, err := fs.Glob(src, "*.sql")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if _, dup := out[n]; dup {
				return nil, fmt.Errorf("schema: migration %s defined twice", n)
			}
			b, err := fs.ReadFile(src, n)
			if err != nil {
				return nil, err
			}
			out[n] = &fstest.MapFile{Data: b, Mode: 0o444}
		}
	}
	return out, nil
}

func provider(dsn string) (*goose.Provider, *sql.DB, error) {
	fsys, err := merged()
	if err != nil {
		return nil, nil, err
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("schema: database url: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	// Each domain numbers its own migrations, so a database may already hold a later
	// migration of one domain when an earlier-numbered one of another arrives.
	p, err := goose.NewProvider(goose.DialectPostgres, db, fsys, goose.WithAllowOutofOrder(true))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("schema: %w", err)
	}
	return p, db, nil
}

// Up applies every pending migration and returns how many it applied.
func Up(ctx context.Context, dsn string) (int, error) {
	p, db, err := provider(dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("schema: migrate up: %w", err)
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return len(res), fmt.Errorf("schema: %w", err)
	}
	defer pool.Close()
	return len(res), jobs.Migrate(ctx, pool)
}

// Status describes every known migration: "applied <time>" or "pending".
func Status(ctx context.Context, dsn string) ([]string, error) {
	p, db, err := provider(dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema: status: %w", err)
	}
	var lines []string
	for _, s := range st {
		state := "pending"
		if s.State == goose.StateApplied {
			state = "applied " + s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		}
		name := s.Source.Path
		lines = append(lines, fmt.Sprintf("%-60s %s", strings.TrimSuffix(name, ".sql"), state))
	}
	return lines, nil
}
