package course

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Done reports whether an item of kind counts as completed in state: reading items
// when viewed, work to hand in when submitted (or passed).
func Done(kind, state string) bool {
	switch kind {
	case KindAssignment, KindTest, KindPackage:
		return stateRank[state] >= stateRank[StateSubmitted]
	}
	return stateRank[state] >= stateRank[StateViewed]
}

// learnerState returns the learner's classes in the course and their progress by item.
func (s *Service) learnerState(ctx context.Context, courseID, userID int64) ([]int64, map[int64]string, error) {
	var classes []int64
	err := s.db.QueryRow(ctx, `
		SELECT COALESCE(array_agg(cc.class_id), '{}') FROM course_classes cc
		JOIN class_members m ON m.class_id = cc.class_id AND m.user_id = $2 AND m.role = 'student'
		WHERE cc.course_id = $1`, courseID, userID).Scan(&classes)
	if err != nil {
		return nil, nil, fmt.Errorf("course %d: learner classes: %w", courseID, err)
	}
	rows, err := s.db.Query(ctx, `SELECT item_id, state FROM course_progress WHERE course_id = $1 AND user_id = $2`, courseID, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("course %d: progress: %w", courseID, err)
	}
	defer rows.Close()
	states := map[int64]string{}
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, nil, err
		}
		states[id] = st
	}
	return classes, states, rows.Err()
}

// MarkViewed records that the calling student opened an item. Only the student's own
// progress is written; other roles are ignored (a teacher previewing counts nothing).
func (s *Service) MarkViewed(ctx context.Context, a *identity.Actor, itemID int64) error {
	it, err := s.Item(ctx, a, itemID)
	if err != nil {
		return err
	}
	x, err := s.Access(ctx, a, it.CourseID)
	if err != nil {
		return err
	}
	if x.Role != RoleStudent {
		return nil
	}
	if it.Locked != "" {
		return fault.Invalid("item", "course.locked", "This item is not open to you yet.")
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		return RecordProgress(ctx, tx, it.CourseID, itemID, a.User.ID, StateViewed)
	})
}

// RecordProgress raises a learner's state on an item in the caller's transaction; a
// state never goes down (a passed test stays passed when the lesson is re-read). The
// assignment and assessment parts call it when work is submitted or passed.
func RecordProgress(ctx context.Context, tx pgx.Tx, courseID, itemID, userID int64, state string) error {
	if _, ok := stateRank[state]; !ok || state == "" {
		return fmt.Errorf("course: progress state %q", state)
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO course_progress (item_id, user_id, course_id, state) VALUES ($1, $2, $3, $4)
		ON CONFLICT (item_id, user_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()
		WHERE array_position(ARRAY['viewed','submitted','passed'], course_progress.state)
		    < array_position(ARRAY['viewed','submitted','passed'], EXCLUDED.state)`,
		itemID, userID, courseID, state)
	if err != nil {
		return fmt.Errorf("course: record progress on item %d: %w", itemID, err)
	}
	return nil
}

// Completion is one learner's progress through a course.
type Completion struct {
	UserID  int64   `json:"user_id"`
	Name    string  `json:"name"`
	Done    int     `json:"done"`
	Total   int     `json:"total"`
	Percent float64 `json:"percent"`
}

// Completions returns every student's progress through the course (for its teachers
// and administrators), counting the published items each one's classes see.
func (s *Service) Completions(ctx context.Context, a *identity.Actor, courseID int64) ([]Completion, error) {
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanSeeAll() {
		return nil, fmt.Errorf("course %d: completions: %w", courseID, ErrForbidden)
	}
	rows, err := s.db.Query(ctx, `
		WITH learners AS (
		  SELECT DISTINCT u.id, u.full_name FROM course_classes cc
		  JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
		  JOIN users u ON u.id = m.user_id
		  WHERE cc.course_id = $1),
		seen AS (
		  SELECT l.id AS user_id, i.id AS item_id, i.kind, p.state FROM learners l
		  JOIN course_items i ON i.course_id = $1 AND i.published AND (cardinality(i.class_ids) = 0 OR EXISTS (
		    SELECT 1 FROM class_members m WHERE m.user_id = l.id AND m.role = 'student' AND m.class_id = ANY(i.class_ids)))
		  LEFT JOIN course_progress p ON p.item_id = i.id AND p.user_id = l.id)
		SELECT l.id, l.full_name,
		  count(s.item_id) FILTER (WHERE (s.kind IN ('assignment','test','package') AND s.state IN ('submitted','passed'))
		                             OR (s.kind NOT IN ('assignment','test','package') AND s.state IS NOT NULL)),
		  count(s.item_id)
		FROM learners l LEFT JOIN seen s ON s.user_id = l.id
		GROUP BY l.id, l.full_name ORDER BY l.full_name`, courseID)
	if err != nil {
		return nil, fmt.Errorf("course %d: completions: %w", courseID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Completion, error) {
		var c Completion
		err := r.Scan(&c.UserID, &c.Name, &c.Done, &c.Total)
		if c.Total > 0 {
			c.Percent = float64(c.Done*1000/c.Total) / 10
		}
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("course %d: completions: %w", courseID, err)
	}
	return out, nil
}

// Students returns the students of the course's classes (teachers and admins only).
func (s *Service) Students(ctx context.Context, a *identity.Actor, courseID int64) ([]identity.User, error) {
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanSeeAll() {
		return nil, fmt.Errorf("course %d: students: %w", courseID, ErrForbidden)
	}
	rows, err := s.db.Query(ctx, `
		SELECT DISTINCT u.id, u.person_id, u.username, u.full_name FROM course_classes cc
		JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
		JOIN users u ON u.id = m.user_id
		WHERE cc.course_id = $1 ORDER BY u.full_name, u.id`, courseID)
	if err != nil {
		return nil, fmt.Errorf("course %d: students: %w", courseID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (identity.User, error) {
		var u identity.User
		err := r.Scan(&u.ID, &u.PersonID, &u.Username, &u.Name)
		return u, err
	})
}
