package assessment

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// RegradeReport says what a regrade changed.
type RegradeReport struct {
	ItemID      int64 `json:"item_id"`
	FromVersion int64 `json:"from_version"`
	ToVersion   int64 `json:"to_version"`
	Answers     int   `json:"answers"` // finished answers to the item, rescored
	Changed     int   `json:"changed"` // of which the score changed (each in the audit)
}

// Regrade moves the test to the item's newest version (its key fixed with
// ReviseItem) and rescores every finished answer to it, all in one transaction: the
// attempts' totals, the item analysis, and one audit line per changed score (old,
// new, reason). The new version must have the item's type and as many parts, so the
// students' answers keep their meaning; the test must have no attempt in progress.
func (s *Service) Regrade(ctx context.Context, a *identity.Actor, testID, itemID int64, reason string) (*RegradeReport, error) {
	if _, err := s.staffTest(ctx, a, testID); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return nil, invalid("reason", "override.reason", "Give the reason for the change (at most 500 characters).")
	}
	it, err := s.Item(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	rep := &RegradeReport{ItemID: itemID, ToVersion: it.Version.ID}
	var forms []int
	defer func() { // whatever happened, this node reloads the forms it may have cached
		for _, f := range forms {
			s.forms.Delete(formKey{testID, f})
		}
	}()
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if forms, err = s.switchVersion(ctx, tx, testID, it, rep); err != nil {
			return err
		}
		return s.rescore(ctx, tx, a, testID, itemID, reason, rep)
	})
	if err != nil {
		return nil, keepValidation(err, fmt.Sprintf("regrade item %d of test %d", itemID, testID))
	}
	return rep, nil
}

// switchVersion points the test's forms at the item's new version, and returns the
// forms that hold the item.
func (s *Service) switchVersion(ctx context.Context, tx pgx.Tx, testID int64, it *Item, rep *RegradeReport) ([]int, error) {
	var open int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM assessment_attempts WHERE test_id = $1 AND status = 'open'`, testID).Scan(&open); err != nil {
		return nil, err
	}
	if open > 0 {
		return nil, invalid("test", "regrade.open", "%d students are still taking the test: regrade when every attempt is finished.", open)
	}
	var typ string
	var body json.RawMessage
	err := tx.QueryRow(ctx, `SELECT f.version_id, v.type, v.body FROM assessment_form_items f JOIN assessment_item_versions v ON v.id = f.version_id
		WHERE f.test_id = $1 AND f.item_id = $2 ORDER BY f.form LIMIT 1`, testID, it.ID).Scan(&rep.FromVersion, &typ, &body)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("item %d of test %d", it.ID, testID))
	}
	var old Content
	if err := json.Unmarshal(body, &old); err != nil {
		return nil, err
	}
	if rep.FromVersion == rep.ToVersion {
		return nil, invalid("item", "regrade.same", "The test already uses this version: fix the key by saving a new version of the question first.")
	}
	if typ != it.Version.Type || partCount(typ, &old) != partCount(typ, &it.Version.Content) {
		return nil, invalid("item", "regrade.shape", "The new version must have the same type and number of parts, or the students' answers would change meaning.")
	}
	rows, err := tx.Query(ctx, `UPDATE assessment_form_items SET version_id = $3 WHERE test_id = $1 AND item_id = $2 RETURNING form`, testID, it.ID, it.Version.ID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int])
}

// partCount is the number of answerable parts of an item, which a key fix must keep.
func partCount(typ string, c *Content) int {
	switch typ {
	case SingleChoice, MultipleResponse:
		return len(c.Options)
	case TrueFalse:
		return len(c.Statements)
	case Matching:
		return len(c.Pairs)
	case Ordering:
		return len(c.Sequence)
	case Cloze:
		return len(c.Blanks)
	}
	return 0
}

// rescore scores the finished answers to the item again with the test's (new)
// version, updates what changed and rebuilds the test's running sums.
func (s *Service) rescore(ctx context.Context, tx pgx.Tx, a *identity.Actor, testID, itemID int64, reason string, rep *RegradeReport) error {
	rows, err := tx.Query(ctx, `SELECT a.id, a.user_id, a.form, a.seed, t.shuffle, ans.response, ans.score::float8
		FROM assessment_attempts a JOIN assessment_tests t ON t.id = a.test_id
		JOIN assessment_answers ans ON ans.attempt_id = a.id AND ans.item_id = $2
		WHERE a.test_id = $1 AND a.status <> 'open' ORDER BY a.id`, testID, itemID)
	if err != nil {
		return err
	}
	type answer struct {
		attempt, user int64
		m             attemptMeta
		resp          json.RawMessage
		old           *float64
	}
	var list []answer
	var x answer
	if _, err := pgx.ForEachRow(rows, []any{&x.attempt, &x.user, &x.m.Form, &x.m.Seed, &x.m.Shuffle, &x.resp, &x.old}, func() error {
		y := x
		y.resp = append(json.RawMessage(nil), x.resp...)
		list = append(list, y)
		return nil
	}); err != nil {
		return err
	}
	var changed []int64
	byForm := map[int]*formItem{} // the item as each form now holds it
	for _, ans := range list {
		f, ok := byForm[ans.m.Form]
		if !ok {
			items, err := s.loadForm(ctx, tx, formKey{testID, ans.m.Form})
			if err != nil {
				return err
			}
			for i := range items {
				if items[i].ItemID == itemID {
					f = &items[i]
				}
			}
			byForm[ans.m.Form] = f
		}
		if f == nil {
			continue
		}
		frac, manual := fraction(f.Type, &f.Content, f.order(ans.m.Seed, ans.m.Shuffle), ans.resp)
		if manual {
			continue
		}
		rep.Answers++
		pts := roundPoints(frac * f.Points)
		if ans.old != nil && *ans.old == pts {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE assessment_answers SET score = $3 WHERE attempt_id = $1 AND item_id = $2`, ans.attempt, itemID, pts); err != nil {
			return err
		}
		attempt, item := ans.attempt, itemID
		if err := logChange(ctx, tx, scoreChange{TestID: testID, UserID: ans.user, AttemptID: &attempt, ItemID: &item, Kind: "regrade",
			Old: ans.old, New: &pts, Reason: reason}, a); err != nil {
			return err
		}
		changed = append(changed, ans.attempt)
	}
	rep.Changed = len(changed)
	if _, err := tx.Exec(ctx, `UPDATE assessment_attempts a SET score = (SELECT COALESCE(sum(score), 0) FROM assessment_answers WHERE attempt_id = a.id)
		WHERE a.id = ANY($1)`, changed); err != nil {
		return err
	}
	return rebuildStats(ctx, tx, testID)
}

// rebuildStats recomputes a test's running sums from its scored attempts (after a
// regrade changed scores already counted).
func rebuildStats(ctx context.Context, tx pgx.Tx, testID int64) error {
	for _, q := range []string{`DELETE FROM assessment_item_stats WHERE test_id = $1`, `DELETE FROM assessment_test_stats WHERE test_id = $1`} {
		if _, err := tx.Exec(ctx, q, testID); err != nil {
			return fmt.Errorf("assessment: rebuild stats: %w", err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT id FROM assessment_attempts WHERE test_id = $1 AND status = 'submitted'`, testID)
	if err != nil {
		return fmt.Errorf("assessment: rebuild stats: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("assessment: rebuild stats: %w", err)
	}
	return recordStatsMany(ctx, tx, ids)
}
