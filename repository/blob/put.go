package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

const (
	// smallBody is how much of a body of unknown length Put reads before choosing
	// between one PUT (it all fit) and a multipart upload.
	smallBody = 256 << 10
)

// errTooLarge stops an upload at the first byte past Options.MaxSize.
var errTooLarge = errors.New("blob: body exceeds the size limit")

// Put stores the bytes read from r until EOF and returns what they are stored as.
// size is the number of bytes r will give, or -1 when unknown; a body that does
// not match its announced size is rejected. contentType describes the bytes (""
// for unknown); when the same bytes are already stored, their recorded type wins
// unless it was unknown.
//
// The body streams to a fresh object key while it is hashed, so memory use does not
// depend on its size (at most one Options.PartSize chunk) and the bytes are written
// once. The blob's row then records that key, or, when those bytes are already
// stored, the existing blob is kept and the new object removed, so uploading the
// same file twice stores it once. Put does not change the reference count: the
// caller records its use of the blob with Ref.
func (s *Store) Put(ctx context.Context, r io.Reader, size int64, contentType string) (Blob, error) {
	ct, err := normalizeContentType(contentType)
	if err != nil {
		return Blob{}, err
	}
	if size < -1 {
		return Blob{}, fault.Invalid("size", "blob.size", "The size %d is not valid.", size)
	}
	if s.maxSize > 0 && size > s.maxSize {
		return Blob{}, s.tooLarge()
	}
	key := newObjectKey()
	body := newHashingReader(r, size, s.maxSize)
	if err := s.upload(ctx, key, body, size, ct); err != nil {
		s.removeQuietly(ctx, key) // a single PUT may have landed before the error
		if body.exceeded() {
			return Blob{}, s.tooLarge()
		}
		if body.short.Load() {
			return Blob{}, fault.Invalid("size", "blob.size_mismatch", "The upload ended before the %d bytes announced.", size)
		}
		return Blob{}, fmt.Errorf("blob: put: upload: %w", err)
	}
	written := time.Now()
	b, err := body.result(r, size)
	if err == nil && time.Since(written) > s.tempMaxAge/2 {
		// Purge may take an unrecorded object this old for an orphan: never record it.
		err = fmt.Errorf("blob: put: stalled for %v before recording", time.Since(written))
	}
	if err != nil {
		s.removeQuietly(ctx, key)
		return Blob{}, err
	}
	b.ContentType = ct
	if err := s.commit(ctx, key, &b, nil); err != nil {
		return Blob{}, fmt.Errorf("blob: put %s: %w", b.SHA256, err)
	}
	return b, nil
}

func (s *Store) tooLarge() error {
	return fault.Invalid("file", "blob.too_large", "The file is larger than the limit of %s.", byteSize(s.maxSize))
}

// upload streams body to key.
func (s *Store) upload(ctx context.Context, key string, body io.Reader, size int64, ct string) error {
	if size < 0 {
		// A body of unknown length goes up as a multipart upload holding a PartSize
		// buffer; a small one is cheaper sent in one PUT once its end has been seen.
		head := make([]byte, smallBody)
		n, err := io.ReadFull(body, head)
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			body, size = bytes.NewReader(head[:n]), int64(n)
		case err != nil:
			return err
		default:
			body = io.MultiReader(bytes.NewReader(head), body)
		}
	}
	// The bytes are hashed here already (their address); a second sha256 pass only
	// to sign the request body would double the CPU an upload costs.
	_, err := s.s3.PutObject(ctx, s.bucket, key, body, size, minio.PutObjectOptions{ContentType: ct, PartSize: s.partSize, DisableContentSha256: true})
	return err
}

// commit records the blob stored at key, in one transaction with also (when not
// nil: the resumable upload marks itself done there). When the bytes are stored
// already the existing row wins: its grace period restarts and its object stays,
// and the object at key, now a duplicate no row names, is removed after the commit.
// A failed commit leaves the object (the commit may have landed even though its
// answer was lost), as does a crash before the removal: Purge removes objects no
// row names once they are older than TempMaxAge.
func (s *Store) commit(ctx context.Context, key string, b *Blob, also func(pgx.Tx) error) error {
	var kept string
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		// A re-upload restarts the grace period of an unreferenced blob, so it is not
		// purged between this upload and the caller's Ref. The upsert locks the row,
		// so a concurrent Purge either has deleted it already (this inserts a new row
		// naming the new object) or waits and then sees the fresh grace period.
		err := tx.QueryRow(ctx, `
			INSERT INTO blobs (sha256, size, content_type, unreferenced_since, object_key) VALUES ($1, $2, $3, now(), $4)
			ON CONFLICT (sha256) DO UPDATE SET
				content_type = CASE WHEN blobs.content_type = 'application/octet-stream'
					THEN EXCLUDED.content_type ELSE blobs.content_type END,
				unreferenced_since = CASE WHEN blobs.refcount = 0 THEN now() END
			RETURNING content_type, `+keySQL, b.SHA256, b.Size, b.ContentType, key).Scan(&b.ContentType, &kept)
		if err != nil {
			return fmt.Errorf("record: %w", err)
		}
		if also != nil {
			return also(tx)
		}
		return nil
	})
	if err == nil && kept != key {
		s.removeQuietly(ctx, key)
	}
	return err
}

// hashingReader hashes and counts what the uploader reads, and fails the read that
// goes past the size limit. The HTTP transport may still read from it after a
// failed request has returned, so its state is guarded.
type hashingReader struct {
	mu    sync.Mutex
	tee   io.Reader
	hash  hash.Hash
	n     int64
	size  int64 // announced, or -1
	max   int64
	over  atomic.Bool // read past max
	short atomic.Bool // ended before size
}

func newHashingReader(r io.Reader, size, max int64) *hashingReader {
	h := &hashingReader{hash: sha256.New(), size: size, max: max}
	switch {
	case size >= 0:
		r = io.LimitReader(r, size) // never more than announced; result checks the rest
	case max > 0:
		r = io.LimitReader(r, max+1) // one byte past the limit proves it too large
	}
	h.tee = io.TeeReader(r, h.hash)
	return h
}

func (h *hashingReader) Read(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.over.Load() {
		return 0, errTooLarge
	}
	n, err := h.tee.Read(p)
	h.n += int64(n)
	if h.max > 0 && h.n > h.max {
		h.over.Store(true)
		return n, errTooLarge
	}
	if err == io.EOF && h.n < h.size {
		h.short.Store(true)
	}
	return n, err
}

func (h *hashingReader) exceeded() bool { return h.over.Load() }

// result checks the body against its announced size and returns its hash and size.
func (h *hashingReader) result(orig io.Reader, size int64) (Blob, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if size >= 0 {
		if h.n != size {
			return Blob{}, fault.Invalid("size", "blob.size_mismatch", "The upload ended after %d of the %d bytes announced.", h.n, size)
		}
		var one [1]byte
		if n, _ := io.ReadFull(orig, one[:]); n > 0 {
			return Blob{}, fault.Invalid("size", "blob.size_mismatch", "The upload is longer than the %d bytes announced.", size)
		}
	}
	return Blob{SHA256: hex.EncodeToString(h.hash.Sum(nil)), Size: h.n}, nil
}

// byteSize formats a size for people: 50 MiB, 1.5 GiB, 900 bytes.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n)/unit, 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), units[i])
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
