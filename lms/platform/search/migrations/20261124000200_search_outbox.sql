-- +goose Up
-- Changes waiting to reach an external search engine (Meilisearch). A row is written
-- in the transaction that changes the document, so a change is never lost while the
-- engine is down; the drain sends each document's current state and removes the
-- rows it covered. Only used when an external engine is configured.
CREATE TABLE search_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_type        text   NOT NULL,
    doc_id          bigint NOT NULL,
    op              text   NOT NULL CHECK (op IN ('upsert', 'delete')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        int    NOT NULL DEFAULT 0,
    last_error      text   NOT NULL DEFAULT '',
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_outbox_due_idx ON search_outbox (next_attempt_at, id);
CREATE INDEX search_outbox_doc_idx ON search_outbox (doc_type, doc_id, id);

-- +goose Down
DROP TABLE search_outbox;
