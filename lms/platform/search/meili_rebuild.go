package search

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/meilisearch/meilisearch-go"
)

// rebuildBatch is how many documents one request to Meilisearch carries.
const rebuildBatch = 1000

// Rebuild fills a fresh Meilisearch index from search_documents (PostgreSQL, the
// source of truth) and swaps it in for the live one, which keeps answering until
// then. The outbox drain waits meanwhile (it takes the same advisory lock): every
// change committed after the snapshot stays in the outbox and reaches the new
// index once the drain resumes, so nothing written during a rebuild is lost.
func (m *Meili) Rebuild(ctx context.Context, db *pgxpool.Pool) (int, error) {
	conn, err := db.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("search: rebuild: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, drainLock); err != nil {
		return 0, fmt.Errorf("search: rebuild: lock the drain: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, drainLock) }()
	tmp := m.uid + "_rebuild"
	if t, err := m.client.DeleteIndex(ctx, tmp); err == nil {
		_ = m.await(ctx, t) // a leftover of an interrupted rebuild, if any
	}
	for _, uid := range []string{m.uid, tmp} {
		if err := m.ensureIndex(ctx, uid); err != nil {
			return 0, err
		}
	}
	if err := m.applySettings(ctx, tmp); err != nil {
		return 0, err
	}
	n, err := m.copyDocuments(ctx, conn.Conn(), tmp)
	if err != nil {
		return 0, err
	}
	task, err := m.client.SwapIndexes(ctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{m.uid, tmp}}})
	if err == nil {
		err = m.await(ctx, task)
	}
	if err != nil {
		return 0, fmt.Errorf("search: meilisearch: swap %s: %w", tmp, err)
	}
	if t, err := m.client.DeleteIndex(ctx, tmp); err == nil {
		_ = m.await(ctx, t)
	}
	return n, nil
}

// copyDocuments sends every document of one snapshot of search_documents to uid.
func (m *Meili) copyDocuments(ctx context.Context, conn *pgx.Conn, uid string) (int, error) {
	n := 0
	err := pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+documentColumns+` FROM search_documents ORDER BY doc_type, doc_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		batch := make([]Document, 0, rebuildBatch)
		for rows.Next() {
			d, err := scanDocument(rows)
			if err != nil {
				return err
			}
			if batch = append(batch, d); len(batch) == rebuildBatch {
				if err := m.apply(ctx, uid, batch, nil); err != nil {
					return err
				}
				n, batch = n+len(batch), batch[:0]
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) > 0 {
			n += len(batch)
			return m.apply(ctx, uid, batch, nil)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search: rebuild %s: %w", uid, err)
	}
	return n, nil
}

// RebuildIfEmpty rebuilds the Meilisearch index when it holds no document while
// PostgreSQL has some (a new Meilisearch server, or one whose data was lost).
func (m *Meili) RebuildIfEmpty(ctx context.Context, db *pgxpool.Pool) (int, error) {
	count, err := m.Count(ctx)
	if err != nil || count > 0 {
		return 0, err
	}
	var any bool
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM search_documents)`).Scan(&any); err != nil || !any {
		return 0, err
	}
	return m.Rebuild(ctx, db)
}
