package gradebook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound  = fault.ErrNotFound
	ErrForbidden = fault.ErrForbidden
	ErrLocked    = fault.Invalid("gradebook", "gradebook.locked", "The term is closed: the gradebook can no longer be changed.")
)

// TestResults gives each student's score on a test by its grading policy
// (assessment.Service.Results).
type TestResults interface {
	Results(ctx context.Context, a *identity.Actor, testID int64) ([]assessment.StudentScore, error)
}

// Service is the gradebook over PostgreSQL.
type Service struct {
	db      *pgxpool.Pool
	courses *course.Service
	tests   TestResults // nil: test columns are not filled
	log     *slog.Logger
	now     func() time.Time
}

// New returns the gradebook service.
func New(db *pgxpool.Pool, courses *course.Service, tests TestResults, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, courses: courses, tests: tests, log: log, now: time.Now}
}

// Source kinds of a column.
const (
	SourceAssignment = "assignment"
	SourceTest       = "test"
	SourcePackage    = "package"
	SourceManual     = "manual"
)

// ensureCategories gives a course the default categories the first time it needs them.
func ensureCategories(ctx context.Context, tx pgx.Tx, courseID int64) error {
	for i, c := range DefaultCategories {
		_, err := tx.Exec(ctx, `INSERT INTO gradebook_categories (course_id, code, name, weight, position)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, courseID, c.Code, c.Name, c.Weight, i)
		if err != nil {
			return fmt.Errorf("gradebook: categories: %w", err)
		}
	}
	return nil
}

// EnsureItem returns the column of a course item (an assignment, test or package),
// creating it in the caller's transaction. category "" is "regular".
func EnsureItem(ctx context.Context, tx pgx.Tx, courseID int64, source string, sourceID int64, title, category string, maxScore float64) (int64, error) {
	if err := ensureCategories(ctx, tx, courseID); err != nil {
		return 0, err
	}
	if category == "" {
		category = "regular"
	}
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO gradebook_items (course_id, source, source_id, title, category, max_score, position)
		VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(max(position), 0) + 1 FROM gradebook_items WHERE course_id = $1))
		ON CONFLICT (course_id, source, source_id) DO UPDATE SET title = EXCLUDED.title, max_score = EXCLUDED.max_score
		RETURNING id`, courseID, source, sourceID, title, category, maxScore).Scan(&id)
	if isFK(err) {
		return 0, fault.Invalid("category", "gradebook.category_invalid", "Choose a category of this gradebook.")
	}
	if err != nil {
		return 0, fmt.Errorf("gradebook: column for %s %d: %w", source, sourceID, err)
	}
	return id, nil
}

// Change is one mark change as recorded.
type Change struct {
	ItemID int64
	UserID int64
	Mark   *Tenths // nil clears the mark
	By     *int64  // nil: the system
	Reason string
}

// Record applies a change in the caller's transaction: it refuses a closed term,
// writes the entry and its audit row when the mark differs, and recomputes the
// student's average. It reports whether anything changed.
func Record(ctx context.Context, tx pgx.Tx, c Change) (bool, error) {
	var courseID int64
	var locked bool
	err := tx.QueryRow(ctx, `SELECT i.course_id, COALESCE(t.locked_at IS NOT NULL OR t.closes_at <= now(), false)
		FROM gradebook_items i LEFT JOIN gradebook_terms t ON t.course_id = i.course_id WHERE i.id = $1`, c.ItemID).Scan(&courseID, &locked)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("gradebook column %d: %w", c.ItemID, ErrNotFound)
	}
	if err != nil {
		return false, fmt.Errorf("gradebook column %d: %w", c.ItemID, err)
	}
	if locked {
		return false, ErrLocked
	}
	// The totals row is the student's lock: concurrent changes of two columns of one
	// student serialize here, so each recomputation sees the other's committed mark.
	if _, err := tx.Exec(ctx, `INSERT INTO gradebook_totals (course_id, user_id) VALUES ($1, $2)
		ON CONFLICT (course_id, user_id) DO UPDATE SET updated_at = now()`, courseID, c.UserID); err != nil {
		return false, fmt.Errorf("gradebook: lock total: %w", err)
	}
	var old *float64
	err = tx.QueryRow(ctx, `SELECT mark::float8 FROM gradebook_entries WHERE item_id = $1 AND user_id = $2`, c.ItemID, c.UserID).Scan(&old)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("gradebook: read mark: %w", err)
	}
	oldT := toTenthsPtr(old)
	if sameMark(oldT, c.Mark) {
		return false, nil
	}
	if c.Mark == nil {
		_, err = tx.Exec(ctx, `DELETE FROM gradebook_entries WHERE item_id = $1 AND user_id = $2`, c.ItemID, c.UserID)
	} else {
		_, err = tx.Exec(ctx, `INSERT INTO gradebook_entries (item_id, user_id, course_id, mark, updated_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (item_id, user_id) DO UPDATE SET mark = EXCLUDED.mark, updated_by = EXCLUDED.updated_by, updated_at = now()`,
			c.ItemID, c.UserID, courseID, c.Mark.Float(), c.By)
	}
	if err != nil {
		return false, fmt.Errorf("gradebook: write mark: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO gradebook_audit (course_id, item_id, user_id, old_mark, new_mark, changed_by, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, courseID, c.ItemID, c.UserID, tenthsArg(oldT), tenthsArg(c.Mark), c.By, c.Reason); err != nil {
		return false, fmt.Errorf("gradebook: audit: %w", err)
	}
	return true, recompute(ctx, tx, courseID, c.UserID)
}

// recompute stores the student's term average from their marks and category weights.
func recompute(ctx context.Context, tx pgx.Tx, courseID, userID int64) error {
	rows, err := tx.Query(ctx, `SELECT e.mark::float8, c.weight::float8 FROM gradebook_entries e
		JOIN gradebook_items i ON i.id = e.item_id
		JOIN gradebook_categories c ON c.course_id = i.course_id AND c.code = i.category
		WHERE e.course_id = $1 AND e.user_id = $2`, courseID, userID)
	if err != nil {
		return fmt.Errorf("gradebook: recompute: %w", err)
	}
	var marks []Weighted
	var m, w float64
	if _, err := pgx.ForEachRow(rows, []any{&m, &w}, func() error {
		marks = append(marks, Weighted{Mark: Tenths(m*10 + 0.5), Weight: weightHundredths(w)})
		return nil
	}); err != nil {
		return fmt.Errorf("gradebook: recompute: %w", err)
	}
	var avg *float64
	if t, ok := Average(marks); ok {
		f := t.Float()
		avg = &f
	}
	_, err = tx.Exec(ctx, `UPDATE gradebook_totals SET average = $3, updated_at = now() WHERE course_id = $1 AND user_id = $2`, courseID, userID, avg)
	if err != nil {
		return fmt.Errorf("gradebook: store average: %w", err)
	}
	return nil
}

func toTenthsPtr(f *float64) *Tenths {
	if f == nil {
		return nil
	}
	t := Tenths(*f*10 + 0.5)
	return &t
}

func sameMark(a, b *Tenths) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func tenthsArg(t *Tenths) *float64 {
	if t == nil {
		return nil
	}
	f := t.Float()
	return &f
}
