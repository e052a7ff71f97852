package assignment

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// LateWork is a student who has not handed in an assignment whose due date has passed.
type LateWork struct {
	ItemID int64     `json:"item_id"`
	Title  string    `json:"title"`
	DueAt  time.Time `json:"due_at"`
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
}

// Late lists, for the course's teachers and administrators, every student who sees a
// published assignment past its due date and has handed nothing in for it (neither
// alone nor through their group), oldest due date first.
func (s *Service) Late(ctx context.Context, a *identity.Actor, courseID int64) ([]LateWork, error) {
	x, err := s.courses.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanSeeAll() {
		return nil, fmt.Errorf("course %d: late work: %w", courseID, ErrForbidden)
	}
	rows, err := s.db.Query(ctx, `
		SELECT DISTINCT ON (as_.due_at, i.id, u.full_name, u.id) i.id, i.title, as_.due_at, u.id, u.full_name
		FROM assignments as_
		JOIN course_items i ON i.id = as_.item_id AND i.published
		JOIN course_classes cc ON cc.course_id = as_.course_id
		JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
		  AND (cardinality(i.class_ids) = 0 OR m.class_id = ANY(i.class_ids))
		JOIN users u ON u.id = m.user_id
		WHERE as_.course_id = $1 AND as_.due_at < $2
		  AND NOT EXISTS (SELECT 1 FROM submissions sb WHERE sb.item_id = as_.item_id AND (sb.owner_key = 'u' || u.id
		        OR sb.owner_key IN (SELECT 'g' || gm.group_id FROM assignment_group_members gm WHERE gm.item_id = as_.item_id AND gm.user_id = u.id)))
		ORDER BY as_.due_at, i.id, u.full_name, u.id`, courseID, s.now())
	if err != nil {
		return nil, fmt.Errorf("course %d: late work: %w", courseID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[LateWork])
	if err != nil {
		return nil, fmt.Errorf("course %d: late work: %w", courseID, err)
	}
	return out, nil
}
