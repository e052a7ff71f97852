package assignment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/notify"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Blobs counts references to stored files (repository/blob.Store).
type Blobs interface {
	Ref(ctx context.Context, tx pgx.Tx, sha string, delta int) error
}

// Service is the assignment domain over PostgreSQL.
type Service struct {
	db      *pgxpool.Pool
	courses *course.Service
	blobs   Blobs
	log     *slog.Logger
	now     func() time.Time
}

// New returns the assignment service.
func New(db *pgxpool.Pool, courses *course.Service, blobs Blobs, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, courses: courses, blobs: blobs, log: log, now: time.Now}
}

// NewAssignment is an assignment as a teacher creates it.
type NewAssignment struct {
	Title     string  `json:"title"`
	SectionID *int64  `json:"section_id,omitempty"`
	Published *bool   `json:"published,omitempty"`
	ClassIDs  []int64 `json:"class_ids,omitempty"`
	Settings
}

// Create adds an assignment item to a course with its settings and its gradebook
// column, and tells the students when it is published.
func (s *Service) Create(ctx context.Context, a *identity.Actor, courseID int64, n NewAssignment) (*Assignment, error) {
	if err := n.Settings.normalize(); err != nil {
		return nil, err
	}
	it, err := s.courses.AddItem(ctx, a, courseID, course.NewItem{Kind: course.KindAssignment, Title: n.Title,
		SectionID: n.SectionID, Published: n.Published, ClassIDs: n.ClassIDs})
	if err != nil {
		return nil, err
	}
	if err := s.save(ctx, it, n.Settings, true); err != nil {
		// The item without its settings would mislead: take it back.
		if derr := s.courses.DeleteItem(ctx, a, it.ID); derr != nil {
			s.log.Warn("assignment: remove item after failed create", "item", it.ID, "err", derr)
		}
		return nil, err
	}
	return s.Get(ctx, a, it.ID)
}

// Configure sets the settings of an assignment item (one made from the course page,
// or a change of an existing one).
func (s *Service) Configure(ctx context.Context, a *identity.Actor, itemID int64, st Settings) (*Assignment, error) {
	if err := st.normalize(); err != nil {
		return nil, err
	}
	it, err := s.courses.Item(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	x, err := s.courses.Access(ctx, a, it.CourseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() || it.Kind != course.KindAssignment {
		return nil, fmt.Errorf("assignment %d: configure: %w", itemID, ErrForbidden)
	}
	if err := s.save(ctx, it, st, false); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, itemID)
}

func (s *Service) save(ctx context.Context, it *course.Item, st Settings, announce bool) error {
	rubric, _ := json.Marshal(st.Rubric)
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var inserted bool
		err := tx.QueryRow(ctx, `INSERT INTO assignments (item_id, course_id, instructions, due_at, late_policy, late_penalty, cutoff_at,
			  allowed_types, max_size, allow_text, group_mode, max_score, category, rubric)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (item_id) DO UPDATE SET instructions = $3, due_at = $4, late_policy = $5, late_penalty = $6, cutoff_at = $7,
			  allowed_types = $8, max_size = $9, allow_text = $10, group_mode = $11, max_score = $12, category = $13, rubric = $14
			RETURNING xmax = 0`, it.ID, it.CourseID, st.Instructions, st.DueAt, st.LatePolicy, st.LatePenalty, st.CutoffAt,
			st.AllowedTypes, st.MaxSize, !st.FilesOnly, st.Group, st.MaxScore, st.Category, rubric).Scan(&inserted)
		if err != nil {
			return err
		}
		if _, err := gradebook.EnsureItem(ctx, tx, it.CourseID, gradebook.SourceAssignment, it.ID, it.Title, st.Category, st.MaxScore); err != nil {
			return err
		}
		if !announce || !inserted || !it.Published {
			return nil
		}
		students, err := learners(ctx, tx, it.CourseID, it.ClassIDs)
		if err != nil {
			return err
		}
		return notify.Send(ctx, tx, students, "assignment.new", "Bài tập mới: "+it.Title, fmt.Sprintf("/assignments/%d", it.ID))
	})
	if _, ok := fault.AsValidation(err); ok {
		return err
	}
	if err != nil {
		return fmt.Errorf("assignment %d: save settings: %w", it.ID, err)
	}
	return nil
}

// learners are the students of the course's classes (of classIDs when not empty).
func learners(ctx context.Context, q pgx.Tx, courseID int64, classIDs []int64) ([]int64, error) {
	if classIDs == nil {
		classIDs = []int64{}
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT m.user_id FROM course_classes cc
		JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
		WHERE cc.course_id = $1 AND (cardinality($2::bigint[]) = 0 OR cc.class_id = ANY($2))`, courseID, classIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Get returns an assignment as the caller may see it (teachers every one; students
// and parents a published one of their classes, with its lock and rendered instructions).
func (s *Service) Get(ctx context.Context, a *identity.Actor, itemID int64) (*Assignment, error) {
	it, err := s.courses.Item(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	if it.Kind != course.KindAssignment {
		return nil, fmt.Errorf("assignment %d: %w", itemID, ErrNotFound)
	}
	x, err := s.courses.Access(ctx, a, it.CourseID)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, itemID)
	if err != nil {
		return nil, err
	}
	as := &Assignment{ID: it.ID, CourseID: it.CourseID, Course: x.Course.Title, Title: it.Title, Published: it.Published,
		Settings: st, Locked: it.Locked, Role: string(x.Role)}
	as.HTML = s.courses.RenderMarkdown(ctx, a, st.Instructions)
	return as, nil
}

// settings reads an assignment's settings; an item made without them has the defaults.
func (s *Service) settings(ctx context.Context, itemID int64) (Settings, error) {
	st := Defaults()
	var rubric []byte
	var allowText bool
	err := s.db.QueryRow(ctx, `SELECT instructions, due_at, late_policy, late_penalty, cutoff_at, allowed_types, max_size,
		allow_text, group_mode, max_score::float8, category, rubric FROM assignments WHERE item_id = $1`, itemID).Scan(
		&st.Instructions, &st.DueAt, &st.LatePolicy, &st.LatePenalty, &st.CutoffAt, &st.AllowedTypes, &st.MaxSize,
		&allowText, &st.Group, &st.MaxScore, &st.Category, &rubric)
	st.FilesOnly = !allowText
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("assignment %d: settings: %w", itemID, err)
	}
	if err := json.Unmarshal(rubric, &st.Rubric); err != nil {
		return st, fmt.Errorf("assignment %d: rubric: %w", itemID, err)
	}
	return st, nil
}

// ensureSettings stores the defaults for an item made without settings, so
// submissions have a row to refer to.
func ensureSettings(ctx context.Context, tx pgx.Tx, it *course.Item) error {
	tag, err := tx.Exec(ctx, `INSERT INTO assignments (item_id, course_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, it.ID, it.CourseID)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	_, err = gradebook.EnsureItem(ctx, tx, it.CourseID, gradebook.SourceAssignment, it.ID, it.Title, "", 10)
	return err
}
