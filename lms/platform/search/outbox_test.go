package search

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// recordingSink stands for the external engine in the drain tests: it records what
// the outbox sends (our own Sink interface; Meilisearch's API is not imitated).
type recordingSink struct {
	fail    error
	upserts []Document
	deletes []Ref
}

func (s *recordingSink) Apply(_ context.Context, up []Document, del []Ref) error {
	if s.fail != nil {
		return s.fail
	}
	s.upserts, s.deletes = append(s.upserts, up...), append(s.deletes, del...)
	return nil
}

func TestOutboxDrain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ob := NewOutbox(e.ix)
	inTx := func(fn func(tx pgx.Tx) error) error { return pgx.BeginFunc(ctx, e.db, fn) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(inTx(func(tx pgx.Tx) error { return ob.Upsert(ctx, tx, e.doc(1, "Truyện Kiều", "", "")) }))
	must(inTx(func(tx pgx.Tx) error { return ob.Upsert(ctx, tx, e.doc(1, "Truyện Kiều (bản 2)", "", "")) }))
	must(inTx(func(tx pgx.Tx) error { return ob.Upsert(ctx, tx, e.doc(2, "Quang hợp", "", "")) }))
	must(inTx(func(tx pgx.Tx) error { return ob.Upsert(ctx, tx, e.doc(3, "Bài cũ", "", "")) }))
	must(inTx(func(tx pgx.Tx) error { return ob.Delete(ctx, tx, TypeResource, 3) }))
	// A rolled-back change leaves nothing behind.
	rollback := errors.New("rollback")
	if err := inTx(func(tx pgx.Tx) error {
		must(ob.Upsert(ctx, tx, e.doc(4, "Không lưu", "", "")))
		return rollback
	}); !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if n, _ := ob.Pending(ctx); n != 5 {
		t.Fatalf("pending %d, want 5", n)
	}

	// The engine is down: nothing is lost, and the changes wait before the next try.
	sink := &recordingSink{fail: errors.New("connection refused")}
	if _, err := ob.Drain(ctx, sink, 100); err == nil {
		t.Fatal("drain reported success while the engine was down")
	}
	if n, _ := ob.Pending(ctx); n != 5 {
		t.Fatalf("pending after failure %d, want 5", n)
	}
	sink.fail = nil
	if n, err := ob.Drain(ctx, sink, 100); err != nil || n != 0 || len(sink.upserts) != 0 {
		t.Fatalf("retried before the delay: %d %v", n, err)
	}
	must2 := func(_ any, err error) { must(err) }
	must2(e.db.Exec(ctx, `UPDATE search_outbox SET next_attempt_at = now()`))

	// The engine is back: each document once, in its current state, deletes included.
	n, err := ob.Drain(ctx, sink, 100)
	if err != nil || n != 5 {
		t.Fatalf("drain: %d %v", n, err)
	}
	var titles []string
	for _, d := range sink.upserts {
		titles = append(titles, d.Title)
	}
	if !slices.Equal(titles, []string{"Truyện Kiều (bản 2)", "Quang hợp"}) || len(sink.deletes) != 1 || sink.deletes[0] != (Ref{TypeResource, 3}) {
		t.Fatalf("sent %v, deleted %v", titles, sink.deletes)
	}
	if n, _ := ob.Pending(ctx); n != 0 {
		t.Fatalf("pending after drain %d", n)
	}
	// The documents are searchable in PostgreSQL all along.
	if res := e.search(e.as("student1"), Query{Text: "truyen kieu"}); res.Total != 1 {
		t.Errorf("search: %+v", res)
	}
}

// funcSink is a Sink made of a function (the engine's side of the drain tests).
type funcSink func(ctx context.Context, up []Document, del []Ref) error

func (f funcSink) Apply(ctx context.Context, up []Document, del []Ref) error { return f(ctx, up, del) }

// The worker keeps draining while the engine fails and recovers, in order, and
// nothing is lost: every document reaches the engine in its last state.
func TestOutboxRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ob := NewOutbox(e.ix)
	for i := range 30 {
		err := pgx.BeginFunc(ctx, e.db, func(tx pgx.Tx) error {
			return ob.Upsert(ctx, tx, e.doc(int64(i%10+1), "Bài "+strconv.Itoa(i), "", ""))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	calls := 0
	got := map[int64]string{}
	done := make(chan struct{})
	sink := funcSink(func(_ context.Context, up []Document, _ []Ref) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls <= 2 {
			// Down twice: the changes wait 1 s, then 2 s, and are sent again.
			return errors.New("meilisearch down")
		}
		for _, d := range up {
			got[d.ID] = d.Title
		}
		if len(got) == 10 {
			select {
			case <-done:
			default:
				close(done)
			}
		}
		return nil
	})
	go ob.Run(ctx, sink, DrainOptions{Batch: 4, Idle: 10 * time.Millisecond})
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the worker did not drain the outbox")
	}
	for id := int64(1); id <= 10; id++ {
		if want := "Bài " + strconv.Itoa(int(id-1)+20); got[id] != want {
			t.Errorf("document %d reached the engine as %q, want %q", id, got[id], want)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := ob.Pending(ctx)
		if err != nil || n == 0 || time.Now().After(deadline) {
			if n != 0 {
				t.Errorf("%d changes left (%v)", n, err)
			}
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
}
