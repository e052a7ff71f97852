-- +goose Up
-- Collections: a teacher's ordered list of resources, shared like a resource
-- (private, school, district, city, public). A collection never widens who sees
-- a resource: its members see only the items they may see anyway.
CREATE TABLE collections (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organizations(id),
    org_path    bigint[] NOT NULL,
    owner_id    bigint NOT NULL REFERENCES users(id),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    scope       text NOT NULL CHECK (scope IN ('private','school','district','city','public')),
    scope_root  bigint REFERENCES organizations(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collections_owner_idx ON collections (owner_id);
CREATE INDEX collections_scope_idx ON collections (scope, scope_root);

CREATE TABLE collection_items (
    collection_id bigint NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    resource_id   bigint NOT NULL REFERENCES resources(id),
    position      int    NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, resource_id)
);
CREATE INDEX collection_items_resource_idx ON collection_items (resource_id);

-- +goose Down
DROP TABLE collection_items, collections;
