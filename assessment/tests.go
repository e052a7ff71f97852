package assessment

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Grading methods: how a student's attempts make one score.
var GradingMethods = []string{"highest", "last", "first", "average"}

// NewTest is a test as a teacher sets it up: items chosen by hand (QuestionIDs) or
// drawn from the bank by a Blueprint.
type NewTest struct {
	Title            string     `json:"title"`
	ClassIDs         []int64    `json:"class_ids"`
	QuestionIDs      []int64    `json:"question_ids,omitempty"`
	Blueprint        *Blueprint `json:"blueprint,omitempty"`
	TimeLimitMinutes int        `json:"time_limit_minutes"`
	OpensAt          *time.Time `json:"opens_at,omitempty"`
	ClosesAt         *time.Time `json:"closes_at,omitempty"`
	AttemptsAllowed  int        `json:"attempts_allowed,omitempty"` // 1 when not given
	GradingMethod    string     `json:"grading_method,omitempty"`   // highest when not given
	ShowResults      string     `json:"show_results,omitempty"`     // after_close when not given
	OnePerPage       bool       `json:"one_per_page,omitempty"`
	Shuffle          *bool      `json:"shuffle,omitempty"` // items and options in a per-student order; true when not given
	// AccessCode, when set, must be typed to start an attempt (given out in the room).
	AccessCode string `json:"access_code,omitempty"`
	// IPRanges, when set, are the networks (CIDR prefixes or addresses) the test may
	// be taken from.
	IPRanges []string `json:"ip_ranges,omitempty"`
	// Navigation is free (the default) or sequential (forward only).
	Navigation string `json:"navigation,omitempty"`
}

// Blueprint is a test matrix ("ma trận đề"): for each row, Count items of the topic
// and cognitive level are drawn at random from the bank, each worth Points, into
// Forms parallel forms with the same profile.
type Blueprint struct {
	Subject string         `json:"subject"`
	Grade   int            `json:"grade"`
	Forms   int            `json:"forms"`
	Rows    []BlueprintRow `json:"rows"`
}

// BlueprintRow is one cell of the matrix.
type BlueprintRow struct {
	Topic  string  `json:"topic,omitempty"` // any topic when empty
	Level  string  `json:"level"`
	Count  int     `json:"count"`
	Points float64 `json:"points,omitempty"` // per item; the item's own points when 0
}

// Test is a test as its teachers and students see its settings.
type Test struct {
	ID               int64      `json:"id"`
	OrgID            int64      `json:"org_id"`
	OwnerID          int64      `json:"owner_id"`
	Title            string     `json:"title"`
	OpensAt          *time.Time `json:"opens_at,omitempty"`
	ClosesAt         *time.Time `json:"closes_at,omitempty"`
	TimeLimitMinutes int        `json:"time_limit_minutes"`
	AttemptsAllowed  int        `json:"attempts_allowed"`
	GradingMethod    string     `json:"grading_method"`
	ShowResults      string     `json:"show_results"`
	OnePerPage       bool       `json:"one_per_page"`
	Shuffle          bool       `json:"shuffle"`
	Forms            int        `json:"forms"`
	CreatedAt        time.Time  `json:"created_at"`
	ClassIDs         []int64    `json:"class_ids"`
	Items            int        `json:"items"`     // per form
	MaxScore         float64    `json:"max_score"` // of form 1
	Navigation       string     `json:"navigation"`
	// AccessCode and IPRanges are shown to the test's staff only; a student sees
	// NeedsCode.
	AccessCode string   `json:"access_code,omitempty"`
	IPRanges   []string `json:"ip_ranges,omitempty"`
	NeedsCode  bool     `json:"needs_access_code"`
	// Staff is true when the caller teaches the test (sees results), false for a student.
	Staff  bool `json:"staff"`
	path   []int64
	code   string
	ranges []string
}

// Closed reports whether the test's window has ended at now.
func (t *Test) Closed(now time.Time) bool { return t.ClosesAt != nil && !now.Before(*t.ClosesAt) }

func (n *NewTest) normalize() error {
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" || len(n.Title) > 300 {
		return invalid("title", "test.bad_title", "Give the test a title (at most 300 characters).")
	}
	if len(n.ClassIDs) == 0 {
		return invalid("class_ids", "test.no_classes", "Choose at least one class.")
	}
	if (len(n.QuestionIDs) == 0) == (n.Blueprint == nil) {
		return invalid("question_ids", "test.items", "Choose the questions, or give a blueprint.")
	}
	if n.TimeLimitMinutes < 0 || n.TimeLimitMinutes > 1440 {
		return invalid("time_limit_minutes", "test.bad_time_limit", "The time limit is from 0 to 1440 minutes.")
	}
	if n.TimeLimitMinutes == 0 && n.ClosesAt == nil {
		return invalid("time_limit_minutes", "test.no_end", "Set a time limit or a closing time.")
	}
	if n.OpensAt != nil && n.ClosesAt != nil && !n.ClosesAt.After(*n.OpensAt) {
		return invalid("closes_at", "test.window", "The test must close after it opens.")
	}
	if n.AttemptsAllowed == 0 {
		n.AttemptsAllowed = 1
	}
	if n.AttemptsAllowed < 1 || n.AttemptsAllowed > 100 {
		return invalid("attempts_allowed", "test.bad_attempts", "Attempts allowed is from 1 to 100.")
	}
	if n.GradingMethod == "" {
		n.GradingMethod = "highest"
	}
	if !slices.Contains(GradingMethods, n.GradingMethod) {
		return invalid("grading_method", "test.bad_grading", "Choose a grading method.")
	}
	if n.ShowResults == "" {
		n.ShowResults = "after_close"
	}
	if n.ShowResults != "after_close" && n.ShowResults != "immediately" {
		return invalid("show_results", "test.bad_show", "Choose when students see their results.")
	}
	if n.Shuffle == nil {
		n.Shuffle = new(bool)
		*n.Shuffle = true
	}
	if len(n.QuestionIDs) > 200 {
		return invalid("question_ids", "test.too_many", "A test has at most 200 questions.")
	}
	if err := n.normalizeSettings(); err != nil {
		return err
	}
	if b := n.Blueprint; b != nil {
		return b.normalize()
	}
	return nil
}

func (b *Blueprint) normalize() error {
	if b.Forms == 0 {
		b.Forms = 1
	}
	if b.Forms < 1 || b.Forms > 20 {
		return invalid("blueprint.forms", "blueprint.forms", "A blueprint makes from 1 to 20 forms.")
	}
	if b.Subject == "" || b.Grade < 1 || b.Grade > 12 {
		return invalid("blueprint.subject", "blueprint.subject", "A blueprint needs a subject and a grade.")
	}
	total := 0
	for _, r := range b.Rows {
		if !slices.Contains(Levels, r.Level) || r.Count < 1 || r.Points < 0 {
			return invalid("blueprint.rows", "blueprint.row", "Each blueprint row needs a cognitive level and a count of at least 1.")
		}
		total += r.Count
	}
	if total == 0 || total > 200 {
		return invalid("blueprint.rows", "blueprint.rows", "A blueprint draws from 1 to 200 questions.")
	}
	return nil
}

// classSchool checks the classes (all of one school, each taught by the actor or in
// a school the actor administers) and returns the school and its path.
func (s *Service) classSchool(ctx context.Context, a *identity.Actor, classIDs []int64) (int64, []int64, error) {
	var org int64
	var path []int64
	for _, id := range classIDs {
		var o int64
		var p []int64
		var teaches bool
		err := s.db.QueryRow(ctx, `SELECT c.org_id, o.path, EXISTS (SELECT 1 FROM class_members m WHERE m.class_id = c.id AND m.user_id = $2 AND m.role IN ('teacher', 'homeroom'))
			FROM classes c JOIN organizations o ON o.id = c.org_id WHERE c.id = $1`, id, a.User.ID).Scan(&o, &p, &teaches)
		if err != nil {
			return 0, nil, notFound(err, fmt.Sprintf("class %d", id))
		}
		if !(teaches && a.Can(identity.ActionTeach, p)) && !a.AdministersPath(p) {
			return 0, nil, fmt.Errorf("assessment: class %d: %w", id, ErrForbidden)
		}
		if org != 0 && o != org {
			return 0, nil, invalid("class_ids", "test.one_school", "All classes of a test belong to one school.")
		}
		org, path = o, p
	}
	return org, path, nil
}

// CreateTest creates a test for classes the actor teaches and fixes its forms, so that
// starting an attempt later only picks one.
func (s *Service) CreateTest(ctx context.Context, a *identity.Actor, n NewTest) (*Test, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	slices.Sort(n.ClassIDs)
	n.ClassIDs = slices.Compact(n.ClassIDs)
	org, path, err := s.classSchool(ctx, a, n.ClassIDs)
	if err != nil {
		return nil, err
	}
	var forms [][]formItem
	if n.Blueprint != nil {
		forms, err = s.drawForms(ctx, a, n.Blueprint)
	} else {
		forms, err = s.handForm(ctx, a, n.QuestionIDs)
	}
	if err != nil {
		return nil, err
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO assessment_tests (org_id, org_path, owner_id, title, opens_at, closes_at, time_limit_minutes,
			attempts_allowed, grading_method, show_results, one_per_page, shuffle, forms, blueprint, access_code, ip_ranges, navigation)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
			org, path, a.User.ID, n.Title, n.OpensAt, n.ClosesAt, n.TimeLimitMinutes, n.AttemptsAllowed, n.GradingMethod,
			n.ShowResults, n.OnePerPage, *n.Shuffle, len(forms), n.Blueprint, n.AccessCode, n.IPRanges, n.Navigation).Scan(&id)
		if err != nil {
			return err
		}
		for _, c := range n.ClassIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO assessment_test_classes (test_id, class_id) VALUES ($1, $2)`, id, c); err != nil {
				return err
			}
		}
		rows := [][]any{}
		for f, items := range forms {
			for pos, it := range items {
				rows = append(rows, []any{id, f + 1, pos, it.ItemID, it.Version, it.Points})
			}
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"assessment_form_items"}, []string{"test_id", "form", "position", "item_id", "version_id", "points"}, pgx.CopyFromRows(rows))
		if err != nil || n.ClosesAt == nil {
			return err
		}
		// At the close every attempt still open is scored in batches by one job.
		return s.jobs.InsertTx(ctx, tx, CloseTestArgs{TestID: id}, &river.InsertOpts{ScheduledAt: n.ClosesAt.Add(Grace)})
	})
	if err != nil {
		return nil, keepValidation(err, "create test")
	}
	// Starting should cost one insert: have the forms in memory before anyone starts.
	if err := s.Precompute(ctx, id); err != nil {
		return nil, err
	}
	return s.Test(ctx, a, id)
}

// handForm is the one form of a hand-built test: the items in the order chosen, each
// at the version the actor sees now.
func (s *Service) handForm(ctx context.Context, a *identity.Actor, ids []int64) ([][]formItem, error) {
	var form []formItem
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, invalid("question_ids", "test.duplicate", "Question %d is chosen twice.", id)
		}
		seen[id] = true
		it, err := s.Item(ctx, a, id)
		if errors.Is(err, ErrNotFound) {
			return nil, invalid("question_ids", "test.unknown_item", "Question %d does not exist or is not shared with you.", id)
		}
		if err != nil {
			return nil, err
		}
		form = append(form, formItem{ItemID: it.ID, Version: it.Version.ID, Points: it.Version.Points})
	}
	return [][]formItem{form}, nil
}

// drawForms draws each blueprint row's items at random from the items the actor may
// use, independently for every form: parallel forms with the same topic x level
// profile and points.
func (s *Service) drawForms(ctx context.Context, a *identity.Actor, b *Blueprint) ([][]formItem, error) {
	forms := make([][]formItem, b.Forms)
	for _, row := range b.Rows {
		pool, err := s.Items(ctx, a, ItemFilter{Subject: b.Subject, Grade: b.Grade, Level: row.Level, Topic: row.Topic, Limit: 200})
		if err != nil {
			return nil, err
		}
		if len(pool) < row.Count {
			return nil, invalid("blueprint.rows", "blueprint.short", "The bank has %d questions for %s / %s; the blueprint needs %d.",
				len(pool), row.Topic, row.Level, row.Count)
		}
		for f := range forms {
			for _, k := range permutation(time.Now().UnixNano(), int64(f), len(pool))[:row.Count] {
				if slices.ContainsFunc(forms[f], func(x formItem) bool { return x.ItemID == pool[k].ID }) {
					return nil, invalid("blueprint.rows", "blueprint.overlap", "Two blueprint rows draw from the same questions.")
				}
				pts := row.Points
				if pts == 0 {
					pts = pool[k].Version.Points
				}
				forms[f] = append(forms[f], formItem{ItemID: pool[k].ID, Version: pool[k].Version.ID, Points: pts})
			}
		}
	}
	return forms, nil
}

const testColumns = `t.id, t.org_id, t.owner_id, t.title, t.opens_at, t.closes_at, t.time_limit_minutes, t.attempts_allowed,
	t.grading_method, t.show_results, t.one_per_page, t.shuffle, t.forms, t.created_at,
	ARRAY(SELECT class_id FROM assessment_test_classes c WHERE c.test_id = t.id ORDER BY class_id),
	(SELECT count(*) FROM assessment_form_items f WHERE f.test_id = t.id AND f.form = 1),
	(SELECT COALESCE(sum(points), 0)::float8 FROM assessment_form_items f WHERE f.test_id = t.id AND f.form = 1), t.navigation, t.access_code, t.ip_ranges, t.org_path`

// staffSQL: the actor ($1) set the test, teaches one of its classes, or administers
// its school ($2 administered orgs).
const staffSQL = `(t.owner_id = $1 OR COALESCE(t.org_path && $2::bigint[], false) OR EXISTS (SELECT 1 FROM assessment_test_classes tc
	JOIN class_members m ON m.class_id = tc.class_id WHERE tc.test_id = t.id AND m.user_id = $1 AND m.role IN ('teacher', 'homeroom')))`

// studentSQL: the actor ($1) is a student of one of the test's classes.
const studentSQL = `EXISTS (SELECT 1 FROM assessment_test_classes tc JOIN class_members m ON m.class_id = tc.class_id
	WHERE tc.test_id = t.id AND m.user_id = $1 AND m.role = 'student')`

func scanTest(row pgx.Row) (Test, error) {
	var t Test
	err := row.Scan(&t.ID, &t.OrgID, &t.OwnerID, &t.Title, &t.OpensAt, &t.ClosesAt, &t.TimeLimitMinutes, &t.AttemptsAllowed,
		&t.GradingMethod, &t.ShowResults, &t.OnePerPage, &t.Shuffle, &t.Forms, &t.CreatedAt, &t.ClassIDs, &t.Items, &t.MaxScore,
		&t.Navigation, &t.code, &t.ranges, &t.path, &t.Staff)
	t.NeedsCode = t.code != ""
	return t, err
}

// Test returns a test its teachers, administrators or students may see; to anyone
// else it does not exist.
func (s *Service) Test(ctx context.Context, a *identity.Actor, id int64) (*Test, error) {
	t, err := scanTest(s.db.QueryRow(ctx, `SELECT `+testColumns+`, `+staffSQL+` FROM assessment_tests t
		WHERE t.id = $3 AND (`+staffSQL+` OR `+studentSQL+`)`, a.User.ID, a.AdminScope(), id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("test %d", id))
	}
	if a.IsSystem() {
		t.Staff = true
	}
	if t.Staff {
		t.AccessCode, t.IPRanges = t.code, t.ranges
	}
	return &t, nil
}

// staffTest is Test for calls only teachers may make.
func (s *Service) staffTest(ctx context.Context, a *identity.Actor, id int64) (*Test, error) {
	t, err := s.Test(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !t.Staff {
		return nil, fmt.Errorf("assessment: test %d: %w", id, ErrForbidden)
	}
	return t, nil
}

// Tests lists the tests the actor teaches or takes, newest first.
func (s *Service) Tests(ctx context.Context, a *identity.Actor) ([]Test, error) {
	rows, err := s.db.Query(ctx, `SELECT `+testColumns+`, `+staffSQL+` FROM assessment_tests t
		WHERE `+staffSQL+` OR `+studentSQL+` ORDER BY t.id DESC LIMIT 200`, a.User.ID, a.AdminScope())
	if err != nil {
		return nil, fmt.Errorf("assessment: tests: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Test, error) { return scanTest(r) })
}

// SetExtraTime gives a student extra minutes on the test (an accommodation); 0 removes
// it. It applies to attempts started afterwards.
func (s *Service) SetExtraTime(ctx context.Context, a *identity.Actor, testID, userID int64, minutes int) error {
	if _, err := s.staffTest(ctx, a, testID); err != nil {
		return err
	}
	if minutes < 0 || minutes > 600 {
		return invalid("minutes", "test.extra_time", "Extra time is from 0 to 600 minutes.")
	}
	var err error
	if minutes == 0 {
		_, err = s.db.Exec(ctx, `DELETE FROM assessment_extra_time WHERE test_id = $1 AND user_id = $2`, testID, userID)
	} else {
		_, err = s.db.Exec(ctx, `INSERT INTO assessment_extra_time (test_id, user_id, minutes) VALUES ($1, $2, $3)
			ON CONFLICT (test_id, user_id) DO UPDATE SET minutes = EXCLUDED.minutes`, testID, userID, minutes)
	}
	if err != nil {
		return fmt.Errorf("assessment: extra time: %w", err)
	}
	return nil
}
