-- +goose Up
-- Item analysis kept up to date as attempts are scored: running sums from which the
-- difficulty (p), the item-total correlation (point-biserial for 0/1 items) and
-- Cronbach's alpha (KR-20 for 0/1 items) follow, without reading any answer again.
-- Rows are split over 16 shards (attempt id mod 16) so that thousands of attempts
-- scored at the close do not all wait for the same row lock; reads add the shards.
-- x is the item's score as a share of its points, t the attempt's total in points.
CREATE TABLE assessment_item_stats (
    test_id bigint   NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    item_id bigint   NOT NULL REFERENCES assessment_items(id),
    shard   smallint NOT NULL,
    n       int      NOT NULL,
    sx      float8   NOT NULL,
    sxx     float8   NOT NULL,
    sxt     float8   NOT NULL,
    PRIMARY KEY (test_id, item_id, shard)
);
CREATE INDEX assessment_item_stats_item_idx ON assessment_item_stats (item_id);

-- Totals per test, and the score distribution in ten bands of the maximum.
CREATE TABLE assessment_test_stats (
    test_id bigint   NOT NULL REFERENCES assessment_tests(id) ON DELETE CASCADE,
    shard   smallint NOT NULL,
    band    smallint NOT NULL CHECK (band BETWEEN 0 AND 9),
    n       int      NOT NULL,
    st      float8   NOT NULL,
    stt     float8   NOT NULL,
    PRIMARY KEY (test_id, shard, band)
);

-- +goose Down
DROP TABLE assessment_test_stats, assessment_item_stats;
