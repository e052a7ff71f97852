-- +goose Up
-- One vector to match against, and the documents split into 16 buckets each with its
-- own GIN index (partial indexes), so a query stops early.
--
-- match_tsv holds the unaccented words (fold_tsv), the marked words as written (the
-- part of exact_tsv that is not already there: an unmarked word's exact form is its
-- folded form) and one token per filter value (type, kind, subject, grades,
-- organizations on the path, licence, language, review status). A whole query (its
-- words and its filters) is then one tsquery that one GIN scan answers by
-- intersecting posting lists, instead of a bitmap of every document with a common
-- word checked row by row against the filters. The tokens start with "~", which no
-- indexed word contains (search.Clean keeps letters, digits and marks only); values
-- that are free text (kind, subject, licence, language, review status) are the
-- first 16 hex digits of their md5, so any value is one safe lexeme. The Go side
-- (filterTokens in querysql.go) builds the same strings; a test checks they agree.
--
-- It also holds the document's access tokens (search_access_tokens), the sharing
-- rule of search.permit as lexemes: "~u" owner, "~pub" published and public, "~m"
-- published and shared with that organization's members (scope_root), "~a" published
-- in that organization's subtree (for its administrators), "~v" waiting for review
-- by a panel of that type, organization and subject. The query ORs the tokens the
-- actor holds, so the index returns only documents the actor may see and the heap
-- is read for those alone; the same rule is still checked in SQL on every row.
--
-- And the title and description words again with a "^" in front (search_head_tokens:
-- unaccented and as written), so a query can first take the documents with every
-- word in their title or description, which rank above any match in the body alone,
-- and reach the body-only matches only when those are too few.
--
-- Buckets: a word in 600,000 of a million documents is a bitmap of 600,000 entries
-- before the first row comes back (GIN has no ordered scan). With one index per
-- sixteenth of the documents, the query reads the buckets in turn and stops once it
-- has the candidates it ranks (search.rankLimit), so a common word costs a bitmap
-- of a sixteenth and a rare one sixteen small lookups. Positions of the marked part
-- are shifted by the concatenation; phrases are matched on the unaccented part,
-- which comes first and keeps its positions.
-- +goose StatementBegin
CREATE FUNCTION search_filter_tokens(doc_type text, kind text, subject text, grades int[], org_path bigint[],
    licence text, language text, review_status text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['~t' || doc_type, '~k' || left(md5(kind), 16), '~s' || left(md5(subject), 16),
        '~l' || left(md5(licence), 16), '~n' || left(md5(language), 16), '~r' || left(md5(review_status), 16)]
        || ARRAY(SELECT '~g' || g FROM unnest(grades) g)
        || ARRAY(SELECT '~o' || o FROM unnest(org_path) o)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION search_access_tokens(doc_type text, published boolean, scope text, scope_root bigint, owner_id bigint,
    org_path bigint[], review_status text, subject text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN owner_id IS NULL THEN '{}'::text[] ELSE ARRAY['~u' || owner_id] END
        || CASE WHEN published AND scope = 'public' THEN ARRAY['~pub'] ELSE '{}'::text[] END
        || CASE WHEN published AND scope_root IS NOT NULL THEN ARRAY['~m' || scope_root] ELSE '{}'::text[] END
        || CASE WHEN published THEN ARRAY(SELECT '~a' || o FROM unnest(org_path) o) ELSE '{}'::text[] END
        || CASE WHEN review_status IN ('submitted', 'in_review')
            THEN ARRAY(SELECT '~v' || doc_type || '~' || o || '~' || left(md5(subject), 16) FROM unnest(org_path) o)
            ELSE '{}'::text[] END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION search_head_tokens(fold tsvector, exact tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT '^' || l FROM unnest(tsvector_to_array(ts_filter(fold, '{a,b}'))) l)
        || ARRAY(SELECT '^' || l FROM unnest(tsvector_to_array(ts_filter(exact, '{a,b}'))) l)
$$;
-- +goose StatementEnd

SET LOCAL maintenance_work_mem = '256MB';

ALTER TABLE search_documents
    ADD COLUMN match_tsv tsvector GENERATED ALWAYS AS (fold_tsv || ts_delete(exact_tsv, tsvector_to_array(fold_tsv))
        || array_to_tsvector(search_filter_tokens(doc_type, kind, subject, grades, org_path, licence, language, review_status)
           || search_access_tokens(doc_type, published, scope, scope_root, owner_id, org_path, review_status, subject)
           || search_head_tokens(fold_tsv, exact_tsv))) STORED,
    ADD COLUMN bucket smallint GENERATED ALWAYS AS ((doc_id % 16)::smallint) STORED;

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

-- The two whole-vector indexes are replaced by the buckets' indexes.
DROP INDEX IF EXISTS search_documents_exact_idx, search_documents_fold_idx;

-- +goose Down
CREATE INDEX search_documents_exact_idx ON search_documents USING gin (exact_tsv);
CREATE INDEX search_documents_fold_idx ON search_documents USING gin (fold_tsv);
ALTER TABLE search_documents DROP COLUMN match_tsv, DROP COLUMN bucket;
DROP FUNCTION search_filter_tokens, search_access_tokens, search_head_tokens;
