package course

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// editable loads an item for a change by a teacher of its course.
func (s *Service) editable(ctx context.Context, a *identity.Actor, itemID int64, what string) (*Access, *Item, error) {
	it, err := scanItem(s.db.QueryRow(ctx, `SELECT `+itemCols+` FROM course_items WHERE id = $1`, itemID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, fmt.Errorf("course item %d: %w", itemID, ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("course item %d: %w", itemID, err)
	}
	x, err := s.Access(ctx, a, it.CourseID)
	if err != nil {
		return nil, nil, err
	}
	if !x.CanEdit() {
		return nil, nil, fmt.Errorf("course item %d: %s: %w", itemID, what, ErrForbidden)
	}
	return x, it, nil
}

// UpdateItem replaces what a teacher edits of an item (its kind stays); the section and
// position are changed with MoveItem. Saving a lesson drops the teacher's draft.
func (s *Service) UpdateItem(ctx context.Context, a *identity.Actor, itemID int64, n NewItem) (*Item, error) {
	x, it, err := s.editable(ctx, a, itemID, "update")
	if err != nil {
		return nil, err
	}
	n.Kind, n.SectionID = it.Kind, nil
	if err := n.normalize(); err != nil {
		return nil, err
	}
	if slices.Contains(n.PrerequisiteIDs, itemID) {
		return nil, fault.Invalid("prerequisite_ids", "course.item_prereq_self", "An item cannot be its own prerequisite.")
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := checkItemRefs(ctx, tx, x.Course, n); err != nil {
			return err
		}
		if err := s.checkResource(ctx, a, &n); err != nil {
			return err
		}
		published := n.Published == nil || *n.Published
		_, err := tx.Exec(ctx, `
			UPDATE course_items SET title = $2, markdown = $3, ref_id = $4, ref_version = $5, url = $6, published = $7,
			  opens_at = $8, closes_at = $9, class_ids = $10, prerequisite_ids = $11, updated_at = now()
			WHERE id = $1`, itemID, n.Title, n.Markdown, n.RefID, n.RefVersion, n.URL, published,
			n.OpensAt, n.ClosesAt, nonNil(n.ClassIDs), nonNil(n.PrerequisiteIDs))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM course_item_drafts WHERE item_id = $1 AND user_id = $2`, itemID, a.User.ID)
		return err
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("course item %d: update: %w", itemID, err)
	}
	return s.Item(ctx, a, itemID)
}

// DeleteItem removes an item with its progress; other items stop requiring it.
func (s *Service) DeleteItem(ctx context.Context, a *identity.Actor, itemID int64) error {
	_, it, err := s.editable(ctx, a, itemID, "delete")
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM course_items WHERE id = $1`, itemID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE course_items SET prerequisite_ids = array_remove(prerequisite_ids, $2)
			WHERE course_id = $1 AND $2 = ANY(prerequisite_ids)`, it.CourseID, itemID)
		return err
	})
	if err != nil {
		return fmt.Errorf("course item %d: delete: %w", itemID, err)
	}
	return nil
}

// MoveItem puts an item into a section (nil: outside sections) at a 1-based position,
// renumbering the items there.
func (s *Service) MoveItem(ctx context.Context, a *identity.Actor, itemID int64, sectionID *int64, position int) error {
	x, _, err := s.editable(ctx, a, itemID, "move")
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := checkItemRefs(ctx, tx, x.Course, NewItem{SectionID: sectionID}); err != nil {
			return err
		}
		var ids []int64
		err := tx.QueryRow(ctx, `SELECT COALESCE(array_agg(id ORDER BY position, id), '{}') FROM course_items
			WHERE course_id = $1 AND section_id IS NOT DISTINCT FROM $2 AND id <> $3`, x.Course.ID, sectionID, itemID).Scan(&ids)
		if err != nil {
			return err
		}
		ids = slices.Insert(ids, clampPos(position, len(ids)), itemID)
		_, err = tx.Exec(ctx, `UPDATE course_items i SET section_id = $2, position = o.n, updated_at = now()
			FROM unnest($3::bigint[]) WITH ORDINALITY AS o(id, n) WHERE i.id = o.id AND i.course_id = $1`, x.Course.ID, sectionID, ids)
		return err
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return err
		}
		return fmt.Errorf("course item %d: move: %w", itemID, err)
	}
	return nil
}

// clampPos turns a 1-based position into an index of a list of n (past the end: last).
func clampPos(position, n int) int {
	if position < 1 {
		return 0
	}
	return min(position-1, n)
}

// Draft is a lesson's autosaved text.
type Draft struct {
	ItemID   int64     `json:"item_id"`
	Title    string    `json:"title"`
	Markdown string    `json:"markdown"`
	SavedAt  time.Time `json:"saved_at"`
}

// SaveDraft autosaves a teacher's unsaved lesson text; readers keep seeing the saved
// lesson until UpdateItem.
func (s *Service) SaveDraft(ctx context.Context, a *identity.Actor, itemID int64, title, markdown string) (*Draft, error) {
	_, it, err := s.editable(ctx, a, itemID, "save draft")
	if err != nil {
		return nil, err
	}
	if it.Kind != KindLesson {
		return nil, fault.Invalid("type", "course.draft_kind", "Only lessons have drafts.")
	}
	if len(markdown) > 1<<20 || len(title) > 1000 {
		return nil, fault.Invalid("markdown", "course.markdown_size", "A lesson may hold at most 1 MiB of text.")
	}
	d := Draft{ItemID: itemID, Title: strings.TrimSpace(title), Markdown: markdown}
	err = s.db.QueryRow(ctx, `
		INSERT INTO course_item_drafts (item_id, user_id, title, markdown) VALUES ($1, $2, $3, $4)
		ON CONFLICT (item_id, user_id) DO UPDATE SET title = EXCLUDED.title, markdown = EXCLUDED.markdown, saved_at = now()
		RETURNING saved_at`, itemID, a.User.ID, d.Title, markdown).Scan(&d.SavedAt)
	if err != nil {
		return nil, fmt.Errorf("course item %d: save draft: %w", itemID, err)
	}
	return &d, nil
}

// Draft returns the caller's autosaved text of a lesson, or ErrNotFound when there is
// none newer than the saved lesson.
func (s *Service) Draft(ctx context.Context, a *identity.Actor, itemID int64) (*Draft, error) {
	_, it, err := s.editable(ctx, a, itemID, "draft")
	if err != nil {
		return nil, err
	}
	d := Draft{ItemID: itemID}
	err = s.db.QueryRow(ctx, `SELECT title, markdown, saved_at FROM course_item_drafts WHERE item_id = $1 AND user_id = $2`,
		itemID, a.User.ID).Scan(&d.Title, &d.Markdown, &d.SavedAt)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !d.SavedAt.After(it.UpdatedAt)) {
		return nil, fmt.Errorf("course item %d: draft: %w", itemID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("course item %d: draft: %w", itemID, err)
	}
	return &d, nil
}
