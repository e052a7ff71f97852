package blob

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
// rows and objects, and returns how many it removed. It also removes temporary
// upload objects (and unfinished multipart uploads) older than
// Options.TempMaxAge, which only a crashed Put leaves behind. It is safe to run
// on several nodes at once and alongside Put and Ref.
//
// The order is what keeps it safe. First, in one transaction per batch, the
// expired rows are locked (FOR UPDATE SKIP LOCKED, so a row a concurrent Ref or
// Put holds is left for the next run), deleted only if their count is still zero,
// and queued in blob_purges. From that commit on no row names the object, and
// Ref on it reports ErrNotFound instead of counting a reference to bytes about to
// vanish. Second, in another transaction, queued objects are locked, removed
// from the bucket, and dequeued. A crash or a failed removal leaves the queue
// entry, so the next Purge retries it; it never leaves a row whose object is
// gone. A Put of the same bytes meanwhile takes the row lock, deletes the queue
// entry (waiting while a purge holds it), and then looks for the object, copying
// it back if it was removed.
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
				DELETE FROM blobs WHERE sha256 = ANY($1) AND refcount = 0 RETURNING sha256
			)
			INSERT INTO blob_purges (sha256) SELECT sha256 FROM gone
			ON CONFLICT (sha256) DO NOTHING`, locked)
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
			SELECT sha256 FROM blob_purges ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED`, purgeBatch)
		if err != nil {
			return err
		}
		queued, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		more = len(queued) == purgeBatch
		var done []string
		for _, sha := range queued {
			// Removing a missing object succeeds, so a retry after a crash is fine.
			if err := s.s3.RemoveObject(ctx, s.bucket, objectKey(sha), minio.RemoveObjectOptions{}); err != nil {
				failed = append(failed, fmt.Errorf("remove %s: %w", sha, err))
				continue
			}
			done = append(done, sha)
		}
		if len(done) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `DELETE FROM blob_purges WHERE sha256 = ANY($1)`, done); err != nil {
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

// sweepTemp removes temporary objects and unfinished multipart uploads that no
// running Put can still be using.
func (s *Store) sweepTemp(ctx context.Context) error {
	// Cancelling stops the listings' goroutines when a loop ends early.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cutoff := time.Now().Add(-s.tempMaxAge)
	var errs []error
	for obj := range s.s3.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: tmpPrefix, Recursive: true}) {
		if obj.Err != nil {
			errs = append(errs, fmt.Errorf("list temporary objects: %w", obj.Err))
			break
		}
		if obj.LastModified.Before(cutoff) {
			if err := s.s3.RemoveObject(ctx, s.bucket, obj.Key, minio.RemoveObjectOptions{}); err != nil {
				errs = append(errs, fmt.Errorf("remove %s: %w", obj.Key, err))
			}
		}
	}
	// MinIO lists unfinished uploads under a prefix only when it is a whole key, so
	// list them all (a crash leaves few) and filter here. MinIO also expires them
	// itself (api stale_uploads_expiry); S3 needs this or a lifecycle rule.
	for up := range s.s3.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if up.Err != nil {
			errs = append(errs, fmt.Errorf("list unfinished uploads: %w", up.Err))
			break
		}
		if strings.HasPrefix(up.Key, tmpPrefix) && up.Initiated.Before(cutoff) {
			if err := s.s3.RemoveIncompleteUpload(ctx, s.bucket, up.Key); err != nil {
				errs = append(errs, fmt.Errorf("abort upload %s: %w", up.Key, err))
			}
		}
	}
	return errors.Join(errs...)
}
