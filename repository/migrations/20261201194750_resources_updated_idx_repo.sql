-- +goose Up
-- The catalogue lists newest first: this index lets a page stop after its rows.
CREATE INDEX resources_updated_idx ON resources (updated_at DESC, id DESC) WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX resources_updated_idx;
