-- +goose Up
-- Online surveys. The questions are fixed when the survey is created (answers are
-- stored by question position).
CREATE TABLE surveys (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           bigint NOT NULL REFERENCES organizations(id),
    org_path         bigint[] NOT NULL,
    owner_id         bigint NOT NULL REFERENCES users(id),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description      text NOT NULL DEFAULT '',
    anonymous        boolean NOT NULL,
    questions        jsonb NOT NULL,
    -- The audience: everyone with a role (audience_roles, or any) in audience_org or
    -- below; or, when audience_classes is not empty, the members of those classes.
    audience_org     bigint REFERENCES organizations(id),
    audience_roles   text[] NOT NULL DEFAULT '{}',
    audience_classes bigint[] NOT NULL DEFAULT '{}',
    opens_at         timestamptz,
    closes_at        timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((audience_org IS NULL) <> (cardinality(audience_classes) = 0))
);
CREATE INDEX surveys_org_path_idx ON surveys USING gin (org_path);
CREATE INDEX surveys_audience_org_idx ON surveys (audience_org);
CREATE INDEX surveys_audience_classes_idx ON surveys USING gin (audience_classes);
CREATE INDEX surveys_owner_idx ON surveys (owner_id);

-- Who has responded: one row per person, which enforces one response each. It holds
-- no time and no reference to the answers.
CREATE TABLE survey_participation (
    survey_id bigint NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mixed     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (survey_id, user_id)
);

-- The answers. id is random (no sequence to line up with participation), the date is
-- only the day, respondent_id is set only for identified surveys, and the mixing job
-- rewrites fresh rows (with their participation rows) in batches and in random order,
-- so the transaction id and the physical order no longer tell who wrote which.
CREATE TABLE survey_responses (
    id            uuid PRIMARY KEY,
    survey_id     bigint NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    respondent_id bigint REFERENCES users(id) ON DELETE SET NULL,
    submitted_on  date NOT NULL,
    answers       jsonb NOT NULL,
    -- "question:row:column" of every chosen option, counted for the charts.
    choices       text[] NOT NULL DEFAULT '{}',
    mixed         boolean NOT NULL DEFAULT false
);
CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_id);
CREATE INDEX survey_responses_unmixed_idx ON survey_responses (survey_id) WHERE NOT mixed;

-- Answers saved before submitting; removed when the response is submitted.
CREATE TABLE survey_drafts (
    survey_id bigint NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    answers   jsonb NOT NULL,
    saved_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (survey_id, user_id)
);

-- +goose Down
DROP TABLE survey_drafts, survey_responses, survey_participation, surveys;
