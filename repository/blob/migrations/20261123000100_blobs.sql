-- +goose Up
-- Content-addressed files. The bytes live in object storage under
-- sha256/<aa>/<bb>/<hash>; a row exists only while that object exists (the blob
-- store writes the object before the row commits, and deletes the row before the
-- object). refcount counts the references other domains hold (resource versions,
-- ...), changed in their own transactions; an unreferenced blob is purged after a
-- grace period measured from unreferenced_since.
CREATE TABLE blobs (
    sha256             text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size               bigint NOT NULL CHECK (size >= 0),
    content_type       text NOT NULL CHECK (content_type <> ''),
    refcount           int NOT NULL DEFAULT 0 CHECK (refcount >= 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    unreferenced_since timestamptz,
    CHECK ((refcount = 0) = (unreferenced_since IS NOT NULL))
);
CREATE INDEX blobs_unreferenced_idx ON blobs (unreferenced_since) WHERE refcount = 0;

-- Objects whose blobs row has been purged but whose bytes may still be in the
-- bucket: the purge removes the object, then this row. Until then a failed or
-- interrupted removal is retried by the next purge, and a new upload of the same
-- bytes cancels it.
CREATE TABLE blob_purges (
    sha256    text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    queued_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE blob_purges;
DROP TABLE blobs;
