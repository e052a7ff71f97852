-- +goose Up
-- Date tokens: the year, quarter and month of a document's last update, in UTC
-- ("~dy2025", "~dq2025-4", "~dm2025-12"). A search sorted by date reads the
-- newest months first (dateWindows in dates.go: windows one, two, four... months
-- long, each the fewest year, quarter and month tokens that cover it) and stops
-- once it has its candidates, instead of reading and sorting every match. Measured
-- at a million documents, "phuong trinh" by date as a student: see the commit.
--
-- match_tsv is a stored generated column, so its values are computed again by
-- dropping and adding it with its 16 bucket indexes, as in 20261203100000 (on a
-- million documents about ten minutes on two cores; run it in a quiet hour).
SET LOCAL maintenance_work_mem = '256MB';

-- +goose StatementBegin
CREATE FUNCTION search_date_tokens(updated_at timestamptz) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['~dy' || y, '~dq' || y || '-' || ((m - 1) / 3 + 1), '~dm' || y || '-' || m]
    FROM (SELECT date_part('year', updated_at AT TIME ZONE 'UTC')::int AS y,
                 date_part('month', updated_at AT TIME ZONE 'UTC')::int AS m) t
$$;
-- +goose StatementEnd

ALTER TABLE search_documents DROP COLUMN match_tsv;
ALTER TABLE search_documents
    ADD COLUMN match_tsv tsvector GENERATED ALWAYS AS (fold_tsv || ts_delete(exact_tsv, tsvector_to_array(fold_tsv))
        || array_to_tsvector(search_filter_tokens(doc_type, kind, subject, grades, org_path, licence, language, review_status)
           || search_access_tokens(doc_type, published, scope, scope_root, owner_id, org_path, review_status, subject)
           || search_head_tokens(fold_tsv, exact_tsv)
           || search_date_tokens(updated_at))) STORED;

CREATE INDEX search_documents_match_0_idx ON search_documents USING gin (match_tsv) WHERE bucket = 0;
CREATE INDEX search_documents_match_1_idx ON search_documents USING gin (match_tsv) WHERE bucket = 1;
CREATE INDEX search_documents_match_2_idx ON search_documents USING gin (match_tsv) WHERE bucket = 2;
CREATE INDEX search_documents_match_3_idx ON search_documents USING gin (match_tsv) WHERE bucket = 3;
CREATE INDEX search_documents_match_4_idx ON search_documents USING gin (match_tsv) WHERE bucket = 4;
CREATE INDEX search_documents_match_5_idx ON search_documents USING gin (match_tsv) WHERE bucket = 5;
CREATE INDEX search_documents_match_6_idx ON search_documents USING gin (match_tsv) WHERE bucket = 6;
CREATE INDEX search_documents_match_7_idx ON search_documents USING gin (match_tsv) WHERE bucket = 7;
CREATE INDEX search_documents_match_8_idx ON search_documents USING gin (match_tsv) WHERE bucket = 8;
CREATE INDEX search_documents_match_9_idx ON search_documents USING gin (match_tsv) WHERE bucket = 9;
CREATE INDEX search_documents_match_10_idx ON search_documents USING gin (match_tsv) WHERE bucket = 10;
CREATE INDEX search_documents_match_11_idx ON search_documents USING gin (match_tsv) WHERE bucket = 11;
CREATE INDEX search_documents_match_12_idx ON search_documents USING gin (match_tsv) WHERE bucket = 12;
CREATE INDEX search_documents_match_13_idx ON search_documents USING gin (match_tsv) WHERE bucket = 13;
CREATE INDEX search_documents_match_14_idx ON search_documents USING gin (match_tsv) WHERE bucket = 14;
CREATE INDEX search_documents_match_15_idx ON search_documents USING gin (match_tsv) WHERE bucket = 15;

-- +goose Down
SET LOCAL maintenance_work_mem = '256MB';

ALTER TABLE search_documents DROP COLUMN match_tsv;
ALTER TABLE search_documents
    ADD COLUMN match_tsv tsvector GENERATED ALWAYS AS (fold_tsv || ts_delete(exact_tsv, tsvector_to_array(fold_tsv))
        || array_to_tsvector(search_filter_tokens(doc_type, kind, subject, grades, org_path, licence, language, review_status)
           || search_access_tokens(doc_type, published, scope, scope_root, owner_id, org_path, review_status, subject)
           || search_head_tokens(fold_tsv, exact_tsv))) STORED;

CREATE INDEX search_documents_match_0_idx ON search_documents USING gin (match_tsv) WHERE bucket = 0;
CREATE INDEX search_documents_match_1_idx ON search_documents USING gin (match_tsv) WHERE bucket = 1;
CREATE INDEX search_documents_match_2_idx ON search_documents USING gin (match_tsv) WHERE bucket = 2;
CREATE INDEX search_documents_match_3_idx ON search_documents USING gin (match_tsv) WHERE bucket = 3;
CREATE INDEX search_documents_match_4_idx ON search_documents USING gin (match_tsv) WHERE bucket = 4;
CREATE INDEX search_documents_match_5_idx ON search_documents USING gin (match_tsv) WHERE bucket = 5;
CREATE INDEX search_documents_match_6_idx ON search_documents USING gin (match_tsv) WHERE bucket = 6;
CREATE INDEX search_documents_match_7_idx ON search_documents USING gin (match_tsv) WHERE bucket = 7;
CREATE INDEX search_documents_match_8_idx ON search_documents USING gin (match_tsv) WHERE bucket = 8;
CREATE INDEX search_documents_match_9_idx ON search_documents USING gin (match_tsv) WHERE bucket = 9;
CREATE INDEX search_documents_match_10_idx ON search_documents USING gin (match_tsv) WHERE bucket = 10;
CREATE INDEX search_documents_match_11_idx ON search_documents USING gin (match_tsv) WHERE bucket = 11;
CREATE INDEX search_documents_match_12_idx ON search_documents USING gin (match_tsv) WHERE bucket = 12;
CREATE INDEX search_documents_match_13_idx ON search_documents USING gin (match_tsv) WHERE bucket = 13;
CREATE INDEX search_documents_match_14_idx ON search_documents USING gin (match_tsv) WHERE bucket = 14;
CREATE INDEX search_documents_match_15_idx ON search_documents USING gin (match_tsv) WHERE bucket = 15;

DROP FUNCTION search_date_tokens(timestamptz);
