-- +goose Up
-- What `hoclieu import resources` has loaded, so a re-run of the same folder
-- changes nothing (same files) or adds a version (changed files).
CREATE TABLE resource_imports (
    org_id      bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    source_key  text   NOT NULL CHECK (length(source_key) BETWEEN 1 AND 1000),
    resource_id bigint NOT NULL REFERENCES resources(id),
    digest      text   NOT NULL, -- the imported files' names and hashes
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, source_key)
);

-- +goose Down
DROP TABLE resource_imports;
