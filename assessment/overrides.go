package assessment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Override sets (Score) or removes (Score nil) a student's result on a test.
type Override struct {
	UserID int64    `json:"user_id"`
	Score  *float64 `json:"score"`
	Reason string   `json:"reason"`
}

// maxOverrides bounds one bulk change.
const maxOverrides = 1000

// OverrideScores sets or removes the results of many students of the test at once,
// all or nothing, and records each change (old and new result, reason, who, when)
// in the score audit. The gradebook then takes the override instead of the score by
// the grading method.
func (s *Service) OverrideScores(ctx context.Context, a *identity.Actor, testID int64, list []Override) error {
	t, err := s.staffTest(ctx, a, testID)
	if err != nil {
		return err
	}
	if len(list) == 0 || len(list) > maxOverrides {
		return invalid("overrides", "override.count", "Change from 1 to %d results at once.", maxOverrides)
	}
	for i := range list {
		o := &list[i]
		o.Reason = strings.TrimSpace(o.Reason)
		if o.Reason == "" || len(o.Reason) > 500 {
			return invalid("reason", "override.reason", "Give the reason for the change (at most 500 characters).")
		}
		if o.Score != nil && (*o.Score < 0 || *o.Score > t.MaxScore) {
			return invalid("score", "override.range", "A result is from 0 to %v.", t.MaxScore)
		}
	}
	before, err := s.Results(ctx, a, testID)
	if err != nil {
		return err
	}
	current := map[int64]*float64{}
	for _, r := range before {
		current[r.UserID] = r.Score
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		for _, o := range list {
			old, ok := current[o.UserID]
			if !ok {
				return invalid("user_id", "override.not_student", "User %d is not a student of this test's classes.", o.UserID)
			}
			if err := applyOverride(ctx, tx, a, testID, o, old); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return keepValidation(err, "override scores")
	}
	return nil
}

func applyOverride(ctx context.Context, tx pgx.Tx, a *identity.Actor, testID int64, o Override, old *float64) error {
	kind := "override"
	if o.Score == nil {
		kind = "override_removed"
		if _, err := tx.Exec(ctx, `DELETE FROM assessment_overrides WHERE test_id = $1 AND user_id = $2`, testID, o.UserID); err != nil {
			return err
		}
	} else {
		score := roundPoints(*o.Score)
		o.Score = &score
		if _, err := tx.Exec(ctx, `INSERT INTO assessment_overrides (test_id, user_id, score, reason, set_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (test_id, user_id) DO UPDATE SET score = EXCLUDED.score, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = now()`,
			testID, o.UserID, score, o.Reason, a.User.ID); err != nil {
			return err
		}
	}
	return logChange(ctx, tx, scoreChange{TestID: testID, UserID: o.UserID, Kind: kind, Old: old, New: o.Score, Reason: o.Reason}, a)
}

// ScoreChange is one line of a test's score audit.
type ScoreChange struct {
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"` // override, override_removed, grade, regrade
	UserID    int64     `json:"user_id"`
	Student   string    `json:"student"`
	AttemptID *int64    `json:"attempt_id,omitempty"`
	ItemID    *int64    `json:"item_id,omitempty"`
	Old       *float64  `json:"old_score"`
	New       *float64  `json:"new_score"`
	Reason    string    `json:"reason,omitempty"`
	By        string    `json:"changed_by"`
}

type scoreChange struct {
	TestID, UserID    int64
	AttemptID, ItemID *int64
	Kind              string
	Old, New          *float64
	Reason            string
}

func logChange(ctx context.Context, tx pgx.Tx, c scoreChange, a *identity.Actor) error {
	_, err := tx.Exec(ctx, `INSERT INTO assessment_score_changes (test_id, user_id, attempt_id, item_id, kind, old_score, new_score, reason, changed_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.TestID, c.UserID, c.AttemptID, c.ItemID, c.Kind, c.Old, c.New, c.Reason, a.User.ID)
	if err != nil {
		return fmt.Errorf("assessment: score audit: %w", err)
	}
	return nil
}

// ScoreChanges is the test's score audit, newest first (at most 1,000 lines).
func (s *Service) ScoreChanges(ctx context.Context, a *identity.Actor, testID int64) ([]ScoreChange, error) {
	if _, err := s.staffTest(ctx, a, testID); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT c.at, c.kind, c.user_id, u.full_name, c.attempt_id, c.item_id, c.old_score::float8, c.new_score::float8, c.reason, b.full_name
		FROM assessment_score_changes c JOIN users u ON u.id = c.user_id JOIN users b ON b.id = c.changed_by
		WHERE c.test_id = $1 ORDER BY c.at DESC, c.id DESC LIMIT 1000`, testID)
	if err != nil {
		return nil, fmt.Errorf("assessment: score changes %d: %w", testID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[ScoreChange])
}
