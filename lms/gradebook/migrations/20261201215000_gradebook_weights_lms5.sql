-- +goose Up
-- Every change of a category's weight: who, when, old and new weight.
CREATE TABLE gradebook_weight_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id  bigint NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    code       text   NOT NULL,
    old_weight numeric(5,2) NOT NULL,
    new_weight numeric(5,2) NOT NULL,
    changed_by bigint REFERENCES users(id),
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gradebook_weight_audit_course_idx ON gradebook_weight_audit (course_id, id DESC);

-- +goose Down
DROP TABLE gradebook_weight_audit;
