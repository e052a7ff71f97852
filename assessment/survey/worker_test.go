package survey_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
)

// TestMixWorker: the job the worker process runs mixes fresh responses.
func TestMixWorker(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	sv := w.create(w.as("school.admin"), basic(w, true))
	w.submit(w.as("student1"), sv.ID, `[3]`)
	workers := river.NewWorkers()
	river.AddWorker(workers, survey.NewMixWorker(w.svc))
	q, err := jobs.New(w.db, jobs.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(ctx)
	if err := q.Insert(ctx, survey.MixArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for w.count(`SELECT count(*) FROM survey_responses WHERE NOT mixed`) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the mixing job did not mix the response within 20 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n := w.count(`SELECT count(*) FROM survey_participation WHERE NOT mixed`); n != 0 {
		t.Fatalf("%d participation rows left unmixed", n)
	}
}
