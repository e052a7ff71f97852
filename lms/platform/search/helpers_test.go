package search

import (
	"context"
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
	t     testing.TB
	db    *pgxpool.Pool
	ids   *identity.Service
	ix    *Postgres
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
	e.ix = NewPostgres(db, Options{Panels: func(_ context.Context, userID int64) ([]Panel, error) { return e.panels[userID], nil }})
	return e
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
			if err := e.ix.Upsert(context.Background(), tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// ids searches as a and returns the ids of the hits in order.
func (e *env) search(a *identity.Actor, q Query) *Results {
	e.t.Helper()
	res, err := e.ix.Search(context.Background(), a, q)
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
