-- +goose Up
-- Test settings: an access code the teacher gives out in the room, the networks
-- (CIDR prefixes) the test may be taken from, and sequential navigation (no going
-- back to an earlier question). IP ranges are kept as validated text.
ALTER TABLE assessment_tests
    ADD COLUMN access_code text NOT NULL DEFAULT '' CHECK (length(access_code) <= 40),
    ADD COLUMN ip_ranges   text[] NOT NULL DEFAULT '{}',
    ADD COLUMN navigation  text NOT NULL DEFAULT 'free' CHECK (navigation IN ('free', 'sequential'));

-- +goose Down
ALTER TABLE assessment_tests DROP COLUMN navigation, DROP COLUMN ip_ranges, DROP COLUMN access_code;
