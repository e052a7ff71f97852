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
	// ChunkSize is the size of a resumable upload's chunks, each one part of its
	// multipart upload (default PartSize, at least 5 MiB). Chunks stream through
	// without a buffer, so it costs no memory: larger chunks mean fewer requests
	// (each a few database round trips) but more to resend after a dropped
	// connection.
	ChunkSize uint64
	// TempMaxAge is how old an object no row names (an upload that crashed before
	// recording it) or an unfinished multipart upload must be before Purge removes
	// it as abandoned (default 24 hours). Put never records an object older than
	// half of it, so the purge cannot take an object a Put is about to record.
	TempMaxAge time.Duration
}

const (
	defaultPartSize   = 16 << 20
	defaultTempMaxAge = 24 * time.Hour
	// tmpPrefix held the temporary objects of older versions (swept by Purge).
	tmpPrefix = "tmp/"
	// legacyPrefix holds the blobs stored before object keys were recorded: their
	// rows have a NULL object_key and their key derives from the hash.
	legacyPrefix = "sha256/"
	// objectPrefix holds every object written now, each under a fresh random key.
	objectPrefix = "objects/"
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
	chunkSize  uint64
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
	if o.ChunkSize == 0 {
		o.ChunkSize = o.PartSize
	}
	return &Store{db: db, s3: s3, bucket: bucket, maxSize: o.MaxSize, partSize: o.PartSize, chunkSize: o.ChunkSize, tempMaxAge: o.TempMaxAge}
}

// keySQL is a blobs row's object key in SQL: the recorded one, or the legacy key
// derived from the hash (legacyKey).
const keySQL = `COALESCE(object_key, 'sha256/' || substr(sha256, 1, 2) || '/' || substr(sha256, 3, 2) || '/' || sha256)`

// legacyKey is where a blob stored before object keys were recorded lives.
func legacyKey(sha string) string {
	return legacyPrefix + sha[0:2] + "/" + sha[2:4] + "/" + sha
}

// newObjectKey is a key nothing has used: uploads write there once and never
// overwrite. The first level of prefixes keeps listings and per-prefix request
// rates sane on any S3 implementation.
func newObjectKey() string {
	r := randomHex(16)
	return objectPrefix + r[0:2] + "/" + r
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

// stored is a blob's row: what it is, where its bytes are and since when.
type stored struct {
	Blob
	key     string
	created time.Time
}

// lookup reads a blob's row.
func (s *Store) lookup(ctx context.Context, sha string) (stored, error) {
	if !validSHA(sha) {
		return stored{}, fmt.Errorf("blob: %q: %w", sha, ErrNotFound)
	}
	b := stored{Blob: Blob{SHA256: sha}}
	err := s.db.QueryRow(ctx, `SELECT size, content_type, created_at, `+keySQL+` FROM blobs WHERE sha256 = $1`, sha).
		Scan(&b.Size, &b.ContentType, &b.created, &b.key)
	if errors.Is(err, pgx.ErrNoRows) {
		return stored{}, fmt.Errorf("blob: %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return stored{}, fmt.Errorf("blob: %s: %w", sha, err)
	}
	return b, nil
}

// isNoSuchObject reports an S3 "no such key" answer.
func isNoSuchObject(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound
}

// removeQuietly removes an object no row names (a failed or duplicate upload) even
// when ctx has ended. A failure is harmless: Purge removes unrecorded objects older
// than TempMaxAge.
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
