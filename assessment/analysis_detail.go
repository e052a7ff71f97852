package assessment

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// detailLimit bounds the attempts the group figures read (the running sums have no
// limit); beyond it the figures are over the first detailLimit attempts.
const detailLimit = 20000

// OptionCount is how often one option of a choice item was chosen, over all scored
// attempts and in the upper and lower 27% groups by total score (distractor
// analysis: a wrong option the upper group picks often points to a faulty item).
type OptionCount struct {
	Option  int  `json:"option"` // 0-based, in the item's own order (not as shuffled)
	Correct bool `json:"correct"`
	All     int  `json:"all"`
	Upper   int  `json:"upper"`
	Lower   int  `json:"lower"`
}

// Mastery is the share of the points a class got on the items of one topic and
// cognitive level.
type Mastery struct {
	ClassID  int64   `json:"class_id"`
	Class    string  `json:"class"`
	Topic    string  `json:"topic"`
	Level    string  `json:"level"`
	Share    float64 `json:"share"` // 0..1
	Students int     `json:"students"`
}

type scoredAnswer struct {
	attempt int64
	total   float64
	seed    int64
	shuffle bool
	form    int
	item    int64
	resp    json.RawMessage
	frac    float64
}

// groupFigures adds the upper-lower 27% discrimination and the option counts to the
// analysis, from one read of the scored attempts' answers.
func (s *Service) groupFigures(ctx context.Context, testID int64, out *Analysis) error {
	rows, err := s.db.Query(ctx, `WITH att AS (SELECT a.id, a.score::float8 AS total, a.seed, a.form FROM assessment_attempts a
			WHERE a.test_id = $1 AND a.status = 'submitted' ORDER BY a.id LIMIT $2)
		SELECT att.id, att.total, att.seed, t.shuffle, att.form, f.item_id, COALESCE(ans.response, 'null'), COALESCE(ans.score::float8, 0) / f.points::float8
		FROM att JOIN assessment_tests t ON t.id = $1
		JOIN assessment_form_items f ON f.test_id = $1 AND f.form = att.form
		LEFT JOIN assessment_answers ans ON ans.attempt_id = att.id AND ans.item_id = f.item_id`, testID, detailLimit)
	if err != nil {
		return fmt.Errorf("assessment: group figures %d: %w", testID, err)
	}
	var list []scoredAnswer
	var x scoredAnswer
	if _, err := pgx.ForEachRow(rows, []any{&x.attempt, &x.total, &x.seed, &x.shuffle, &x.form, &x.item, &x.resp, &x.frac}, func() error {
		y := x
		y.resp = append(json.RawMessage(nil), x.resp...)
		list = append(list, y)
		return nil
	}); err != nil {
		return fmt.Errorf("assessment: group figures %d: %w", testID, err)
	}
	upper, lower := groups(list)
	for i := range out.Items {
		it := &out.Items[i]
		if err := s.itemGroups(ctx, testID, it, list, upper, lower); err != nil {
			return err
		}
	}
	return nil
}

// groups returns the attempts in the upper and lower 27% by total score.
func groups(list []scoredAnswer) (upper, lower map[int64]bool) {
	totals := map[int64]float64{}
	for _, a := range list {
		totals[a.attempt] = a.total
	}
	ids := make([]int64, 0, len(totals))
	for id := range totals {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if totals[a] != totals[b] {
			if totals[a] > totals[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	k := (len(ids)*27 + 50) / 100
	upper, lower = map[int64]bool{}, map[int64]bool{}
	for i := 0; i < k && k*2 <= len(ids); i++ {
		upper[ids[i]], lower[ids[len(ids)-1-i]] = true, true
	}
	return upper, lower
}

func (s *Service) itemGroups(ctx context.Context, testID int64, it *ItemAnalysis, list []scoredAnswer, upper, lower map[int64]bool) error {
	var sumU, sumL float64
	var counts []OptionCount
	var forms map[int]*formItem
	for _, a := range list {
		if a.item != it.ItemID {
			continue
		}
		if upper[a.attempt] {
			sumU += a.frac
		} else if lower[a.attempt] {
			sumL += a.frac
		}
		if forms == nil {
			forms = map[int]*formItem{}
		}
		f, ok := forms[a.form]
		if !ok {
			items, err := s.form(ctx, s.db, testID, a.form)
			if err != nil {
				return err
			}
			for i := range items {
				if items[i].ItemID == it.ItemID {
					f = &items[i]
				}
			}
			forms[a.form] = f
		}
		if f == nil || (f.Type != SingleChoice && f.Type != MultipleResponse) {
			continue
		}
		if counts == nil {
			for k, o := range f.Content.Options {
				counts = append(counts, OptionCount{Option: k, Correct: o.Correct})
			}
		}
		countChoices(counts, f, a, upper[a.attempt], lower[a.attempt])
	}
	if n := len(upper); n > 0 {
		d := (sumU - sumL) / float64(n)
		it.UpperLower = &d
	}
	it.Options = counts
	return nil
}

// countChoices adds one answer's chosen options, mapped back from the attempt's
// shuffled order to the item's own.
func countChoices(counts []OptionCount, f *formItem, a scoredAnswer, up, low bool) {
	var chosen []int
	var one int
	if json.Unmarshal(a.resp, &one) == nil && !isNull(a.resp) {
		chosen = []int{one}
	} else {
		_ = json.Unmarshal(a.resp, &chosen)
	}
	order := f.order(a.seed, a.shuffle)
	for _, k := range chosen {
		if k < 0 || k >= len(order) || order[k] >= len(counts) {
			continue
		}
		c := &counts[order[k]]
		c.All++
		if up {
			c.Upper++
		}
		if low {
			c.Lower++
		}
	}
}

// mastery is the share of the points each class of the test got per topic and
// cognitive level, over its students' scored attempts.
func (s *Service) mastery(ctx context.Context, testID int64) ([]Mastery, error) {
	rows, err := s.db.Query(ctx, `SELECT c.id, c.name, i.topic, i.level,
			(sum(COALESCE(ans.score, 0)) / sum(f.points))::float8, count(DISTINCT a.user_id)::int
		FROM assessment_attempts a
		JOIN assessment_form_items f ON f.test_id = a.test_id AND f.form = a.form
		JOIN assessment_items i ON i.id = f.item_id
		LEFT JOIN assessment_answers ans ON ans.attempt_id = a.id AND ans.item_id = f.item_id
		JOIN assessment_test_classes tc ON tc.test_id = a.test_id
		JOIN class_members m ON m.class_id = tc.class_id AND m.user_id = a.user_id AND m.role = 'student'
		JOIN classes c ON c.id = tc.class_id
		WHERE a.test_id = $1 AND a.status = 'submitted'
		GROUP BY c.id, c.name, i.topic, i.level ORDER BY c.name, i.topic, array_position($2::text[], i.level)`, testID, Levels)
	if err != nil {
		return nil, fmt.Errorf("assessment: mastery %d: %w", testID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Mastery])
}

// ItemUse is what the bank knows of one item over every test that used it.
type ItemUse struct {
	ItemID   int64   `json:"item_id"`
	Tests    int     `json:"tests"`
	Attempts int     `json:"attempts"`
	P        float64 `json:"p"` // mean share of the points over all those attempts
}

// ItemUses sums an item's figures over every test that used it (from the tests'
// running sums), for anyone who may see the item.
func (s *Service) ItemUses(ctx context.Context, a *identity.Actor, itemID int64) (*ItemUse, error) {
	if _, err := s.Item(ctx, a, itemID); err != nil {
		return nil, err
	}
	u := &ItemUse{ItemID: itemID}
	err := s.db.QueryRow(ctx, `SELECT count(DISTINCT test_id)::int, COALESCE(sum(n), 0)::int, COALESCE(sum(sx) / NULLIF(sum(n), 0), 0)::float8
		FROM assessment_item_stats WHERE item_id = $1`, itemID).Scan(&u.Tests, &u.Attempts, &u.P)
	if err != nil {
		return nil, fmt.Errorf("assessment: uses of item %d: %w", itemID, err)
	}
	return u, nil
}
