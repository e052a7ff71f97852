-- +goose Up
-- Storage quota per organization, in bytes of the distinct files its resources
-- list; organizations without a row get the service's default.
CREATE TABLE resource_quotas (
    org_id    bigint PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    max_bytes bigint NOT NULL CHECK (max_bytes >= 0)
);

-- +goose Down
DROP TABLE resource_quotas;
