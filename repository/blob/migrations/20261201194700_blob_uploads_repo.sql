-- +goose Up
-- Resumable uploads in progress. Each is one S3 multipart upload to
-- tmp/up-<id>; every accepted chunk is one part, and the running sha256 of the
-- bytes so far is kept here (crypto/sha256's marshalled state), so any web node
-- continues an upload where the last one stopped without reading the bytes back.
-- A writer holds a lease (lease_token until lease_until) while it streams a chunk;
-- each attempt takes a new part number, so a writer whose lease was taken over can
-- never overwrite a part another writer committed. Rows older than the blob
-- store's TempMaxAge are aborted by the purge.
CREATE TABLE blob_uploads (
    id           text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    owner_id     bigint NOT NULL,            -- the caller's user id; only it continues the upload
    name         text   NOT NULL,
    size         bigint NOT NULL CHECK (size > 0),
    received     bigint NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND size),
    s3_upload_id text   NOT NULL,
    hash_state   bytea  NOT NULL,
    parts        jsonb  NOT NULL DEFAULT '[]',   -- [{"n": part number, "etag": ...}] in order
    next_part    int    NOT NULL DEFAULT 1 CHECK (next_part BETWEEN 1 AND 10001),
    content_type text   NOT NULL DEFAULT '',     -- known from the first chunk's magic bytes
    label        text   NOT NULL DEFAULT '',     -- the caller's classification (e.g. preview kind)
    sha256       text CHECK (sha256 ~ '^[0-9a-f]{64}$'), -- set once the blob is stored
    lease_token  text,
    lease_until  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blob_uploads_owner_idx ON blob_uploads (owner_id, created_at);
CREATE INDEX blob_uploads_updated_idx ON blob_uploads (updated_at);

-- +goose Down
DROP TABLE blob_uploads;
