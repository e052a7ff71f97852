package search

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

func (e *env) userID(username string) int64 {
	e.t.Helper()
	var id int64
	if err := e.db.QueryRow(context.Background(), `SELECT id FROM users WHERE username = $1`, username).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) at(code string, d Document) Document {
	path := e.orgs[code]
	d.OrgPath, d.OrgID, d.OrgName = path, path[len(path)-1], e.names[code]
	switch d.Scope {
	case "school":
		d.ScopeRoot = &path[min(2, len(path)-1)]
	case "district":
		d.ScopeRoot = &path[1]
	case "city":
		d.ScopeRoot = &path[0]
	}
	return d
}

// The permission filter is part of the query: nobody sees, or counts, what the
// repository would not show them.
func TestPermissions(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, b backend) {
		cases := permissionWorld(e)
		for _, c := range cases {
			t.Run(c.user, func(t *testing.T) {
				a := e.as(c.user)
				for _, q := range []string{"quang hợp", "quang hop thuc vat", ""} {
					res := e.search(a, Query{Text: q, Sort: "date"})
					got := hitIDs(res)
					slices.Sort(got)
					if !slices.Equal(got, c.want) || res.Total != len(c.want) {
						t.Fatalf("%s %q: %v (total %d), want %v", c.user, q, got, res.Total, c.want)
					}
					if !maps.Equal(res.Facets["org"], c.orgs) {
						t.Errorf("%s %q: org facet %v, want %v", c.user, q, res.Facets["org"], c.orgs)
					}
					sum := 0
					for _, n := range res.Facets["subject"] {
						sum += n
					}
					if sum != len(c.want) {
						t.Errorf("%s: subject facet %v counts %d documents, sees %d", c.user, res.Facets["subject"], sum, len(c.want))
					}
					_, hasReview := res.Facets["review_status"]
					if hasReview != (c.user == "reviewer1") {
						t.Errorf("%s: review status facet shown: %v", c.user, hasReview)
					}
				}
				sugg, err := e.s.Suggest(context.Background(), a, "quang hợ", 20)
				if err != nil {
					t.Fatal(err)
				}
				if len(sugg) != len(c.want) {
					t.Errorf("%s: %d suggestions, sees %d documents", c.user, len(sugg), len(c.want))
				}
			})
		}
		if _, err := e.s.Search(context.Background(), nil, Query{Text: "quang"}); err == nil {
			t.Error("search without an actor")
		}
	})
}

// permCase is who sees what in permissionWorld.
type permCase struct {
	user string
	want []int64
	orgs map[string]int // the organization facet
}

// librarian returns the user id of a librarian homed in the organization, created
// the first time.
func (e *env) librarian(username, code string) int64 {
	e.t.Helper()
	ctx := context.Background()
	var id int64
	err := e.db.QueryRow(ctx, `SELECT id FROM users WHERE username = $1`, username).Scan(&id)
	if err == nil {
		return id
	}
	o, err := e.ids.OrgByCode(ctx, code)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.ids.CreateUser(ctx, identity.SystemActor(), identity.NewUser{PersonID: "NV" + username, Username: username,
		Name: username, Email: username + "@demo.hoclieu.local", OrgID: o.ID, Roles: []identity.Role{identity.RoleLibrarian}, Password: demoPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// permissionWorld indexes ten documents of every sharing kind and returns who
// sees which.
func permissionWorld(e *env) []permCase {
	codes := identity.DemoOrgCodes
	t1, t2 := e.userID("teacher1"), e.userID("teacher2")
	e.librarian("district.librarian", codes.District1)
	e.panels[e.userID("reviewer1")] = []Panel{{OrgID: e.orgs[codes.School1][2], Subject: "toan"}}
	mk := func(id int64, code, scope string, owner int64, published bool, status, subject string) Document {
		d := e.doc(id, "Quang hợp ở thực vật "+strconv.FormatInt(id, 10), "Bài học quang hợp", "")
		d.Scope, d.OwnerID, d.Published, d.ReviewStatus, d.Subject = scope, owner, published, status, subject
		return e.at(code, d)
	}
	e.add(
		mk(1, codes.School1, "private", t1, true, "published", "sinh-hoc"),
		mk(2, codes.School1, "school", t1, true, "published", "sinh-hoc"),
		mk(3, codes.School1, "school", t1, false, "draft", "sinh-hoc"),
		mk(4, codes.School1, "school", t1, false, "submitted", "toan"),
		mk(5, codes.School1, "district", t1, true, "published", "sinh-hoc"),
		mk(6, codes.School1, "public", t1, true, "published", "sinh-hoc"),
		mk(7, codes.School2, "school", t2, true, "published", "sinh-hoc"),
		mk(8, codes.School2, "private", t2, true, "published", "toan"),
	)
	// A school's catalog record, and a resource of the same school: the district's
	// librarian sees the record (the district's schools' catalogs are theirs) but not
	// the resource; the other school's librarian neither.
	record := mk(9, codes.School3, "school", 0, true, "published", "sinh-hoc")
	record.Type = TypeRecord
	e.add(record, mk(10, codes.School3, "school", 0, true, "published", "sinh-hoc"))
	school1 := strconv.FormatInt(e.orgs[codes.School1][2], 10)
	school2 := strconv.FormatInt(e.orgs[codes.School2][2], 10)
	school3 := strconv.FormatInt(e.orgs[codes.School3][2], 10)
	return []permCase{
		{"teacher1", []int64{1, 2, 3, 4, 5, 6}, map[string]int{school1: 6}},
		{"student1", []int64{2, 5, 6}, map[string]int{school1: 3}},
		{"reviewer1", []int64{2, 4, 5, 6}, map[string]int{school1: 4}},
		{"school.admin", []int64{1, 2, 5, 6}, map[string]int{school1: 4}},
		{"teacher2", []int64{6, 7, 8}, map[string]int{school1: 1, school2: 2}},
		{"student2", []int64{6, 7}, map[string]int{school1: 1, school2: 1}},
		{"city.admin", []int64{1, 2, 5, 6, 7, 8, 9, 10}, map[string]int{school1: 4, school2: 2, school3: 2}},
		{"district.librarian", []int64{5, 6, 9}, map[string]int{school1: 2, school3: 1}},
		{"librarian1", []int64{2, 5, 6}, map[string]int{school1: 3}},
	}
}

// TestAccessTokensMirrorRule checks each half of the permission filter alone: the
// SQL rule of permit and the access tokens it ANDs into text queries must each let
// every user of permissionWorld see exactly what the repository would show them
// (the query applies both, so a token that let too much through would be hidden by
// the SQL rule in the other tests).
func TestAccessTokensMirrorRule(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range permissionWorld(e) {
		b := &sqlb{}
		_, access, err := e.ix.permit(ctx, b, e.as(c.user))
		if err != nil {
			t.Fatal(err)
		}
		ids := func(where string, args ...any) []int64 {
			rows, err := e.db.Query(ctx, `SELECT doc_id FROM search_documents d WHERE `+where+` ORDER BY doc_id`, args...)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := ids(b.sql(), b.args...); !slices.Equal(got, c.want) {
			t.Errorf("%s: the SQL rule shows %v, want %v", c.user, got, c.want)
		}
		if got := ids(`d.match_tsv @@ $1::tsquery`, access); !slices.Equal(got, c.want) {
			t.Errorf("%s: the access tokens %s show %v, want %v", c.user, access, got, c.want)
		}
	}
}
