-- +goose Up
-- When the holder of a review was last reminded of its deadline (at most daily).
ALTER TABLE resource_versions ADD COLUMN reminded_at timestamptz;
CREATE INDEX resource_versions_due_idx ON resource_versions (due_at) WHERE status = 'in_review';

-- +goose Down
DROP INDEX resource_versions_due_idx;
ALTER TABLE resource_versions DROP COLUMN reminded_at;
