// Package blob is the content-addressed object store behind the learning-resource
// repository: every file is stored once in object storage (MinIO or any S3) under
// its sha256, with its size, content type and reference count in PostgreSQL.
//
// Put streams an upload to a fresh key objects/<aa>/<random> while hashing it, so
// its bytes are written once, then records that key in the blob's row, or removes
// the new object when those bytes are already stored (blobs stored by older
// versions keep their key sha256/<aa>/<bb>/<hash>, a NULL object_key). Domains
// that keep a file (a resource version, ...) count their reference with Ref in
// their own transaction; Purge removes blobs nobody has referenced for a grace
// period. Open and PresignGet serve the bytes back, with HTTP
// ranges and RFC 6266 file names.
//
// Large files can also come in chunks that survive a dropped connection
// (BeginUpload, WriteChunk, UploadState): each chunk is one part of an S3 multipart
// upload, streamed through without buffering, and the running sha256 is persisted
// between chunks (crypto/sha256's marshalled state), so any node continues an upload
// and the last chunk's completion is the file's only write: its key is recorded
// like Put's, deduplicated. A chunk cut short stores nothing; uploads abandoned for TempMaxAge are aborted by
// Purge.
//
// The package never buffers a whole file in memory or on local disk, never stores
// bytes in PostgreSQL, never rewrites or reuses an object key, and never leaves a
// blobs row whose object is missing; objects a crash left unrecorded are removed by
// Purge after TempMaxAge. It knows nothing
// about who may read a file: callers check access (repository.Service.FileAccess)
// before they open or presign a blob.
package blob
