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

// Teacher is the owner or a co-teacher of a course.
type Teacher struct {
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"` // owner or teacher
}

func (s *Service) editCourse(ctx context.Context, a *identity.Actor, courseID int64, what string) (*Access, error) {
	x, err := s.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fmt.Errorf("course %d: %s: %w", courseID, what, ErrForbidden)
	}
	return x, nil
}

// Teachers lists a course's teachers, the owner first (anyone who sees the course).
func (s *Service) Teachers(ctx context.Context, a *identity.Actor, courseID int64) ([]Teacher, error) {
	if _, err := s.Access(ctx, a, courseID); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT u.id, u.username, u.full_name, t.role FROM course_teachers t
		JOIN users u ON u.id = t.user_id WHERE t.course_id = $1 ORDER BY t.role = 'owner' DESC, u.full_name`, courseID)
	if err != nil {
		return nil, fmt.Errorf("course %d: teachers: %w", courseID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Teacher])
}

// AddTeacher makes a teacher of the course's school (by username or person ID) a
// co-teacher.
func (s *Service) AddTeacher(ctx context.Context, a *identity.Actor, courseID int64, login string) (*Teacher, error) {
	x, err := s.editCourse(ctx, a, courseID, "add teacher")
	if err != nil {
		return nil, err
	}
	login = strings.TrimSpace(login)
	var t Teacher
	err = s.db.QueryRow(ctx, `SELECT u.id, u.username, u.full_name FROM users u
		WHERE (u.username = lower($1) OR u.person_id = $1) AND NOT u.disabled AND EXISTS (
		  SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.role = 'teacher' AND r.org_id = ANY($2))`,
		login, x.Course.OrgPath).Scan(&t.UserID, &t.Username, &t.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fault.Invalid("username", "course.teacher_unknown", "No teacher of this school has that username.")
	}
	if err != nil {
		return nil, fmt.Errorf("course %d: add teacher: %w", courseID, err)
	}
	t.Role = "teacher"
	if _, err := s.db.Exec(ctx, `INSERT INTO course_teachers (course_id, user_id, role) VALUES ($1, $2, 'teacher')
		ON CONFLICT DO NOTHING`, courseID, t.UserID); err != nil {
		return nil, fmt.Errorf("course %d: add teacher: %w", courseID, err)
	}
	return &t, nil
}

// RemoveTeacher takes a co-teacher off the course; the owner stays.
func (s *Service) RemoveTeacher(ctx context.Context, a *identity.Actor, courseID, userID int64) error {
	x, err := s.editCourse(ctx, a, courseID, "remove teacher")
	if err != nil {
		return err
	}
	if userID == x.Course.OwnerID {
		return fault.Invalid("user_id", "course.teacher_owner", "The course's owner cannot be removed.")
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM course_teachers WHERE course_id = $1 AND user_id = $2`, courseID, userID); err != nil {
		return fmt.Errorf("course %d: remove teacher: %w", courseID, err)
	}
	return nil
}

// LinkClasses adds classes of the course's school to it.
func (s *Service) LinkClasses(ctx context.Context, a *identity.Actor, courseID int64, classIDs []int64) error {
	x, err := s.editCourse(ctx, a, courseID, "link classes")
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error { return linkClasses(ctx, tx, courseID, x.Course.OrgID, classIDs) })
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return err
		}
		return fmt.Errorf("course %d: link classes: %w", courseID, err)
	}
	return nil
}

// UnlinkClass takes a class off the course and out of its items' class lists.
func (s *Service) UnlinkClass(ctx context.Context, a *identity.Actor, courseID, classID int64) error {
	x, err := s.editCourse(ctx, a, courseID, "unlink class")
	if err != nil {
		return err
	}
	if !slices.Contains(x.Course.ClassIDs, classID) {
		return fmt.Errorf("course %d: class %d: %w", courseID, classID, ErrNotFound)
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM course_classes WHERE course_id = $1 AND class_id = $2`, courseID, classID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE course_items SET class_ids = array_remove(class_ids, $2) WHERE course_id = $1 AND $2 = ANY(class_ids)`, courseID, classID)
		return err
	})
	if err != nil {
		return fmt.Errorf("course %d: unlink class: %w", courseID, err)
	}
	return nil
}

// CourseEdit is what a teacher may change of a course itself.
type CourseEdit struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Subject     string `json:"subject"`
	Grade       int    `json:"grade"`
	SchoolYear  string `json:"school_year"`
}

// UpdateCourse changes a course's title, description, subject, grade and year.
func (s *Service) UpdateCourse(ctx context.Context, a *identity.Actor, courseID int64, e CourseEdit) (*Course, error) {
	x, err := s.editCourse(ctx, a, courseID, "update")
	if err != nil {
		return nil, err
	}
	n := NewCourse{Title: e.Title, Description: e.Description, Subject: e.Subject, Grade: e.Grade, SchoolYear: e.SchoolYear}
	if n.SchoolYear == "" {
		n.SchoolYear = x.Course.SchoolYear
	}
	if err := n.normalize(s.now()); err != nil {
		return nil, err
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE courses SET title = $2, description = $3, subject = $4, grade = $5, school_year = $6, updated_at = now()
			WHERE id = $1`, courseID, n.Title, n.Description, n.Subject, n.Grade, n.SchoolYear)
		if err != nil {
			return err
		}
		return s.indexCourse(ctx, tx, courseID)
	})
	if isFK(err) {
		return nil, fault.Invalid("subject", "course.subject", "Choose a subject.")
	}
	if err != nil {
		return nil, fmt.Errorf("course %d: update: %w", courseID, err)
	}
	return s.Get(ctx, a, courseID)
}

// ClassChoice is a class a teacher may link a course to.
type ClassChoice struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"org_id"`
	Name       string `json:"name"`
	SchoolYear string `json:"school_year"`
	Grade      *int   `json:"grade,omitempty"`
}

// TeachableClasses lists the classes of the schools where the caller teaches.
func (s *Service) TeachableClasses(ctx context.Context, a *identity.Actor) ([]ClassChoice, error) {
	rows, err := s.db.Query(ctx, `SELECT c.id, c.org_id, c.name, c.school_year, c.grade FROM classes c
		WHERE c.org_id = ANY($1) ORDER BY c.school_year DESC, c.name`, a.OrgsWith(identity.RoleTeacher))
	if err != nil {
		return nil, fmt.Errorf("course: classes: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[ClassChoice])
}

// Subject is a curriculum subject a course may be about.
type Subject struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Grades []int  `json:"grades"`
}

// Subjects lists the curriculum subjects.
func (s *Service) Subjects(ctx context.Context) ([]Subject, error) {
	rows, err := s.db.Query(ctx, `SELECT code, name_vi, name_en, grades FROM curriculum_subjects ORDER BY name_vi`)
	if err != nil {
		return nil, fmt.Errorf("course: subjects: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Subject])
}
