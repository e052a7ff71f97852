package identity

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// NewClass describes a class of a school.
type NewClass struct {
	OrgID      int64  `json:"org_id"`
	Name       string `json:"name"`
	SchoolYear string `json:"school_year"`
	Grade      *int   `json:"grade,omitempty"`
}

var schoolYearRE = regexp.MustCompile(`^([0-9]{4})-([0-9]{4})$`)

func (n *NewClass) normalize() error {
	n.Name, n.SchoolYear = strings.TrimSpace(n.Name), strings.TrimSpace(n.SchoolYear)
	if n.Name == "" || len(n.Name) > 60 {
		return fault.Invalid("name", "class.name", "Enter the class name (at most 60 characters).")
	}
	m := schoolYearRE.FindStringSubmatch(n.SchoolYear)
	if m == nil || atoi(m[2]) != atoi(m[1])+1 {
		return fault.Invalid("school_year", "class.year", "The school year must look like 2026-2027.")
	}
	if n.Grade != nil && (*n.Grade < 1 || *n.Grade > 12) {
		return fault.Invalid("grade", "class.grade", "The grade must be from 1 to 12.")
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// CreateClass creates a class in a school the actor administers.
func (s *Service) CreateClass(ctx context.Context, a *Actor, n NewClass) (*Class, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	org, err := s.Org(ctx, n.OrgID)
	if err != nil {
		return nil, err
	}
	if org.Kind != KindSchool {
		return nil, fault.Invalid("org_id", "class.org", "Classes belong to a school.")
	}
	if err := a.Require(ActionManageUsers, org.Path); err != nil {
		return nil, err
	}
	c := &Class{OrgID: org.ID, OrgName: org.Name, Name: n.Name, SchoolYear: n.SchoolYear, Grade: n.Grade}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO classes (org_id, name, school_year, grade) VALUES ($1, $2, $3, $4) RETURNING id`,
			org.ID, n.Name, n.SchoolYear, n.Grade).Scan(&c.ID)
		if _, dup := isUniqueViolation(err); dup {
			return fault.Invalid("name", "class.taken", "The school already has a class %s in %s.", n.Name, n.SchoolYear)
		} else if err != nil {
			return fmt.Errorf("identity: create class: %w", err)
		}
		return audit(ctx, tx, a, "class.create", fmt.Sprintf("class:%d", c.ID), &org.ID, map[string]any{"name": c.Name, "school_year": c.SchoolYear})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// classOrgPath returns the organization path of a class's school.
func (s *Service) classOrgPath(ctx context.Context, classID int64) ([]int64, int64, error) {
	var path []int64
	var org int64
	err := s.db.QueryRow(ctx, `SELECT o.path, o.id FROM classes c JOIN organizations o ON o.id = c.org_id WHERE c.id = $1`, classID).Scan(&path, &org)
	if err != nil {
		return nil, 0, notFound(err, fmt.Sprintf("class %d", classID))
	}
	return path, org, nil
}

// AddClassMember enrolls a student or adds a teacher ("teacher" with a subject, or
// "homeroom"). Only an administrator of the class's school may, and the user must be
// homed in the same school.
func (s *Service) AddClassMember(ctx context.Context, a *Actor, classID, userID int64, role, subject string) error {
	if role != "student" && role != "teacher" && role != "homeroom" {
		return fault.Invalid("role", "class.role", "The class role must be student, teacher or homeroom.")
	}
	path, org, err := s.classOrgPath(ctx, classID)
	if err != nil {
		return err
	}
	if err := a.Require(ActionManageUsers, path); err != nil {
		return err
	}
	var home int64
	if err := s.db.QueryRow(ctx, `SELECT home_org_id FROM users WHERE id = $1`, userID).Scan(&home); err != nil {
		return notFound(err, fmt.Sprintf("user %d", userID))
	}
	if home != org {
		return fault.Invalid("user", "class.other_school", "This person belongs to another school.")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO class_members (class_id, user_id, role, subject) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			classID, userID, role, strings.TrimSpace(subject))
		if err != nil {
			return fmt.Errorf("identity: add class member: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return audit(ctx, tx, a, "class.member.add", fmt.Sprintf("class:%d", classID), &org, map[string]any{"user_id": userID, "role": role})
	})
}

// MyClasses lists the classes the actor teaches or attends.
func (s *Service) MyClasses(ctx context.Context, a *Actor) ([]Class, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.org_id, o.name, c.name, c.school_year, c.grade, string_agg(DISTINCT m.role, ','),
		       (SELECT count(*) FROM class_members s WHERE s.class_id = c.id AND s.role = 'student')
		FROM class_members m JOIN classes c ON c.id = m.class_id JOIN organizations o ON o.id = c.org_id
		WHERE m.user_id = $1
		GROUP BY c.id, o.name ORDER BY c.school_year DESC, c.name`, a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("identity: my classes: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Class])
}

// OrgClasses lists the classes of a school the actor administers.
func (s *Service) OrgClasses(ctx context.Context, a *Actor, orgID int64) ([]Class, error) {
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := a.Require(ActionViewUsers, org.Path); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.org_id, $2::text, c.name, c.school_year, c.grade, '',
		       (SELECT count(*) FROM class_members s WHERE s.class_id = c.id AND s.role = 'student')
		FROM classes c WHERE c.org_id = $1 ORDER BY c.school_year DESC, c.name`, orgID, org.Name)
	if err != nil {
		return nil, fmt.Errorf("identity: org classes: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Class])
}

// ClassMember is a person in a class.
type ClassMember struct {
	UserID   int64  `json:"user_id"`
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Subject  string `json:"subject"`
}

// ClassMembers lists a class's members for its teachers and the school's administrators.
func (s *Service) ClassMembers(ctx context.Context, a *Actor, classID int64) ([]ClassMember, error) {
	path, _, err := s.classOrgPath(ctx, classID)
	if err != nil {
		return nil, err
	}
	if !a.Can(ActionViewUsers, path) {
		var teaches bool
		err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM class_members WHERE class_id = $1 AND user_id = $2 AND role IN ('teacher', 'homeroom'))`,
			classID, a.User.ID).Scan(&teaches)
		if err != nil {
			return nil, fmt.Errorf("identity: class members: %w", err)
		}
		if !teaches {
			return nil, fmt.Errorf("identity: class members: %w", ErrForbidden)
		}
	}
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.person_id, u.full_name, m.role, m.subject
		FROM class_members m JOIN users u ON u.id = m.user_id
		WHERE m.class_id = $1 ORDER BY m.role DESC, u.full_name`, classID)
	if err != nil {
		return nil, fmt.Errorf("identity: class members: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[ClassMember])
}
