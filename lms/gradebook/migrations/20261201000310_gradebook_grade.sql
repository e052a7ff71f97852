-- +goose Up
-- Categories of a course's gradebook with their weights (the Vietnamese default:
-- regular 1, mid-term 2, final 3).
CREATE TABLE gradebook_categories (
    course_id bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    code      text   NOT NULL CHECK (code ~ '^[a-z0-9_]{1,30}$'),
    name      text   NOT NULL,
    weight    numeric(5,2) NOT NULL CHECK (weight > 0),
    position  int    NOT NULL DEFAULT 0,
    PRIMARY KEY (course_id, code)
);

-- Columns of the gradebook: from an assignment, a test, a package, or typed by hand.
CREATE TABLE gradebook_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    source     text   NOT NULL CHECK (source IN ('assignment', 'test', 'package', 'manual')),
    source_id  bigint,             -- course item id for assignment/test/package
    title      text   NOT NULL,
    category   text   NOT NULL,
    max_score  numeric(6,2) NOT NULL DEFAULT 10 CHECK (max_score > 0),
    position   int    NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (course_id, category) REFERENCES gradebook_categories(course_id, code),
    UNIQUE (course_id, source, source_id)
);

-- One student's mark in one column, on the 0-10 scale with one decimal.
CREATE TABLE gradebook_entries (
    item_id    bigint NOT NULL REFERENCES gradebook_items(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    mark       numeric(3,1) NOT NULL CHECK (mark BETWEEN 0 AND 10),
    updated_by bigint REFERENCES users(id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX gradebook_entries_user_idx ON gradebook_entries (user_id, course_id);

-- The term average per student, recomputed in the transaction of every change.
CREATE TABLE gradebook_totals (
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    average    numeric(3,1),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX gradebook_totals_user_idx ON gradebook_totals (user_id);

-- Every change: who, when, old and new mark (NULL: none).
CREATE TABLE gradebook_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    item_id    bigint NOT NULL REFERENCES gradebook_items(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    old_mark   numeric(3,1),
    new_mark   numeric(3,1),
    changed_by bigint REFERENCES users(id),  -- NULL: the system (a test result)
    reason     text   NOT NULL DEFAULT '',
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gradebook_audit_course_idx ON gradebook_audit (course_id, id DESC);

-- The term: after closes_at (or once locked_at is set) the gradebook is read-only.
CREATE TABLE gradebook_terms (
    course_id  bigint PRIMARY KEY REFERENCES courses(id) ON DELETE CASCADE,
    closes_at  timestamptz,
    locked_at  timestamptz,
    locked_by  bigint REFERENCES users(id)
);

-- +goose Down
DROP TABLE gradebook_terms, gradebook_audit, gradebook_totals, gradebook_entries, gradebook_items, gradebook_categories;
