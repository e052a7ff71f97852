package blob

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Object is an open blob: an io.ReadSeeker (and io.ReaderAt) over the stored bytes,
// fetched with HTTP range requests as it is read, so http.ServeContent can answer
// range requests from it. The context given to Open bounds every read. Close it.
type Object struct {
	obj     *minio.Object
	blob    Blob
	modTime time.Time
}

// Read reads from the current offset.
func (o *Object) Read(p []byte) (int, error) { return o.obj.Read(p) }

// Seek sets the offset of the next Read.
func (o *Object) Seek(offset int64, whence int) (int64, error) { return o.obj.Seek(offset, whence) }

// ReadAt reads len(p) bytes at off.
func (o *Object) ReadAt(p []byte, off int64) (int, error) { return o.obj.ReadAt(p, off) }

// Close releases the connection to object storage.
func (o *Object) Close() error { return o.obj.Close() }

// Size is the number of bytes.
func (o *Object) Size() int64 { return o.blob.Size }

// ContentType is the recorded media type.
func (o *Object) ContentType() string { return o.blob.ContentType }

// ModTime is when the bytes were first stored; they never change after that.
func (o *Object) ModTime() time.Time { return o.modTime }

// Blob describes the bytes; SHA256 makes a strong ETag.
func (o *Object) Blob() Blob { return o.blob }

// Open opens the blob with that hash for reading. It returns ErrNotFound when no
// such blob is stored.
func (s *Store) Open(ctx context.Context, sha string) (*Object, error) {
	b, err := s.lookup(ctx, sha)
	if err != nil {
		return nil, err
	}
	obj, err := s.s3.GetObject(ctx, s.bucket, b.key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", sha, err)
	}
	// GetObject is lazy; ask now so that a missing object is reported here rather
	// than in the middle of a response.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		if isNoSuchObject(err) {
			return nil, fmt.Errorf("blob: open %s: object missing: %w", sha, ErrNotFound)
		}
		return nil, fmt.Errorf("blob: open %s: %w", sha, err)
	}
	return &Object{obj: obj, blob: b.Blob, modTime: b.created}, nil
}

// The lifetimes S3 accepts for a presigned URL.
const (
	minPresignTTL = time.Second
	maxPresignTTL = 7 * 24 * time.Hour
)

// PresignGet returns a URL that downloads the blob directly from object storage
// until ttl has passed, saved as filename (any Unicode name: see
// ContentDisposition) with the recorded content type. Whoever holds the URL can
// download the file, so the caller checks access first and keeps ttl short.
func (s *Store) PresignGet(ctx context.Context, sha, filename string, ttl time.Duration) (*url.URL, error) {
	if ttl < minPresignTTL || ttl > maxPresignTTL {
		return nil, fault.Invalid("ttl", "blob.presign_ttl", "A download link must live between %v and %v.", minPresignTTL, maxPresignTTL)
	}
	b, err := s.lookup(ctx, sha)
	if err != nil {
		return nil, err
	}
	params := url.Values{}
	params.Set("response-content-disposition", ContentDisposition("attachment", filename))
	params.Set("response-content-type", b.ContentType)
	u, err := s.s3.PresignedGetObject(ctx, s.bucket, b.key, ttl, params)
	if err != nil {
		return nil, fmt.Errorf("blob: presign %s: %w", sha, err)
	}
	return u, nil
}
