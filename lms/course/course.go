package course

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// Service is the course domain over PostgreSQL.
type Service struct {
	db    *pgxpool.Pool
	log   *slog.Logger
	now   func() time.Time
	res   Resources
	index search.Index
	// copiers copy other packages' data about items when a course is copied
	copiers []ItemCopier
}

// New returns the course service.
func New(db *pgxpool.Pool, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, log: log, now: time.Now}
}

// Access is what the caller may do with one course.
type Access struct {
	Course *Course
	Role   Role
	// Students are the children a parent looks through (RoleParent only).
	Children []int64
}

// CanEdit reports whether the caller teaches the course.
func (x *Access) CanEdit() bool { return x.Role == RoleTeacher }

// CanSeeAll reports whether the caller sees every item, released or not, and every
// student's work: teachers and administrators.
func (x *Access) CanSeeAll() bool { return x.Role == RoleTeacher || x.Role == RoleViewer }

const courseCols = `c.id, c.org_id, c.org_path, c.owner_id, c.title, c.description, c.subject, c.grade,
	c.school_year, c.is_template, c.template_scope, c.copied_from, c.archived_at, c.created_at, c.updated_at,
	COALESCE((SELECT array_agg(class_id ORDER BY class_id) FROM course_classes WHERE course_id = c.id), '{}')`

// roleCols adds, after courseCols, what decides the caller's ($2) role in course c.
const roleCols = `,
	EXISTS (SELECT 1 FROM course_teachers WHERE course_id = c.id AND user_id = $2),
	EXISTS (SELECT 1 FROM course_classes cc JOIN class_members m ON m.class_id = cc.class_id
	        WHERE cc.course_id = c.id AND m.user_id = $2 AND m.role = 'student'),
	COALESCE((SELECT array_agg(DISTINCT g.student_id) FROM guardians g
	        JOIN class_members m ON m.user_id = g.student_id AND m.role = 'student'
	        JOIN course_classes cc ON cc.class_id = m.class_id AND cc.course_id = c.id
	        WHERE g.parent_id = $2), '{}')`

func scanAccess(row pgx.Row, a *identity.Actor) (*Access, error) {
	var c Course
	var teaches, learns bool
	var children []int64
	err := row.Scan(&c.ID, &c.OrgID, &c.OrgPath, &c.OwnerID, &c.Title, &c.Description, &c.Subject, &c.Grade,
		&c.SchoolYear, &c.IsTemplate, &c.TemplateScope, &c.CopiedFrom, &c.ArchivedAt, &c.CreatedAt, &c.UpdatedAt, &c.ClassIDs,
		&teaches, &learns, &children)
	if err != nil {
		return nil, err
	}
	x := &Access{Course: &c}
	switch {
	case a.IsSystem():
		x.Role = RoleViewer
	case teaches && a.Can(identity.ActionTeach, c.OrgPath):
		x.Role = RoleTeacher
	case a.Can(identity.ActionViewUsers, c.OrgPath):
		x.Role = RoleViewer
	case learns && a.Can(identity.ActionLearn, c.OrgPath):
		x.Role = RoleStudent
	case len(children) > 0 && a.HasRole(identity.RoleParent):
		x.Role, x.Children = RoleParent, children
	}
	return x, nil
}

// Access loads a course with the caller's role in it. A course the caller has no part
// in is ErrNotFound, so its existence does not leak across schools.
func (s *Service) Access(ctx context.Context, a *identity.Actor, courseID int64) (*Access, error) {
	x, err := scanAccess(s.db.QueryRow(ctx, `SELECT `+courseCols+roleCols+` FROM courses c WHERE c.id = $1`, courseID, a.User.ID), a)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && x.Role == "") {
		return nil, fmt.Errorf("course %d: %w", courseID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("course %d: %w", courseID, err)
	}
	return x, nil
}

// Get returns a course the caller may see.
func (s *Service) Get(ctx context.Context, a *identity.Actor, courseID int64) (*Course, error) {
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	return x.Course, nil
}

// Create creates a course taught by the actor to classes of one school.
func (s *Service) Create(ctx context.Context, a *identity.Actor, n NewCourse) (*Course, error) {
	return s.create(ctx, a, n, nil)
}

// create creates a course and, in the same transaction, runs fill (when given) on it.
func (s *Service) create(ctx context.Context, a *identity.Actor, n NewCourse, fill func(tx pgx.Tx, id int64) error) (*Course, error) {
	if err := n.normalize(s.now()); err != nil {
		return nil, err
	}
	orgID, err := s.courseOrg(ctx, a, n)
	if err != nil {
		return nil, err
	}
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1 AND kind = 'school'`, orgID).Scan(&path); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fault.Invalid("org_id", "course.school", "A course belongs to a school.")
		}
		return nil, fmt.Errorf("course: create: %w", err)
	}
	if err := a.Require(identity.ActionTeach, path); err != nil {
		return nil, fmt.Errorf("course: create: %w", ErrForbidden)
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO courses (org_id, org_path, owner_id, title, description, subject, grade, school_year)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			orgID, path, a.User.ID, n.Title, n.Description, n.Subject, n.Grade, n.SchoolYear).Scan(&id)
		if isFK(err) {
			return fault.Invalid("subject", "course.subject", "Choose a subject.")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO course_teachers (course_id, user_id, role) VALUES ($1, $2, 'owner')`, id, a.User.ID); err != nil {
			return err
		}
		if err := linkClasses(ctx, tx, id, orgID, n.ClassIDs); err != nil {
			return err
		}
		if fill != nil {
			if err := fill(tx, id); err != nil {
				return err
			}
		}
		return s.indexCourse(ctx, tx, id)
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("course: create: %w", err)
	}
	return s.Get(ctx, a, id)
}

// courseOrg picks the school of a new course: its classes' school, else the one given,
// else the teacher's home organization.
func (s *Service) courseOrg(ctx context.Context, a *identity.Actor, n NewCourse) (int64, error) {
	if len(n.ClassIDs) == 0 {
		if n.OrgID != 0 {
			return n.OrgID, nil
		}
		return a.User.HomeOrgID, nil
	}
	var orgs []int64
	err := s.db.QueryRow(ctx, `SELECT COALESCE(array_agg(DISTINCT org_id), '{}') FROM classes WHERE id = ANY($1)`, n.ClassIDs).Scan(&orgs)
	if err != nil {
		return 0, fmt.Errorf("course: classes: %w", err)
	}
	if len(orgs) != 1 || (n.OrgID != 0 && orgs[0] != n.OrgID) {
		return 0, fault.Invalid("class_ids", "course.classes", "Choose classes of one school.")
	}
	return orgs[0], nil
}

// linkClasses adds classes to a course; each must exist in the course's school.
func linkClasses(ctx context.Context, tx pgx.Tx, courseID, orgID int64, classIDs []int64) error {
	if len(classIDs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO course_classes (course_id, class_id)
		SELECT $1, id FROM classes WHERE id = ANY($2) AND org_id = $3
		ON CONFLICT DO NOTHING`, courseID, classIDs, orgID)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM classes WHERE id = ANY($1) AND org_id = $2`, classIDs, orgID).Scan(&n); err != nil {
		return err
	}
	if n != len(dedup(classIDs)) {
		return fault.Invalid("class_ids", "course.classes", "Choose classes of one school.")
	}
	return nil
}

func dedup(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func isFK(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// List returns the courses the caller teaches, takes, follows as a parent or, for
// administrators, the courses of their subtree (newest year first, at most 500), each
// with the caller's role.
func (s *Service) List(ctx context.Context, a *identity.Actor) ([]Access, error) {
	rows, err := s.db.Query(ctx, `
		SELECT `+courseCols+roleCols+` FROM courses c
		WHERE c.archived_at IS NULL AND (
		  EXISTS (SELECT 1 FROM course_teachers t WHERE t.course_id = c.id AND t.user_id = $2)
		  OR EXISTS (SELECT 1 FROM course_classes cc JOIN class_members m ON m.class_id = cc.class_id
		             WHERE cc.course_id = c.id AND m.role = 'student'
		               AND (m.user_id = $2 OR m.user_id IN (SELECT student_id FROM guardians WHERE parent_id = $2)))
		  OR c.org_path && $1::bigint[])
		ORDER BY c.school_year DESC, c.title LIMIT 500`, a.AdminScope(), a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("course: list: %w", err)
	}
	defer rows.Close()
	var out []Access
	for rows.Next() {
		x, err := scanAccess(rows, a)
		if err != nil {
			return nil, fmt.Errorf("course: list: %w", err)
		}
		// Grants decide in the end: a teacher who left the school keeps no course.
		if x.Role != "" {
			out = append(out, *x)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("course: list: %w", err)
	}
	return out, nil
}
