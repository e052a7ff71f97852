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

// sweepBatch is how many listed keys one database check handles.
const sweepBatch = 1000

// sweepTemp removes the temporary objects older versions wrote under tmp/ (no row
// ever names them) and unfinished multipart uploads that no Put can still be
// using and no resumable upload names.
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
	var stale []string
	for up := range s.s3.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if up.Err != nil {
			errs = append(errs, fmt.Errorf("list unfinished uploads: %w", up.Err))
			break
		}
		if ours(up.Key) && up.Initiated.Before(cutoff) {
			stale = append(stale, up.Key)
		}
	}
	unnamed, err := s.unnamed(ctx, stale)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, key := range unnamed {
		if err := s.s3.RemoveIncompleteUpload(ctx, s.bucket, key); err != nil {
			errs = append(errs, fmt.Errorf("abort upload %s: %w", key, err))
		}
	}
	return errors.Join(errs...)
}

// ours reports a key under one of the prefixes uploads write to.
func ours(key string) bool {
	return strings.HasPrefix(key, tmpPrefix) || strings.HasPrefix(key, objectPrefix) || strings.HasPrefix(key, uploadPrefix)
}

// sweepOrphans removes the objects under objects/ (and the legacy uploads/) older
// than TempMaxAge that no row names: written by an upload that never recorded them
// (a crash between the write and the commit, a lost commit answer, a duplicate
// whose removal failed). Put never records an object that old, and a resumable
// upload's object stays named by its blob_uploads row until it is recorded or
// aborted, so nothing a row will name is removed.
func (s *Store) sweepOrphans(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cutoff := time.Now().Add(-s.tempMaxAge)
	var errs []error
	for _, prefix := range []string{objectPrefix, uploadPrefix} {
		var batch []string
		for obj := range s.s3.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
			if obj.Err != nil {
				errs = append(errs, fmt.Errorf("list %s: %w", prefix, obj.Err))
				break
			}
			if obj.LastModified.Before(cutoff) {
				batch = append(batch, obj.Key)
			}
			if len(batch) == sweepBatch {
				errs = append(errs, s.removeUnnamed(ctx, batch))
				batch = nil
			}
		}
		errs = append(errs, s.removeUnnamed(ctx, batch))
	}
	return errors.Join(errs...)
}

// removeUnnamed removes those of the objects no row names.
func (s *Store) removeUnnamed(ctx context.Context, keys []string) error {
	unnamed, err := s.unnamed(ctx, keys)
	if err != nil {
		return err
	}
	var errs []error
	for _, key := range unnamed {
		if err := s.s3.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
			errs = append(errs, fmt.Errorf("remove orphan %s: %w", key, err))
		}
	}
	return errors.Join(errs...)
}

// unnamed returns the keys that no blob and no resumable upload names.
func (s *Store) unnamed(ctx context.Context, keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, `
		SELECT k FROM unnest($1::text[]) AS k
		WHERE NOT EXISTS (SELECT 1 FROM blobs WHERE object_key = k)
			AND NOT EXISTS (SELECT 1 FROM blob_uploads WHERE object_key = k)
			AND NOT EXISTS (SELECT 1 FROM blob_uploads
				WHERE k LIKE 'uploads/%' AND id = substr(k, 9) AND object_key IS NULL)`, keys)
	if err != nil {
		return nil, fmt.Errorf("find orphans: %w", err)
	}
	unnamed, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("find orphans: %w", err)
	}
	return unnamed, nil
}
