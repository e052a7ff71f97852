-- +goose Up
-- Courses belong to a school (org_id) and are taught to classes of that school.
CREATE TABLE courses (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint   NOT NULL REFERENCES organizations(id),
    org_path     bigint[] NOT NULL,
    owner_id     bigint   NOT NULL REFERENCES users(id),
    title        text     NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description  text     NOT NULL DEFAULT '',
    subject      text     NOT NULL REFERENCES curriculum_subjects(code),
    grade        int      NOT NULL CHECK (grade BETWEEN 1 AND 12),
    school_year  text     NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
    -- A template is a course others may copy; template_scope says who sees it.
    is_template    boolean NOT NULL DEFAULT false,
    template_scope text    NOT NULL DEFAULT 'private' CHECK (template_scope IN ('private', 'school', 'district', 'city')),
    copied_from  bigint   REFERENCES courses(id) ON DELETE SET NULL,
    archived_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX courses_org_idx ON courses (org_id);
CREATE INDEX courses_org_path_idx ON courses USING gin (org_path);
CREATE INDEX courses_template_idx ON courses (is_template) WHERE is_template;

-- The owner and co-teachers.
CREATE TABLE course_teachers (
    course_id bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      text   NOT NULL DEFAULT 'teacher' CHECK (role IN ('owner', 'teacher')),
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX course_teachers_user_idx ON course_teachers (user_id);

-- The classes whose students take the course.
CREATE TABLE course_classes (
    course_id bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    class_id  bigint NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, class_id)
);
CREATE INDEX course_classes_class_idx ON course_classes (class_id);

-- Sections are weeks or units, in order.
CREATE TABLE course_sections (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position  int    NOT NULL,
    title     text   NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary   text   NOT NULL DEFAULT ''
);
CREATE INDEX course_sections_course_idx ON course_sections (course_id, position);

-- Items of a section. kind decides which of the columns matter:
--   lesson: markdown; resource: ref_id = resource id, ref_version = the published
--   version the teacher chose; test: ref_id = assessment test id; assignment: its
--   settings live in the assignment tables keyed by the item id; package: ref_id =
--   the imported package; link / live: url.
CREATE TABLE course_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id    bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    section_id   bigint REFERENCES course_sections(id) ON DELETE SET NULL,
    position     int    NOT NULL DEFAULT 0,
    kind         text   NOT NULL CHECK (kind IN ('lesson', 'resource', 'assignment', 'test', 'package', 'link', 'live')),
    title        text   NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    markdown     text   NOT NULL DEFAULT '',
    ref_id       bigint,
    ref_version  int,
    url          text   NOT NULL DEFAULT '',
    published    boolean NOT NULL DEFAULT true,
    opens_at     timestamptz,
    closes_at    timestamptz,
    -- empty: every class of the course sees the item
    class_ids    bigint[] NOT NULL DEFAULT '{}',
    -- items the student must complete before this one opens
    prerequisite_ids bigint[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);
CREATE INDEX course_items_course_idx ON course_items (course_id, section_id, position);
CREATE INDEX course_items_ref_idx ON course_items (kind, ref_id) WHERE ref_id IS NOT NULL;

-- Completion per student and item: viewed < submitted < passed.
CREATE TABLE course_progress (
    item_id    bigint NOT NULL REFERENCES course_items(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    state      text   NOT NULL CHECK (state IN ('viewed', 'submitted', 'passed')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX course_progress_user_idx ON course_progress (user_id, course_id);

-- +goose Down
DROP TABLE course_progress, course_items, course_sections, course_classes, course_teachers, courses;
