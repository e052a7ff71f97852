package blob

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

const (
	// uploadPrefix held the multipart uploads of older versions (uploads/<id>);
	// new ones go to a fresh objects/ key recorded in blob_uploads.object_key.
	uploadPrefix = "uploads/"
	// leaseTime bounds how long one chunk may take before another request may
	// continue the upload (a writer that dies leaves its lease behind).
	leaseTime = "15 minutes"
	// maxOpenUploads bounds the unfinished uploads one owner keeps at once.
	maxOpenUploads = 50
	// maxParts is S3's limit of parts in one multipart upload.
	maxParts = 10000
)

// ErrOffset reports a chunk sent for another offset than the one the upload has
// reached (a retry after a lost answer, or a second tab): the caller resends from
// Upload.Received.
var ErrOffset = fmt.Errorf("blob: upload offset: %w", fault.ErrConflict)

// Upload is the state of a resumable upload.
type Upload struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	Received    int64  `json:"offset"`
	ChunkSize   int64  `json:"chunk_size"`
	ContentType string `json:"content_type,omitempty"`
	Label       string `json:"label,omitempty"`
	SHA256      string `json:"sha256,omitempty"` // set once the bytes are stored as a blob
}

// Done reports whether the bytes are stored as a blob.
func (u Upload) Done() bool { return u.SHA256 != "" }

// CheckHead inspects the first bytes of an upload (at most 4 KiB) and returns its
// content type and a label the caller keeps with it, or an error that rejects the
// upload (an executable, say).
type CheckHead func(head []byte) (contentType, label string, err error)

type part struct {
	N    int    `json:"n"`
	ETag string `json:"etag"`
}

// ChunkSize is the size of every chunk but the last of a resumable upload.
func (s *Store) ChunkSize() int64 { return int64(s.chunkSize) }

// BeginUpload starts a resumable upload of size bytes for owner. The bytes then
// come in chunks of ChunkSize (WriteChunk), each of them one part of an S3
// multipart upload, so nothing is held in memory beyond a read buffer.
func (s *Store) BeginUpload(ctx context.Context, owner int64, name string, size int64) (Upload, error) {
	switch {
	case size <= 0:
		return Upload{}, fault.Invalid("size", "upload.empty", "The file %s is empty.", name)
	case s.maxSize > 0 && size > s.maxSize:
		return Upload{}, s.tooLarge()
	case (size+s.ChunkSize()-1)/s.ChunkSize() > maxParts/2:
		return Upload{}, s.tooLarge()
	}
	var open int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM blob_uploads WHERE owner_id = $1 AND sha256 IS NULL`, owner).Scan(&open); err != nil {
		return Upload{}, fmt.Errorf("blob: begin upload: %w", err)
	}
	if open >= maxOpenUploads {
		return Upload{}, fault.Invalid("file", "upload.too_many", "You have %d unfinished uploads; finish or cancel some first.", open)
	}
	u := Upload{ID: randomHex(16), Name: name, Size: size, ChunkSize: s.ChunkSize()}
	// The parts assemble where the blob will live: completing the upload is its
	// only write, and the key becomes the blob's object_key.
	key := newObjectKey()
	s3id, err := s.core().NewMultipartUpload(ctx, s.bucket, key, minio.PutObjectOptions{})
	if err != nil {
		return Upload{}, fmt.Errorf("blob: begin upload: %w", errors.Join(fault.ErrUnavailable, err))
	}
	state, _ := sha256.New().(encoding.BinaryMarshaler).MarshalBinary()
	_, err = s.db.Exec(ctx, `INSERT INTO blob_uploads (id, owner_id, name, size, s3_upload_id, hash_state, object_key) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.ID, owner, name, size, s3id, state, key)
	if err != nil {
		_ = s.core().AbortMultipartUpload(context.WithoutCancel(ctx), s.bucket, key, s3id)
		return Upload{}, fmt.Errorf("blob: begin upload: %w", err)
	}
	return u, nil
}

// uploadRow is an upload as stored.
type uploadRow struct {
	Upload
	s3ID  string
	key   string // where the parts assemble
	state []byte
	parts []part
}

func (s *Store) loadUpload(ctx context.Context, owner int64, id string) (*uploadRow, error) {
	u := &uploadRow{Upload: Upload{ID: id, ChunkSize: s.ChunkSize()}}
	var sha *string
	var parts []byte
	err := s.db.QueryRow(ctx, `SELECT name, size, received, content_type, label, sha256, s3_upload_id, hash_state, parts,
			COALESCE(object_key, 'uploads/' || id)
		FROM blob_uploads WHERE id = $1 AND owner_id = $2`, id, owner).
		Scan(&u.Name, &u.Size, &u.Received, &u.ContentType, &u.Label, &sha, &u.s3ID, &u.state, &parts, &u.key)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("blob: upload %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: upload %s: %w", id, err)
	}
	if sha != nil {
		u.SHA256 = *sha
	}
	if err := json.Unmarshal(parts, &u.parts); err != nil {
		return nil, fmt.Errorf("blob: upload %s: parts: %w", id, err)
	}
	return u, nil
}

// UploadState returns owner's upload: how far it has come, and its blob once done.
// Another owner's upload is ErrNotFound.
func (s *Store) UploadState(ctx context.Context, owner int64, id string) (Upload, error) {
	u, err := s.loadUpload(ctx, owner, id)
	if err != nil {
		return Upload{}, err
	}
	return u.Upload, nil
}

// WriteChunk stores the chunk that starts at offset: length bytes read from r,
// which must be ChunkSize or the rest of the file. At offset 0, check judges the
// first bytes (magic numbers) before anything is stored; a rejected file ends the
// upload. The last chunk stores the whole file as a blob (deduplicated by hash),
// and a chunk of 0 bytes at the end finishes an upload whose finishing failed.
//
// A chunk cut short (a dropped connection) stores nothing: the upload stays at
// offset and the client sends that chunk again. Only one request writes an upload
// at a time (ErrConflict for a second one), and a chunk for another offset than
// Received is ErrOffset, with the current state returned.
func (s *Store) WriteChunk(ctx context.Context, owner int64, id string, offset int64, r io.Reader, length int64, check CheckHead) (Upload, error) {
	u, err := s.loadUpload(ctx, owner, id)
	if err != nil {
		return Upload{}, err
	}
	if u.Done() && offset == u.Size && length == 0 {
		return u.Upload, nil
	}
	if u.Done() || offset != u.Received {
		return u.Upload, ErrOffset
	}
	want := min(u.ChunkSize, u.Size-u.Received)
	if length != want {
		return u.Upload, fault.Invalid("file", "upload.chunk_size", "Send %d bytes from offset %d.", want, offset)
	}
	token := randomHex(16)
	n, err := s.lease(ctx, u, token, length > 0)
	if err != nil {
		return u.Upload, err
	}
	defer s.unlease(ctx, id, token)
	if length > 0 {
		if err := s.writePart(ctx, u, n, token, r, length, check); err != nil {
			return u.Upload, err
		}
	}
	if u.Received < u.Size {
		return u.Upload, nil
	}
	if err := s.finish(ctx, u); err != nil {
		return u.Upload, fmt.Errorf("blob: finish upload %s: %w", id, errors.Join(fault.ErrUnavailable, err))
	}
	return u.Upload, nil
}

// lease makes token the upload's only writer and allocates a fresh part number.
func (s *Store) lease(ctx context.Context, u *uploadRow, token string, newPart bool) (int, error) {
	inc := 0
	if newPart {
		inc = 1
	}
	var n int
	err := s.db.QueryRow(ctx, `
		UPDATE blob_uploads SET lease_token = $3, lease_until = now() + interval '`+leaseTime+`', next_part = next_part + $4
		WHERE id = $1 AND received = $2 AND sha256 IS NULL AND next_part + $4 <= 10001
			AND (lease_until IS NULL OR lease_until < now())
		RETURNING next_part - $4`, u.ID, u.Received, token, inc).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("blob: upload %s is being written by another request: %w", u.ID, ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("blob: upload %s: lease: %w", u.ID, err)
	}
	return n, nil
}

// unlease drops a lease that is still held (after a failure; a success has
// already cleared it).
func (s *Store) unlease(ctx context.Context, id, token string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_, _ = s.db.Exec(ctx, `UPDATE blob_uploads SET lease_token = NULL, lease_until = NULL WHERE id = $1 AND lease_token = $2`, id, token)
}

// writePart streams one chunk into part number n and records it with the hash of
// everything so far.
func (s *Store) writePart(ctx context.Context, u *uploadRow, n int, token string, r io.Reader, length int64, check CheckHead) error {
	h := sha256.New()
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(u.state); err != nil {
		return fmt.Errorf("blob: upload %s: hash state: %w", u.ID, err)
	}
	body := io.LimitReader(r, length)
	if u.Received == 0 && check != nil {
		br := bufio.NewReaderSize(body, 4096)
		head, err := br.Peek(int(min(4096, length)))
		if err != nil {
			return fmt.Errorf("blob: upload %s: read: %w", u.ID, err)
		}
		ct, label, err := check(head)
		if err != nil {
			s.abort(ctx, u.ID, u.s3ID, u.key)
			return err
		}
		if u.ContentType, err = normalizeContentType(ct); err != nil {
			return err
		}
		u.Label, body = label, br
	}
	counted := &countingReader{r: io.TeeReader(body, h)}
	p, err := s.core().PutObjectPart(ctx, s.bucket, u.key, u.s3ID, n, counted, length, minio.PutObjectPartOptions{DisableContentSha256: true})
	if err != nil {
		if counted.n < length {
			return fault.Invalid("file", "upload.interrupted", "The chunk ended after %d of %d bytes; send it again.", counted.n, length)
		}
		return fmt.Errorf("blob: upload %s part %d: %w", u.ID, n, errors.Join(fault.ErrUnavailable, err))
	}
	state, _ := h.(encoding.BinaryMarshaler).MarshalBinary()
	u.parts = append(u.parts, part{N: n, ETag: p.ETag})
	parts, _ := json.Marshal(u.parts)
	tag, err := s.db.Exec(ctx, `
		UPDATE blob_uploads SET received = received + $4, hash_state = $5, parts = $6,
			content_type = CASE WHEN received = 0 THEN $7 ELSE content_type END,
			label = CASE WHEN received = 0 THEN $8 ELSE label END,
			lease_token = NULL, lease_until = NULL, updated_at = now()
		WHERE id = $1 AND lease_token = $2 AND received = $3`,
		u.ID, token, u.Received, length, state, parts, u.ContentType, u.Label)
	if err != nil {
		return fmt.Errorf("blob: upload %s: record part: %w", u.ID, errors.Join(fault.ErrUnavailable, err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("blob: upload %s: lease lost while writing: %w", u.ID, ErrConflict)
	}
	u.Received += length
	u.state = state
	return nil
}

// finish assembles the parts into the upload's object and, in one transaction,
// records it as a blob and marks the upload done; when those bytes were stored
// already the assembled object is removed and the existing blob kept. Every step
// may be repeated after a failure. An upload aborted meanwhile fails here and
// records nothing (its row is gone, so the update finds nothing to mark done).
func (s *Store) finish(ctx context.Context, u *uploadRow) error {
	h := sha256.New()
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(u.state); err != nil {
		return fmt.Errorf("hash state: %w", err)
	}
	complete := make([]minio.CompletePart, len(u.parts))
	for i, p := range u.parts {
		complete[i] = minio.CompletePart{PartNumber: p.N, ETag: p.ETag}
	}
	_, err := s.core().CompleteMultipartUpload(ctx, s.bucket, u.key, u.s3ID, complete, minio.PutObjectOptions{ContentType: u.ContentType})
	if err != nil {
		// A retry after a failure past this step finds the object already assembled.
		info, serr := s.s3.StatObject(ctx, s.bucket, u.key, minio.StatObjectOptions{})
		if serr != nil || info.Size != u.Size {
			return fmt.Errorf("complete: %w", err)
		}
	}
	b := Blob{SHA256: hex.EncodeToString(h.Sum(nil)), Size: u.Size, ContentType: u.ContentType}
	if b.ContentType == "" {
		b.ContentType = "application/octet-stream"
	}
	markDone := func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE blob_uploads SET sha256 = $2, content_type = $3, updated_at = now() WHERE id = $1 AND sha256 IS NULL`,
			u.ID, b.SHA256, b.ContentType)
		if err != nil {
			return fmt.Errorf("record: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("upload cancelled: %w", ErrNotFound)
		}
		return nil
	}
	if err := s.commit(ctx, u.key, &b, markDone); err != nil {
		return err
	}
	u.SHA256, u.ContentType = b.SHA256, b.ContentType
	return nil
}

// AbortUpload cancels owner's unfinished upload and drops its parts. A finished
// upload is only forgotten: its blob stays for whoever references it.
func (s *Store) AbortUpload(ctx context.Context, owner int64, id string) error {
	u, err := s.loadUpload(ctx, owner, id)
	if err != nil {
		return err
	}
	s.abort(ctx, u.ID, u.s3ID, u.key)
	return nil
}

// abort removes the upload's row, then, unless it was done, its parts and any
// object they were assembled into (by a finish that then failed). The row's
// deletion and a finish's marking it done lock the same row, so exactly one of
// them wins: a finish after the deletion records nothing, and a deletion after the
// finish leaves the object to its blob. Parts left by a failure are removed by the
// purge (or MinIO's own expiry of stale uploads).
func (s *Store) abort(ctx context.Context, id, s3ID, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	var done bool
	err := s.db.QueryRow(ctx, `DELETE FROM blob_uploads WHERE id = $1 RETURNING sha256 IS NOT NULL`, id).Scan(&done)
	if err != nil || done {
		return // gone already, or a failure the purge retries; or the blob's object now
	}
	_ = s.core().AbortMultipartUpload(ctx, s.bucket, key, s3ID)
	_ = s.s3.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// sweepUploads aborts uploads nobody has written for TempMaxAge.
func (s *Store) sweepUploads(ctx context.Context) error {
	rows, err := s.db.Query(ctx, `SELECT id, s3_upload_id, COALESCE(object_key, 'uploads/' || id) FROM blob_uploads
		WHERE updated_at < now() - $1 * interval '1 microsecond' ORDER BY updated_at LIMIT 1000`, s.tempMaxAge.Microseconds())
	if err != nil {
		return fmt.Errorf("list stale uploads: %w", err)
	}
	type stale struct{ id, s3ID, key string }
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stale, error) {
		var x stale
		return x, r.Scan(&x.id, &x.s3ID, &x.key)
	})
	if err != nil {
		return fmt.Errorf("list stale uploads: %w", err)
	}
	for _, x := range list {
		s.abort(ctx, x.id, x.s3ID, x.key)
	}
	return nil
}

func (s *Store) core() *minio.Core { return &minio.Core{Client: s.s3} }

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
