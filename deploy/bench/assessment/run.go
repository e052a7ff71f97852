package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// report is everything measured in one run.
type report struct {
	students, items, started int
	start, saveRush, save    quantiles
	n                        *counters
	phases                   []phase
	scoring                  scoring
	check                    check
	serveRSS                 string
	plans                    string
}

type scoring struct {
	attempts, scored int
	due              time.Time
	done             time.Duration // from due to every attempt scored
	span             time.Duration // first to last auto-submit event
	analysisAttempts int
	timedOut         bool
}

// check compares every student's acknowledged answers with the database.
type check struct {
	acked, matched, lost, misordered, unackedSaved int
	samples                                        []string
}

func run(ctx context.Context, o options) (*report, error) {
	e, err := startEnv(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close(o)
	tr := newTransport(o.students + 50)
	hc := &http.Client{Transport: tr}
	teacher := &client{http: hc, base: e.base, token: e.teacher}
	t0 := time.Now().Add(20 * time.Second).Truncate(time.Second)
	closesAt := t0.Add(o.rush + o.duration)
	testID, err := createTest(ctx, teacher, e, o.items, closesAt)
	if err != nil {
		return nil, err
	}
	logf("test %d: %d items, %d students in %d classes; rush from %s for %s, closes at %s",
		testID, o.items, o.students, o.classes, t0.Format("15:04:05"), o.rush, closesAt.Format("15:04:05"))
	rep := &report{students: o.students, items: o.items, n: &counters{}}
	rec := &recorders{}
	sims := make([]*sim, len(e.students))
	rng := rand.New(rand.NewPCG(1, 2))
	var wg sync.WaitGroup
	rushEnd := t0.Add(o.rush)
	stopAt := closesAt.Add(-2 * time.Second)
	for i, st := range e.students {
		sims[i] = &sim{c: client{http: hc, base: e.base, token: st.token}, last: map[int64]acked{}, unsure: map[int64]int64{}}
		startAt := t0.Add(time.Duration(rng.Int64N(int64(o.rush))))
		wg.Add(1)
		go func() {
			defer wg.Done()
			sims[i].run(ctx, testID, startAt, rushEnd, stopAt, o.interval, rec, rep.n)
		}()
	}
	actx, stopSampling := context.WithCancel(ctx)
	defer stopSampling()
	act := &activity{}
	go act.sample(actx, e.pool)
	snaps := map[string]snapshot{}
	for _, m := range []struct {
		name string
		at   time.Time
	}{{"t0", t0}, {"rush", rushEnd}, {"close", closesAt}} {
		sleepUntil(ctx, m.at)
		snaps[m.name] = e.snapshot(ctx)
		logf("%s: %d autosaves so far, %d start errors, %d autosave errors", m.name, rep.n.saves.Load(), rep.n.startErrs.Load(), rep.n.saveErrs.Load())
	}
	wg.Wait()
	for _, s := range sims {
		if s.started {
			rep.started++
		}
	}
	rep.serveRSS = rss(e.serve.Process.Pid)
	rep.scoring.due = closesAt.Add(15 * time.Second)
	sleepUntil(ctx, rep.scoring.due)
	snaps["due"] = e.snapshot(ctx)
	if err := e.waitScored(ctx, testID, &rep.scoring); err != nil {
		return nil, err
	}
	snaps["scored"] = e.snapshot(ctx)
	stopSampling()
	rep.phases = []phase{diff("rush (all starts, first autosaves)", snaps["t0"], snaps["rush"], act),
		diff("steady autosaving", snaps["rush"], snaps["close"], act), diff("scoring after the close", snaps["due"], snaps["scored"], act)}
	rep.start, rep.saveRush, rep.save = rec.start.quantiles(), rec.saveRush.quantiles(), rec.save.quantiles()
	if err := e.verify(ctx, testID, sims, &rep.check); err != nil {
		return nil, err
	}
	var an struct {
		Attempts int `json:"attempts"`
	}
	if _, err := teacher.do(ctx, "GET", fmt.Sprintf("/api/v1/tests/%d/analysis", testID), nil, &an); err != nil {
		return nil, err
	}
	rep.scoring.analysisAttempts = an.Attempts
	if rep.plans, err = e.explain(ctx, testID); err != nil {
		return nil, err
	}
	return rep, nil
}

// waitScored polls until no attempt of the test is open (the worker auto-submitted
// and scored them all), for at most five minutes.
func (e *env) waitScored(ctx context.Context, testID int64, sc *scoring) error {
	limit := time.Now().Add(5 * time.Minute)
	for {
		var open int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'open'), count(*), count(score) FILTER (WHERE status = 'submitted')
			FROM assessment_attempts WHERE test_id = $1`, testID).Scan(&open, &sc.attempts, &sc.scored); err != nil {
			return fmt.Errorf("wait for scoring: %w", err)
		}
		if open == 0 {
			sc.done = time.Since(sc.due)
			break
		}
		if time.Now().After(limit) {
			sc.timedOut, sc.done = true, time.Since(sc.due)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var first, last *time.Time
	err := e.pool.QueryRow(ctx, `SELECT min(e.at), max(e.at) FROM assessment_integrity e JOIN assessment_attempts a ON a.id = e.attempt_id
		WHERE a.test_id = $1 AND e.kind = 'auto_submit'`, testID).Scan(&first, &last)
	if err == nil && first != nil {
		sc.span = last.Sub(*first)
	}
	return err
}

// verify reads every stored answer of the test and compares it with what each
// student was last told was saved.
func (e *env) verify(ctx context.Context, testID int64, sims []*sim, c *check) error {
	rows, err := e.pool.Query(ctx, `SELECT ans.attempt_id, ans.item_id, ans.seq, ans.response::text FROM assessment_answers ans
		JOIN assessment_attempts a ON a.id = ans.attempt_id WHERE a.test_id = $1`, testID)
	if err != nil {
		return err
	}
	type key struct{ attempt, item int64 }
	stored := map[key]acked{}
	for rows.Next() {
		var k key
		var a acked
		if err := rows.Scan(&k.attempt, &k.item, &a.seq, &a.resp); err != nil {
			return err
		}
		a.resp = canonical([]byte(a.resp))
		stored[k] = a
	}
	if err := rows.Err(); err != nil {
		return err
	}
	bad := func(f string, args ...any) {
		if len(c.samples) < 8 {
			c.samples = append(c.samples, fmt.Sprintf(f, args...))
		}
	}
	for _, s := range sims {
		for item, want := range s.last {
			c.acked++
			got, ok := stored[key{s.attempt.ID, item}]
			switch {
			case ok && got == want:
				c.matched++
			case ok && got.seq > want.seq && s.unsure[item] >= got.seq:
				c.unackedSaved++ // a request that failed on the client but was saved
			case !ok || got.seq < want.seq:
				c.lost++
				bad("attempt %d item %d: acknowledged seq %d %s, stored %+v", s.attempt.ID, item, want.seq, want.resp, got)
			default:
				c.misordered++
				bad("attempt %d item %d: acknowledged seq %d %s, stored seq %d %s", s.attempt.ID, item, want.seq, want.resp, got.seq, got.resp)
			}
		}
	}
	return nil
}
