package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Panel is a subject panel a reviewer sits on: they see documents of that subject
// waiting for review in the organization's subtree.
type Panel struct {
	OrgID   int64
	Subject string
}

// Options configure the PostgreSQL backend.
type Options struct {
	// Panels returns the review panels of a user (repository.Service.ReviewPanels);
	// nil: nobody sees documents waiting for review but their owners.
	Panels func(ctx context.Context, userID int64) ([]Panel, error)
	// Concurrency bounds the searches that run in PostgreSQL at once (0: no bound);
	// the others wait their turn. A search is CPU work in the database: more of them
	// at once than the database has cores only share the cores with more switching.
	Concurrency int
}

// Postgres is the embedded backend: PostgreSQL full-text search over search_documents.
type Postgres struct {
	db   *pgxpool.Pool
	opts Options
	// candidates is how many matches a query ranks (rankLimit; tests lower it).
	candidates int
	slots      chan struct{} // Options.Concurrency; nil: unbounded
	newest     struct {      // the newest document's update time (newestUpdate)
		sync.Mutex
		at, checked time.Time
	}
}

// NewPostgres returns the PostgreSQL backend.
func NewPostgres(db *pgxpool.Pool, o Options) *Postgres {
	p := &Postgres{db: db, opts: o, candidates: rankLimit}
	if o.Concurrency > 0 {
		p.slots = make(chan struct{}, o.Concurrency)
	}
	return p
}

// turn waits for a free slot (Options.Concurrency) and returns its release.
func (p *Postgres) turn(ctx context.Context) (func(), error) {
	if p.slots == nil {
		return func() {}, nil
	}
	select {
	case p.slots <- struct{}{}:
		return func() { <-p.slots }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("search: waiting for a turn: %w", ctx.Err())
	}
}

// maxBody bounds the indexed body (a tsvector holds at most 1 MB and positions up
// to 16383); the rest of a very long text is not searchable.
const maxBody = 100_000

var scopes = []string{"private", "school", "district", "city", "public"}

// the vectors, from the cleaned (lower-cased) title $6, description $7 and body $8.
const vectorsSQL = `
	setweight(to_tsvector('simple', $6), 'A') || setweight(to_tsvector('simple', $7), 'B') || setweight(to_tsvector('simple', $8), 'C'),
	setweight(to_tsvector('simple', unaccent($6)), 'A') || setweight(to_tsvector('simple', unaccent($7)), 'B') || setweight(to_tsvector('simple', unaccent($8)), 'C')`

const upsertSQL = `
WITH doc AS (
	INSERT INTO search_documents (doc_type, doc_id, org_id, org_name, org_path, owner_id, scope, scope_root,
		title, description, body, kind, subject, grades, licence, language, review_status, published, updated_at,
		indexed_at, exact_tsv, fold_tsv)
	VALUES ($1, $2, $3, $4, $5, NULLIF($9::bigint, 0), $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, now(),` + vectorsSQL + `)
	ON CONFLICT (doc_type, doc_id) DO UPDATE SET org_id = EXCLUDED.org_id, org_name = EXCLUDED.org_name,
		org_path = EXCLUDED.org_path, owner_id = EXCLUDED.owner_id, scope = EXCLUDED.scope, scope_root = EXCLUDED.scope_root,
		title = EXCLUDED.title, description = EXCLUDED.description, body = EXCLUDED.body, kind = EXCLUDED.kind,
		subject = EXCLUDED.subject, grades = EXCLUDED.grades, licence = EXCLUDED.licence, language = EXCLUDED.language,
		review_status = EXCLUDED.review_status, published = EXCLUDED.published, updated_at = EXCLUDED.updated_at,
		indexed_at = now(), exact_tsv = EXCLUDED.exact_tsv, fold_tsv = EXCLUDED.fold_tsv
	RETURNING fold_tsv)
-- Sorted, so two transactions adding the same new words never wait on each other in a cycle.
INSERT INTO search_terms (term)
SELECT t FROM doc, unnest(tsvector_to_array(doc.fold_tsv)) t ORDER BY t
ON CONFLICT DO NOTHING`

// Upsert adds or replaces a document, in the caller's transaction.
func (p *Postgres) Upsert(ctx context.Context, tx pgx.Tx, d Document) error {
	if err := d.check(); err != nil {
		return err
	}
	title, desc, body := NFC(strings.TrimSpace(d.Title)), NFC(strings.TrimSpace(d.Description)), NFC(strings.TrimSpace(d.Body))
	if len(body) > maxBody {
		body = strings.ToValidUTF8(body[:maxBody], "")
	}
	grades := d.Grades
	if grades == nil {
		grades = []int{}
	}
	_, err := tx.Exec(ctx, upsertSQL, d.Type, d.ID, d.OrgID, d.OrgName, d.OrgPath,
		Clean(title), Clean(desc), Clean(body), d.OwnerID, d.Scope, d.ScopeRoot, title, desc, body,
		d.Kind, d.Subject, grades, d.Licence, d.Language, d.ReviewStatus, d.Published, d.UpdatedAt)
	if err != nil {
		return fmt.Errorf("search: index %s %d: %w", d.Type, d.ID, err)
	}
	return nil
}

func (d Document) check() error {
	switch {
	case !slices.Contains(Types, d.Type):
		return fmt.Errorf("search: unknown document type %q", d.Type)
	case d.ID == 0 || d.OrgID == 0 || len(d.OrgPath) == 0:
		return fmt.Errorf("search: %s document without id or organization", d.Type)
	case !slices.Contains(scopes, d.Scope):
		return fmt.Errorf("search: %s %d: unknown scope %q", d.Type, d.ID, d.Scope)
	case strings.TrimSpace(d.Title) == "":
		return fmt.Errorf("search: %s %d: empty title", d.Type, d.ID)
	case d.UpdatedAt.IsZero():
		return fmt.Errorf("search: %s %d: no update time", d.Type, d.ID)
	}
	return nil
}

// Delete removes a document, in the caller's transaction. Removing one that is not
// indexed is not an error.
func (p *Postgres) Delete(ctx context.Context, tx pgx.Tx, t Type, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM search_documents WHERE doc_type = $1 AND doc_id = $2`, t, id); err != nil {
		return fmt.Errorf("search: remove %s %d: %w", t, id, err)
	}
	return nil
}

// Source feeds every document of one type from its domain's tables (for reindex).
type Source interface {
	SearchType() Type
	// FeedSearch upserts every current document of its type through ix, in tx.
	FeedSearch(ctx context.Context, tx pgx.Tx, ix Index) (int, error)
}

// Reindex rebuilds the index from the sources in one transaction: searches keep
// seeing the old index until it commits. The word list for typo tolerance is rebuilt
// from what remains.
func (p *Postgres) Reindex(ctx context.Context, sources ...Source) (map[Type]int, error) {
	return p.reindex(ctx, true, sources...)
}

// reindex rebuilds the sources' documents; with terms, the word list too (Upsert
// adds the words of what it indexes; only removed words need the rebuild).
func (p *Postgres) reindex(ctx context.Context, terms bool, sources ...Source) (map[Type]int, error) {
	counts := map[Type]int{}
	err := pgx.BeginFunc(ctx, p.db, func(tx pgx.Tx) error {
		for _, s := range sources {
			if _, err := tx.Exec(ctx, `DELETE FROM search_documents WHERE doc_type = $1`, s.SearchType()); err != nil {
				return err
			}
			n, err := s.FeedSearch(ctx, tx, p)
			if err != nil {
				return err
			}
			counts[s.SearchType()] = n
		}
		if !terms {
			return nil
		}
		if _, err := tx.Exec(ctx, `DELETE FROM search_terms`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO search_terms (term)
			SELECT DISTINCT t FROM search_documents, unnest(tsvector_to_array(fold_tsv)) t ON CONFLICT DO NOTHING`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search: reindex: %w", err)
	}
	return counts, nil
}

// BuildIfEmpty reindexes the sources whose type has no document in the index: a
// database whose rows predate the index (or a type added later, or a restored dump
// without it) becomes searchable at start without an operator running hoclieu
// search reindex.
func (p *Postgres) BuildIfEmpty(ctx context.Context, sources ...Source) (map[Type]int, error) {
	var empty []Source
	for _, s := range sources {
		var exists bool
		if err := p.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM search_documents WHERE doc_type = $1)`, s.SearchType()).Scan(&exists); err != nil {
			return nil, fmt.Errorf("search: check index: %w", err)
		}
		if !exists {
			empty = append(empty, s)
		}
	}
	if len(empty) == 0 {
		return nil, nil
	}
	return p.reindex(ctx, false, empty...)
}
