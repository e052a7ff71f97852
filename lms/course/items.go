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

// AddSection appends a section (a week or unit) to a course.
func (s *Service) AddSection(ctx context.Context, a *identity.Actor, courseID int64, title, summary string) (*Section, error) {
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fmt.Errorf("course %d: add section: %w", courseID, ErrForbidden)
	}
	title = strings.TrimSpace(title)
	if title == "" || len([]rune(title)) > 200 {
		return nil, fault.Invalid("title", "course.section_title", "Give the section a title of at most 200 characters.")
	}
	sec := Section{CourseID: courseID, Title: title, Summary: summary}
	err = s.db.QueryRow(ctx, `
		INSERT INTO course_sections (course_id, position, title, summary)
		VALUES ($1, (SELECT COALESCE(max(position), 0) + 1 FROM course_sections WHERE course_id = $1), $2, $3)
		RETURNING id, position`, courseID, title, summary).Scan(&sec.ID, &sec.Position)
	if err != nil {
		return nil, fmt.Errorf("course %d: add section: %w", courseID, err)
	}
	return &sec, nil
}

const itemCols = `id, course_id, section_id, position, kind, title, markdown, ref_id, ref_version, url, published,
	opens_at, closes_at, class_ids, prerequisite_ids, created_at, updated_at`

func scanItem(row pgx.Row) (*Item, error) {
	var it Item
	err := row.Scan(&it.ID, &it.CourseID, &it.SectionID, &it.Position, &it.Kind, &it.Title, &it.Markdown, &it.RefID,
		&it.RefVersion, &it.URL, &it.Published, &it.OpensAt, &it.ClosesAt, &it.ClassIDs, &it.PrerequisiteIDs,
		&it.CreatedAt, &it.UpdatedAt)
	return &it, err
}

// AddItem adds an item at the end of a section (or of the course when SectionID is nil).
func (s *Service) AddItem(ctx context.Context, a *identity.Actor, courseID int64, n NewItem) (*Item, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fmt.Errorf("course %d: add item: %w", courseID, ErrForbidden)
	}
	if err := s.checkResource(ctx, a, &n); err != nil {
		return nil, err
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := checkItemRefs(ctx, tx, x.Course, n); err != nil {
			return err
		}
		published := n.Published == nil || *n.Published
		return tx.QueryRow(ctx, `
			INSERT INTO course_items (course_id, section_id, position, kind, title, markdown, ref_id, ref_version, url,
			  published, opens_at, closes_at, class_ids, prerequisite_ids)
			VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM course_items WHERE course_id = $1 AND section_id IS NOT DISTINCT FROM $2),
			  $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			RETURNING id`, courseID, n.SectionID, n.Kind, n.Title, n.Markdown, n.RefID, n.RefVersion, n.URL,
			published, n.OpensAt, n.ClosesAt, nonNil(n.ClassIDs), nonNil(n.PrerequisiteIDs)).Scan(&id)
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("course %d: add item: %w", courseID, err)
	}
	return s.Item(ctx, a, id)
}

// checkItemRefs makes sure the section, classes and prerequisites belong to the course.
func checkItemRefs(ctx context.Context, tx pgx.Tx, c *Course, n NewItem) error {
	if n.SectionID != nil {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM course_sections WHERE id = $1 AND course_id = $2)`, *n.SectionID, c.ID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fault.Invalid("section_id", "course.item_section", "Choose a section of this course.")
		}
	}
	for _, id := range n.ClassIDs {
		if !slices.Contains(c.ClassIDs, id) {
			return fault.Invalid("class_ids", "course.item_classes", "Choose classes this course is taught to.")
		}
	}
	if len(n.PrerequisiteIDs) > 0 {
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM course_items WHERE id = ANY($1) AND course_id = $2`, n.PrerequisiteIDs, c.ID).Scan(&count); err != nil {
			return err
		}
		if count != len(dedup(n.PrerequisiteIDs)) {
			return fault.Invalid("prerequisite_ids", "course.item_prereq", "Prerequisites must be items of this course.")
		}
	}
	return nil
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// Item returns one item as the caller may see it: teachers and administrators see
// every item; students and parents only published items for their classes, with the
// lock that keeps them out (not open yet, closed, prerequisite missing).
func (s *Service) Item(ctx context.Context, a *identity.Actor, itemID int64) (*Item, error) {
	it, err := scanItem(s.db.QueryRow(ctx, `SELECT `+itemCols+` FROM course_items WHERE id = $1`, itemID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("course item %d: %w", itemID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("course item %d: %w", itemID, err)
	}
	x, err := s.Access(ctx, a, it.CourseID)
	if err != nil {
		return nil, err
	}
	outline, err := s.outline(ctx, x, a)
	if err != nil {
		return nil, err
	}
	for _, sec := range outline {
		for _, o := range sec.Items {
			if o.ID == itemID {
				return &o, nil
			}
		}
	}
	return nil, fmt.Errorf("course item %d: %w", itemID, ErrNotFound)
}

// Outline returns the course's sections with the items the caller may see, in order.
// Items outside any section come first, in a section with ID 0.
func (s *Service) Outline(ctx context.Context, a *identity.Actor, courseID int64) (*Access, []Section, error) {
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, nil, err
	}
	secs, err := s.outline(ctx, x, a)
	return x, secs, err
}

func (s *Service) outline(ctx context.Context, x *Access, a *identity.Actor) ([]Section, error) {
	cid := x.Course.ID
	rows, err := s.db.Query(ctx, `SELECT id, course_id, position, title, summary FROM course_sections WHERE course_id = $1 ORDER BY position, id`, cid)
	if err != nil {
		return nil, fmt.Errorf("course %d: outline: %w", cid, err)
	}
	secs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Section, error) {
		var sec Section
		err := r.Scan(&sec.ID, &sec.CourseID, &sec.Position, &sec.Title, &sec.Summary)
		return sec, err
	})
	if err != nil {
		return nil, fmt.Errorf("course %d: outline: %w", cid, err)
	}
	items, err := s.items(ctx, cid)
	if err != nil {
		return nil, err
	}
	learners := s.learnersOf(x, a)
	var classes []int64
	states := map[int64]string{}
	if len(learners) > 0 {
		if classes, states, err = s.learnerState(ctx, cid, learners[0]); err != nil {
			return nil, err
		}
	}
	now := s.now()
	kinds := map[int64]string{}
	for _, it := range items {
		kinds[it.ID] = it.Kind
	}
	out := append([]Section{{CourseID: cid}}, secs...)
	for _, it := range items {
		if !x.CanSeeAll() {
			if !it.Published || (len(it.ClassIDs) > 0 && !overlaps(it.ClassIDs, classes)) {
				continue
			}
			it.State = states[it.ID]
			it.Locked = lockOf(&it, now, states, kinds)
			if it.Locked != "" { // what is not open yet is not given away either
				it.Markdown, it.URL = "", ""
			}
		}
		for i := range out {
			if (it.SectionID == nil && out[i].ID == 0) || (it.SectionID != nil && *it.SectionID == out[i].ID) {
				out[i].Items = append(out[i].Items, it)
				break
			}
		}
	}
	if len(out[0].Items) == 0 {
		out = out[1:]
	}
	return out, nil
}

// learnersOf is whose progress the caller looks at: their own as a student, their
// first child's as a parent.
func (s *Service) learnersOf(x *Access, a *identity.Actor) []int64 {
	switch x.Role {
	case RoleStudent:
		return []int64{a.User.ID}
	case RoleParent:
		return x.Children
	}
	return nil
}

func (s *Service) items(ctx context.Context, courseID int64) ([]Item, error) {
	rows, err := s.db.Query(ctx, `SELECT `+itemCols+` FROM course_items WHERE course_id = $1 ORDER BY position, id`, courseID)
	if err != nil {
		return nil, fmt.Errorf("course %d: items: %w", courseID, err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("course %d: items: %w", courseID, err)
		}
		out = append(out, *it)
	}
	return out, rows.Err()
}

func overlaps(a, b []int64) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// lockOf says why a released item is not open to a learner yet ("" when it is open).
func lockOf(it *Item, now time.Time, states map[int64]string, kinds map[int64]string) string {
	switch {
	case it.OpensAt != nil && now.Before(*it.OpensAt):
		return "not_open"
	case it.ClosesAt != nil && !now.Before(*it.ClosesAt) && it.Kind != KindLesson && it.Kind != KindResource:
		return "closed"
	}
	for _, p := range it.PrerequisiteIDs {
		if !Done(kinds[p], states[p]) {
			return "prerequisite"
		}
	}
	return ""
}
