-- +goose Up
-- A teacher's unsaved lesson text, autosaved while they write; saving the lesson
-- writes the item and drops the draft.
CREATE TABLE course_item_drafts (
    item_id    bigint NOT NULL REFERENCES course_items(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      text   NOT NULL DEFAULT '',
    markdown   text   NOT NULL DEFAULT '',
    saved_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX courses_copied_from_idx ON courses (copied_from) WHERE copied_from IS NOT NULL;

-- +goose Down
DROP INDEX courses_copied_from_idx;
DROP TABLE course_item_drafts;
