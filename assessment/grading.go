package assessment

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// StudentScore is one student's result on a test by its grading method: what the
// gradebook records.
type StudentScore struct {
	UserID   int64    `json:"user_id"`
	Name     string   `json:"name"`
	Attempts int      `json:"attempts"` // finished attempts
	Score    *float64 `json:"score"`    // nil when nothing is finished
	MaxScore float64  `json:"max_score"`
	// Pending is true while an attempt that counts waits for essay grading.
	Pending bool `json:"pending_grading,omitempty"`
	// Overridden is true when a teacher set Score by hand (OverrideScores); Computed
	// is then the score by the grading method.
	Overridden bool     `json:"overridden,omitempty"`
	Computed   *float64 `json:"computed_score,omitempty"`
}

// Results is the score of every student of the test's classes by the test's grading
// method (highest, last, first or average of the finished attempts), or the
// teacher's override where one is set. It is the interface the gradebook consumes.
func (s *Service) Results(ctx context.Context, a *identity.Actor, testID int64) ([]StudentScore, error) {
	t, err := s.staffTest(ctx, a, testID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT u.id, u.full_name, a.score::float8, a.max_score::float8, a.status = 'grading', o.score::float8
		FROM (SELECT DISTINCT m.user_id FROM assessment_test_classes tc JOIN class_members m ON m.class_id = tc.class_id
		      WHERE tc.test_id = $1 AND m.role = 'student') st
		JOIN users u ON u.id = st.user_id
		LEFT JOIN assessment_overrides o ON o.test_id = $1 AND o.user_id = u.id
		LEFT JOIN assessment_attempts a ON a.test_id = $1 AND a.user_id = u.id AND a.status <> 'open'
		ORDER BY u.full_name, u.id, a.number`, testID)
	if err != nil {
		return nil, fmt.Errorf("assessment: results %d: %w", testID, err)
	}
	var out []StudentScore
	type att struct {
		score   float64
		max     float64
		pending bool
	}
	var list []att
	var override *float64
	flush := func() {
		if len(out) == 0 {
			return
		}
		last := &out[len(out)-1]
		last.Attempts = len(list)
		last.MaxScore = t.MaxScore
		defer func() {
			if override != nil {
				last.Computed, last.Score, last.Overridden, last.Pending = last.Score, override, true, false
			}
		}()
		if len(list) == 0 {
			return
		}
		pick := policy(t.GradingMethod, func(i int) float64 { return list[i].score }, len(list))
		last.Score = &pick.score
		for _, i := range pick.from {
			last.Pending = last.Pending || list[i].pending
		}
		last.MaxScore = list[pick.from[0]].max
	}
	var uid int64
	var name string
	var score, maxScore *float64
	var pending *bool
	var over *float64
	_, err = pgx.ForEachRow(rows, []any{&uid, &name, &score, &maxScore, &pending, &over}, func() error {
		if len(out) == 0 || out[len(out)-1].UserID != uid {
			flush()
			out = append(out, StudentScore{UserID: uid, Name: name})
			list = list[:0]
			override = nil
			if over != nil {
				v := *over
				override = &v
			}
		}
		if score != nil {
			list = append(list, att{*score, *maxScore, pending != nil && *pending})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assessment: results %d: %w", testID, err)
	}
	flush()
	return out, nil
}

type picked struct {
	score float64
	from  []int // the attempts the score comes from
}

// policy applies a grading method to n attempts in order (first to last).
func policy(method string, score func(int) float64, n int) picked {
	switch method {
	case "first":
		return picked{score(0), []int{0}}
	case "last":
		return picked{score(n - 1), []int{n - 1}}
	case "average":
		sum := 0.0
		all := make([]int, n)
		for i := range n {
			sum += score(i)
			all[i] = i
		}
		return picked{roundPoints(sum / float64(n)), all}
	}
	best := 0
	for i := 1; i < n; i++ {
		if score(i) > score(best) {
			best = i
		}
	}
	return picked{score(best), []int{best}}
}

// AttemptSummary is one attempt in the teacher's list, with its integrity events.
type AttemptSummary struct {
	ID          int64            `json:"id"`
	UserID      int64            `json:"user_id"`
	Name        string           `json:"name"`
	Number      int              `json:"number"`
	Status      string           `json:"status"`
	StartedAt   time.Time        `json:"started_at"`
	SubmittedAt *time.Time       `json:"submitted_at,omitempty"`
	Auto        bool             `json:"auto_submitted"`
	Score       *float64         `json:"score"`
	MaxScore    float64          `json:"max_score"`
	Events      []IntegrityEvent `json:"events"`
}

// IntegrityEvent is one line of an attempt's integrity log.
type IntegrityEvent struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail,omitempty"`
}

// Attempts lists every attempt at the test with its integrity log, for its teachers.
func (s *Service) Attempts(ctx context.Context, a *identity.Actor, testID int64) ([]AttemptSummary, error) {
	if _, err := s.staffTest(ctx, a, testID); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT a.id, a.user_id, u.full_name, a.number, a.status, a.started_at, a.submitted_at, a.auto_submitted,
		a.score::float8, a.max_score::float8,
		COALESCE((SELECT json_agg(json_build_object('at', e.at, 'kind', e.kind, 'detail', e.detail) ORDER BY e.at, e.id)
		          FROM assessment_integrity e WHERE e.attempt_id = a.id), '[]')
		FROM assessment_attempts a JOIN users u ON u.id = a.user_id WHERE a.test_id = $1 ORDER BY u.full_name, a.number`, testID)
	if err != nil {
		return nil, fmt.Errorf("assessment: attempts of %d: %w", testID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[AttemptSummary])
}

// Ungraded is an essay answer waiting for a grader.
type Ungraded struct {
	AttemptID int64   `json:"attempt_id"`
	ItemID    int64   `json:"item_id"`
	Student   string  `json:"student"`
	StemHTML  string  `json:"stem_html"`
	Rubric    string  `json:"rubric,omitempty"`
	Response  string  `json:"response"`
	Points    float64 `json:"points"`
}

// GradingQueue lists the essay answers of the test that wait for a score. Blind
// grading leaves out the students' names and mixes the order (not by submit time),
// so the grader cannot tell whose answer it is.
func (s *Service) GradingQueue(ctx context.Context, a *identity.Actor, testID int64, blind bool) ([]Ungraded, error) {
	if _, err := s.staffTest(ctx, a, testID); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT a.id, ans.item_id, u.full_name, v.stem_html, COALESCE(v.body->>'rubric', ''), ans.response, f.points::float8
		FROM assessment_attempts a JOIN users u ON u.id = a.user_id
		JOIN assessment_answers ans ON ans.attempt_id = a.id AND ans.score IS NULL
		JOIN assessment_form_items f ON f.test_id = a.test_id AND f.form = a.form AND f.item_id = ans.item_id
		JOIN assessment_item_versions v ON v.id = f.version_id
		WHERE a.test_id = $1 AND a.status = 'grading' AND v.type = 'essay'
		ORDER BY CASE WHEN $2 THEN md5(a.id::text || a.seed::text) END, a.submitted_at, a.id, f.position`, testID, blind)
	if err != nil {
		return nil, fmt.Errorf("assessment: grading queue %d: %w", testID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Ungraded, error) {
		var u Ungraded
		var resp json.RawMessage
		err := r.Scan(&u.AttemptID, &u.ItemID, &u.Student, &u.StemHTML, &u.Rubric, &resp, &u.Points)
		_ = json.Unmarshal(resp, &u.Response)
		if blind {
			u.Student = ""
		}
		return u, err
	})
}

// GradeAnswer scores an essay answer (0 to the item's points in the test) with a
// comment. When the attempt has no more ungraded answers it is marked submitted; its
// total is recomputed either way.
func (s *Service) GradeAnswer(ctx context.Context, a *identity.Actor, attemptID, itemID int64, score float64, comment string) error {
	m, err := s.meta(ctx, s.db, attemptID)
	if err != nil {
		return err
	}
	if _, err := s.staffTest(ctx, a, m.TestID); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var points float64
		var status string
		var old *float64
		err := tx.QueryRow(ctx, `SELECT f.points::float8, a.status, ans.score::float8 FROM assessment_attempts a
			JOIN assessment_form_items f ON f.test_id = a.test_id AND f.form = a.form AND f.item_id = $2
			JOIN assessment_answers ans ON ans.attempt_id = a.id AND ans.item_id = $2
			WHERE a.id = $1 FOR UPDATE OF a`, attemptID, itemID).Scan(&points, &status, &old)
		if err != nil {
			return notFound(err, fmt.Sprintf("answer %d/%d", attemptID, itemID))
		}
		if status == "open" {
			return invalid("attempt", "grade.open", "The attempt is still in progress.")
		}
		if score < 0 || score > points {
			return invalid("score", "grade.range", "The score is from 0 to %v.", points)
		}
		if _, err := tx.Exec(ctx, `UPDATE assessment_answers SET score = $3, comment = $4, graded_by = $5, graded_at = now()
			WHERE attempt_id = $1 AND item_id = $2`, attemptID, itemID, roundPoints(score), comment, a.User.ID); err != nil {
			return err
		}
		if old != nil && *old != roundPoints(score) { // graded again: keep the trail
			next := roundPoints(score)
			if err := logChange(ctx, tx, scoreChange{TestID: m.TestID, UserID: m.UserID, AttemptID: &attemptID, ItemID: &itemID,
				Kind: "grade", Old: old, New: &next, Reason: comment}, a); err != nil {
				return err
			}
		}
		var next string
		err = tx.QueryRow(ctx, `UPDATE assessment_attempts SET
			score = (SELECT COALESCE(sum(score), 0) FROM assessment_answers WHERE attempt_id = $1),
			status = CASE WHEN EXISTS (SELECT 1 FROM assessment_answers WHERE attempt_id = $1 AND score IS NULL) THEN 'grading' ELSE 'submitted' END
			WHERE id = $1 RETURNING status`, attemptID).Scan(&next)
		if err != nil {
			return err
		}
		if status == "grading" && next == "submitted" { // the last essay: the attempt counts now
			return recordStats(ctx, tx, attemptID)
		}
		return nil
	})
}
