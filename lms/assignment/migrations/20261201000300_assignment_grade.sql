-- +goose Up
-- An assignment is a course item (course_items.kind = 'assignment'); its settings live here.
CREATE TABLE assignments (
    item_id       bigint PRIMARY KEY REFERENCES course_items(id) ON DELETE CASCADE,
    course_id     bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    instructions  text   NOT NULL DEFAULT '',
    due_at        timestamptz,
    -- accept: late work is taken with late_penalty percent off; refuse: nothing after cutoff_at (or due_at)
    late_policy   text   NOT NULL DEFAULT 'accept' CHECK (late_policy IN ('accept', 'refuse')),
    late_penalty  int    NOT NULL DEFAULT 0 CHECK (late_penalty BETWEEN 0 AND 100),
    cutoff_at     timestamptz,
    allowed_types text[] NOT NULL DEFAULT '{}', -- file extensions without the dot; empty: any
    max_size      bigint NOT NULL DEFAULT 20971520 CHECK (max_size > 0),
    allow_text    boolean NOT NULL DEFAULT true,
    group_mode    boolean NOT NULL DEFAULT false,
    max_score     numeric(6,2) NOT NULL DEFAULT 10 CHECK (max_score > 0),
    category      text   NOT NULL DEFAULT 'regular',
    -- [{"name":..., "levels":[{"name":..., "points":...}]}]
    rubric        jsonb  NOT NULL DEFAULT '[]',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assignments_course_idx ON assignments (course_id, due_at);

-- Groups of students within the course, for group assignments.
CREATE TABLE assignment_groups (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id bigint NOT NULL REFERENCES assignments(item_id) ON DELETE CASCADE,
    name    text   NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    UNIQUE (item_id, name)
);
CREATE TABLE assignment_group_members (
    group_id bigint NOT NULL REFERENCES assignment_groups(id) ON DELETE CASCADE,
    item_id  bigint NOT NULL REFERENCES assignments(item_id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id),
    UNIQUE (item_id, user_id) -- one group per student and assignment
);

-- Every version a student (or group, owner_key 'g<id>') hands in is kept.
CREATE TABLE submissions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id      bigint NOT NULL REFERENCES assignments(item_id) ON DELETE CASCADE,
    course_id    bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users(id),      -- who handed it in
    group_id     bigint REFERENCES assignment_groups(id) ON DELETE SET NULL,
    owner_key    text   NOT NULL,                           -- 'u<user>' or 'g<group>': whose work it is
    version      int    NOT NULL,
    body         text   NOT NULL DEFAULT '',
    idem_key     text   NOT NULL,                           -- client key, else the content hash
    late         boolean NOT NULL DEFAULT false,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, owner_key, version),
    UNIQUE (item_id, owner_key, idem_key)
);
CREATE INDEX submissions_user_idx ON submissions (user_id, item_id);
CREATE INDEX submissions_course_idx ON submissions (course_id);

CREATE TABLE submission_files (
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    position      int    NOT NULL,
    name          text   NOT NULL,
    sha256        text   NOT NULL REFERENCES blobs(sha256),
    size          bigint NOT NULL,
    content_type  text   NOT NULL,
    PRIMARY KEY (submission_id, position)
);
CREATE INDEX submission_files_sha_idx ON submission_files (sha256);

-- The teacher's grade of one owner's work on an assignment (the latest version is graded).
CREATE TABLE submission_grades (
    item_id       bigint NOT NULL REFERENCES assignments(item_id) ON DELETE CASCADE,
    owner_key     text   NOT NULL,
    submission_id bigint NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    score         numeric(6,2) NOT NULL,
    raw_score     numeric(6,2) NOT NULL,  -- before the late penalty
    rubric        jsonb  NOT NULL DEFAULT '[]', -- chosen level per criterion
    feedback      text   NOT NULL DEFAULT '',
    feedback_file text   REFERENCES blobs(sha256),
    feedback_name text   NOT NULL DEFAULT '',
    feedback_type text   NOT NULL DEFAULT '',
    graded_by     bigint NOT NULL REFERENCES users(id),
    graded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, owner_key)
);

-- Announcements per course.
CREATE TABLE course_announcements (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    author_id  bigint NOT NULL REFERENCES users(id),
    title      text   NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body       text   NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX course_announcements_course_idx ON course_announcements (course_id, id DESC);

CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
-- E-mail copies go out from here when SMTP is configured (lms/notify).
ALTER TABLE notifications ADD COLUMN emailed_at timestamptz;
CREATE INDEX notifications_unmailed_idx ON notifications (id) WHERE emailed_at IS NULL;

-- +goose Down
DROP INDEX notifications_unread_idx, notifications_unmailed_idx;
ALTER TABLE notifications DROP COLUMN emailed_at;
DROP TABLE course_announcements, submission_grades, submission_files, submissions, assignment_group_members, assignment_groups, assignments;
