-- +goose Up
-- An import of a MARC file by a librarian: the file is in the blob store (sha256),
-- a job reads it and writes its records in batches; done is how many records of the
-- file have been handled, so a worker killed mid-file goes on from there.
CREATE TABLE catalog_imports (
    id          bigserial PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    org_path    bigint[] NOT NULL,
    created_by  bigint REFERENCES users(id) ON DELETE SET NULL, -- NULL: the command line
    scope       text   NOT NULL CHECK (scope IN ('school', 'district', 'city', 'public')),
    file_name   text   NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
    sha256      text   NOT NULL,
    size        bigint NOT NULL,
    status      text   NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total       int    NOT NULL DEFAULT 0, -- records in the file, once read
    done        int    NOT NULL DEFAULT 0, -- records handled (written, unchanged or refused)
    created     int    NOT NULL DEFAULT 0,
    updated     int    NOT NULL DEFAULT 0,
    unchanged   int    NOT NULL DEFAULT 0,
    refused     int    NOT NULL DEFAULT 0,
    error_key   text   NOT NULL DEFAULT '', -- the whole file was refused: why
    error_args  jsonb  NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX catalog_imports_org_idx ON catalog_imports (org_id, id DESC);

-- Records of an import that were refused, with the parser's reason (a message key).
CREATE TABLE catalog_import_errors (
    import_id   bigint NOT NULL REFERENCES catalog_imports(id) ON DELETE CASCADE,
    position    int    NOT NULL, -- 1-based position of the record in the file
    byte_offset bigint NOT NULL,
    key         text   NOT NULL,
    args        jsonb  NOT NULL DEFAULT '[]',
    PRIMARY KEY (import_id, position)
);

-- One bibliographic record of a library's digital collection. source_key is the
-- record's identity in its library (the 001 control number with its 003 agency,
-- else the first ISBN, else the record's digest), so importing the same file again
-- changes nothing and a corrected record replaces the old one.
CREATE TABLE catalog_records (
    id          bigserial PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    org_path    bigint[] NOT NULL,
    scope       text   NOT NULL CHECK (scope IN ('school', 'district', 'city', 'public')),
    scope_root  bigint REFERENCES organizations(id),
    source_key  text   NOT NULL CHECK (length(source_key) BETWEEN 1 AND 300),
    kind        text   NOT NULL,
    title       text   NOT NULL,
    authors     text[] NOT NULL DEFAULT '{}',
    year        text   NOT NULL DEFAULT '',
    isbns       text[] NOT NULL DEFAULT '{}',
    language    text   NOT NULL DEFAULT '',
    bib         jsonb  NOT NULL,  -- what the record page shows (marc.Bib)
    marc        bytea  NOT NULL,  -- the record as ISO 2709 in UTF-8, for export
    digest      text   NOT NULL,  -- sha256 of marc
    -- The same book in every library: its ISBN-13, else its 035 system number. The
    -- records of one union_key shared with the city or everyone are one entry of the
    -- union catalog (the lowest id is the one searched; the others are its holders).
    union_key   text,
    import_id   bigint REFERENCES catalog_imports(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, source_key)
);
CREATE INDEX catalog_records_org_idx ON catalog_records (org_id, updated_at DESC, id DESC);
CREATE INDEX catalog_records_isbn_idx ON catalog_records USING gin (isbns);
CREATE INDEX catalog_records_union_idx ON catalog_records (union_key, id) WHERE union_key IS NOT NULL;

-- +goose Down
DROP TABLE catalog_records;
DROP TABLE catalog_import_errors;
DROP TABLE catalog_imports;
