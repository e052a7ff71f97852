-- +goose Up
-- Combined filter tokens: subject and grade ("~sg<subject>~<grade>", one for each of
-- the document's grades) and subject and kind ("~sk<subject>~<kind>"), the filters
-- teachers and students set together most. A query with both filters asks for the
-- one combined token instead of the two (filterTokens in querysql.go): the same
-- documents, since a document has one subject and one kind. It matters for the
-- filtered queries with fewer matches than the candidates ranked, which read all 16
-- buckets: GIN drives the intersection by the rarest lists of the query (the
-- "required" entries), and a subject is a tenth of the documents while a subject in
-- one grade is a few hundredths. Measured at a million documents on one bucket's
-- index: "phương trình", toan, grade 10, with a student's access tokens, 3.3 ms with
-- the two tokens, 0.7 ms with the combined one.
--
-- match_tsv is a stored generated column, so its values are computed again by
-- dropping and adding it (PostgreSQL 15 cannot change a generated column's
-- expression), with its 16 bucket indexes: on a million documents this migration
-- rewrites the table and builds the indexes again (tens of minutes on two cores).
SET LOCAL maintenance_work_mem = '256MB';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_filter_tokens(doc_type text, kind text, subject text, grades int[], org_path bigint[],
    licence text, language text, review_status text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['~t' || doc_type, '~k' || left(md5(kind), 16), '~s' || left(md5(subject), 16),
        '~l' || left(md5(licence), 16), '~n' || left(md5(language), 16), '~r' || left(md5(review_status), 16),
        '~sk' || left(md5(subject), 16) || '~' || left(md5(kind), 16)]
        || ARRAY(SELECT '~g' || g FROM unnest(grades) g)
        || ARRAY(SELECT '~sg' || left(md5(subject), 16) || '~' || g FROM unnest(grades) g)
        || ARRAY(SELECT '~o' || o FROM unnest(org_path) o)
$$;
-- +goose StatementEnd

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

-- +goose Down
SET LOCAL maintenance_work_mem = '256MB';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_filter_tokens(doc_type text, kind text, subject text, grades int[], org_path bigint[],
    licence text, language text, review_status text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['~t' || doc_type, '~k' || left(md5(kind), 16), '~s' || left(md5(subject), 16),
        '~l' || left(md5(licence), 16), '~n' || left(md5(language), 16), '~r' || left(md5(review_status), 16)]
        || ARRAY(SELECT '~g' || g FROM unnest(grades) g)
        || ARRAY(SELECT '~o' || o FROM unnest(org_path) o)
$$;
-- +goose StatementEnd

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
