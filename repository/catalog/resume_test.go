package catalog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// crashingIndex is the real index that pulls the plug (cancels the run's context)
// once it has taken n documents: the worker dies in the middle of a batch.
type crashingIndex struct {
	search.Index
	n      int
	cancel context.CancelFunc
}

func (c *crashingIndex) Upsert(ctx context.Context, tx pgx.Tx, d search.Document) error {
	if c.n--; c.n < 0 {
		c.cancel()
		return context.Canceled
	}
	return c.Index.Upsert(ctx, tx, d)
}

// TestImportResumesAfterCrash: a run killed in its third batch keeps the first two,
// and the next run goes on from there: every record once, counters exact.
func TestImportResumesAfterCrash(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	lib := w.as("librarian1")
	b := w.store(fixture(t, "marc.dat"))
	im, err := w.cat.StartImport(ctx, lib, catalog.NewImport{FileName: "marc.dat", SHA256: b.SHA256, Size: b.Size})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	crashing := w.cat
	crashing.BatchSize = 3
	crashing.WithSearch(&crashingIndex{Index: w.index, n: 7, cancel: cancel})
	if err := crashing.RunImport(runCtx, im.ID); err == nil {
		t.Fatal("the crashed run reported success")
	}
	mid, err := w.cat.GetImport(ctx, lib, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mid.Status != catalog.StatusRunning || mid.Done != 6 || mid.Created != 6 {
		t.Fatalf("after the crash: %+v (want two batches of three kept)", mid)
	}
	var rows int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM catalog_records`).Scan(&rows); err != nil || rows != 6 {
		t.Fatalf("%d records after the crash (%v)", rows, err)
	}
	w.cat.WithSearch(w.index)
	if err := w.cat.RunImport(ctx, im.ID); err != nil {
		t.Fatal(err)
	}
	end, _ := w.cat.GetImport(ctx, lib, im.ID)
	if end.Status != catalog.StatusDone || end.Done != 20 || end.Created != 20 || end.Unchanged != 0 {
		t.Fatalf("after the rerun: %+v", end)
	}
	var docs int
	_ = w.db.QueryRow(ctx, `SELECT count(*) FROM catalog_records`).Scan(&rows)
	_ = w.db.QueryRow(ctx, `SELECT count(*) FROM search_documents WHERE doc_type = 'record'`).Scan(&docs)
	if rows != 20 || docs != 20 {
		t.Fatalf("%d records and %d search documents, want 20 each", rows, docs)
	}
	// A finished import run again (a retried job) does nothing.
	if err := w.cat.RunImport(ctx, im.ID); err != nil {
		t.Fatal(err)
	}
	if again, _ := w.cat.GetImport(ctx, lib, im.ID); again.Created != 20 || again.Done != 20 {
		t.Fatalf("a second run of a finished import: %+v", again)
	}
}

// TestImportThroughQueue: the import runs as a real River job.
func TestImportThroughQueue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	workers := river.NewWorkers()
	var q *jobs.Queue
	svc := catalog.New(w.db, w.blobs, queueOf(&q), nil).WithSearch(w.index)
	river.AddWorker(workers, catalog.NewImportWorker(svc))
	q, err := jobs.New(w.db, jobs.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	lib := w.as("librarian1")
	b := w.store(vietnamese(t))
	im, err := svc.StartImport(ctx, lib, catalog.NewImport{FileName: "vn.mrc", SHA256: b.SHA256, Size: b.Size})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for im.Status != catalog.StatusDone {
		if time.Now().After(deadline) {
			t.Fatalf("the job did not finish: %+v", im)
		}
		time.Sleep(50 * time.Millisecond)
		if im, err = svc.GetImport(ctx, lib, im.ID); err != nil {
			t.Fatal(err)
		}
	}
	if im.Created != 4 {
		t.Fatalf("job import: %+v", im)
	}
}

// queueOf lets the service enqueue on a queue built after it (its worker needs the
// service), as cmd/hoclieu does.
type lateQueue struct{ q **jobs.Queue }

func queueOf(q **jobs.Queue) lateQueue { return lateQueue{q} }

func (l lateQueue) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	return (*l.q).InsertTx(ctx, tx, args, opts)
}

// brokenIndex is the real index behind a search backend that refuses every write.
type brokenIndex struct{ search.Index }

func (brokenIndex) Upsert(context.Context, pgx.Tx, search.Document) error {
	return errors.New("search backend refuses writes")
}

// TestImportGivesUp: a job that keeps failing is retried, and after its last
// attempt the import says it stopped, instead of showing progress for ever.
func TestImportGivesUp(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	lib := w.as("librarian1")
	b := w.store(vietnamese(t))
	im, err := w.cat.StartImport(ctx, lib, catalog.NewImport{FileName: "vn.mrc", SHA256: b.SHA256, Size: b.Size})
	if err != nil {
		t.Fatal(err)
	}
	broken := catalog.New(w.db, w.blobs, nil, nil).WithSearch(brokenIndex{w.index})
	worker := catalog.NewImportWorker(broken)
	job := &river.Job[catalog.ImportArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 3}, Args: catalog.ImportArgs{ImportID: im.ID}}
	if err := worker.Work(ctx, job); err == nil {
		t.Fatal("a failing first attempt reported success")
	}
	if got, _ := w.cat.GetImport(ctx, lib, im.ID); got.Status != catalog.StatusRunning {
		t.Fatalf("after a failed attempt: %+v", got)
	}
	job.Attempt = 3
	if err := worker.Work(ctx, job); err != nil {
		t.Fatalf("the last attempt: %v", err)
	}
	got, _ := w.cat.GetImport(ctx, lib, im.ID)
	if got.Status != catalog.StatusFailed || got.Error == nil || got.Error.Key != "catalog.stopped" || got.Created != 0 {
		t.Fatalf("after the last attempt: %+v", got)
	}
}
