package gradebook

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Column is one grade item of a course.
type Column struct {
	ID       int64   `json:"id"`
	Source   string  `json:"source"`
	SourceID *int64  `json:"source_id,omitempty"`
	Title    string  `json:"title"`
	Category string  `json:"category"`
	MaxScore float64 `json:"max_score"`
}

// Row is one student's marks, aligned with Book.Columns (nil: no mark yet).
type Row struct {
	UserID   int64      `json:"user_id"`
	PersonID string     `json:"person_id"`
	Name     string     `json:"name"`
	Marks    []*float64 `json:"marks"`
	Average  *float64   `json:"average"`
}

// Book is a course's gradebook as the caller may see it.
type Book struct {
	CourseID   int64      `json:"course_id"`
	Title      string     `json:"title"`
	ClassID    int64      `json:"class_id,omitempty"`
	Categories []Category `json:"categories"`
	Columns    []Column   `json:"columns"`
	Rows       []Row      `json:"rows"`
	Locked     bool       `json:"locked"`
	ClosesAt   *time.Time `json:"closes_at,omitempty"`
	CanEdit    bool       `json:"can_edit"`
	// ColumnAverages is the mean mark of each column over the rows shown (nil: no
	// mark yet), to one decimal.
	ColumnAverages []*float64 `json:"column_averages"`
}

// View returns the gradebook of a course: teachers and administrators see every
// student (of classID when not 0), a student only their own row, a parent their
// children's. For teachers the test columns are refreshed from the tests' results first.
func (s *Service) View(ctx context.Context, a *identity.Actor, courseID, classID int64) (*Book, error) {
	x, err := s.courses.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if x.CanEdit() {
		if err := s.syncTests(ctx, a, courseID); err != nil {
			return nil, err
		}
	}
	var only []int64
	switch x.Role {
	case course.RoleStudent:
		only = []int64{a.User.ID}
	case course.RoleParent:
		only = x.Children
	}
	b := &Book{CourseID: courseID, Title: x.Course.Title, ClassID: classID, CanEdit: x.CanEdit()}
	if err := s.loadFrame(ctx, b); err != nil {
		return nil, err
	}
	if err := s.loadRows(ctx, b, only); err != nil {
		return nil, err
	}
	b.CanEdit = b.CanEdit && !b.Locked
	b.ColumnAverages = columnAverages(b)
	return b, nil
}

// columnAverages averages each column's marks over the rows, to one decimal.
func columnAverages(b *Book) []*float64 {
	out := make([]*float64, len(b.Columns))
	for c := range b.Columns {
		sum, n := 0.0, 0
		for _, r := range b.Rows {
			if c < len(r.Marks) && r.Marks[c] != nil {
				sum += *r.Marks[c]
				n++
			}
		}
		if n > 0 {
			avg := math.Round(sum/float64(n)*10) / 10
			out[c] = &avg
		}
	}
	return out
}

func (s *Service) loadFrame(ctx context.Context, b *Book) error {
	err := s.db.QueryRow(ctx, `SELECT COALESCE((SELECT locked_at IS NOT NULL OR closes_at <= now() FROM gradebook_terms WHERE course_id = $1), false),
		(SELECT closes_at FROM gradebook_terms WHERE course_id = $1)`, b.CourseID).Scan(&b.Locked, &b.ClosesAt)
	if err != nil {
		return fmt.Errorf("gradebook %d: term: %w", b.CourseID, err)
	}
	rows, err := s.db.Query(ctx, `SELECT code, name, weight::float8 FROM gradebook_categories WHERE course_id = $1 ORDER BY position, code`, b.CourseID)
	if err != nil {
		return fmt.Errorf("gradebook %d: categories: %w", b.CourseID, err)
	}
	if b.Categories, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Category]); err != nil {
		return fmt.Errorf("gradebook %d: categories: %w", b.CourseID, err)
	}
	if len(b.Categories) == 0 {
		b.Categories = DefaultCategories
	}
	rows, err = s.db.Query(ctx, `SELECT i.id, i.source, i.source_id, i.title, i.category, i.max_score::float8
		FROM gradebook_items i LEFT JOIN gradebook_categories c ON c.course_id = i.course_id AND c.code = i.category
		WHERE i.course_id = $1 ORDER BY c.position, i.position, i.id`, b.CourseID)
	if err != nil {
		return fmt.Errorf("gradebook %d: columns: %w", b.CourseID, err)
	}
	if b.Columns, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Column]); err != nil {
		return fmt.Errorf("gradebook %d: columns: %w", b.CourseID, err)
	}
	return nil
}

// loadRows reads the students (all of the course, of one class, or only the given
// ones) with their marks and stored averages.
func (s *Service) loadRows(ctx context.Context, b *Book, only []int64) error {
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.person_id, u.full_name, t.average::float8 FROM users u
		LEFT JOIN gradebook_totals t ON t.course_id = $1 AND t.user_id = u.id
		WHERE u.id IN (SELECT m.user_id FROM course_classes cc JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
		               WHERE cc.course_id = $1 AND ($2 = 0 OR cc.class_id = $2))
		  AND ($3::bigint[] IS NULL OR u.id = ANY($3))
		ORDER BY u.full_name, u.id`, b.CourseID, b.ClassID, only)
	if err != nil {
		return fmt.Errorf("gradebook %d: students: %w", b.CourseID, err)
	}
	b.Rows, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Row, error) {
		var row Row
		err := r.Scan(&row.UserID, &row.PersonID, &row.Name, &row.Average)
		row.Marks = make([]*float64, len(b.Columns))
		return row, err
	})
	if err != nil {
		return fmt.Errorf("gradebook %d: students: %w", b.CourseID, err)
	}
	col := map[int64]int{}
	for i, c := range b.Columns {
		col[c.ID] = i
	}
	at := map[int64]int{}
	ids := make([]int64, len(b.Rows))
	for i, r := range b.Rows {
		at[r.UserID], ids[i] = i, r.UserID
	}
	rows, err = s.db.Query(ctx, `SELECT item_id, user_id, mark::float8 FROM gradebook_entries WHERE course_id = $1 AND user_id = ANY($2)`, b.CourseID, ids)
	if err != nil {
		return fmt.Errorf("gradebook %d: marks: %w", b.CourseID, err)
	}
	var item, user int64
	var mark float64
	_, err = pgx.ForEachRow(rows, []any{&item, &user, &mark}, func() error {
		m := mark
		b.Rows[at[user]].Marks[col[item]] = &m
		return nil
	})
	if err != nil {
		return fmt.Errorf("gradebook %d: marks: %w", b.CourseID, err)
	}
	return nil
}

// syncTests brings the test columns up to date with the tests' results (by each
// test's grading policy). A test the teacher may not read is skipped and logged.
func (s *Service) syncTests(ctx context.Context, a *identity.Actor, courseID int64) error {
	if s.tests == nil {
		return nil
	}
	rows, err := s.db.Query(ctx, `SELECT id, ref_id, title FROM course_items WHERE course_id = $1 AND kind = 'test' AND ref_id IS NOT NULL`, courseID)
	if err != nil {
		return fmt.Errorf("gradebook %d: tests: %w", courseID, err)
	}
	type testItem struct {
		ID, Ref int64
		Title   string
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[testItem])
	if err != nil {
		return fmt.Errorf("gradebook %d: tests: %w", courseID, err)
	}
	for _, it := range items {
		res, err := s.tests.Results(ctx, a, it.Ref)
		if err != nil {
			s.log.Warn("gradebook: test results", "course", courseID, "test", it.Ref, "err", err)
			continue
		}
		err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
			max := 10.0
			if len(res) > 0 && res[0].MaxScore > 0 {
				max = res[0].MaxScore
			}
			col, err := EnsureItem(ctx, tx, courseID, SourceTest, it.ID, it.Title, "", max)
			if err != nil {
				return err
			}
			for _, r := range res {
				if r.Score == nil || r.Pending {
					continue
				}
				m := ToTenths(*r.Score, r.MaxScore)
				if _, err := Record(ctx, tx, Change{ItemID: col, UserID: r.UserID, Mark: &m, Reason: "test"}); err != nil && err != ErrLocked {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("gradebook %d: sync test %d: %w", courseID, it.Ref, err)
		}
	}
	return nil
}

// AuditEntry is one recorded change.
type AuditEntry struct {
	At      time.Time `json:"at"`
	Column  string    `json:"column"`
	Student string    `json:"student"`
	Old     *float64  `json:"old"`
	New     *float64  `json:"new"`
	By      string    `json:"by"` // "" for the system
	Reason  string    `json:"reason"`
}

// Audit lists the newest changes of a course's marks (teachers and administrators).
func (s *Service) Audit(ctx context.Context, a *identity.Actor, courseID int64, limit int) ([]AuditEntry, error) {
	x, err := s.courses.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanSeeAll() {
		return nil, fmt.Errorf("gradebook %d: audit: %w", courseID, ErrForbidden)
	}
	// Weight changes come with the marks' changes: Column is the category's code,
	// Student "", Reason "weight", Old and New the weights.
	rows, err := s.db.Query(ctx, `SELECT at, title, student, old, new, by, reason FROM (
		(SELECT g.at, g.id, i.title, u.full_name AS student, g.old_mark::float8 AS old, g.new_mark::float8 AS new,
		  COALESCE(b.full_name, '') AS by, g.reason
		FROM gradebook_audit g JOIN gradebook_items i ON i.id = g.item_id JOIN users u ON u.id = g.user_id
		LEFT JOIN users b ON b.id = g.changed_by WHERE g.course_id = $1 ORDER BY g.id DESC LIMIT $2)
		UNION ALL
		(SELECT w.at, w.id, w.code, '', w.old_weight::float8, w.new_weight::float8, COALESCE(b.full_name, ''), 'weight'
		FROM gradebook_weight_audit w LEFT JOIN users b ON b.id = w.changed_by WHERE w.course_id = $1 ORDER BY w.id DESC LIMIT $2)) x
		ORDER BY at DESC, id DESC LIMIT $2`, courseID, limit)
	if err != nil {
		return nil, fmt.Errorf("gradebook %d: audit: %w", courseID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[AuditEntry])
}
