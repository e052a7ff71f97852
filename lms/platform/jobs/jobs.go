// Package jobs is the background job queue: River (github.com/riverqueue/river) on the
// same PostgreSQL, so a job is enqueued in the same transaction as the row that needs
// it and is never lost, and a worker killed mid-job leaves the job to be retried.
// Domains define their job args and workers; cmd/hoclieu registers them here. It holds
// no business rules.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrate applies River's own schema migrations (its job tables).
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// Options configures a queue.
type Options struct {
	// Workers, when set, makes this process work jobs (hoclieu worker, hoclieu dev);
	// without it the queue only inserts (hoclieu serve).
	Workers     *river.Workers
	Periodic    []*river.PeriodicJob
	Concurrency int // jobs worked at once; default 4
	Logger      *slog.Logger
}

// Queue inserts jobs and, when it has workers, works them.
type Queue struct {
	client *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
	works  bool
}

// New builds a queue over pool.
func New(pool *pgxpool.Pool, o Options) (*Queue, error) {
	cfg := &river.Config{Logger: warningsOnly(o.Logger)}
	if o.Workers != nil {
		n := o.Concurrency
		if n <= 0 {
			n = 4
		}
		cfg.Workers = o.Workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
		cfg.PeriodicJobs = o.Periodic
		cfg.JobTimeout = 30 * time.Minute
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client, pool: pool, works: o.Workers != nil}, nil
}

// Start begins working jobs (no-op for an insert-only queue).
func (q *Queue) Start(ctx context.Context) error {
	if !q.works {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop lets running jobs finish for up to the context's deadline, then cancels them
// (they are retried later).
func (q *Queue) Stop(ctx context.Context) error {
	if !q.works {
		return nil
	}
	if err := q.client.Stop(ctx); err != nil {
		return q.client.StopAndCancel(context.Background())
	}
	return nil
}

// InsertTx enqueues a job in the caller's transaction: it exists if and only if the
// transaction commits.
func (q *Queue) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := q.client.InsertTx(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Insert enqueues a job on its own.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := q.client.Insert(ctx, args, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Collector exposes queue depth by state for /metrics.
func (q *Queue) Collector() prometheus.Collector {
	return &collector{pool: q.pool, desc: prometheus.NewDesc(
		"hoclieu_jobs", "Jobs in the queue by state (available, running, retryable, scheduled, completed, discarded).",
		[]string{"state"}, nil)}
}

type collector struct {
	pool *pgxpool.Pool
	desc *prometheus.Desc
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rows, err := c.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job GROUP BY state`)
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int64
		if rows.Scan(&state, &n) == nil {
			ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), state)
		}
	}
}

// warningsOnly passes River's warnings and errors on: its info lines (a producer
// report every few seconds) would drown the application's own log.
func warningsOnly(l *slog.Logger) *slog.Logger {
	if l == nil {
		l = slog.Default()
	}
	return slog.New(minLevel{Handler: l.Handler(), min: slog.LevelWarn})
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (m minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= m.min && m.Handler.Enabled(ctx, l)
}

func (m minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{Handler: m.Handler.WithAttrs(as), min: m.min}
}

func (m minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: m.Handler.WithGroup(name), min: m.min}
}
