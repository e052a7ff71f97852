package search

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Ref names a document.
type Ref struct {
	Type Type
	ID   int64
}

// Sink is an external search engine the outbox feeds (the Meilisearch adapter):
// Apply puts the documents' current state and removes the deleted ones. It must be
// idempotent: after a failure the same changes are sent again.
type Sink interface {
	Apply(ctx context.Context, upserts []Document, deletes []Ref) error
}

// Outbox is an Index that keeps search_documents (the embedded index and the
// source of truth for an external engine) and records every change in search_outbox
// in the same transaction; Drain later sends the changes to a Sink.
type Outbox struct {
	*Postgres
}

// NewOutbox returns the outbox over the PostgreSQL backend.
func NewOutbox(p *Postgres) *Outbox { return &Outbox{Postgres: p} }

// Upsert indexes the document and records the change, in tx.
func (o *Outbox) Upsert(ctx context.Context, tx pgx.Tx, d Document) error {
	if err := o.Postgres.Upsert(ctx, tx, d); err != nil {
		return err
	}
	return record(ctx, tx, d.Type, d.ID, "upsert")
}

// Delete removes the document and records the change, in tx.
func (o *Outbox) Delete(ctx context.Context, tx pgx.Tx, t Type, id int64) error {
	if err := o.Postgres.Delete(ctx, tx, t, id); err != nil {
		return err
	}
	return record(ctx, tx, t, id, "delete")
}

func record(ctx context.Context, tx pgx.Tx, t Type, id int64, op string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO search_outbox (doc_type, doc_id, op) VALUES ($1, $2, $3)`, t, id, op); err != nil {
		return fmt.Errorf("search: outbox %s %d: %w", t, id, err)
	}
	return nil
}

// drainLock is the advisory lock that lets one drain run at a time, so the changes of
// a document reach the engine in order.
const drainLock = 7_401_124

// Drain sends up to batch due changes to the sink and returns how many outbox rows it
// settled. Each document is sent in its state at drain time (read from
// search_documents), so several changes of one document become one, and a change
// committed while the batch is in flight stays in the outbox for the next drain.
// When the sink fails, the rows stay and are retried later with a growing delay.
func (o *Outbox) Drain(ctx context.Context, sink Sink, batch int) (int, error) {
	var settled int
	var sinkErr error
	err := pgx.BeginFunc(ctx, o.db, func(tx pgx.Tx) error {
		var locked bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, drainLock).Scan(&locked); err != nil || !locked {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT doc_type, doc_id, max(id) FROM (
				SELECT id, doc_type, doc_id FROM search_outbox WHERE next_attempt_at <= now() ORDER BY id LIMIT $1) due
			GROUP BY doc_type, doc_id ORDER BY max(id)`, batch)
		if err != nil {
			return err
		}
		type due struct {
			ref   Ref
			maxID int64
		}
		dues, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			err := r.Scan(&d.ref.Type, &d.ref.ID, &d.maxID)
			return d, err
		})
		if err != nil || len(dues) == 0 {
			return err
		}
		var upserts []Document
		var deletes []Ref
		for _, d := range dues {
			doc, err := o.load(ctx, tx, d.ref)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				deletes = append(deletes, d.ref)
			case err != nil:
				return err
			default:
				upserts = append(upserts, doc)
			}
		}
		if sinkErr = sink.Apply(ctx, upserts, deletes); sinkErr != nil {
			_, err := tx.Exec(ctx, `UPDATE search_outbox SET attempts = attempts + 1, last_error = left($2, 1000),
				next_attempt_at = now() + least(interval '10 minutes', interval '1 second' * power(2, attempts))
				WHERE id IN (SELECT id FROM search_outbox WHERE next_attempt_at <= now() ORDER BY id LIMIT $1)`, batch, sinkErr.Error())
			return err
		}
		for _, d := range dues {
			tag, err := tx.Exec(ctx, `DELETE FROM search_outbox WHERE doc_type = $1 AND doc_id = $2 AND id <= $3`, d.ref.Type, d.ref.ID, d.maxID)
			if err != nil {
				return err
			}
			settled += int(tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search: drain outbox: %w", err)
	}
	if sinkErr != nil {
		return 0, fmt.Errorf("search: drain outbox: %w", sinkErr)
	}
	return settled, nil
}

// load reads a document's current state from search_documents.
func (o *Outbox) load(ctx context.Context, tx pgx.Tx, r Ref) (Document, error) {
	return scanDocument(tx.QueryRow(ctx, `SELECT `+documentColumns+` FROM search_documents WHERE doc_type = $1 AND doc_id = $2`, r.Type, r.ID))
}

// documentColumns are the columns scanDocument reads.
const documentColumns = `doc_type, doc_id, org_id, org_name, org_path, owner_id, scope, scope_root, title, description, body, kind,
	subject, grades, licence, language, review_status, published, updated_at`

func scanDocument(row pgx.Row) (Document, error) {
	var d Document
	var owner *int64
	err := row.Scan(&d.Type, &d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &owner, &d.Scope, &d.ScopeRoot, &d.Title, &d.Description,
		&d.Body, &d.Kind, &d.Subject, &d.Grades, &d.Licence, &d.Language, &d.ReviewStatus, &d.Published, &d.UpdatedAt)
	if owner != nil {
		d.OwnerID = *owner
	}
	return d, err
}

// Pending counts the changes waiting in the outbox (for metrics and tests).
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	err := o.db.QueryRow(ctx, `SELECT count(*) FROM search_outbox`).Scan(&n)
	return n, err
}
