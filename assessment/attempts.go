package assessment

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Grace is how long after the deadline an answer is still accepted: what was typed in
// the last seconds is on its way over a slow phone network. The attempt is
// submitted automatically when the grace ends.
const Grace = 15 * time.Second

const graceSQL = `interval '15 seconds'`

// AttemptView is an attempt as its student (or a teacher) sees it.
type AttemptView struct {
	ID          int64       `json:"id"`
	TestID      int64       `json:"test_id"`
	Title       string      `json:"title"`
	Number      int         `json:"number"`
	Status      string      `json:"status"` // open, submitted, grading
	StartedAt   time.Time   `json:"started_at"`
	Deadline    time.Time   `json:"deadline"`
	Now         time.Time   `json:"server_now"`
	Remaining   int         `json:"remaining_seconds"`
	SubmittedAt *time.Time  `json:"submitted_at,omitempty"`
	Position    int         `json:"position"`
	OnePerPage  bool        `json:"one_per_page"`
	Navigation  string      `json:"navigation"` // free or sequential (no going back)
	Items       []Presented `json:"items"`
	// Score is shown once the teacher's setting allows it (immediately or after
	// the close); Pending is true while essays wait for a grader.
	Score    *float64 `json:"score,omitempty"`
	MaxScore float64  `json:"max_score"`
	Pending  bool     `json:"pending_grading,omitempty"`
	UserID   int64    `json:"user_id"`
	// ItemScores are the points of each item by id, when the score is shown.
	ItemScores map[int64]float64 `json:"item_scores,omitempty"`
}

// attemptMeta is the part of an attempt that never changes after it starts.
type attemptMeta struct {
	TestID, UserID int64
	Form           int
	Seed           int64
	Shuffle        bool
	Sequential     bool
	Ranges         []string // the networks the test may be taken from (all when empty)
}

func (s *Service) meta(ctx context.Context, q querier, attemptID int64) (attemptMeta, error) {
	if v, ok := s.metas.Load(attemptID); ok {
		return v.(attemptMeta), nil
	}
	var m attemptMeta
	err := q.QueryRow(ctx, `SELECT a.test_id, a.user_id, a.form, a.seed, t.shuffle, t.navigation = 'sequential', t.ip_ranges FROM assessment_attempts a
		JOIN assessment_tests t ON t.id = a.test_id WHERE a.id = $1`, attemptID).Scan(&m.TestID, &m.UserID, &m.Form, &m.Seed, &m.Shuffle, &m.Sequential, &m.Ranges)
	if err != nil {
		return m, notFound(err, fmt.Sprintf("attempt %d", attemptID))
	}
	s.metas.Store(attemptID, m)
	return m, nil
}

func randomSeed() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return int64(binary.LittleEndian.Uint64(b[:]) >> 1)
}

// Start starts an attempt at the test for the student, or resumes the open one. The
// deadline is the server's: now + time limit + the student's extra time, and never
// later than the close (plus the extra time). An auto-submit job is enqueued with the
// attempt, so it is submitted even if the student never comes back. code is the
// test's access code, needed for a new attempt when the test has one; a test with IP
// ranges is only started from inside them.
func (s *Service) Start(ctx context.Context, a *identity.Actor, testID int64, code string) (*AttemptView, error) {
	t, err := s.Test(ctx, a, testID)
	if err != nil {
		return nil, err
	}
	if t.Staff || !a.Can(identity.ActionLearn, t.path) {
		return nil, fmt.Errorf("assessment: start test %d: %w", testID, ErrForbidden)
	}
	if !ipAllowed(t.ranges, a.IP) {
		return nil, errOutsideNetwork()
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		id, err = s.startTx(ctx, tx, a, t, code)
		return err
	})
	if err != nil {
		return nil, keepValidation(err, fmt.Sprintf("start test %d", testID))
	}
	return s.Attempt(ctx, a, id)
}

func (s *Service) startTx(ctx context.Context, tx pgx.Tx, a *identity.Actor, t *Test, code string) (int64, error) {
	var open int64
	var live bool
	err := tx.QueryRow(ctx, `SELECT id, now() <= deadline + `+graceSQL+` FROM assessment_attempts
		WHERE test_id = $1 AND user_id = $2 AND status = 'open' FOR UPDATE`, t.ID, a.User.ID).Scan(&open, &live)
	switch {
	case err == nil && live:
		return open, logEvent(ctx, tx, open, "resume", a.IP)
	case err == nil: // the auto-submit job has not run yet
		if err := s.finalize(ctx, tx, open, true); err != nil {
			return 0, err
		}
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, err
	}
	var done, extra int
	var now time.Time
	err = tx.QueryRow(ctx, `SELECT now(), (SELECT count(*) FROM assessment_attempts WHERE test_id = $1 AND user_id = $2),
		COALESCE((SELECT minutes FROM assessment_extra_time WHERE test_id = $1 AND user_id = $2), 0)`, t.ID, a.User.ID).Scan(&now, &done, &extra)
	if err != nil {
		return 0, err
	}
	switch {
	case t.OpensAt != nil && now.Before(*t.OpensAt):
		return 0, invalid("test", "test.not_open", "The test opens at %s.", t.OpensAt.Format("15:04 02/01/2006"))
	case t.ClosesAt != nil && !now.Before(*t.ClosesAt):
		return 0, invalid("test", "test.closed", "The test is closed.")
	case done >= t.AttemptsAllowed:
		return 0, invalid("test", "test.attempts_used", "You have used all your attempts.")
	case !codeMatches(t.code, code):
		return 0, invalid("access_code", "test.access_code", "The access code is not right: ask your teacher for it.")
	}
	number := done + 1
	form := 1 + int((a.User.ID+int64(number))%int64(t.Forms))
	var id int64
	var deadline time.Time
	err = tx.QueryRow(ctx, `INSERT INTO assessment_attempts (test_id, user_id, number, form, seed, deadline, last_ip, max_score)
		SELECT $1, $2, $3, $4, $5,
		       LEAST(CASE WHEN t.time_limit_minutes > 0 THEN now() + make_interval(mins => t.time_limit_minutes + $6) END,
		             t.closes_at + make_interval(mins => $6)),
		       $7, (SELECT COALESCE(sum(points), 0) FROM assessment_form_items f WHERE f.test_id = t.id AND f.form = $4)
		FROM assessment_tests t WHERE t.id = $1
		ON CONFLICT DO NOTHING RETURNING id, deadline`, t.ID, a.User.ID, number, form, randomSeed(), extra, a.IP).Scan(&id, &deadline)
	if errors.Is(err, pgx.ErrNoRows) {
		// The same student pressed start twice at once and the other request won:
		// resume its attempt (committed, so this statement sees it).
		err = tx.QueryRow(ctx, `SELECT id FROM assessment_attempts WHERE test_id = $1 AND user_id = $2 AND status = 'open'`, t.ID, a.User.ID).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("start: %w", ErrConflict)
		}
		return id, nil
	}
	if err != nil {
		return 0, err
	}
	if err := logEvent(ctx, tx, id, "start", a.IP); err != nil {
		return 0, err
	}
	if t.ClosesAt != nil && !deadline.Before(*t.ClosesAt) && !deadline.After(*t.ClosesAt) {
		return id, nil // the test's close job submits it with everyone else's
	}
	return id, s.jobs.InsertTx(ctx, tx, AutoSubmitArgs{AttemptID: id}, &river.InsertOpts{ScheduledAt: deadline.Add(Grace)})
}

func logEvent(ctx context.Context, tx pgx.Tx, attemptID int64, kind, detail string) error {
	_, err := tx.Exec(ctx, `INSERT INTO assessment_integrity (attempt_id, kind, detail) VALUES ($1, $2, $3)`, attemptID, kind, detail)
	return err
}

// Attempt returns the attempt with its items as shown and the saved answers, to its
// student or to the test's teachers.
func (s *Service) Attempt(ctx context.Context, a *identity.Actor, id int64) (*AttemptView, error) {
	m, err := s.meta(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	staff := false
	if m.UserID != a.User.ID {
		if _, err := s.staffTest(ctx, a, m.TestID); err != nil {
			return nil, notFound(pgx.ErrNoRows, fmt.Sprintf("attempt %d", id))
		}
		staff = true
	}
	v := &AttemptView{ID: id, TestID: m.TestID, UserID: m.UserID}
	var score *float64
	var closesAt *time.Time
	var showNow bool
	err = s.db.QueryRow(ctx, `SELECT t.title, a.number, a.status, a.started_at, a.deadline, now(), a.submitted_at, a.position,
		t.one_per_page, t.navigation, a.score::float8, a.max_score::float8, t.closes_at, t.show_results = 'immediately'
		FROM assessment_attempts a JOIN assessment_tests t ON t.id = a.test_id WHERE a.id = $1`, id).
		Scan(&v.Title, &v.Number, &v.Status, &v.StartedAt, &v.Deadline, &v.Now, &v.SubmittedAt, &v.Position, &v.OnePerPage, &v.Navigation, &score, &v.MaxScore, &closesAt, &showNow)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("attempt %d", id))
	}
	v.Remaining = max(0, int(v.Deadline.Sub(v.Now).Seconds()))
	items, err := s.form(ctx, s.db, m.TestID, m.Form)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT item_id, response, seq, score::float8 FROM assessment_answers WHERE attempt_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("assessment: answers of %d: %w", id, err)
	}
	type saved struct {
		resp  json.RawMessage
		seq   int64
		score *float64
	}
	answers := map[int64]saved{}
	var itemID int64
	var sv saved
	_, err = pgx.ForEachRow(rows, []any{&itemID, &sv.resp, &sv.seq, &sv.score}, func() error {
		answers[itemID] = saved{append(json.RawMessage(nil), sv.resp...), sv.seq, sv.score}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assessment: answers of %d: %w", id, err)
	}
	show := v.Status != "open" && (staff || showNow || (closesAt != nil && !v.Now.Before(*closesAt)))
	if show {
		v.Score, v.Pending, v.ItemScores = score, v.Status == "grading", map[int64]float64{}
	}
	for pos, k := range itemOrder(len(items), m.Seed, m.Shuffle) {
		p := items[k].present(pos, m.Seed, m.Shuffle)
		if ans, ok := answers[p.ID]; ok {
			p.Response, p.Seq = ans.resp, ans.seq
			if show && ans.score != nil {
				v.ItemScores[p.ID] = *ans.score
			}
		}
		v.Items = append(v.Items, p)
	}
	return v, nil
}

// Ack is the answer to an autosave: the sequence number the server now holds for the
// item. It is larger than the one sent when a newer answer was already saved (the
// older one was ignored).
type Ack struct {
	Item  int64 `json:"item"`
	Seq   int64 `json:"seq"`
	Stale bool  `json:"stale,omitempty"`
}

// Autosave saves the student's answer to one item if seq is newer than what is
// stored; it is idempotent, and an older or repeated write never replaces a newer
// one. When it returns, the answer is committed. After the deadline and its grace
// it is refused. seq <= 0 asks the server to number it after the stored one (plain
// form posts).
func (s *Service) Autosave(ctx context.Context, a *identity.Actor, attemptID, itemID int64, resp json.RawMessage, seq int64) (*Ack, error) {
	m, err := s.meta(ctx, s.db, attemptID)
	if err != nil || m.UserID != a.User.ID {
		return nil, notFound(pgx.ErrNoRows, fmt.Sprintf("attempt %d", attemptID))
	}
	items, err := s.form(ctx, s.db, m.TestID, m.Form)
	if err != nil {
		return nil, err
	}
	var it *formItem
	for i := range items {
		if items[i].ItemID == itemID {
			it = &items[i]
		}
	}
	if it == nil {
		return nil, notFound(pgx.ErrNoRows, fmt.Sprintf("item %d of attempt %d", itemID, attemptID))
	}
	if !ipAllowed(m.Ranges, a.IP) {
		return nil, errOutsideNetwork()
	}
	// Sequential tests take answers only from the question the student is on or
	// later; free ones from any.
	minPos := int64(1) << 30
	if m.Sequential {
		minPos = int64(shownPosition(items, m, itemID))
	}
	if err := checkResponse(it.Type, &it.Content, resp); err != nil {
		return nil, err
	}
	if isNull(resp) {
		resp = json.RawMessage("null")
	}
	seqSQL := `$4::bigint`
	if seq <= 0 {
		seqSQL = `GREATEST($4::bigint, COALESCE((SELECT seq FROM assessment_answers WHERE attempt_id = $1 AND item_id = $2), 0) + 1)`
	}
	var saved int64
	var lastIP string
	err = s.db.QueryRow(ctx, `WITH a AS (SELECT id, last_ip FROM assessment_attempts WHERE id = $1 AND status = 'open' AND now() <= deadline + `+graceSQL+` AND position <= $5)
		INSERT INTO assessment_answers (attempt_id, item_id, response, seq) SELECT id, $2, $3, `+seqSQL+` FROM a
		ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = EXCLUDED.response, seq = EXCLUDED.seq, saved_at = now()
		WHERE assessment_answers.seq < EXCLUDED.seq
		RETURNING seq, (SELECT last_ip FROM a)`, attemptID, itemID, []byte(resp), seq, minPos).Scan(&saved, &lastIP)
	if errors.Is(err, pgx.ErrNoRows) {
		return s.notSaved(ctx, attemptID, itemID, minPos)
	}
	if err != nil {
		return nil, fmt.Errorf("assessment: autosave %d/%d: %w", attemptID, itemID, err)
	}
	if a.IP != "" && lastIP != a.IP {
		s.ipChanged(ctx, attemptID, lastIP, a.IP)
	}
	return &Ack{Item: itemID, Seq: saved}, nil
}

// notSaved explains an autosave that wrote nothing: the attempt is over, or a newer
// answer is already stored.
func (s *Service) notSaved(ctx context.Context, attemptID, itemID, minPos int64) (*Ack, error) {
	var open, passed bool
	var seq int64
	err := s.db.QueryRow(ctx, `SELECT status = 'open' AND now() <= deadline + `+graceSQL+`, position > $3,
		COALESCE((SELECT seq FROM assessment_answers WHERE attempt_id = $1 AND item_id = $2), 0)
		FROM assessment_attempts WHERE id = $1`, attemptID, itemID, minPos).Scan(&open, &passed, &seq)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("attempt %d", attemptID))
	}
	if !open {
		// A conflict (409) that carries a message a student can read.
		return nil, fmt.Errorf("%w: %w", ErrConflict, invalid("attempt", "attempt.closed", "Time is up: this attempt is closed and the answer was not saved."))
	}
	if passed {
		return nil, invalid("item", "attempt.passed", "In this test you cannot go back to an earlier question.")
	}
	return &Ack{Item: itemID, Seq: seq, Stale: true}, nil
}

// shownPosition is the 0-based place at which the attempt shows the item.
func shownPosition(items []formItem, m attemptMeta, itemID int64) int {
	for pos, k := range itemOrder(len(items), m.Seed, m.Shuffle) {
		if items[k].ItemID == itemID {
			return pos
		}
	}
	return 0
}

// ipChanged records a change of the student's address (a reconnect through another
// network, or another device). Failing to log it does not fail the autosave.
func (s *Service) ipChanged(ctx context.Context, attemptID int64, from, to string) {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE assessment_attempts SET last_ip = $2 WHERE id = $1`, attemptID, to); err != nil {
			return err
		}
		return logEvent(ctx, tx, attemptID, "ip_change", from+" → "+to)
	})
	if err != nil {
		s.log.Warn("assessment: log ip change", "attempt", attemptID, "err", err)
	}
}

// Events a student's page reports.
var clientEvents = map[string]bool{"focus_lost": true, "focus_regained": true, "reconnect": true}

// LogEvent records an integrity event the student's page reports (focus lost or
// regained, reconnect) and the item the student is on, to resume there.
func (s *Service) LogEvent(ctx context.Context, a *identity.Actor, attemptID int64, kind string, position int) error {
	m, err := s.meta(ctx, s.db, attemptID)
	if err != nil || m.UserID != a.User.ID {
		return notFound(pgx.ErrNoRows, fmt.Sprintf("attempt %d", attemptID))
	}
	if kind != "" && !clientEvents[kind] {
		return invalid("kind", "attempt.event", "Unknown event.")
	}
	posSQL := `GREATEST(0, $2)`
	if m.Sequential { // forward only
		posSQL = `GREATEST(position, $2)`
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE assessment_attempts SET position = `+posSQL+` WHERE id = $1 AND status = 'open'`, attemptID, position)
		if err != nil {
			return fmt.Errorf("assessment: event: %w", err)
		}
		if tag.RowsAffected() == 0 || kind == "" {
			return nil
		}
		return logEvent(ctx, tx, attemptID, kind, "")
	})
}

// Submit ends the student's attempt and scores it; submitting again returns the same
// result.
func (s *Service) Submit(ctx context.Context, a *identity.Actor, attemptID int64) (*AttemptView, error) {
	m, err := s.meta(ctx, s.db, attemptID)
	if err != nil || m.UserID != a.User.ID {
		return nil, notFound(pgx.ErrNoRows, fmt.Sprintf("attempt %d", attemptID))
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error { return s.finalize(ctx, tx, attemptID, false) })
	if err != nil {
		return nil, fmt.Errorf("assessment: submit %d: %w", attemptID, err)
	}
	return s.Attempt(ctx, a, attemptID)
}

// AutoSubmit submits an attempt whose deadline (and grace) has passed; the job calls
// it. An attempt already submitted is left alone.
func (s *Service) AutoSubmit(ctx context.Context, attemptID int64) (time.Time, error) {
	var wait time.Time
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var due bool
		err := tx.QueryRow(ctx, `SELECT now() > deadline + `+graceSQL+`, deadline + `+graceSQL+` FROM assessment_attempts WHERE id = $1 AND status = 'open'`,
			attemptID).Scan(&due, &wait)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil || !due {
			return err
		}
		wait = time.Time{}
		return s.finalize(ctx, tx, attemptID, true)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("assessment: auto-submit %d: %w", attemptID, err)
	}
	return wait, nil
}

// roundPoints keeps two decimals, as stored.
func roundPoints(p float64) float64 { return float64(int64(p*100+0.5)) / 100 }

// AutoSubmitArgs is the job that submits an attempt at its deadline.
type AutoSubmitArgs struct {
	AttemptID int64 `json:"attempt_id"`
}

// Kind names the job for River.
func (AutoSubmitArgs) Kind() string { return "assessment.autosubmit" }

// AutoSubmitWorker works AutoSubmitArgs jobs.
type AutoSubmitWorker struct {
	river.WorkerDefaults[AutoSubmitArgs]
	s *Service
}

// NewAutoSubmitWorker returns the worker for cmd/hoclieu to register.
func NewAutoSubmitWorker(s *Service) *AutoSubmitWorker { return &AutoSubmitWorker{s: s} }

// Work submits the attempt, or waits again if its deadline is not yet past (the
// job ran early, e.g. on a clock skew between nodes).
func (w *AutoSubmitWorker) Work(ctx context.Context, job *river.Job[AutoSubmitArgs]) error {
	wait, err := w.s.AutoSubmit(ctx, job.Args.AttemptID)
	if err != nil {
		return err
	}
	if !wait.IsZero() {
		return river.JobSnooze(max(time.Second, time.Until(wait)))
	}
	return nil
}
