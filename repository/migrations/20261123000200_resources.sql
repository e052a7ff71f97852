-- +goose Up
-- The 2018 general-education programme: subjects and the grades that study them.
CREATE TABLE curriculum_subjects (
    code    text PRIMARY KEY,
    name_vi text NOT NULL,
    name_en text NOT NULL,
    grades  int[] NOT NULL
);
INSERT INTO curriculum_subjects (code, name_vi, name_en, grades) VALUES
 ('tieng-viet', 'Tiếng Việt', 'Vietnamese', '{1,2,3,4,5}'),
 ('ngu-van', 'Ngữ văn', 'Literature', '{6,7,8,9,10,11,12}'),
 ('toan', 'Toán', 'Mathematics', '{1,2,3,4,5,6,7,8,9,10,11,12}'),
 ('ngoai-ngu', 'Ngoại ngữ (Tiếng Anh)', 'Foreign language (English)', '{3,4,5,6,7,8,9,10,11,12}'),
 ('dao-duc', 'Đạo đức', 'Ethics', '{1,2,3,4,5}'),
 ('tu-nhien-xa-hoi', 'Tự nhiên và Xã hội', 'Nature and Society', '{1,2,3}'),
 ('khoa-hoc', 'Khoa học', 'Science', '{4,5}'),
 ('lich-su-dia-ly', 'Lịch sử và Địa lí', 'History and Geography', '{4,5,6,7,8,9}'),
 ('khoa-hoc-tu-nhien', 'Khoa học tự nhiên', 'Natural Sciences', '{6,7,8,9}'),
 ('gdcd', 'Giáo dục công dân', 'Civic Education', '{6,7,8,9}'),
 ('gd-kinh-te-phap-luat', 'Giáo dục kinh tế và pháp luật', 'Economics and Law', '{10,11,12}'),
 ('lich-su', 'Lịch sử', 'History', '{10,11,12}'),
 ('dia-ly', 'Địa lí', 'Geography', '{10,11,12}'),
 ('vat-ly', 'Vật lí', 'Physics', '{10,11,12}'),
 ('hoa-hoc', 'Hoá học', 'Chemistry', '{10,11,12}'),
 ('sinh-hoc', 'Sinh học', 'Biology', '{10,11,12}'),
 ('cong-nghe', 'Công nghệ', 'Technology', '{3,4,5,6,7,8,9,10,11,12}'),
 ('tin-hoc', 'Tin học', 'Informatics', '{3,4,5,6,7,8,9,10,11,12}'),
 ('gd-the-chat', 'Giáo dục thể chất', 'Physical Education', '{1,2,3,4,5,6,7,8,9,10,11,12}'),
 ('am-nhac', 'Âm nhạc', 'Music', '{1,2,3,4,5,6,7,8,9,10,11,12}'),
 ('mi-thuat', 'Mĩ thuật', 'Fine Arts', '{1,2,3,4,5,6,7,8,9,10,11,12}'),
 ('hoat-dong-trai-nghiem', 'Hoạt động trải nghiệm, hướng nghiệp', 'Experiential Activities and Career Guidance', '{1,2,3,4,5,6,7,8,9,10,11,12}'),
 ('gd-quoc-phong', 'Giáo dục quốc phòng và an ninh', 'National Defence and Security Education', '{10,11,12}'),
 ('gd-dia-phuong', 'Nội dung giáo dục địa phương', 'Local Education', '{1,2,3,4,5,6,7,8,9,10,11,12}');

CREATE TABLE curriculum_topics (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject text NOT NULL REFERENCES curriculum_subjects(code),
    grade   int  NOT NULL CHECK (grade BETWEEN 1 AND 12),
    title   text NOT NULL,
    UNIQUE (subject, grade, title)
);
INSERT INTO curriculum_topics (subject, grade, title) VALUES
 ('toan', 10, 'Mệnh đề và tập hợp'), ('toan', 10, 'Bất phương trình và hệ bất phương trình bậc nhất hai ẩn'),
 ('toan', 10, 'Hàm số, đồ thị và ứng dụng'), ('toan', 10, 'Hệ thức lượng trong tam giác'), ('toan', 10, 'Vectơ'),
 ('toan', 10, 'Thống kê'), ('toan', 10, 'Phương trình đường thẳng và đường tròn'), ('toan', 10, 'Xác suất'),
 ('vat-ly', 10, 'Động học'), ('vat-ly', 10, 'Động lực học'), ('vat-ly', 10, 'Năng lượng, công, công suất'),
 ('hoa-hoc', 10, 'Cấu tạo nguyên tử'), ('hoa-hoc', 10, 'Bảng tuần hoàn các nguyên tố hoá học'), ('hoa-hoc', 10, 'Liên kết hoá học'),
 ('ngu-van', 10, 'Thần thoại và sử thi'), ('ngu-van', 10, 'Thơ Đường luật'),
 ('sinh-hoc', 10, 'Tế bào'), ('lich-su', 10, 'Các nền văn minh thế giới thời kì cổ - trung đại'),
 ('tin-hoc', 10, 'Lập trình cơ bản'), ('ngoai-ngu', 10, 'Family life');

-- A resource is the stable identity; its content lives in immutable versions.
CREATE TABLE resources (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organizations(id),
    org_path    bigint[] NOT NULL,
    owner_id    bigint NOT NULL REFERENCES users(id),
    type        text NOT NULL CHECK (type IN ('lesson','e-textbook','reference','slides','worksheet','audio','image','video','simulation','package','question-set','other')),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description text NOT NULL DEFAULT '',
    subject     text NOT NULL REFERENCES curriculum_subjects(code),
    grades      int[] NOT NULL DEFAULT '{}',
    topic_id    bigint REFERENCES curriculum_topics(id),
    language    text NOT NULL DEFAULT 'vi',
    licence     text NOT NULL,
    authors     text[] NOT NULL DEFAULT '{}',
    tags        text[] NOT NULL DEFAULT '{}',
    scope       text NOT NULL CHECK (scope IN ('private','school','district','city','public')),
    -- The organization whose members may see the published resource (school,
    -- district or city id by scope); NULL for private and public.
    scope_root  bigint REFERENCES organizations(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    deleted_by  bigint REFERENCES users(id)
);
CREATE INDEX resources_org_path_idx ON resources USING gin (org_path);
CREATE INDEX resources_scope_idx ON resources (scope, scope_root) WHERE deleted_at IS NULL;
CREATE INDEX resources_owner_idx ON resources (owner_id);
CREATE INDEX resources_subject_idx ON resources (subject) WHERE deleted_at IS NULL;
CREATE INDEX resources_grades_idx ON resources USING gin (grades);

CREATE TABLE resource_versions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_id  bigint NOT NULL REFERENCES resources(id),
    number       int    NOT NULL,
    status       text   NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','in_review','changes_requested','published','withdrawn')),
    note         text   NOT NULL DEFAULT '',
    created_by   bigint NOT NULL REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    published_at timestamptz,
    reviewer_id  bigint REFERENCES users(id),
    claimed_at   timestamptz,
    due_at       timestamptz,
    UNIQUE (resource_id, number)
);
CREATE INDEX resource_versions_status_idx ON resource_versions (status) WHERE status IN ('submitted','in_review');
-- The newest published version of each resource is what students see.
CREATE INDEX resource_versions_published_idx ON resource_versions (resource_id, number DESC) WHERE status = 'published';

CREATE TABLE version_files (
    version_id   bigint NOT NULL REFERENCES resource_versions(id),
    name         text   NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    sha256       text   NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint NOT NULL,
    content_type text   NOT NULL,
    kind         text   NOT NULL DEFAULT 'other',
    PRIMARY KEY (version_id, name)
);
CREATE INDEX version_files_sha_idx ON version_files (sha256);

-- Subject panels (tổ chuyên môn) review resources of their subject in their organization's subtree.
CREATE TABLE subject_panels (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id             bigint NOT NULL REFERENCES organizations(id),
    subject            text NOT NULL REFERENCES curriculum_subjects(code),
    name               text NOT NULL,
    chair_id           bigint REFERENCES users(id),
    approvals_required int  NOT NULL DEFAULT 1 CHECK (approvals_required BETWEEN 1 AND 3),
    review_days        int  NOT NULL DEFAULT 7 CHECK (review_days BETWEEN 1 AND 60),
    UNIQUE (org_id, subject)
);
CREATE TABLE panel_members (
    panel_id bigint NOT NULL REFERENCES subject_panels(id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (panel_id, user_id)
);

-- Every workflow transition, comment and decision (who, when, what).
CREATE TABLE review_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id  bigint NOT NULL REFERENCES resource_versions(id),
    actor_id    bigint REFERENCES users(id),
    action      text   NOT NULL CHECK (action IN ('submit','claim','release','reassign','comment','approve','request_changes','publish','withdraw')),
    from_status text   NOT NULL DEFAULT '',
    to_status   text   NOT NULL DEFAULT '',
    comment     text   NOT NULL DEFAULT '',
    anchor      text   NOT NULL DEFAULT '',  -- e.g. "page 3" or "02:15"
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_events_version_idx ON review_events (version_id, id);

-- In-app notifications (review decisions now; assignments and grades later).
CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       text   NOT NULL,
    title      text   NOT NULL,
    link       text   NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);

-- Views and downloads per resource, day and the viewer's school.
CREATE TABLE resource_stats (
    resource_id bigint NOT NULL REFERENCES resources(id),
    day         date   NOT NULL,
    org_id      bigint NOT NULL REFERENCES organizations(id),
    views       int    NOT NULL DEFAULT 0,
    downloads   int    NOT NULL DEFAULT 0,
    PRIMARY KEY (resource_id, day, org_id)
);

-- +goose Down
DROP TABLE resource_stats, notifications, review_events, panel_members, subject_panels, version_files, resource_versions, resources, curriculum_topics, curriculum_subjects;
