package course

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// editableSection loads the course of a section for a change by one of its teachers.
func (s *Service) editableSection(ctx context.Context, a *identity.Actor, sectionID int64, what string) (*Access, error) {
	var courseID int64
	err := s.db.QueryRow(ctx, `SELECT course_id FROM course_sections WHERE id = $1`, sectionID).Scan(&courseID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("course section %d: %w", sectionID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("course section %d: %w", sectionID, err)
	}
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fmt.Errorf("course section %d: %s: %w", sectionID, what, ErrForbidden)
	}
	return x, nil
}

// UpdateSection renames a section and changes its summary.
func (s *Service) UpdateSection(ctx context.Context, a *identity.Actor, sectionID int64, title, summary string) error {
	if _, err := s.editableSection(ctx, a, sectionID, "update"); err != nil {
		return err
	}
	title = strings.TrimSpace(title)
	if title == "" || len([]rune(title)) > 200 {
		return fault.Invalid("title", "course.section_title", "Give the section a title of at most 200 characters.")
	}
	if _, err := s.db.Exec(ctx, `UPDATE course_sections SET title = $2, summary = $3 WHERE id = $1`, sectionID, title, summary); err != nil {
		return fmt.Errorf("course section %d: update: %w", sectionID, err)
	}
	return nil
}

// DeleteSection removes a section; with items it is refused unless withItems, which
// deletes them too (an empty section goes either way).
func (s *Service) DeleteSection(ctx context.Context, a *identity.Actor, sectionID int64, withItems bool) error {
	if _, err := s.editableSection(ctx, a, sectionID, "delete"); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var ids []int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(array_agg(id), '{}') FROM course_items WHERE section_id = $1`, sectionID).Scan(&ids); err != nil {
			return err
		}
		if len(ids) > 0 && !withItems {
			return fault.Invalid("section", "course.section_not_empty", "Move or delete the section's items first.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM course_items WHERE id = ANY($1)`, ids); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE course_items SET prerequisite_ids = ARRAY(SELECT unnest(prerequisite_ids) EXCEPT SELECT unnest($1::bigint[]))
			WHERE prerequisite_ids && $1::bigint[]`, ids); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM course_sections WHERE id = $1`, sectionID)
		return err
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return err
		}
		return fmt.Errorf("course section %d: delete: %w", sectionID, err)
	}
	return nil
}

// MoveSection puts a section at a 1-based position among the course's sections.
func (s *Service) MoveSection(ctx context.Context, a *identity.Actor, sectionID int64, position int) error {
	x, err := s.editableSection(ctx, a, sectionID, "move")
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var ids []int64
		err := tx.QueryRow(ctx, `SELECT COALESCE(array_agg(id ORDER BY position, id), '{}') FROM course_sections
			WHERE course_id = $1 AND id <> $2`, x.Course.ID, sectionID).Scan(&ids)
		if err != nil {
			return err
		}
		ids = slices.Insert(ids, clampPos(position, len(ids)), sectionID)
		_, err = tx.Exec(ctx, `UPDATE course_sections c SET position = o.n
			FROM unnest($2::bigint[]) WITH ORDINALITY AS o(id, n) WHERE c.id = o.id AND c.course_id = $1`, x.Course.ID, ids)
		return err
	})
	if err != nil {
		return fmt.Errorf("course section %d: move: %w", sectionID, err)
	}
	return nil
}
