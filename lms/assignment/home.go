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
	if err := s.homeBatch(ctx, a, h); err != nil {
		return nil, err
	}
	return h, nil
}

// homeBatch reads the whole home in one round trip to PostgreSQL (a pgx batch):
// the page is the most visited of the site.
func (s *Service) homeBatch(ctx context.Context, a *identity.Actor, h *Home) error {
	b := &pgx.Batch{}
	id := h.LearnerID
	b.Queue(`SELECT full_name FROM users WHERE id = $1`, id).QueryRow(func(r pgx.Row) error { return r.Scan(&h.Learner) })
	b.Queue(progressSQL, id).Query(func(rows pgx.Rows) (err error) {
		h.Courses, err = pgx.CollectRows(rows, scanProgress)
		return err
	})
	now := s.now()
	b.Queue(dueSQL, id).Query(func(rows pgx.Rows) (err error) {
		h.Due, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Due, error) {
			var d Due
			err := r.Scan(&d.Kind, &d.ItemID, &d.CourseID, &d.Course, &d.Title, &d.DueAt, &d.Submitted)
			d.Overdue = !d.Submitted && d.DueAt != nil && now.After(*d.DueAt)
			return d, err
		})
		return err
	})
	b.Queue(gradesSQL, id).Query(func(rows pgx.Rows) (err error) {
		h.Grades, err = pgx.CollectRows(rows, pgx.RowToStructByPos[RecentGrade])
		return err
	})
	b.Queue(`SELECT n.id, n.course_id, c.title, u.full_name, n.title, n.body, '', n.created_at
		FROM course_announcements n JOIN users u ON u.id = n.author_id JOIN courses c ON c.id = n.course_id
		WHERE n.course_id IN (`+myCourses+`) ORDER BY n.id DESC LIMIT 5`, id).Query(func(rows pgx.Rows) (err error) {
		h.Announcements, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Announcement])
		return err
	})
	if err := s.db.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("assignment: home of %d: %w", id, err)
	}
	for i := range h.Announcements {
		h.Announcements[i].HTML = s.courses.RenderMarkdown(ctx, a, h.Announcements[i].Body)
	}
	return nil
}

// myCourses is the learner's ($1) courses, through their classes.
const myCourses = `SELECT cc.course_id FROM class_members m JOIN course_classes cc ON cc.class_id = m.class_id
	WHERE m.user_id = $1 AND m.role = 'student'`

// visibleItems is the published items of the learner's ($1) courses ($2) their classes see.
const visibleItems = `SELECT i.id, i.course_id, i.kind, i.title, i.closes_at, i.opens_at FROM course_items i
	WHERE i.course_id IN (` + myCourses + `) AND i.published AND (cardinality(i.class_ids) = 0 OR EXISTS (
	  SELECT 1 FROM class_members m WHERE m.user_id = $1 AND m.role = 'student' AND m.class_id = ANY(i.class_ids)))`

const progressSQL = `
	WITH mine AS (SELECT DISTINCT c.id, c.title FROM courses c WHERE c.id IN (` + myCourses + `) AND c.archived_at IS NULL),
	vis AS (` + visibleItems + `)
	SELECT mine.id, mine.title,
	  count(v.id) FILTER (WHERE (v.kind IN ('assignment','test','package') AND p.state IN ('submitted','passed'))
	                        OR (v.kind NOT IN ('assignment','test','package') AND p.state IS NOT NULL)),
	  count(v.id), t.average::float8
	FROM mine LEFT JOIN vis v ON v.course_id = mine.id
	LEFT JOIN course_progress p ON p.item_id = v.id AND p.user_id = $1
	LEFT JOIN gradebook_totals t ON t.course_id = mine.id AND t.user_id = $1
	GROUP BY mine.id, mine.title, t.average ORDER BY mine.title`

func scanProgress(r pgx.CollectableRow) (CourseProgress, error) {
	var c CourseProgress
	err := r.Scan(&c.CourseID, &c.Title, &c.Done, &c.Total, &c.Average)
	if c.Total > 0 {
		c.Percent = float64(c.Done*1000/c.Total) / 10
	}
	return c, err
}

// dueSQL lists open assignments and tests: not yet handed in, or due in the future,
// soonest first (at most 30); work closed for more than a week drops off.
const dueSQL = `
	WITH vis AS (` + visibleItems + ` AND i.kind IN ('assignment', 'test'))
	SELECT v.kind, v.id, v.course_id, c.title, v.title, COALESCE(a.due_at, v.closes_at) AS due,
	  COALESCE(p.state IN ('submitted', 'passed'), false)
	FROM vis v JOIN courses c ON c.id = v.course_id
	LEFT JOIN assignments a ON a.item_id = v.id
	LEFT JOIN course_progress p ON p.item_id = v.id AND p.user_id = $1
	WHERE (v.opens_at IS NULL OR v.opens_at <= now())
	  AND (p.state IS NULL OR p.state = 'viewed' OR COALESCE(a.due_at, v.closes_at) > now())
	  AND (COALESCE(a.cutoff_at, v.closes_at) IS NULL OR COALESCE(a.cutoff_at, v.closes_at) > now() - interval '7 days')
	ORDER BY due NULLS LAST, v.id LIMIT 30`

// gradesSQL is the learner's ten newest marks with the teacher's feedback on their
// own (or their group's) graded work.
const gradesSQL = `SELECT e.course_id, c.title, i.title, i.source, i.source_id, e.mark::float8,
	  COALESCE((SELECT g.feedback FROM submission_grades g JOIN submissions s ON s.id = g.submission_id
	            WHERE i.source = 'assignment' AND g.item_id = i.source_id AND (s.user_id = $1 OR EXISTS (SELECT 1 FROM assignment_group_members gm
	              WHERE gm.group_id = s.group_id AND gm.user_id = $1)) LIMIT 1), ''),
	  e.updated_at
	FROM gradebook_entries e JOIN gradebook_items i ON i.id = e.item_id JOIN courses c ON c.id = e.course_id
	WHERE e.user_id = $1 ORDER BY e.updated_at DESC LIMIT 10`
