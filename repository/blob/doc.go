// Package blob is the content-addressed object store behind the learning-resource
// repository: every file is stored once in object storage (MinIO or any S3) under
// its sha256, with its size, content type and reference count in PostgreSQL.
//
// Put streams an upload to a temporary object while hashing it, then moves it to
// sha256/<aa>/<bb>/<hash> by a server-side copy, or drops it when those bytes are
// already stored. Domains that keep a file (a resource version, ...) count their
// reference with Ref in their own transaction; Purge removes blobs nobody has
// referenced for a grace period. Open and PresignGet serve the bytes back, with HTTP
// ranges and RFC 6266 file names.
//
// Large files can also come in chunks that survive a dropped connection
// (BeginUpload, WriteChunk, UploadState): each chunk is one part of an S3 multipart
// upload, streamed through without buffering, and the running sha256 is persisted
// between chunks (crypto/sha256's marshalled state), so any node continues an upload
// and the last chunk stores the file under its hash like Put, deduplicated. A
// chunk cut short stores nothing; uploads abandoned for TempMaxAge are aborted by
// Purge.
//
// The package never buffers a whole file in memory or on local disk, never stores
// bytes in PostgreSQL, never rewrites a stored object (a hash names exactly one
// content), and never leaves a blobs row whose object is missing. It knows nothing
// about who may read a file: callers check access (repository.Service.FileAccess)
// before they open or presign a blob.
package blob
