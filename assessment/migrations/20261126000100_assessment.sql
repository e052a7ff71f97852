-- +goose Up
-- The shared question bank. An item is the stable identity; what it asks and its key
-- live in immutable versions, so a test keeps the version it was built with.
CREATE TABLE assessment_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organizations(id),
    org_path    bigint[] NOT NULL,
    owner_id    bigint NOT NULL REFERENCES users(id),
    subject     text NOT NULL REFERENCES curriculum_subjects(code),
    grade       int  NOT NULL CHECK (grade BETWEEN 1 AND 12),
    topic       text NOT NULL DEFAULT '',
    level       text NOT NULL CHECK (level IN ('recognition', 'comprehension', 'application', 'high_application')),
    difficulty  int  NOT NULL DEFAULT 3 CHECK (difficulty BETWEEN 1 AND 5),
    licence     text NOT NULL DEFAULT 'CC BY 4.0',
    scope       text NOT NULL CHECK (scope IN ('private', 'school', 'district', 'city', 'public')),
    -- The organization whose members may see the item (school, district or city id by
    -- scope); NULL for private and public.
    scope_root  bigint REFERENCES organizations(id),
    -- The newest version's stem, lower-cased without marks or Markdown, for
    -- near-duplicate detection (pg_trgm similarity).
    stem_norm   text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_items_org_path_idx ON assessment_items USING gin (org_path);
CREATE INDEX assessment_items_scope_idx ON assessment_items (scope, scope_root);
CREATE INDEX assessment_items_pool_idx ON assessment_items (subject, grade, level, topic);
CREATE INDEX assessment_items_stem_trgm_idx ON assessment_items USING gin (stem_norm gin_trgm_ops);

-- status is the subject-panel review state of the version (draft, in_review,
-- approved); only approved versions are used by other people.
CREATE TABLE assessment_item_versions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id    bigint NOT NULL REFERENCES assessment_items(id),
    number     int    NOT NULL,
    type       text   NOT NULL,
    stem       text   NOT NULL,
    stem_html  text   NOT NULL,
    -- The type's content and key (options, statements, accepted answers, ...), with
    -- the rendered HTML of every Markdown part.
    body       jsonb  NOT NULL,
    points     numeric(6,2) NOT NULL DEFAULT 1 CHECK (points > 0),
    status     text   NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved')),
    created_by bigint NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, number)
);

CREATE TABLE assessment_tests (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id             bigint NOT NULL REFERENCES organizations(id),
    org_path           bigint[] NOT NULL,
    owner_id           bigint NOT NULL REFERENCES users(id),
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    opens_at           timestamptz,
    closes_at          timestamptz,
    time_limit_minutes int  NOT NULL DEFAULT 0 CHECK (time_limit_minutes BETWEEN 0 AND 1440),
    attempts_allowed   int  NOT NULL DEFAULT 1 CHECK (attempts_allowed BETWEEN 1 AND 100),
    grading_method     text NOT NULL DEFAULT 'highest' CHECK (grading_method IN ('highest', 'last', 'first', 'average')),
    show_results       text NOT NULL DEFAULT 'after_close' CHECK (show_results IN ('immediately', 'after_close')),
    one_per_page       boolean NOT NULL DEFAULT false,
    shuffle            boolean NOT NULL DEFAULT true,
    forms              int  NOT NULL DEFAULT 1 CHECK (forms BETWEEN 1 AND 20),
    blueprint          jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);
CREATE INDEX assessment_tests_org_path_idx ON assessment_tests USING gin (org_path);

CREATE TABLE assessment_test_classes (
    test_id  bigint NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    class_id bigint NOT NULL REFERENCES classes(id),
    PRIMARY KEY (test_id, class_id)
);
CREATE INDEX assessment_test_classes_class_idx ON assessment_test_classes (class_id);

-- The parallel forms, fixed when the test is created so that starting an attempt
-- only picks a form and a seed.
CREATE TABLE assessment_form_items (
    test_id    bigint NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    form       int    NOT NULL,
    position   int    NOT NULL,
    item_id    bigint NOT NULL REFERENCES assessment_items(id),
    version_id bigint NOT NULL REFERENCES assessment_item_versions(id),
    points     numeric(6,2) NOT NULL CHECK (points > 0),
    PRIMARY KEY (test_id, form, position),
    UNIQUE (test_id, form, item_id)
);

-- Accommodations: extra minutes for one student.
CREATE TABLE assessment_extra_time (
    test_id bigint NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users(id),
    minutes int    NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    PRIMARY KEY (test_id, user_id)
);

-- The deadline is the server's: computed at start and stored, never taken from a client.
CREATE TABLE assessment_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    test_id      bigint NOT NULL REFERENCES assessment_tests(id),
    user_id      bigint NOT NULL REFERENCES users(id),
    number       int    NOT NULL,
    form         int    NOT NULL,
    seed         bigint NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    deadline     timestamptz NOT NULL,
    submitted_at timestamptz,
    -- open, submitted (every item scored), grading (essays wait for a teacher)
    status       text   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'grading')),
    auto_submitted boolean NOT NULL DEFAULT false,
    score        numeric(8,2),
    max_score    numeric(8,2) NOT NULL DEFAULT 0,
    last_ip      text   NOT NULL DEFAULT '',
    -- The item the student was on (0-based position), to resume there.
    position     int    NOT NULL DEFAULT 0,
    UNIQUE (test_id, user_id, number)
);
-- At most one open attempt per student and test, whatever the concurrency of "start".
CREATE UNIQUE INDEX assessment_attempts_open_idx ON assessment_attempts (test_id, user_id) WHERE status = 'open';
CREATE INDEX assessment_attempts_test_idx ON assessment_attempts (test_id, status);

-- One row per answered item. seq is the client's sequence number: an older write never
-- replaces a newer one. response is as presented to the student (option indices in
-- the shuffled order the attempt showed); grading maps it back with the attempt's seed.
CREATE TABLE assessment_answers (
    attempt_id bigint NOT NULL REFERENCES assessment_attempts(id) ON DELETE CASCADE,
    item_id    bigint NOT NULL,
    response   jsonb  NOT NULL,
    seq        bigint NOT NULL,
    saved_at   timestamptz NOT NULL DEFAULT now(),
    score      numeric(6,2),
    graded_by  bigint REFERENCES users(id),
    graded_at  timestamptz,
    comment    text NOT NULL DEFAULT '',
    PRIMARY KEY (attempt_id, item_id)
);

-- Integrity log: focus lost/regained, reconnects, IP changes (no invasive proctoring).
CREATE TABLE assessment_integrity (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempt_id bigint NOT NULL REFERENCES assessment_attempts(id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    kind       text NOT NULL CHECK (kind IN ('start', 'resume', 'focus_lost', 'focus_regained', 'reconnect', 'ip_change', 'submit', 'auto_submit')),
    detail     text NOT NULL DEFAULT ''
);
CREATE INDEX assessment_integrity_attempt_idx ON assessment_integrity (attempt_id, at);

-- +goose Down
DROP TABLE assessment_integrity, assessment_answers, assessment_attempts, assessment_extra_time, assessment_form_items,
    assessment_test_classes, assessment_tests, assessment_item_versions, assessment_items;
