package assessment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// finalize scores every answer of an open attempt and closes it, in tx.
func (s *Service) finalize(ctx context.Context, tx pgx.Tx, attemptID int64, auto bool) error {
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM assessment_attempts WHERE id = $1`, attemptID).Scan(&status); err != nil {
		return notFound(err, fmt.Sprintf("attempt %d", attemptID))
	}
	_, err := s.finalizeMany(ctx, tx, []int64{attemptID}, auto)
	return err
}

// scored is one attempt's outcome in finalizeMany.
type scored struct {
	id      int64
	total   float64
	pending bool
}

// finalizeMany scores the open attempts among ids and closes them, in tx, with a
// fixed number of statements whatever len(ids): thousands of attempts closing at
// once are scored in a few batches rather than one transaction each. Attempts that
// are not open are skipped (a submit that won the race). It returns how many it
// closed.
func (s *Service) finalizeMany(ctx context.Context, tx pgx.Tx, ids []int64, auto bool) (int, error) {
	rows, err := tx.Query(ctx, `SELECT a.id, a.test_id, a.user_id, a.form, a.seed, t.shuffle FROM assessment_attempts a
		JOIN assessment_tests t ON t.id = a.test_id WHERE a.id = ANY($1) AND a.status = 'open' ORDER BY a.id FOR UPDATE OF a`, ids)
	if err != nil {
		return 0, fmt.Errorf("lock attempts: %w", err)
	}
	metas := map[int64]attemptMeta{}
	var order []int64
	var id int64
	var m attemptMeta
	if _, err := pgx.ForEachRow(rows, []any{&id, &m.TestID, &m.UserID, &m.Form, &m.Seed, &m.Shuffle}, func() error {
		metas[id] = m
		order = append(order, id)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("lock attempts: %w", err)
	}
	if len(order) == 0 {
		return 0, nil
	}
	responses, err := answersOf(ctx, tx, order)
	if err != nil {
		return 0, err
	}
	var ansAttempt, ansItem []int64
	var ansScore []*float64
	out := make([]scored, 0, len(order))
	for _, id := range order {
		m := metas[id]
		items, err := s.form(ctx, tx, m.TestID, m.Form)
		if err != nil {
			return 0, err
		}
		sc := scored{id: id}
		for i := range items {
			it := &items[i]
			r, answered := responses[id][it.ItemID]
			if !answered {
				continue
			}
			ansAttempt, ansItem = append(ansAttempt, id), append(ansItem, it.ItemID)
			frac, manual := fraction(it.Type, &it.Content, it.order(m.Seed, m.Shuffle), r)
			if manual && !isNull(r) {
				sc.pending = true
				ansScore = append(ansScore, nil)
				continue
			}
			pts := roundPoints(frac * it.Points)
			sc.total += pts
			ansScore = append(ansScore, &pts)
		}
		out = append(out, sc)
	}
	if err := writeScores(ctx, tx, ansAttempt, ansItem, ansScore, out, auto); err != nil {
		return 0, err
	}
	if err := s.tellSubmitted(ctx, tx, order, metas); err != nil {
		return 0, err
	}
	return len(out), nil
}

// SubmitObserver hears, in the transaction that closes them, of the attempts handed
// in (submitted, or waiting for essay grading): testIDs[i] was taken by userIDs[i].
// The courses use it to record progress on their test items (course.Service).
type SubmitObserver interface {
	TestsSubmitted(ctx context.Context, tx pgx.Tx, testIDs, userIDs []int64) error
}

// WithSubmitObserver adds an observer of submitted attempts.
func (s *Service) WithSubmitObserver(o SubmitObserver) *Service {
	s.observers = append(s.observers, o)
	return s
}

func (s *Service) tellSubmitted(ctx context.Context, tx pgx.Tx, order []int64, metas map[int64]attemptMeta) error {
	if len(s.observers) == 0 {
		return nil
	}
	tests, users := make([]int64, len(order)), make([]int64, len(order))
	for i, id := range order {
		tests[i], users[i] = metas[id].TestID, metas[id].UserID
	}
	for _, o := range s.observers {
		if err := o.TestsSubmitted(ctx, tx, tests, users); err != nil {
			return fmt.Errorf("tell submitted: %w", err)
		}
	}
	return nil
}

// answersOf reads the stored responses of the attempts: attempt -> item -> response.
func answersOf(ctx context.Context, tx pgx.Tx, ids []int64) (map[int64]map[int64]json.RawMessage, error) {
	rows, err := tx.Query(ctx, `SELECT attempt_id, item_id, response FROM assessment_answers WHERE attempt_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	out := map[int64]map[int64]json.RawMessage{}
	var a, item int64
	var resp json.RawMessage
	if _, err := pgx.ForEachRow(rows, []any{&a, &item, &resp}, func() error {
		if out[a] == nil {
			out[a] = map[int64]json.RawMessage{}
		}
		out[a][item] = append(json.RawMessage(nil), resp...)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	return out, nil
}

// writeScores stores the answers' scores, closes the attempts, adds the fully scored
// ones to the item analysis and logs the submits.
func writeScores(ctx context.Context, tx pgx.Tx, ansAttempt, ansItem []int64, ansScore []*float64, out []scored, auto bool) error {
	if _, err := tx.Exec(ctx, `UPDATE assessment_answers a SET score = x.score
		FROM unnest($1::bigint[], $2::bigint[], $3::numeric[]) AS x(attempt, item, score)
		WHERE a.attempt_id = x.attempt AND a.item_id = x.item`, ansAttempt, ansItem, ansScore); err != nil {
		return fmt.Errorf("score answers: %w", err)
	}
	ids := make([]int64, len(out))
	totals := make([]float64, len(out))
	statuses := make([]string, len(out))
	var complete []int64
	for i, sc := range out {
		ids[i], totals[i], statuses[i] = sc.id, sc.total, "submitted"
		if sc.pending {
			statuses[i] = "grading"
		} else {
			complete = append(complete, sc.id)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE assessment_attempts a SET status = x.status, score = x.score,
		submitted_at = LEAST(now(), a.deadline + `+graceSQL+`), auto_submitted = $4
		FROM unnest($1::bigint[], $2::text[], $3::numeric[]) AS x(id, status, score) WHERE a.id = x.id`, ids, statuses, totals, auto); err != nil {
		return fmt.Errorf("close attempts: %w", err)
	}
	if err := recordStatsMany(ctx, tx, complete); err != nil {
		return err
	}
	kind := "submit"
	if auto {
		kind = "auto_submit"
	}
	if _, err := tx.Exec(ctx, `INSERT INTO assessment_integrity (attempt_id, kind) SELECT unnest($1::bigint[]), $2`, ids, kind); err != nil {
		return fmt.Errorf("log submits: %w", err)
	}
	return nil
}

// closeBatch is how many attempts one transaction of ScoreClosed scores.
const closeBatch = 250

// ScoreClosed auto-submits and scores, at once, every open attempt of the test whose
// deadline and grace have passed: what happens when a test closes with thousands of
// attempts in progress. The attempts are split by their statistics shard, so the
// parallel batches never wait for each other's row locks. It returns how many it
// closed.
func (s *Service) ScoreClosed(ctx context.Context, testID int64) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM assessment_attempts WHERE test_id = $1 AND status = 'open' AND now() > deadline + `+graceSQL+` ORDER BY id`, testID)
	if err != nil {
		return 0, fmt.Errorf("assessment: close test %d: %w", testID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("assessment: close test %d: %w", testID, err)
	}
	var groups [statShards][]int64
	for _, id := range ids {
		groups[id%statShards] = append(groups[id%statShards], id)
	}
	work := make(chan []int64)
	var mu sync.Mutex
	var total int
	var errs []error
	var wg sync.WaitGroup
	for range closeWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range work {
				var n int
				err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) (err error) { n, err = s.finalizeMany(ctx, tx, batch, true); return err })
				mu.Lock()
				total += n
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		}()
	}
	for _, g := range groups {
		for len(g) > 0 {
			k := min(closeBatch, len(g))
			work <- g[:k]
			g = g[k:]
		}
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return total, fmt.Errorf("assessment: close test %d: %w", testID, err)
	}
	return total, nil
}

// closeWorkers is how many transactions ScoreClosed runs at once.
const closeWorkers = 4

// CloseTestArgs is the job that scores a test's open attempts when it closes.
type CloseTestArgs struct {
	TestID int64 `json:"test_id"`
}

// Kind names the job for River.
func (CloseTestArgs) Kind() string { return "assessment.closetest" }

// CloseTestWorker works CloseTestArgs jobs.
type CloseTestWorker struct {
	river.WorkerDefaults[CloseTestArgs]
	s *Service
}

// NewCloseTestWorker returns the worker for cmd/hoclieu to register.
func NewCloseTestWorker(s *Service) *CloseTestWorker { return &CloseTestWorker{s: s} }

// Work scores the test's attempts that ended with its close, or waits again if the
// close and grace are not past yet (clock skew between nodes).
func (w *CloseTestWorker) Work(ctx context.Context, job *river.Job[CloseTestArgs]) error {
	var wait time.Duration
	err := w.s.db.QueryRow(ctx, `SELECT GREATEST(0, EXTRACT(epoch FROM closes_at + `+graceSQL+` - now()))::float8 * interval '1 second'
		FROM assessment_tests WHERE id = $1 AND closes_at IS NOT NULL`, job.Args.TestID).Scan(&wait)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("assessment: close test %d: %w", job.Args.TestID, err)
	}
	if wait > 0 {
		return river.JobSnooze(max(time.Second, wait))
	}
	_, err = w.s.ScoreClosed(ctx, job.Args.TestID)
	return err
}
