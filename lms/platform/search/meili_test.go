package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"
)

// The exact spelling the Meilisearch backend indexes and queries marked words in.
func TestVNI(t *testing.T) {
	cases := []struct{ word, want string }{
		{"ma", "ma"}, {"má", "ma1"}, {"mà", "ma2"}, {"mả", "ma3"}, {"mã", "ma4"}, {"mạ", "ma5"},
		{"phương", "phu7o7ng"}, {"định", "d9i5nh"}, {"đinh", "d9inh"}, {"dinh", "dinh"},
		{"kiều", "kie26u"}, {"kiêu", "kie6u"}, {"ăn", "a8n"}, {"ệ", "e56"}, {"python", "python"},
	}
	seen := map[string]string{}
	for _, c := range cases {
		if got := vni(c.word); got != c.want {
			t.Errorf("vni(%q) = %q, want %q", c.word, got, c.want)
		}
		if got := vni(NFC(norm.NFD.String(c.word))); got != c.want {
			t.Errorf("vni(NFD %q) = %q", c.word, got)
		}
		if w, dup := seen[c.want]; dup {
			t.Errorf("%q and %q spelled alike", w, c.word)
		}
		seen[c.want] = c.word
	}
	// A marked prefix is a prefix of the same words as in PostgreSQL's exact_tsv.
	if !strings.HasPrefix(vni("phương"), vni("phươ")) || strings.HasPrefix(vni("kiều"), vni("kiê")) {
		t.Error("marked prefixes do not match like PostgreSQL's")
	}
}

func TestMeiliText(t *testing.T) {
	cases := []struct {
		q      string
		prefix bool
		want   string
	}{
		{"phuong trinh", false, "phuong trinh "},
		{"Má ơi", false, "ma1 o7i "},
		{`"định luật" newton`, false, `"dinh luat" d9i5nh luA5t newton `},
		{"truy", true, "truy"},
	}
	for _, c := range cases {
		cs, err := parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(c.want, "luA5t", vni("luật"))
		if got := meiliText(cs, c.prefix); got != want {
			t.Errorf("%q: %q, want %q", c.q, got, want)
		}
	}
}

// The permission filter is built into the request for every kind of actor.
func TestMeiliPermit(t *testing.T) {
	e := newEnv(t)
	e.panels[e.userID("reviewer1")] = []Panel{{OrgID: 7, Subject: "toan"}}
	ctx := context.Background()
	cases := []struct {
		user string
		has  []string
	}{
		{"student1", []string{"owner_id = ", `published = true AND (scope = "public" OR scope_root IN [`}},
		{"school.admin", []string{"org_path IN ["}},
		{"reviewer1", []string{`panel_keys IN ["7/toan"]`}},
	}
	for _, c := range cases {
		f, reviewer, err := meiliPermit(ctx, e.panelsOf, e.as(c.user))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range c.has {
			if !strings.Contains(f, h) {
				t.Errorf("%s: filter %s lacks %s", c.user, f, h)
			}
		}
		if reviewer != (c.user == "reviewer1") {
			t.Errorf("%s: reviewer %v", c.user, reviewer)
		}
	}
	if _, _, err := meiliPermit(ctx, nil, nil); err == nil {
		t.Error("no actor accepted")
	}
	got := meiliFilter("P", Query{Subject: `to"an`, Grade: 10, OrgID: 3})
	if want := `P AND subject = "to\"an" AND grades = 10 AND org_path = 3`; got != want {
		t.Errorf("filter %s, want %s", got, want)
	}
}

func TestMeiliSynonyms(t *testing.T) {
	syn := meiliSynonyms()
	for from, want := range map[string]string{"gdcd": "giao duc cong dan", "giao duc cong dan": "gdcd",
		exactText("giáo dục công dân"): "gdcd", "khtn": exactText("khoa học tự nhiên"), vni("lí"): vni("lý")} {
		if !slices.Contains(syn[from], want) {
			t.Errorf("synonyms of %q: %v, want %q", from, syn[from], want)
		}
	}
}

// While Meilisearch is down (here: nothing listens at its address) the drain keeps
// every change, and the documents stay searchable in PostgreSQL.
func TestDrainToUnreachableMeili(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	down := NewMeili(MeiliConfig{URL: "http://127.0.0.1:1", Timeout: 2e9}, Options{})
	err := pgx.BeginFunc(ctx, e.db, func(tx pgx.Tx) error { return e.ob.Upsert(ctx, tx, e.doc(1, "Truyện Kiều", "", "")) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ob.Drain(ctx, down, 100); err == nil {
		t.Fatal("drain to an unreachable Meilisearch succeeded")
	}
	var attempts int
	var lastErr string
	if err := e.db.QueryRow(ctx, `SELECT attempts, last_error FROM search_outbox`).Scan(&attempts, &lastErr); err != nil {
		t.Fatal(err)
	}
	if attempts != 1 || lastErr == "" {
		t.Errorf("attempts %d, last error %q", attempts, lastErr)
	}
	if n := e.search(e.as("student1"), Query{Text: "truyen kieu"}).Total; n != 1 {
		t.Errorf("found %d in PostgreSQL", n)
	}
}

// hoclieu search reindex: a fresh Meilisearch index is filled from PostgreSQL and
// swapped in; changes made meanwhile stay in the outbox for the new index.
func TestMeiliRebuild(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		if e.meili == nil {
			t.Skip("Meilisearch only")
		}
		ctx := context.Background()
		// Written to PostgreSQL only, as before Meilisearch was configured.
		err := pgx.BeginFunc(ctx, e.db, func(tx pgx.Tx) error {
			for i := range 2500 {
				if err := e.ix.Upsert(ctx, tx, e.doc(int64(i+1), "Hình học "+strings.Repeat("x", i%3), "", "")); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.meili.RebuildIfEmpty(ctx, e.db); err != nil || n != 2500 {
			t.Fatalf("rebuilt %d: %v", n, err)
		}
		if res := e.search(e.as("student1"), Query{Text: "hinh hoc"}); res.Total != 2500 {
			t.Errorf("found %d of 2500", res.Total)
		}
		if n, err := e.meili.RebuildIfEmpty(ctx, e.db); err != nil || n != 0 {
			t.Errorf("rebuilt a full index again: %d %v", n, err)
		}
	})
}
