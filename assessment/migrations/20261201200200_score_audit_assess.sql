-- +goose Up
-- A teacher's override of a student's result on a test (what the gradebook takes
-- instead of the score by the grading method), with its reason.
CREATE TABLE assessment_overrides (
    test_id bigint NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users(id),
    score   numeric(8,2) NOT NULL CHECK (score >= 0),
    reason  text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    set_by  bigint NOT NULL REFERENCES users(id),
    set_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (test_id, user_id)
);

-- Every change of a score after it was first given: an override set or removed, an
-- essay graded again, a regrade after the key of an item was fixed.
CREATE TABLE assessment_score_changes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    test_id    bigint NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id),
    attempt_id bigint REFERENCES assessment_attempts(id) ON DELETE CASCADE,
    item_id    bigint,
    kind       text NOT NULL CHECK (kind IN ('override', 'override_removed', 'grade', 'regrade')),
    old_score  numeric(8,2),
    new_score  numeric(8,2),
    reason     text NOT NULL DEFAULT '',
    changed_by bigint NOT NULL REFERENCES users(id),
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_score_changes_test_idx ON assessment_score_changes (test_id, at DESC);

-- +goose Down
DROP TABLE assessment_score_changes, assessment_overrides;
