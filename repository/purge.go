package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// PurgeTrash removes resources deleted more than TrashDays ago for good: their
// versions, files and history go, and the reference counts of their blobs drop in the
// same transaction, so the blob purge can later remove bytes nobody references.
func (s *Service) PurgeTrash(ctx context.Context) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM resources WHERE deleted_at < now() - make_interval(days => $1) LIMIT 500`, TrashDays)
	if err != nil {
		return 0, fmt.Errorf("repository: purge: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("repository: purge: %w", err)
	}
	for _, id := range ids {
		if err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error { return s.purgeOne(ctx, tx, id) }); err != nil {
			return 0, fmt.Errorf("repository: purge %d: %w", id, err)
		}
	}
	return len(ids), nil
}

func (s *Service) purgeOne(ctx context.Context, tx pgx.Tx, id int64) error {
	// Each version counted each distinct hash once (AddVersion); undo exactly that.
	rows, err := tx.Query(ctx, `SELECT f.sha256, count(DISTINCT f.version_id) FROM version_files f
		JOIN resource_versions v ON v.id = f.version_id WHERE v.resource_id = $1 GROUP BY f.sha256`, id)
	if err != nil {
		return err
	}
	type ref struct {
		sha string
		n   int
	}
	refs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ref, error) {
		var x ref
		err := r.Scan(&x.sha, &x.n)
		return x, err
	})
	if err != nil {
		return err
	}
	for _, x := range refs {
		if s.refs != nil {
			if err := s.refs.Ref(ctx, tx, x.sha, -x.n); err != nil {
				return err
			}
		}
	}
	for _, q := range []string{
		`DELETE FROM version_files WHERE version_id IN (SELECT id FROM resource_versions WHERE resource_id = $1)`,
		`DELETE FROM review_events WHERE version_id IN (SELECT id FROM resource_versions WHERE resource_id = $1)`,
		`DELETE FROM resource_versions WHERE resource_id = $1`,
		`DELETE FROM resource_stats WHERE resource_id = $1`,
		`DELETE FROM resources WHERE id = $1`,
	} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return err
		}
	}
	if s.index != nil {
		return s.index.Delete(ctx, tx, search.TypeResource, id)
	}
	return nil
}

// blobPurger removes stored bytes nobody references any more (repository/blob.Store).
type blobPurger interface {
	Purge(ctx context.Context, olderThan time.Duration) (int, error)
}

// PurgeArgs is the periodic job that empties the trash and then the unreferenced blobs.
type PurgeArgs struct{}

// Kind names the job in the queue.
func (PurgeArgs) Kind() string { return "repository.purge" }

// PurgeWorker works PurgeArgs.
type PurgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	svc   *Service
	blobs blobPurger
	// Grace is how long a blob stays unreferenced before its bytes are removed, so
	// an upload whose version row is about to commit is never purged underneath it.
	Grace time.Duration
}

// NewPurgeWorker returns the purge worker.
func NewPurgeWorker(s *Service, blobs blobPurger) *PurgeWorker {
	return &PurgeWorker{svc: s, blobs: blobs, Grace: 24 * time.Hour}
}

// Work empties the trash, then purges blobs unreferenced for longer than Grace.
func (w *PurgeWorker) Work(ctx context.Context, _ *river.Job[PurgeArgs]) error {
	if _, err := w.svc.PurgeTrash(ctx); err != nil {
		return err
	}
	if _, err := w.blobs.Purge(ctx, w.Grace); err != nil {
		return fmt.Errorf("repository: purge blobs: %w", err)
	}
	return nil
}
