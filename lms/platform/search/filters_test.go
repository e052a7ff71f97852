package search

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// TestFilters checks every filter, alone and together, with words (where the
// PostgreSQL backend turns them into tokens of the tsquery) and without words
// (plain SQL conditions), sorted by relevance and by date: each must return exactly
// the documents whose fields have the value, whatever bucket they are in.
func TestFilters(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env, _ backend) {
		codes := identity.DemoOrgCodes
		s2 := e.orgs[codes.School2]
		at := func(path []int64, code string, d Document) Document {
			d.OrgPath, d.OrgID, d.OrgName = path, path[len(path)-1], e.names[code]
			return d
		}
		var docs []Document
		// 40 documents (ids 101..140, so every bucket has some), fields cycling.
		kinds := []string{"Bài giảng", "Video", "lesson"}
		subjects := []string{"toan", "vat-ly", "ngu-van", "GDCD"}
		licences := []string{"CC BY 4.0", "CC BY-SA 4.0"}
		for i := range 40 {
			d := e.doc(int64(101+i), fmt.Sprintf("Luyện tập số %d", i), "Bài luyện tập", "Nội dung ôn luyện")
			if i%2 == 1 {
				d = at(s2, codes.School2, d)
			}
			d.Kind, d.Subject, d.Licence = kinds[i%3], subjects[i%4], licences[i%5/4]
			d.Grades = []int{10 + i%3}
			if i%7 == 0 {
				d.Grades = []int{10, 11, 12}
			}
			if i%6 == 5 {
				d.Type = TypeQuestion
			}
			if i%10 == 9 { // an e-library catalog record
				d.Type = TypeRecord
			}
			if i%8 == 3 {
				d.Language = "en"
			}
			d.UpdatedAt = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
			docs = append(docs, d)
		}
		e.add(docs...)
		want := func(keep func(Document) bool) []int64 {
			var out []int64
			for _, d := range docs {
				if keep(d) {
					out = append(out, d.ID)
				}
			}
			return out
		}
		district2 := s2[1]
		cases := []struct {
			name string
			q    Query
			keep func(Document) bool
		}{
			{"kind with marks and a space", Query{Kind: "Bài giảng"}, func(d Document) bool { return d.Kind == "Bài giảng" }},
			{"kind", Query{Kind: "Video"}, func(d Document) bool { return d.Kind == "Video" }},
			{"subject", Query{Subject: "vat-ly"}, func(d Document) bool { return d.Subject == "vat-ly" }},
			{"subject in capitals", Query{Subject: "GDCD"}, func(d Document) bool { return d.Subject == "GDCD" }},
			{"grade", Query{Grade: 11}, func(d Document) bool { return slices.Contains(d.Grades, 11) }},
			{"type", Query{Type: TypeQuestion}, func(d Document) bool { return d.Type == TypeQuestion }},
			{"catalog records", Query{Type: TypeRecord}, func(d Document) bool { return d.Type == TypeRecord }},
			{"school", Query{OrgID: s2[len(s2)-1]}, func(d Document) bool { return d.OrgID == s2[len(s2)-1] }},
			{"district (an organization above)", Query{OrgID: district2}, func(d Document) bool { return slices.Contains(d.OrgPath, district2) }},
			{"licence", Query{Licence: "CC BY-SA 4.0"}, func(d Document) bool { return d.Licence == "CC BY-SA 4.0" }},
			{"language", Query{Language: "en"}, func(d Document) bool { return d.Language == "en" }},
			{"subject and grade", Query{Subject: "toan", Grade: 11}, func(d Document) bool {
				return d.Subject == "toan" && slices.Contains(d.Grades, 11)
			}},
			{"subject and kind", Query{Subject: "vat-ly", Kind: "Video"}, func(d Document) bool {
				return d.Subject == "vat-ly" && d.Kind == "Video"
			}},
			{"kind and grade", Query{Kind: "lesson", Grade: 12}, func(d Document) bool {
				return d.Kind == "lesson" && slices.Contains(d.Grades, 12)
			}},
			{"together", Query{Subject: "toan", Grade: 10, Kind: "Bài giảng"}, func(d Document) bool {
				return d.Subject == "toan" && slices.Contains(d.Grades, 10) && d.Kind == "Bài giảng"
			}},
			{"review status", Query{ReviewStatus: "published"}, func(Document) bool { return true }},
			{"nothing has it", Query{Subject: "tin-hoc"}, func(Document) bool { return false }},
		}
		student := e.as("student1")
		for _, c := range cases {
			wantIDs := want(c.keep)
			for _, text := range []string{"", "luyen tap", "luyện"} {
				for _, sort := range []string{"", "date"} {
					q := c.q
					q.Text, q.Sort, q.PerPage = text, sort, 50
					res := e.search(student, q)
					got := hitIDs(res)
					slices.Sort(got)
					if !slices.Equal(got, wantIDs) || res.Total != len(wantIDs) {
						t.Errorf("%s, text %q, sort %q: got %v (total %d), want %v", c.name, text, sort, got, res.Total, wantIDs)
					}
					// Every facet counts exactly the matching documents (the student
					// reviews nothing: no review status facet).
					wantFacets := facetsOf(docs, c.keep)
					for _, f := range []string{"type", "kind", "subject", "grade", "org", "licence", "language", "review_status"} {
						if !maps.Equal(res.Facets[f], wantFacets[f]) {
							t.Errorf("%s, text %q, sort %q: facet %s %v, want %v", c.name, text, sort, f, res.Facets[f], wantFacets[f])
						}
					}
				}
			}
		}
	})
}

// facetsOf counts the facet values of the documents keep accepts, as Results.Facets
// holds them (no review status: for reviewers only).
func facetsOf(docs []Document, keep func(Document) bool) map[string]map[string]int {
	out := map[string]map[string]int{}
	add := func(facet, v string) {
		if v == "" {
			return
		}
		if out[facet] == nil {
			out[facet] = map[string]int{}
		}
		out[facet][v]++
	}
	for _, d := range docs {
		if !keep(d) {
			continue
		}
		add("type", string(d.Type))
		add("kind", d.Kind)
		add("subject", d.Subject)
		for _, g := range d.Grades {
			add("grade", strconv.Itoa(g))
		}
		add("org", strconv.FormatInt(d.OrgID, 10))
		add("licence", d.Licence)
		add("language", d.Language)
	}
	return out
}

// TestFilterTokensAgree checks that the Go side builds the same filter tokens as the
// database (search_filter_tokens, which fills match_tsv).
func TestFilterTokensAgree(t *testing.T) {
	db := newEnv(t).db
	for _, v := range []string{"", "toan", "Bài giảng", "CC BY-SA 4.0", `it's "quoted"`, "ngữ văn", "e\u0301"} {
		var got []string
		err := db.QueryRow(context.Background(), `SELECT search_filter_tokens('question', $1, $1, '{7}', '{3,42}', $1, $1, $1)`, v).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		// Every filter (the subject combined with kind and grade), the subject alone,
		// kind and grade without a subject, and the subject with each of them.
		for _, q := range []Query{
			{Type: TypeQuestion, Kind: v, Subject: v, Grade: 7, OrgID: 42, Licence: v, Language: v, ReviewStatus: v},
			{Subject: v}, {Kind: v, Grade: 7}, {Subject: v, Grade: 7}, {Subject: v, Kind: v},
		} {
			toks := filterTokens(q)
			if len(toks) == 0 && v != "" {
				t.Fatalf("%+v: no tokens", q)
			}
			for _, tok := range toks {
				bare := tok[1 : len(tok)-1] // without the tsquery quotes
				if !slices.Contains(got, bare) {
					t.Errorf("value %q, query %+v: Go token %s is not among the database's %v", v, q, bare, got)
				}
			}
		}
	}
}

// TestBucketIndexes checks that every bucket the queries read has its partial GIN
// index, and that the bucket column spreads documents as Buckets says.
func TestBucketIndexes(t *testing.T) {
	db := newEnv(t).db
	ctx := context.Background()
	for i := range Buckets {
		var n int
		pred := fmt.Sprintf("%%WHERE (bucket = %d)", i)
		err := db.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE tablename = 'search_documents'
			AND indexdef LIKE '%USING gin (match_tsv)%' AND indexdef LIKE $1`, pred).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("bucket %d: %d partial indexes on match_tsv, want 1", i, n)
		}
	}
	var expr string
	if err := db.QueryRow(ctx, `SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef
		JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum
		WHERE adrelid = 'search_documents'::regclass AND attname = 'bucket'`).Scan(&expr); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("(doc_id %% (%d)::bigint)", Buckets); !strings.Contains(expr, want) {
		t.Errorf("bucket column is %s, want doc_id %% %d", expr, Buckets)
	}
}
