-- +goose Up
-- The title and description words (weights A and B) of each vector, kept small
-- enough to stay in the row: ranking reads them instead of the whole vectors,
-- which live in TOAST with the body's words and cost a fetch per candidate.
-- Matching still uses the whole vectors (their GIN indexes).
ALTER TABLE search_documents
    ADD COLUMN head_fold  tsvector GENERATED ALWAYS AS (ts_filter(fold_tsv, '{a,b}')) STORED,
    ADD COLUMN head_exact tsvector GENERATED ALWAYS AS (ts_filter(exact_tsv, '{a,b}')) STORED;

-- Filters by subject and grade join the text's bitmap (BitmapAnd) instead of being
-- checked row by row on every match of the words.
CREATE INDEX search_documents_subject_idx ON search_documents (subject);
CREATE INDEX search_documents_grades_idx ON search_documents USING gin (grades);

-- +goose Down
DROP INDEX search_documents_subject_idx, search_documents_grades_idx;
ALTER TABLE search_documents DROP COLUMN head_fold, DROP COLUMN head_exact;
