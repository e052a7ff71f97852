package search

import (
	"context"
	"errors"
	"slices"
	"testing"

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
