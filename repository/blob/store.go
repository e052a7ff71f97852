package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this package returns (wrapped with context).
var (
	ErrNotFound = fault.ErrNotFound
	ErrConflict = fault.ErrConflict
)

// Blob describes stored bytes.
type Blob struct {
	SHA256      string // lower-case hex
	Size        int64
	ContentType string
}

// Options tune a Store; the zero value is usable.
type Options struct {
	// MaxSize rejects uploads larger than this many bytes (0: no limit).
	MaxSize int64
	// PartSize is the multipart chunk size, which is also the memory one upload of
	// a large or unknown-size body holds: default 16 MiB, at least 5 MiB; S3 allows
	// 10,000 parts, so 16 MiB parts allow uploads of unknown size up to 156 GiB.
	PartSize uint64
	// TempMaxAge is how old an upload's temporary object must be before Purge
	// removes it as abandoned (default 24 hours).
	TempMaxAge time.Duration
}

const (
	defaultPartSize   = 16 << 20
	defaultTempMaxAge = 24 * time.Hour
	tmpPrefix         = "tmp/"
	finalPrefix       = "sha256/"
	// cleanupTimeout bounds the removal of a temporary object after the caller's
	// context has ended.
	cleanupTimeout = 30 * time.Second
)

// Store keeps blobs in one bucket and their metadata in PostgreSQL.
type Store struct {
	db         *pgxpool.Pool
	s3         *minio.Client
	bucket     string
	maxSize    int64
	partSize   uint64
	tempMaxAge time.Duration
}

// New returns a store with default options.
func New(db *pgxpool.Pool, s3 *minio.Client, bucket string) *Store {
	return NewWithOptions(db, s3, bucket, Options{})
}

// NewWithOptions returns a store tuned by o.
func NewWithOptions(db *pgxpool.Pool, s3 *minio.Client, bucket string, o Options) *Store {
	if o.PartSize == 0 {
		o.PartSize = defaultPartSize
	}
	if o.TempMaxAge <= 0 {
		o.TempMaxAge = defaultTempMaxAge
	}
	return &Store{db: db, s3: s3, bucket: bucket, maxSize: o.MaxSize, partSize: o.PartSize, tempMaxAge: o.TempMaxAge}
}

// objectKey is where the bytes with that hash live. Two levels of prefixes keep
// listings and per-prefix request rates sane on any S3 implementation.
func objectKey(sha string) string {
	return finalPrefix + sha[0:2] + "/" + sha[2:4] + "/" + sha
}

// validSHA reports whether s is a lower-case hex sha256.
func validSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// normalizeContentType checks a media type and returns its canonical form;
// an empty one means unknown bytes.
func normalizeContentType(ct string) (string, error) {
	ct = strings.TrimSpace(ct)
	if ct == "" {
		return "application/octet-stream", nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !strings.Contains(mt, "/") {
		return "", fault.Invalid("content_type", "blob.content_type", "%q is not a valid media type.", ct)
	}
	return mime.FormatMediaType(mt, params), nil
}

// lookup reads a blob's row.
func (s *Store) lookup(ctx context.Context, sha string) (Blob, time.Time, error) {
	if !validSHA(sha) {
		return Blob{}, time.Time{}, fmt.Errorf("blob: %q: %w", sha, ErrNotFound)
	}
	b := Blob{SHA256: sha}
	var created time.Time
	err := s.db.QueryRow(ctx, `SELECT size, content_type, created_at FROM blobs WHERE sha256 = $1`, sha).
		Scan(&b.Size, &b.ContentType, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return Blob{}, time.Time{}, fmt.Errorf("blob: %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return Blob{}, time.Time{}, fmt.Errorf("blob: %s: %w", sha, err)
	}
	return b, created, nil
}

// isNoSuchObject reports an S3 "no such key" answer.
func isNoSuchObject(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound
}

// removeQuietly removes a temporary object even when ctx has ended. A failure is
// harmless: Purge removes temporary objects older than TempMaxAge.
func (s *Store) removeQuietly(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_ = s.s3.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
