package assignment

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Due is an assignment or test a learner has to do.
type Due struct {
	Kind      string     `json:"type"` // assignment or test
	ItemID    int64      `json:"item_id"`
	CourseID  int64      `json:"course_id"`
	Course    string     `json:"course_title"`
	Title     string     `json:"title"`
	DueAt     *time.Time `json:"due_at,omitempty"`
	Submitted bool       `json:"submitted"`
	Overdue   bool       `json:"overdue"`
}

// CourseProgress is a learner's progress and average in one course.
type CourseProgress struct {
	CourseID int64    `json:"course_id"`
	Title    string   `json:"title"`
	Done     int      `json:"done"`
	Total    int      `json:"total"`
	Percent  float64  `json:"percent"`
	Average  *float64 `json:"average"`
}

// RecentGrade is a mark a learner received, with the teacher's feedback when it
// comes from an assignment.
type RecentGrade struct {
	CourseID int64     `json:"course_id"`
	Course   string    `json:"course_title"`
	Column   string    `json:"column"`
	Source   string    `json:"source"`
	SourceID *int64    `json:"source_id,omitempty"`
	Mark     float64   `json:"mark"`
	Feedback string    `json:"feedback,omitempty"`
	At       time.Time `json:"at"`
}

// Home is a learner's start page: what is due, progress per course, recent grades
// and announcements.
type Home struct {
	LearnerID     int64            `json:"learner_id"`
	Learner       string           `json:"learner"`
	Due           []Due            `json:"due"`
	Courses       []CourseProgress `json:"courses"`
	Grades        []RecentGrade    `json:"grades"`
	Announcements []Announcement   `json:"announcements"`
}

// Child is a student a parent follows.
type Child struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Children lists the students the caller is a guardian of.
func (s *Service) Children(ctx context.Context, a *identity.Actor) ([]Child, error) {
	rows, err := s.db.Query(ctx, `SELECT u.id, u.full_name FROM guardians g JOIN users u ON u.id = g.student_id
		WHERE g.parent_id = $1 ORDER BY u.full_name`, a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("assignment: children: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Child])
}

// Home returns the home of learnerID: the caller themself (0), or a child of a parent.
func (s *Service) Home(ctx context.Context, a *identity.Actor, learnerID int64) (*Home, error) {
	if learnerID == 0 || learnerID == a.User.ID {
		learnerID = a.User.ID
	} else {
		var child bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM guardians WHERE parent_id = $1 AND student_id = $2)`, a.User.ID, learnerID).Scan(&child); err != nil {
			return nil, fmt.Errorf("assignment: home: %w", err)
		}
		if !child {
			return nil, fmt.Errorf("assignment: home of %d: %w", learnerID, ErrNotFound)
		}
	}
	h := &Home{LearnerID: learnerID}
	if err := s.db.QueryRow(ctx, `SELECT full_name FROM users WHERE id = $1`, learnerID).Scan(&h.Learner); err != nil {
		return nil, fmt.Errorf("assignment: home: %w", err)
	}
	var err error
	if h.Courses, err = s.progress(ctx, learnerID); err != nil {
		return nil, err
	}
	ids := make([]int64, len(h.Courses))
	for i, c := range h.Courses {
		ids[i] = c.CourseID
	}
	if h.Due, err = s.due(ctx, learnerID, ids); err != nil {
		return nil, err
	}
	if h.Grades, err = s.recentGrades(ctx, learnerID); err != nil {
		return nil, err
	}
	if h.Announcements, err = s.announcements(ctx, a, ids, 5); err != nil {
		return nil, err
	}
	return h, nil
}

// visibleItems is the published items of the learner's ($1) courses ($2) their classes see.
const visibleItems = `SELECT i.id, i.course_id, i.kind, i.title, i.closes_at, i.opens_at FROM course_items i
	WHERE i.course_id = ANY($2) AND i.published AND (cardinality(i.class_ids) = 0 OR EXISTS (
	  SELECT 1 FROM class_members m WHERE m.user_id = $1 AND m.role = 'student' AND m.class_id = ANY(i.class_ids)))`

func (s *Service) progress(ctx context.Context, learnerID int64) ([]CourseProgress, error) {
	rows, err := s.db.Query(ctx, `
		WITH mine AS (SELECT DISTINCT c.id, c.title FROM class_members m JOIN course_classes cc ON cc.class_id = m.class_id
		  JOIN courses c ON c.id = cc.course_id AND c.archived_at IS NULL WHERE m.user_id = $1 AND m.role = 'student'),
		vis AS (`+visibleItems+`)
		SELECT mine.id, mine.title,
		  count(v.id) FILTER (WHERE (v.kind IN ('assignment','test','package') AND p.state IN ('submitted','passed'))
		                        OR (v.kind NOT IN ('assignment','test','package') AND p.state IS NOT NULL)),
		  count(v.id), t.average::float8
		FROM mine LEFT JOIN vis v ON v.course_id = mine.id
		LEFT JOIN course_progress p ON p.item_id = v.id AND p.user_id = $1
		LEFT JOIN gradebook_totals t ON t.course_id = mine.id AND t.user_id = $1
		GROUP BY mine.id, mine.title, t.average ORDER BY mine.title`, learnerID, courseIDsOf(ctx, s, learnerID))
	if err != nil {
		return nil, fmt.Errorf("assignment: home progress: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (CourseProgress, error) {
		var c CourseProgress
		err := r.Scan(&c.CourseID, &c.Title, &c.Done, &c.Total, &c.Average)
		if c.Total > 0 {
			c.Percent = float64(c.Done*1000/c.Total) / 10
		}
		return c, err
	})
}

// courseIDsOf returns the learner's course ids (nil on error: the query then fails loudly).
func courseIDsOf(ctx context.Context, s *Service, learnerID int64) []int64 {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT cc.course_id FROM class_members m JOIN course_classes cc ON cc.class_id = m.class_id
		WHERE m.user_id = $1 AND m.role = 'student'`, learnerID)
	if err != nil {
		return nil
	}
	ids, _ := pgx.CollectRows(rows, pgx.RowTo[int64])
	if ids == nil {
		ids = []int64{}
	}
	return ids
}

// due lists open assignments and tests: not yet handed in, or due in the coming
// week, soonest first (at most 30).
func (s *Service) due(ctx context.Context, learnerID int64, courseIDs []int64) ([]Due, error) {
	rows, err := s.db.Query(ctx, `
		WITH vis AS (`+visibleItems+` AND i.kind IN ('assignment', 'test'))
		SELECT v.kind, v.id, v.course_id, c.title, v.title, COALESCE(a.due_at, v.closes_at) AS due,
		  COALESCE(p.state IN ('submitted', 'passed'), false)
		FROM vis v JOIN courses c ON c.id = v.course_id
		LEFT JOIN assignments a ON a.item_id = v.id
		LEFT JOIN course_progress p ON p.item_id = v.id AND p.user_id = $1
		WHERE (v.opens_at IS NULL OR v.opens_at <= now())
		  AND (p.state IS NULL OR p.state = 'viewed' OR COALESCE(a.due_at, v.closes_at) > now())
		  AND (COALESCE(a.cutoff_at, v.closes_at) IS NULL OR COALESCE(a.cutoff_at, v.closes_at) > now() - interval '7 days')
		ORDER BY due NULLS LAST, v.id LIMIT 30`, learnerID, courseIDs)
	if err != nil {
		return nil, fmt.Errorf("assignment: home due: %w", err)
	}
	now := s.now()
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Due, error) {
		var d Due
		err := r.Scan(&d.Kind, &d.ItemID, &d.CourseID, &d.Course, &d.Title, &d.DueAt, &d.Submitted)
		d.Overdue = !d.Submitted && d.DueAt != nil && now.After(*d.DueAt)
		return d, err
	})
}

func (s *Service) recentGrades(ctx context.Context, learnerID int64) ([]RecentGrade, error) {
	rows, err := s.db.Query(ctx, `SELECT e.course_id, c.title, i.title, i.source, i.source_id, e.mark::float8,
		  COALESCE((SELECT g.feedback FROM submission_grades g JOIN submissions s ON s.id = g.submission_id
		            WHERE i.source = 'assignment' AND g.item_id = i.source_id AND (s.user_id = $1 OR g.owner_key = 'u' || $1::text)
		            LIMIT 1), ''),
		  e.updated_at
		FROM gradebook_entries e JOIN gradebook_items i ON i.id = e.item_id JOIN courses c ON c.id = e.course_id
		WHERE e.user_id = $1 ORDER BY e.updated_at DESC LIMIT 10`, learnerID)
	if err != nil {
		return nil, fmt.Errorf("assignment: home grades: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[RecentGrade])
}
