package gradebook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func isFK(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// teacherOf loads the course and requires that the caller teaches it.
func (s *Service) teacherOf(ctx context.Context, a *identity.Actor, courseID int64, what string) (*course.Access, error) {
	x, err := s.courses.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fmt.Errorf("gradebook of course %d: %s: %w", courseID, what, ErrForbidden)
	}
	return x, nil
}

// NewColumn is a column a teacher adds by hand (an oral check, a package score).
type NewColumn struct {
	Title    string  `json:"title"`
	Category string  `json:"category"`
	MaxScore float64 `json:"max_score"`
}

// AddColumn adds a hand-marked column to a course's gradebook.
func (s *Service) AddColumn(ctx context.Context, a *identity.Actor, courseID int64, n NewColumn) (int64, error) {
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" || len([]rune(n.Title)) > 200 {
		return 0, fault.Invalid("title", "gradebook.title_invalid", "Give the column a title of at most 200 characters.")
	}
	if n.MaxScore == 0 {
		n.MaxScore = 10
	}
	if _, err := s.teacherOf(ctx, a, courseID, "add column"); err != nil {
		return 0, err
	}
	var id int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := ensureCategories(ctx, tx, courseID); err != nil {
			return err
		}
		if n.Category == "" {
			n.Category = "regular"
		}
		err := tx.QueryRow(ctx, `INSERT INTO gradebook_items (course_id, source, title, category, max_score, position)
			VALUES ($1, 'manual', $2, $3, $4, (SELECT COALESCE(max(position), 0) + 1 FROM gradebook_items WHERE course_id = $1))
			RETURNING id`, courseID, n.Title, n.Category, n.MaxScore).Scan(&id)
		if isFK(err) {
			return fault.Invalid("category", "gradebook.category_invalid", "Choose a category of this gradebook.")
		}
		return err
	})
	if _, ok := fault.AsValidation(err); ok {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("gradebook: add column: %w", err)
	}
	return id, nil
}

// SetCategory moves a column to another category (a test becomes the mid-term).
func (s *Service) SetCategory(ctx context.Context, a *identity.Actor, courseID, itemID int64, category string) error {
	if _, err := s.teacherOf(ctx, a, courseID, "set category"); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if locked, err := isLocked(ctx, tx, courseID); err != nil || locked {
			return errors.Join(err, lockedOrNil(locked))
		}
		tag, err := tx.Exec(ctx, `UPDATE gradebook_items SET category = $3 WHERE id = $2 AND course_id = $1`, courseID, itemID, category)
		if isFK(err) {
			return fault.Invalid("category", "gradebook.category_invalid", "Choose a category of this gradebook.")
		}
		if err != nil {
			return fmt.Errorf("gradebook: set category: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("gradebook column %d: %w", itemID, ErrNotFound)
		}
		// Every student's average depends on the weights.
		return recomputeAll(ctx, tx, courseID)
	})
}

func lockedOrNil(locked bool) error {
	if locked {
		return ErrLocked
	}
	return nil
}

func isLocked(ctx context.Context, tx pgx.Tx, courseID int64) (bool, error) {
	var locked bool
	err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT locked_at IS NOT NULL OR closes_at <= now() FROM gradebook_terms WHERE course_id = $1), false)`, courseID).Scan(&locked)
	return locked, err
}

// SetMark sets (or with nil clears) a student's mark in a column, as a teacher of the
// course. It is audited and the average recomputed in the same transaction.
func (s *Service) SetMark(ctx context.Context, a *identity.Actor, courseID, itemID, userID int64, mark *Tenths, reason string) error {
	if _, err := s.teacherOf(ctx, a, courseID, "set mark"); err != nil {
		return err
	}
	if mark != nil && (*mark < 0 || *mark > 100) {
		return fault.Invalid("mark", "gradebook.mark_invalid", "A mark is from 0 to 10 with one decimal.")
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var ok bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM gradebook_items WHERE id = $1 AND course_id = $2)`, itemID, courseID).Scan(&ok)
		if err != nil {
			return err
		}
		var learner bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM course_classes cc JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
			WHERE cc.course_id = $1 AND m.user_id = $2)`, courseID, userID).Scan(&learner); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("gradebook column %d: %w", itemID, ErrNotFound)
		}
		if !learner {
			return fault.Invalid("user_id", "gradebook.student", "This student does not take the course.")
		}
		by := a.User.ID
		_, err = Record(ctx, tx, Change{ItemID: itemID, UserID: userID, Mark: mark, By: &by, Reason: reason})
		return err
	})
	return err
}

// CloseTerm locks the gradebook now, or at closesAt when given (teachers of the course).
func (s *Service) CloseTerm(ctx context.Context, a *identity.Actor, courseID int64, closesAt *time.Time) error {
	if _, err := s.teacherOf(ctx, a, courseID, "close term"); err != nil {
		return err
	}
	var err error
	if closesAt == nil {
		_, err = s.db.Exec(ctx, `INSERT INTO gradebook_terms (course_id, locked_at, locked_by) VALUES ($1, now(), $2)
			ON CONFLICT (course_id) DO UPDATE SET locked_at = COALESCE(gradebook_terms.locked_at, now()), locked_by = COALESCE(gradebook_terms.locked_by, $2)`, courseID, a.User.ID)
	} else {
		_, err = s.db.Exec(ctx, `INSERT INTO gradebook_terms (course_id, closes_at) VALUES ($1, $2)
			ON CONFLICT (course_id) DO UPDATE SET closes_at = $2 WHERE gradebook_terms.locked_at IS NULL`, courseID, *closesAt)
	}
	if err != nil {
		return fmt.Errorf("gradebook: close term of course %d: %w", courseID, err)
	}
	return nil
}
