package web

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/pgxstore"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
)

// TestIdleStoreSkipsUnchangedCommits: a page view that changes only the idle deadline
// by less than the slack writes nothing; a change of data, a deadline moved further,
// a new token or a deleted session are written through to PostgreSQL.
func TestIdleStoreSkipsUnchangedCommits(t *testing.T) {
	pool, _ := devtest.Pool(t)
	ctx := context.Background()
	store := newIdleStore(pgxstore.NewWithCleanupInterval(pool, 0), 5*time.Minute)
	stored := func(token string) (data string, expiry time.Time) {
		t.Helper()
		err := pool.QueryRow(ctx, `SELECT convert_from(data, 'UTF8'), expiry FROM sessions WHERE token = $1`, token).Scan(&data, &expiry)
		if err != nil {
			t.Fatalf("session %s: %v", token, err)
		}
		return data, expiry
	}
	t0 := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Millisecond)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.Commit("tok-a", []byte("user=1"), t0))
	_, e := stored("tok-a")
	must(store.Commit("tok-a", []byte("user=1"), t0.Add(time.Minute)))
	if _, e2 := stored("tok-a"); !e2.Equal(e) {
		t.Errorf("an idle-deadline change of 1 min was written: %v -> %v", e, e2)
	}
	must(store.Commit("tok-a", []byte("user=1"), t0.Add(6*time.Minute)))
	if _, e2 := stored("tok-a"); !e2.Equal(t0.Add(6 * time.Minute)) {
		t.Errorf("a deadline 6 min later was not written: %v", e2)
	}
	must(store.Commit("tok-a", []byte("user=1;flash=x"), t0.Add(7*time.Minute)))
	if d, _ := stored("tok-a"); d != "user=1;flash=x" {
		t.Errorf("changed data was not written: %q", d)
	}
	must(store.Delete("tok-a"))
	var n int
	must(pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE token = 'tok-a'`).Scan(&n))
	if n != 0 {
		t.Fatal("deleted session still stored")
	}
	// After a delete the same token and bytes are written again, not skipped.
	must(store.Commit("tok-a", []byte("user=1;flash=x"), t0.Add(7*time.Minute)))
	stored("tok-a")
}
