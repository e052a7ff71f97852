package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
)

func TestMain(m *testing.M) { devtest.Main(m) }

type noteArgs struct{ Text string }

func (noteArgs) Kind() string { return "test.note" }

type noteWorker struct {
	river.WorkerDefaults[noteArgs]
	done chan string
}

func (w *noteWorker) Work(ctx context.Context, j *river.Job[noteArgs]) error {
	w.done <- j.Args.Text
	return nil
}

// TestInsertTxIsTransactional: a job enqueued in a rolled-back transaction never
// runs; one enqueued in a committed transaction runs.
func TestInsertTxIsTransactional(t *testing.T) {
	pool, _ := devtest.Pool(t)
	ctx := context.Background()
	w := &noteWorker{done: make(chan string, 4)}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	q, err := jobs.New(pool, jobs.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(ctx)
	for _, tc := range []struct {
		text   string
		commit bool
	}{{"rolled back", false}, {"committed", true}} {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if err := q.InsertTx(ctx, tx, noteArgs{Text: tc.text}, nil); err != nil {
				return err
			}
			if !tc.commit {
				return pgx.ErrTxClosed // any error rolls back
			}
			return nil
		})
		if tc.commit && err != nil {
			t.Fatal(err)
		}
	}
	select {
	case got := <-w.done:
		if got != "committed" {
			t.Fatalf("worked %q, want only the committed job", got)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("committed job was not worked")
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'test.note'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("jobs in table: %d %v, want 1", n, err)
	}
}
