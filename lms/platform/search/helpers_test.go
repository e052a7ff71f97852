package search

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const demoPassword = "demo-password-123"

// env is a migrated database with the demo organizations and accounts and an index.
type env struct {
	t   testing.TB
	db  *pgxpool.Pool
	ids *identity.Service
	ix  *Postgres // the PostgreSQL side, always there
	// s is the backend under test (ix, or Meilisearch); index is what the domains
	// write through (ix, or the outbox that feeds Meilisearch).
	s     Searcher
	index Index
	meili *Meili // nil for PostgreSQL
	ob    *Outbox
	orgs  map[string][]int64 // org code -> path
	names map[string]string  // org code -> name
	// panels answers Options.Panels: reviewer1 sits on the Toán panel of school 1.
	panels map[int64][]Panel
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db, _ := devtest.Pool(t)
	ctx := context.Background()
	ids := identity.New(db, nil)
	if _, err := ids.SeedDemo(ctx, demoPassword); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, ids: ids, orgs: map[string][]int64{}, names: map[string]string{}, panels: map[int64][]Panel{}}
	rows, err := db.Query(ctx, `SELECT code, name, path FROM organizations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, name string
		var path []int64
		if err := rows.Scan(&code, &name, &path); err != nil {
			t.Fatal(err)
		}
		e.orgs[code], e.names[code] = path, name
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	e.ix = NewPostgres(db, Options{Panels: e.panelsOf})
	e.s, e.index, e.ob = e.ix, e.ix, NewOutbox(e.ix)
	return e
}

func (e *env) panelsOf(_ context.Context, userID int64) ([]Panel, error) {
	return e.panels[userID], nil
}

// backend is one implementation of the search port the behavioural suite runs on.
type backend struct {
	name string
	// corrections: the backend reports which typo corrections it searched
	// (Meilisearch tolerates typos without saying so).
	corrections bool
	setup       func(t *testing.T, e *env)
}

// meiliURLEnv names the Meilisearch server the suite also runs on.
const meiliURLEnv = "HOCLIEU_TEST_MEILI_URL"

var backends = []backend{
	{name: "postgres", corrections: true, setup: func(*testing.T, *env) {}},
	{name: "meilisearch", setup: setupMeili},
}

// setupMeili points the env at a fresh Meilisearch index of its own, fed through
// the outbox, or skips the test when no Meilisearch server is given.
func setupMeili(t *testing.T, e *env) {
	url := os.Getenv(meiliURLEnv)
	uid := fmt.Sprintf("test_%s_%d", strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()), time.Now().UnixNano())
	m := NewMeili(MeiliConfig{URL: url, APIKey: os.Getenv("HOCLIEU_TEST_MEILI_KEY"), Index: uid}, Options{Panels: e.panelsOf})
	ctx := context.Background()
	if err := m.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = m.client.DeleteIndex(context.Background(), uid) })
	e.meili, e.s, e.index = m, m, e.ob
}

// eachBackend runs the test on every backend, each with its own database.
func eachBackend(t *testing.T, test func(t *testing.T, e *env, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "meilisearch" && os.Getenv(meiliURLEnv) == "" {
				t.Skipf("Meilisearch backend not tested: set %s (and HOCLIEU_TEST_MEILI_KEY) to a Meilisearch server to run this suite on it", meiliURLEnv)
			}
			t.Parallel()
			e := newEnv(t)
			b.setup(t, e)
			test(t, e, b)
		})
	}
}

// sync brings the external engine up to date with the outbox (nothing to do for
// PostgreSQL, which is updated in the writing transaction).
func (e *env) sync() {
	e.t.Helper()
	if e.meili == nil {
		return
	}
	for {
		n, err := e.ob.Drain(context.Background(), e.meili, 500)
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (e *env) as(username string) *identity.Actor {
	e.t.Helper()
	a, err := e.ids.Authenticate(context.Background(), username, demoPassword, "127.0.0.1")
	if err != nil {
		e.t.Fatalf("log in %s: %v", username, err)
	}
	return a
}

// doc returns a published public resource of school 1 with that title, to adjust.
func (e *env) doc(id int64, title, desc, body string) Document {
	path := e.orgs[identity.DemoOrgCodes.School1]
	return Document{Type: TypeResource, ID: id, OrgID: path[len(path)-1], OrgName: e.names[identity.DemoOrgCodes.School1],
		OrgPath: path, Scope: "public", Title: title, Description: desc, Body: body, Kind: "lesson", Subject: "toan",
		Grades: []int{10}, Licence: "CC BY 4.0", Language: "vi", ReviewStatus: "published", Published: true,
		UpdatedAt: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}
}

func (e *env) add(docs ...Document) {
	e.t.Helper()
	err := pgx.BeginFunc(context.Background(), e.db, func(tx pgx.Tx) error {
		for _, d := range docs {
			if err := e.index.Upsert(context.Background(), tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.sync()
}

// search searches as a and returns the ids of the hits in order.
func (e *env) search(a *identity.Actor, q Query) *Results {
	e.t.Helper()
	res, err := e.s.Search(context.Background(), a, q)
	if err != nil {
		e.t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func hitIDs(res *Results) []int64 {
	out := []int64{}
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}
