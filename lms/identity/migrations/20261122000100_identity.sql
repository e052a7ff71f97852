-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Organizations form a tree: city department > district office > school.
-- path holds the ids from the root down to the row itself, so "is X inside Y" is
-- path @> ARRAY[Y] (GIN indexed).
CREATE TABLE organizations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id  bigint REFERENCES organizations(id),
    kind       text   NOT NULL CHECK (kind IN ('city', 'district', 'school')),
    code       text   NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9._-]{1,40}$'),
    name       text   NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address    text   NOT NULL DEFAULT '',
    path       bigint[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'city') = (parent_id IS NULL))
);
CREATE INDEX organizations_path_idx ON organizations USING gin (path);
CREATE INDEX organizations_parent_idx ON organizations (parent_id);

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id            text NOT NULL UNIQUE CHECK (length(person_id) BETWEEN 1 AND 64),
    username             text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 1 AND 64),
    email                text UNIQUE CHECK (email = lower(email)),
    full_name            text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    locale               text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
    password_hash        text,
    home_org_id          bigint NOT NULL REFERENCES organizations(id),
    disabled             boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_home_org_idx ON users (home_org_id);

CREATE TABLE role_assignments (
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id     bigint NOT NULL REFERENCES organizations(id),
    role       text   NOT NULL CHECK (role IN ('student', 'teacher', 'librarian', 'reviewer', 'school_admin', 'district_admin', 'city_admin', 'parent')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, org_id, role)
);
CREATE INDEX role_assignments_org_idx ON role_assignments (org_id, role);

CREATE TABLE classes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organizations(id),
    name        text   NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    school_year text   NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
    grade       int    CHECK (grade BETWEEN 1 AND 12),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, name, school_year)
);

CREATE TABLE class_members (
    class_id bigint NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     text   NOT NULL CHECK (role IN ('student', 'teacher', 'homeroom')),
    subject  text   NOT NULL DEFAULT '',
    PRIMARY KEY (class_id, user_id, role)
);
CREATE INDEX class_members_user_idx ON class_members (user_id);

-- Parents are a read-only role linked to students.
CREATE TABLE guardians (
    parent_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    student_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, student_id)
);

-- Security-relevant actions. Never holds passwords, tokens or session ids.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor_id   bigint REFERENCES users(id) ON DELETE SET NULL,
    actor_name text   NOT NULL DEFAULT '',
    action     text   NOT NULL,
    target     text   NOT NULL DEFAULT '',
    org_id     bigint REFERENCES organizations(id),
    org_path   bigint[] NOT NULL DEFAULT '{}',
    ip         text   NOT NULL DEFAULT '',
    detail     jsonb  NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_org_path_idx ON audit_log USING gin (org_path);

-- Failed-login counters per account and per client IP.
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    failures     int  NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
);

-- Sessions for github.com/alexedwards/scs/pgxstore.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Platform settings an admin can change at run time (e.g. SSO auto-provisioning).
CREATE TABLE settings (
    key   text PRIMARY KEY,
    value jsonb NOT NULL
);

-- +goose Down
DROP TABLE settings, sessions, login_throttle, audit_log, guardians, class_members, classes, role_assignments, users, organizations;
