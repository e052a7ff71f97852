-- +goose Up
-- Both extensions ship with postgresql-contrib and are "trusted" (PostgreSQL 13+), so
-- a database owner may create them without being a superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per searchable thing (resource, course, question, catalog record), written
-- by its domain in the same transaction as the source row. Text is NFC; the two
-- vectors are built from the lower-cased text: exact_tsv keeps the tone marks (a
-- query word typed with marks matches only that word), fold_tsv has them removed by
-- unaccent (a word typed without marks matches every marked form). Weights: title A,
-- description B, body C.
CREATE TABLE search_documents (
    doc_type      text    NOT NULL CHECK (doc_type IN ('resource','course','question','record')),
    doc_id        bigint  NOT NULL,
    org_id        bigint  NOT NULL,
    org_name      text    NOT NULL DEFAULT '',
    org_path      bigint[] NOT NULL,
    owner_id      bigint,
    -- The same sharing fields as the source (see repository visibleSQL): visible to
    -- everyone when public, to members of scope_root, to the owner, to
    -- administrators of an organization on org_path.
    scope         text    NOT NULL CHECK (scope IN ('private','school','district','city','public')),
    scope_root    bigint,
    title         text    NOT NULL,
    description   text    NOT NULL DEFAULT '',
    body          text    NOT NULL DEFAULT '',
    kind          text    NOT NULL DEFAULT '',
    subject       text    NOT NULL DEFAULT '',
    grades        int[]   NOT NULL DEFAULT '{}',
    licence       text    NOT NULL DEFAULT '',
    language      text    NOT NULL DEFAULT '',
    review_status text    NOT NULL DEFAULT '',
    published     boolean NOT NULL,
    updated_at    timestamptz NOT NULL,
    indexed_at    timestamptz NOT NULL DEFAULT now(),
    exact_tsv     tsvector NOT NULL,
    fold_tsv      tsvector NOT NULL,
    PRIMARY KEY (doc_type, doc_id)
);
CREATE INDEX search_documents_exact_idx ON search_documents USING gin (exact_tsv);
CREATE INDEX search_documents_fold_idx ON search_documents USING gin (fold_tsv);
CREATE INDEX search_documents_path_idx ON search_documents USING gin (org_path);
CREATE INDEX search_documents_scope_idx ON search_documents (scope, scope_root);
CREATE INDEX search_documents_owner_idx ON search_documents (owner_id);
CREATE INDEX search_documents_updated_idx ON search_documents (updated_at DESC);

-- Every unaccented word ever indexed, for typo tolerance: a query word nobody uses is
-- replaced by the most similar known words (pg_trgm). It only grows; reindex rebuilds it.
CREATE TABLE search_terms (
    term text PRIMARY KEY
);
CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (term gin_trgm_ops);

-- +goose Down
DROP TABLE search_terms, search_documents;
