package assessment

import (
	"context"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// statShards is how many rows the running sums of one item are spread over.
const statShards = 16

// recordStats adds a fully scored attempt to its test's running sums, in tx (the one
// that finished scoring it), so the analysis is always current and never rebuilt.
func recordStats(ctx context.Context, tx pgx.Tx, attemptID int64) error {
	return recordStatsMany(ctx, tx, []int64{attemptID})
}

// recordStatsMany is recordStats for many attempts in two statements; rows are
// summed per shard first and written in key order (no deadlock between batches).
func recordStatsMany(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO assessment_item_stats AS s (test_id, item_id, shard, n, sx, sxx, sxt)
		SELECT a.test_id, f.item_id, a.id % $2, count(*), sum(x), sum(x * x), sum(x * a.score::float8)
		FROM assessment_attempts a
		JOIN assessment_form_items f ON f.test_id = a.test_id AND f.form = a.form
		LEFT JOIN assessment_answers ans ON ans.attempt_id = a.id AND ans.item_id = f.item_id
		CROSS JOIN LATERAL (SELECT COALESCE(ans.score, 0)::float8 / f.points::float8 AS x) v
		WHERE a.id = ANY($1)
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
		ON CONFLICT (test_id, item_id, shard) DO UPDATE SET n = s.n + EXCLUDED.n, sx = s.sx + EXCLUDED.sx, sxx = s.sxx + EXCLUDED.sxx, sxt = s.sxt + EXCLUDED.sxt`,
		ids, statShards)
	if err != nil {
		return fmt.Errorf("assessment: item stats: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO assessment_test_stats AS s (test_id, shard, band, n, st, stt)
		SELECT a.test_id, a.id % $2, LEAST(9, floor(10 * a.score / NULLIF(a.max_score, 0)))::int, count(*), sum(a.score::float8), sum((a.score * a.score)::float8)
		FROM assessment_attempts a WHERE a.id = ANY($1) AND a.max_score > 0
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
		ON CONFLICT (test_id, shard, band) DO UPDATE SET n = s.n + EXCLUDED.n, st = s.st + EXCLUDED.st, stt = s.stt + EXCLUDED.stt`,
		ids, statShards)
	if err != nil {
		return fmt.Errorf("assessment: test stats: %w", err)
	}
	return nil
}

// Analysis is the item analysis of a test over its scored attempts.
type Analysis struct {
	TestID   int64   `json:"test_id"`
	Attempts int     `json:"attempts"`
	Mean     float64 `json:"mean"`
	SD       float64 `json:"sd"`
	MaxScore float64 `json:"max_score"`
	// Alpha is Cronbach's alpha, which is KR-20 when every item scores 0 or 1; nil
	// with fewer than two attempts or items.
	Alpha     *float64       `json:"reliability,omitempty"`
	Histogram [10]int        `json:"histogram"` // attempts by tenth of the maximum score
	Items     []ItemAnalysis `json:"items"`
	// Mastery is per class, topic and cognitive level.
	Mastery []Mastery `json:"mastery"`
}

// ItemAnalysis is one item's figures.
type ItemAnalysis struct {
	ItemID int64   `json:"item_id"`
	Stem   string  `json:"stem"`
	Points float64 `json:"points"`
	N      int     `json:"n"`
	// P is the difficulty index: the mean share of the points students got.
	P float64 `json:"p"`
	// Discrimination is the item-total correlation (point-biserial for 0/1
	// items); nil when it is undefined (everyone scored the same).
	Discrimination *float64 `json:"discrimination,omitempty"`
	// UpperLower is the upper-lower 27% discrimination: the item's mean share of
	// the points in the top 27% of attempts by total minus that in the bottom 27%.
	UpperLower *float64 `json:"upper_lower,omitempty"`
	// Options are the choice counts of a single or multiple choice item.
	Options []OptionCount `json:"options,omitempty"`
}

// Analysis returns the test's item analysis from the running sums: a few rows read,
// however many attempts there are.
func (s *Service) Analysis(ctx context.Context, a *identity.Actor, testID int64) (*Analysis, error) {
	t, err := s.staffTest(ctx, a, testID)
	if err != nil {
		return nil, err
	}
	out := &Analysis{TestID: testID, MaxScore: t.MaxScore, Items: []ItemAnalysis{}}
	rows, err := s.db.Query(ctx, `SELECT band, sum(n)::int, sum(st), sum(stt) FROM assessment_test_stats WHERE test_id = $1 GROUP BY band`, testID)
	if err != nil {
		return nil, fmt.Errorf("assessment: analysis %d: %w", testID, err)
	}
	var band, n int
	var st, stt, sumT, sumTT float64
	if _, err := pgx.ForEachRow(rows, []any{&band, &n, &st, &stt}, func() error {
		out.Histogram[band] += n
		out.Attempts += n
		sumT, sumTT = sumT+st, sumTT+stt
		return nil
	}); err != nil {
		return nil, fmt.Errorf("assessment: analysis %d: %w", testID, err)
	}
	N := float64(out.Attempts)
	varT := 0.0
	if N > 0 {
		out.Mean = sumT / N
		varT = math.Max(0, sumTT/N-out.Mean*out.Mean)
		out.SD = math.Sqrt(varT)
	}
	rows, err = s.db.Query(ctx, `SELECT st.item_id, v.stem, f.points::float8, sum(st.n)::int, sum(st.sx), sum(st.sxx), sum(st.sxt)
		FROM assessment_item_stats st
		JOIN LATERAL (SELECT version_id, points, position FROM assessment_form_items f WHERE f.test_id = st.test_id AND f.item_id = st.item_id ORDER BY form LIMIT 1) f ON true
		JOIN assessment_item_versions v ON v.id = f.version_id
		WHERE st.test_id = $1 GROUP BY st.item_id, v.stem, f.points, f.position ORDER BY f.position`, testID)
	if err != nil {
		return nil, fmt.Errorf("assessment: analysis %d: %w", testID, err)
	}
	var sumItemVar float64
	var it ItemAnalysis
	var sx, sxx, sxt float64
	if _, err := pgx.ForEachRow(rows, []any{&it.ItemID, &it.Stem, &it.Points, &it.N, &sx, &sxx, &sxt}, func() error {
		x := it
		n := float64(x.N)
		x.P = sx / n
		varX := math.Max(0, sxx/n-x.P*x.P)
		// The item's attempts are the test's when there is one form; with parallel
		// forms the total's moments are taken over all attempts, an approximation.
		meanT := out.Mean
		if cov := sxt/n - x.P*meanT; varX > 0 && varT > 0 {
			r := cov / math.Sqrt(varX*varT)
			x.Discrimination = &r
		}
		sumItemVar += varX * x.Points * x.Points
		out.Items = append(out.Items, x)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("assessment: analysis %d: %w", testID, err)
	}
	if k := float64(t.Items); k > 1 && out.Attempts > 1 && varT > 0 && t.Forms == 1 {
		alpha := k / (k - 1) * (1 - sumItemVar/varT)
		out.Alpha = &alpha
	}
	// The group figures need the attempts ranked, which running sums cannot give:
	// they are read in one pass over the scored answers.
	if err := s.groupFigures(ctx, testID, out); err != nil {
		return nil, err
	}
	if out.Mastery, err = s.mastery(ctx, testID); err != nil {
		return nil, err
	}
	return out, nil
}
