package blob

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
)

// purgeBatch is how many blobs one purge transaction handles.
const purgeBatch = 100

// Ref adds delta (negative to release) to the blob's reference count in the
// caller's transaction, so that a reference and its count commit or roll back
// together. A blob whose count reaches zero starts its grace period before Purge
// may remove it. It returns ErrNotFound when no such blob is stored (it may have
// been purged: upload it again) and ErrConflict when the count would go below
// zero; neither aborts tx.
func (s *Store) Ref(ctx context.Context, tx pgx.Tx, sha string, delta int) error {
	if !validSHA(sha) {
		return fmt.Errorf("blob: ref %q: %w", sha, ErrNotFound)
	}
	if delta == 0 {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM blobs WHERE sha256 = $1`, sha).Scan(&one)
		return refErr(sha, err)
	}
	var count int
	err := tx.QueryRow(ctx, `
		UPDATE blobs SET refcount = refcount + $2,
			unreferenced_since = CASE WHEN refcount + $2 = 0 THEN now() END
		WHERE sha256 = $1 AND refcount + $2 >= 0
		RETURNING refcount`, sha, delta).Scan(&count)
	if !errors.Is(err, pgx.ErrNoRows) {
		return refErr(sha, err)
	}
	// Either there is no such blob or it has fewer references than released.
	err = tx.QueryRow(ctx, `SELECT refcount FROM blobs WHERE sha256 = $1`, sha).Scan(&count)
	if err != nil {
		return refErr(sha, err)
	}
	return fmt.Errorf("blob: ref %s: releasing %d of %d references: %w", sha, -delta, count, ErrConflict)
}

func refErr(sha string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("blob: ref %s: %w", sha, ErrNotFound)
	default:
		return fmt.Errorf("blob: ref %s: %w", sha, err)
	}
}

// Purge removes the blobs that have had no reference for longer than olderThan,
// rows and objects, and returns how many it removed. It also removes objects no
// row names that are older than Options.TempMaxAge (only a crash between an
// upload's write and its commit, or a failed upload, leaves them) and unfinished
// multipart uploads as old. It is safe to run on several nodes at once and
// alongside Put and Ref.
//
// The order is what keeps it safe. First, in one transaction per batch, the
// expired rows are locked (FOR UPDATE SKIP LOCKED, so a row a concurrent Ref or
// Put holds is left for the next run), deleted only if their count is still zero,
// and their object keys queued in blob_purges. From that commit on no row names
// the object, and Ref on it reports ErrNotFound instead of counting a reference to
// bytes about to vanish. Second, in another transaction, queued objects are
// locked, removed from the bucket, and dequeued. A crash or a failed removal
// leaves the queue entry, so the next Purge retries it; it never leaves a row
// whose object is gone. A Put of the same bytes meanwhile either finds the row
// (it waits for the lock, then keeps it with a fresh grace period) or inserts a
// new row naming its own, new object: keys are never reused, so a queued removal
// can only ever remove bytes no row names.
func (s *Store) Purge(ctx context.Context, olderThan time.Duration) (int, error) {
	if olderThan < 0 {
		olderThan = 0
	}
	var errs []error
	for {
		n, err := s.expire(ctx, olderThan)
		if err != nil {
			errs = append(errs, err)
			break
		}
		if n < purgeBatch {
			break
		}
	}
	removed := 0
	for {
		n, more, err := s.removeQueued(ctx)
		removed += n
		if err != nil {
			errs = append(errs, err)
		}
		if !more || n == 0 {
			break
		}
	}
	if err := s.sweepTemp(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := s.sweepOrphans(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := s.sweepUploads(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("blob: purge: %w", err)
	}
	return removed, nil
}

// expire moves one batch of expired blobs from blobs to blob_purges.
func (s *Store) expire(ctx context.Context, olderThan time.Duration) (int, error) {
	var n int
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT sha256 FROM blobs
			WHERE refcount = 0 AND unreferenced_since <= now() - $1 * interval '1 microsecond'
			ORDER BY unreferenced_since
			LIMIT $2
			FOR UPDATE SKIP LOCKED`, olderThan.Microseconds(), purgeBatch)
		if err != nil {
			return err
		}
		locked, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(locked) == 0 {
			return err
		}
		n = len(locked)
		// The rows are locked, so the re-check cannot race a Ref; it is there so the
		// rule "only a zero count is deleted" holds in this statement by itself.
		_, err = tx.Exec(ctx, `
			WITH gone AS (
				DELETE FROM blobs WHERE sha256 = ANY($1) AND refcount = 0 RETURNING sha256, `+keySQL+` AS object_key
			)
			INSERT INTO blob_purges (sha256, object_key) SELECT sha256, object_key FROM gone
			ON CONFLICT (object_key) DO NOTHING`, locked)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("expire: %w", err)
	}
	return n, nil
}

// removeQueued removes one batch of queued objects from the bucket and dequeues
// those it removed. more reports a full batch.
func (s *Store) removeQueued(ctx context.Context) (removed int, more bool, err error) {
	var failed []error
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT object_key FROM blob_purges ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED`, purgeBatch)
		if err != nil {
			return err
		}
		queued, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		more = len(queued) == purgeBatch
		var done []string
		for _, key := range queued {
			// Removing a missing object succeeds, so a retry after a crash is fine.
			if err := s.s3.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
				failed = append(failed, fmt.Errorf("remove %s: %w", key, err))
				continue
			}
			done = append(done, key)
		}
		if len(done) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `DELETE FROM blob_purges WHERE object_key = ANY($1)`, done); err != nil {
			return err
		}
		removed = len(done)
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("remove objects: %w", err)
	}
	return removed, more, errors.Join(failed...)
}
