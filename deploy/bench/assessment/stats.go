package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// recorder keeps every latency of one kind of request.
type recorder struct {
	mu sync.Mutex
	d  []time.Duration
}

func (r *recorder) add(_ time.Time, d time.Duration) {
	r.mu.Lock()
	r.d = append(r.d, d)
	r.mu.Unlock()
}

type recorders struct{ start, saveRush, save recorder }

type quantiles struct {
	n                  int
	p50, p95, p99, max time.Duration
}

func (r *recorder) quantiles() quantiles {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := slices.Clone(r.d)
	slices.Sort(d)
	q := quantiles{n: len(d)}
	if len(d) == 0 {
		return q
	}
	at := func(p float64) time.Duration { return d[min(len(d)-1, int(p*float64(len(d))))] }
	q.p50, q.p95, q.p99, q.max = at(0.50), at(0.95), at(0.99), d[len(d)-1]
	return q
}

// ticks is the CPU time (user + system, in clock ticks) a process used; with
// children, also what its exited children used (PostgreSQL backends come and go).
func ticks(pid int, children bool) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	// After "(comm) ": state is f[0], utime f[11], stime f[12], cutime f[13], cstime f[14].
	n := func(i int) int64 { v, _ := strconv.ParseInt(f[i], 10, 64); return v }
	t := n(11) + n(12)
	if children {
		t += n(13) + n(14)
	}
	return t
}

func childPIDs(pid int) []int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return nil
	}
	var out []int
	for _, f := range strings.Fields(string(b)) {
		if v, err := strconv.Atoi(f); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func machineBusy() int64 {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	x := strings.Fields(sc.Text()) // cpu user nice system idle iowait irq softirq
	var t int64
	for _, i := range []int{1, 2, 3, 6, 7} {
		v, _ := strconv.ParseInt(x[i], 10, 64)
		t += v
	}
	return t
}

// snapshot is the cumulative counters at one moment.
type snapshot struct {
	at                                  time.Time
	serve, worker, postgres, self, all  int64
	commits, inserted, updated, fetched int64
	blksRead, blksHit, walBytes         int64
}

func postmasterPID(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "postgres", "data", "postmaster.pid"))
	if err != nil {
		return 0
	}
	v, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	return v
}

func (e *env) snapshot(ctx context.Context) snapshot {
	s := snapshot{at: time.Now(), self: ticks(os.Getpid(), false), all: machineBusy()}
	s.serve, s.worker = ticks(e.serve.Process.Pid, false), ticks(e.worker.Process.Pid, false)
	if pm := postmasterPID(e.dir); pm != 0 {
		s.postgres = ticks(pm, true)
		for _, c := range childPIDs(pm) {
			s.postgres += ticks(c, false)
		}
	}
	_ = e.pool.QueryRow(ctx, `SELECT xact_commit, tup_inserted, tup_updated, tup_fetched, blks_read, blks_hit,
		pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint FROM pg_stat_database WHERE datname = current_database()`).
		Scan(&s.commits, &s.inserted, &s.updated, &s.fetched, &s.blksRead, &s.blksHit, &s.walBytes)
	return s
}

// phase is what happened between two snapshots.
type phase struct {
	name                                     string
	secs                                     float64
	serve, worker, postgres, self, rest      float64 // cores
	commits, inserted, updated, fetched, wal float64 // per second (wal: bytes)
	hitRatio                                 float64
	activeMean, activeMax                    float64
}

func diff(name string, a, b snapshot, act *activity) phase {
	hz := float64(clockTicks())
	secs := b.at.Sub(a.at).Seconds()
	c := func(x, y int64) float64 { return float64(y-x) / hz / secs }
	r := func(x, y int64) float64 { return float64(y-x) / secs }
	p := phase{name: name, secs: secs, serve: c(a.serve, b.serve), worker: c(a.worker, b.worker), postgres: c(a.postgres, b.postgres),
		self: c(a.self, b.self), commits: r(a.commits, b.commits), inserted: r(a.inserted, b.inserted), updated: r(a.updated, b.updated),
		fetched: r(a.fetched, b.fetched), wal: r(a.walBytes, b.walBytes)}
	p.rest = c(a.all, b.all) - p.serve - p.worker - p.postgres - p.self
	if reads := b.blksRead - a.blksRead + b.blksHit - a.blksHit; reads > 0 {
		p.hitRatio = float64(b.blksHit-a.blksHit) / float64(reads)
	}
	p.activeMean, p.activeMax = act.between(a.at, b.at)
	return p
}

func clockTicks() int {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err != nil {
		return 100
	}
	v, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || v <= 0 {
		return 100
	}
	return v
}

// activity samples, once a second, how many PostgreSQL backends are running a query
// (other than the sampler's own).
type activity struct {
	mu sync.Mutex
	at []time.Time
	n  []int
}

func (a *activity) sample(ctx context.Context, pool *pgxpool.Pool) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var n int
		if pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`).Scan(&n) == nil {
			a.mu.Lock()
			a.at, a.n = append(a.at, time.Now()), append(a.n, n)
			a.mu.Unlock()
		}
	}
}

func (a *activity) between(from, to time.Time) (mean, maxN float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var sum, k float64
	for i, t := range a.at {
		if t.After(from) && !t.After(to) {
			sum, k = sum+float64(a.n[i]), k+1
			maxN = max(maxN, float64(a.n[i]))
		}
	}
	if k > 0 {
		mean = sum / k
	}
	return mean, maxN
}
