package course

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Template scopes: who may copy a template course.
var TemplateScopes = []string{"private", "school", "district", "city"}

// templateVisible is true when course c is a template the caller ($1: the
// organizations they belong to, $2: their id) may copy. Paths are city, district, school.
const templateVisible = `c.is_template AND c.archived_at IS NULL AND (
	EXISTS (SELECT 1 FROM course_teachers t WHERE t.course_id = c.id AND t.user_id = $2)
	OR (c.template_scope = 'school' AND c.org_id = ANY($1))
	OR (c.template_scope = 'district' AND c.org_path[2] = ANY($1))
	OR (c.template_scope = 'city' AND c.org_path[1] = ANY($1)))`

// SetTemplate shares a course as a template with a scope (or stops sharing it).
func (s *Service) SetTemplate(ctx context.Context, a *identity.Actor, courseID int64, isTemplate bool, scope string) error {
	if _, err := s.editCourse(ctx, a, courseID, "share template"); err != nil {
		return err
	}
	if scope == "" {
		scope = "private"
	}
	if !slices.Contains(TemplateScopes, scope) {
		return fault.Invalid("template_scope", "course.template_scope", "Choose who may use the template.")
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE courses SET is_template = $2, template_scope = $3, updated_at = now() WHERE id = $1`,
			courseID, isTemplate, scope); err != nil {
			return err
		}
		return s.indexCourse(ctx, tx, courseID)
	})
	if err != nil {
		return fmt.Errorf("course %d: share template: %w", courseID, err)
	}
	return nil
}

// Templates lists the template courses the caller may create a course from.
func (s *Service) Templates(ctx context.Context, a *identity.Actor) ([]Course, error) {
	rows, err := s.db.Query(ctx, `SELECT `+courseCols+` FROM courses c WHERE `+templateVisible+`
		ORDER BY c.subject, c.grade, c.title LIMIT 500`, a.MemberOrgs(), a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("course: templates: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Course, error) {
		var c Course
		err := r.Scan(&c.ID, &c.OrgID, &c.OrgPath, &c.OwnerID, &c.Title, &c.Description, &c.Subject, &c.Grade,
			&c.SchoolYear, &c.IsTemplate, &c.TemplateScope, &c.CopiedFrom, &c.ArchivedAt, &c.CreatedAt, &c.UpdatedAt, &c.ClassIDs)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("course: templates: %w", err)
	}
	return out, nil
}

// CopyOptions says what the copy of a course is: its title (default: the source's),
// school year (default: the current one), classes and school (as for Create).
type CopyOptions struct {
	Title      string  `json:"title"`
	SchoolYear string  `json:"school_year"`
	ClassIDs   []int64 `json:"class_ids"`
	OrgID      int64   `json:"org_id,omitempty"`
}

// Copy makes a new course owned by the caller from one they teach or administer, or
// from a template they may use: sections and items are copied (prerequisites point at
// the copies; per-class visibility and item dates are dropped), classes, teachers and
// progress are not. The ItemCopiers then copy what other parts keep about the items
// (assignment settings, gradebook weights) in the same transaction.
func (s *Service) Copy(ctx context.Context, a *identity.Actor, sourceID int64, o CopyOptions) (*Course, error) {
	src, err := s.copySource(ctx, a, sourceID)
	if err != nil {
		return nil, err
	}
	if o.Title == "" {
		o.Title = src.Title
	}
	n := NewCourse{Title: o.Title, Description: src.Description, Subject: src.Subject, Grade: src.Grade,
		SchoolYear: o.SchoolYear, ClassIDs: o.ClassIDs, OrgID: o.OrgID}
	c, err := s.create(ctx, a, n, func(tx pgx.Tx, id int64) error {
		if _, err := tx.Exec(ctx, `UPDATE courses SET copied_from = $2 WHERE id = $1`, id, sourceID); err != nil {
			return err
		}
		items, err := copyContent(ctx, tx, sourceID, id)
		if err != nil {
			return err
		}
		for _, cp := range s.copiers {
			if err := cp.CopyItems(ctx, tx, sourceID, id, items); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Service) copySource(ctx context.Context, a *identity.Actor, id int64) (*Course, error) {
	x, err := s.Access(ctx, a, id)
	if err == nil && x.CanSeeAll() {
		return x.Course, nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var c Course
	err = s.db.QueryRow(ctx, `SELECT c.title, c.description, c.subject, c.grade FROM courses c WHERE c.id = $3 AND `+templateVisible,
		a.MemberOrgs(), a.User.ID, id).Scan(&c.Title, &c.Description, &c.Subject, &c.Grade)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("course %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("course %d: copy: %w", id, err)
	}
	return &c, nil
}

// ItemCopier copies what another package keeps about course items (assignment
// settings, for one) when a course is copied. It is called in the copy's transaction
// with the source and new course ids and a map from each source item id to its copy.
type ItemCopier interface {
	CopyItems(ctx context.Context, tx pgx.Tx, from, to int64, items map[int64]int64) error
}

// WithItemCopier adds an ItemCopier called by Copy.
func (s *Service) WithItemCopier(c ItemCopier) *Service {
	s.copiers = append(s.copiers, c)
	return s
}

// copyContent copies the sections and items of course from into course to and
// returns the map from each source item id to the id of its copy.
func copyContent(ctx context.Context, tx pgx.Tx, from, to int64) (map[int64]int64, error) {
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE copy_sections ON COMMIT DROP AS
		SELECT id AS old_id, nextval(pg_get_serial_sequence('course_sections', 'id')) AS new_id FROM course_sections WHERE course_id = $1`, from); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO course_sections (id, course_id, position, title, summary) OVERRIDING SYSTEM VALUE
		SELECT m.new_id, $2, s.position, s.title, s.summary FROM course_sections s JOIN copy_sections m ON m.old_id = s.id
		WHERE s.course_id = $1`, from, to); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE copy_items ON COMMIT DROP AS
		SELECT id AS old_id, nextval(pg_get_serial_sequence('course_items', 'id')) AS new_id FROM course_items WHERE course_id = $1`, from); err != nil {
		return nil, err
	}
	_, err := tx.Exec(ctx, `INSERT INTO course_items (id, course_id, section_id, position, kind, title, markdown, ref_id, ref_version,
		  url, published, opens_at, closes_at, class_ids, prerequisite_ids) OVERRIDING SYSTEM VALUE
		SELECT m.new_id, $2, sm.new_id, i.position, i.kind, i.title, i.markdown, i.ref_id, i.ref_version, i.url, i.published,
		  NULL, NULL, '{}',
		  ARRAY(SELECT p.new_id FROM unnest(i.prerequisite_ids) AS pre(id) JOIN copy_items p ON p.old_id = pre.id)
		FROM course_items i JOIN copy_items m ON m.old_id = i.id LEFT JOIN copy_sections sm ON sm.old_id = i.section_id
		WHERE i.course_id = $1`, from, to)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT old_id, new_id FROM copy_items`)
	if err != nil {
		return nil, err
	}
	items := map[int64]int64{}
	var o, n int64
	_, err = pgx.ForEachRow(rows, []any{&o, &n}, func() error {
		items[o] = n
		return nil
	})
	return items, err
}
