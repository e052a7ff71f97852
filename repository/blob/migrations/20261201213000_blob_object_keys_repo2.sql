-- +goose Up
-- Every upload writes its bytes once: a Put (or a resumable upload's multipart
-- completion) streams them to a fresh key objects/<aa>/<random> while hashing, and
-- the blobs row then records that key in object_key. There is no server-side copy
-- any more. A NULL object_key means the legacy key sha256/<aa>/<bb>/<hash> derived
-- from the hash, so blobs stored before this migration keep working unchanged.
--
-- Invariants (these replace the ones in 20261123000100_blobs.sql):
-- * A blobs row exists only while the object it names exists: the object is
--   written before the row commits, and the row is deleted before the object.
-- * Upload of bytes already stored (same sha256): the row insert conflicts, the
--   existing row and its object are kept, and the object just written is removed
--   after the commit. Keys are never reused, so no upload can ever overwrite or
--   resurrect an object a purge is removing.
-- * Purge deletes an expired row and queues its object_key in blob_purges in one
--   transaction, then removes the object and dequeues it; an interrupted or failed
--   removal stays queued and is retried by the next purge (removing a missing
--   object succeeds).
-- * An object written but never recorded (a process killed between its write and
--   its commit, or between a dedup commit and the removal) is found by the purge:
--   objects under objects/ (and uploads/) older than the store's TempMaxAge that no
--   blobs, blob_uploads or blob_purges row names are removed.
ALTER TABLE blobs ADD COLUMN object_key text CHECK (object_key <> '');
CREATE UNIQUE INDEX blobs_object_key_idx ON blobs (object_key) WHERE object_key IS NOT NULL;

-- The queue of removals is keyed by object now: the same bytes may be stored,
-- purged and stored again under different keys while an older removal waits.
ALTER TABLE blob_purges ADD COLUMN object_key text;
UPDATE blob_purges SET object_key = 'sha256/' || substr(sha256, 1, 2) || '/' || substr(sha256, 3, 2) || '/' || sha256;
ALTER TABLE blob_purges ALTER COLUMN object_key SET NOT NULL;
ALTER TABLE blob_purges DROP CONSTRAINT blob_purges_pkey;
ALTER TABLE blob_purges ADD PRIMARY KEY (object_key);
CREATE INDEX blob_purges_sha256_idx ON blob_purges (sha256);

-- A resumable upload's multipart upload goes to its own objects/ key, which becomes
-- the blob's object_key when it completes; NULL means the legacy uploads/<id>.
ALTER TABLE blob_uploads ADD COLUMN object_key text CHECK (object_key <> '');
CREATE INDEX blob_uploads_object_key_idx ON blob_uploads (object_key);

-- +goose Down
-- Blobs stored under objects/ keys cannot be named by their hash alone: going down
-- loses them (their rows go; the purge of the older code never removes their
-- objects). Only meant for an empty or test database.
DROP INDEX blob_uploads_object_key_idx;
ALTER TABLE blob_uploads DROP COLUMN object_key;
DELETE FROM blob_purges WHERE object_key NOT LIKE 'sha256/%';
DROP INDEX blob_purges_sha256_idx;
ALTER TABLE blob_purges DROP CONSTRAINT blob_purges_pkey;
ALTER TABLE blob_purges ADD PRIMARY KEY (sha256);
ALTER TABLE blob_purges DROP COLUMN object_key;
DELETE FROM blobs WHERE object_key IS NOT NULL;
DROP INDEX blobs_object_key_idx;
ALTER TABLE blobs DROP COLUMN object_key;
