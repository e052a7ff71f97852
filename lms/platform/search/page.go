package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// CountLimit bounds the matches counted for the total and the facets: a one-word
// query can match most of a million documents, and counting them all would cost a
// second. Beyond it the total is reported as CountLimit with TotalCapped set, and
// the facet counts describe CountLimit of the matches.
const CountLimit = 1_000

const countLimitSQL = "1000"

// rankLimit bounds the matches ranked by relevance: with more matches, the first
// rankLimit found (in storage order) are ranked. Below it ranking is exact.
const rankLimit = 1_000

// bitmapOnly makes the planner find matches through the GIN indexes: a sequential or
// updated_at-ordered scan would test each row's vector, reading it from TOAST
// (about ten times the cost of the index's answer). work_mem keeps the bitmap of a
// common word exact: PostgreSQL's default 4 MB turns the bitmap of the 640,000
// documents with "học" in a million lossy, and every row of a lossy page is tested
// again on its vector, from TOAST. A generic plan is kept for each statement's
// shape: the buckets' SELECTs make a long statement whose planning (1-2 ms) would
// otherwise be repeated for every search, and the plan does not depend on the words.
// The settings are local to the search's transaction (set_config's third argument),
// and one statement, so read sends them with the search in one round trip.
const bitmapOnly = `SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
	set_config('work_mem', '64MB', true), set_config('plan_cache_mode', 'force_generic_plan', true)`

// Buckets is the number of parts of search_documents with a GIN index each
// (search_documents.bucket = doc_id % Buckets, partial indexes on match_tsv; see
// the migration 20261202090000). A query reads the buckets in turn and stops once
// it has its candidates.
const Buckets = 16

// bucketed returns the SQL of the first limit documents matching the conditions,
// read bucket after bucket (and condition after condition): a UNION ALL of one
// SELECT per bucket, each with the bucket as a constant so the planner uses that
// bucket's partial index. The Append under the LIMIT runs the SELECTs in order and
// stops when it has enough rows, so a common word reads only the first buckets'
// bitmaps.
func bucketed(cols, limit string, wheres ...string) string {
	return inBuckets(cols, "", limit, wheres...)
}

// bucketedOrder is bucketed with the rows in an order (the columns named in
// order must be among cols): each bucket's first rows in that order, merged.
// Every bucket's matches are read, as a sort over one index would.
func bucketedOrder(cols, where, order, limit string) string {
	return inBuckets(cols, order, limit, where)
}

func inBuckets(cols, order, limit string, wheres ...string) string {
	each, all := "", ""
	if order != "" {
		each, all = " ORDER BY "+order+" LIMIT "+limit, "ORDER BY "+order+" "
	}
	var parts []string
	for _, where := range wheres {
		for i := range Buckets {
			parts = append(parts, fmt.Sprintf("(SELECT %s FROM search_documents d WHERE d.bucket = %d AND %s%s)", cols, i, where, each))
		}
	}
	return "SELECT * FROM (" + strings.Join(parts, "\n\tUNION ALL ") + ") u " + all + "LIMIT " + limit
}

// headFirst is bucketed with the documents that have every word in their title or
// description first: they rank above any match in the body alone, so for a common
// word the candidates are the best ones rather than the first found. The first half
// needs only the words' head tokens (and the filters), short posting lists; the
// body-only matches come after, and are read only when the first are too few.
// A phrase's word order is not asked of the first half's index scan: a tsquery
// with "<->" makes PostgreSQL test every row the index returns against match_tsv,
// read from TOAST. It is tested on the row instead, on the in-row head vector
// first, and on match_tsv only for the rows whose title and description do not
// hold the phrase (a phrase in the title is also one in match_tsv, whose
// positions head_fold keeps).
func headFirst(b *sqlb, cs []clause, m textMatch, cols, limit, where string) string {
	head := headQuery(cs)
	first := append([]string{head}, m.tokens...)
	firstWhere := where
	for _, c := range cs {
		if c.phrase {
			fold, _ := c.queries()
			firstWhere += fmt.Sprintf(" AND (d.head_fold @@ %s::tsquery OR %s)", b.arg(fold), b.tsq(clauseQuery(c)))
		}
	}
	return bucketed(cols, limit, firstWhere+" AND "+b.tsq(strings.Join(first, " & ")),
		where+" AND "+b.tsq(m.query+" & !("+head+")"))
}

// statement is one statement of a search's transaction, with what reads its rows.
type statement struct {
	sql  string
	args []any
	scan func(pgx.Rows) error
}

// read runs a search statement in a read-only transaction, after the statements
// before it (the typo check) and with the GIN settings (bitmapOnly) when gin is set,
// and hands each one's rows to its scan. The transaction's statements (BEGIN, the
// settings, the statements, COMMIT) go as one pipelined batch: one round trip
// instead of one each, which at twenty searches at once is CPU the database and this
// process both save. A failed statement leaves the connection in an aborted
// transaction, which the pool then closes rather than reuses.
func (p *Postgres) read(ctx context.Context, gin bool, search statement, before ...statement) error {
	b := &pgx.Batch{}
	b.Queue("BEGIN READ ONLY")
	for _, s := range before {
		b.Queue(s.sql, s.args...).Query(s.scan)
	}
	if gin {
		b.Queue(bitmapOnly)
	}
	b.Queue(search.sql, search.args...).Query(search.scan)
	b.Queue("COMMIT")
	return p.db.SendBatch(ctx, b).Close()
}

// candidateCols are the columns of a candidate: small ones only, and its score
// (format %s).
const candidateCols = `d.doc_type, d.doc_id, d.kind, d.subject, d.grades, d.org_id, d.org_name, d.licence, d.language,
		d.review_status, d.updated_at, %s AS score`

// pageSQL answers a query in one statement, so the matches are found once: m holds
// the candidates (candidateCols; from bucketed for text) with their facet columns
// and score (small columns only: ranking reads the in-row head vectors, not the
// TOASTed whole ones); the facets count the first CountLimit of them; the page's
// rows get their text for highlights. Hit rows (kind 'h') and facet rows share one
// shape.
//
// The facets are two aggregates, not one a facet: the candidates grouped by every
// facet column but the organization (kind 'g': a few dozen groups, as documents of
// one subject share their kinds, grades and licences), which collectPage adds up
// facet by facet, and the organizations, which come as one row of arrays (kind 'o':
// ids, names, counts), as a thousand candidates can be from hundreds of schools.
// Nine aggregates over the same thousand rows were a quarter of the statement's
// cost, and a row an organization a third of collectPage's.
const pageSQL = `
WITH m AS MATERIALIZED (%[1]s),
c AS (SELECT * FROM m LIMIT ` + countLimitSQL + `),
top AS (SELECT doc_type, doc_id, score, row_number() OVER (ORDER BY %[2]s) AS rn FROM m ORDER BY %[2]s LIMIT %[3]s OFFSET %[4]s)
SELECT 'h', '', '', 0, top.rn, d.doc_type, d.doc_id, d.title, d.description, left(d.body, 20000), d.kind, d.subject, d.grades,
	d.org_id, d.org_name, d.published, d.review_status, d.updated_at, top.score::float8, NULL::bigint[], NULL::text[], NULL::int[]
FROM top JOIN search_documents d USING (doc_type, doc_id)
UNION ALL SELECT 'g', licence, language, count(*)::int, 0, doc_type, 0, '', '', '', kind, subject, grades, 0, '', false, review_status, 'epoch', 0, NULL, NULL, NULL
	FROM c GROUP BY doc_type, kind, subject, grades, licence, language, review_status
UNION ALL SELECT 'o', '', '', coalesce(sum(n), 0)::int, 0, '', 0, '', '', '', '', '', '{}', 0, '', false, '', 'epoch', 0, array_agg(org_id), array_agg(name), array_agg(n)
	FROM (SELECT org_id, max(org_name) AS name, count(*)::int AS n FROM c GROUP BY org_id) o`

// page finds the matches once and fills the results' total, facets and hits.
func (p *Postgres) page(ctx context.Context, b *sqlb, cs []clause, m textMatch, q Query, reviewer, relaxed bool, res *Results, before ...statement) error {
	where := b.sql()
	cols := fmt.Sprintf(candidateCols, scoreSQL(b, cs))
	limit := b.arg(max(p.candidates, q.Page*q.PerPage))
	order := "score DESC, updated_at DESC, doc_id DESC"
	var candidates string
	switch {
	case len(cs) == 0:
		// No words: newest first, the updated_at index finds them soonest.
		order = "updated_at DESC, doc_id DESC"
		candidates = fmt.Sprintf("SELECT %s FROM search_documents d WHERE %s ORDER BY d.updated_at DESC, d.doc_id DESC LIMIT %s", cols, where, limit)
	case q.Sort == "date":
		candidates, order = byDate(b, cols, where, m.query, limit, dateWindows(time.Now(), p.newestUpdate(ctx)))
	case relaxed: // every candidate meets the same number of clauses (match)
		candidates = bucketed(cols, limit, where+" AND "+b.tsq(m.query))
	case len(filterTokens(q)) > 0:
		// With filters, the first matches found: the filters' posting lists are
		// long (a subject is a tenth of the documents), and reading them twice, for
		// titles first and then the rest, would double the cost of the narrow
		// queries filters make; those have fewer matches than limit, all ranked.
		candidates = bucketed(cols, limit, where+" AND "+b.tsq(m.query))
	default:
		candidates = headFirst(b, cs, m, cols, limit, where)
	}
	sql := fmt.Sprintf(pageSQL, candidates, order, b.arg(q.PerPage), b.arg((q.Page-1)*q.PerPage))
	// Without words no GIN settings: the updated_at index serves the order.
	if err := p.read(ctx, len(cs) > 0, statement{sql, b.args, func(rows pgx.Rows) error { return collectPage(rows, cs, reviewer, res) }}, before...); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

type pageRow struct {
	kind, key, label string
	n                int
	rn               int64
	hit              Hit
	desc, body       string
	orgs             []int64
	names            []string
	counts           []int
}

func collectPage(rows pgx.Rows, cs []clause, reviewer bool, res *Results) error {
	res.Facets = map[string]map[string]int{}
	res.FacetLabels = map[string]map[string]string{"org": {}}
	res.Total, res.TotalCapped, res.Hits = 0, false, []Hit{}
	count := func(facet, key string, n int) {
		if key == "" {
			return
		}
		if res.Facets[facet] == nil {
			res.Facets[facet] = map[string]int{}
		}
		res.Facets[facet][key] += n
	}
	var hits []pageRow
	hl := newHighlighter(cs)
	var r pageRow
	for rows.Next() {
		r = pageRow{}
		h := &r.hit
		var updated time.Time
		if err := rows.Scan(&r.kind, &r.key, &r.label, &r.n, &r.rn, &h.Type, &h.ID, &h.Title, &r.desc, &r.body, &h.Kind,
			&h.Subject, &h.Grades, &h.OrgID, &h.OrgName, &h.Published, &h.ReviewStatus, &updated, &h.Score,
			&r.orgs, &r.names, &r.counts); err != nil {
			return err
		}
		h.UpdatedAt = updated
		switch r.kind {
		case "h":
			h.TitleHighlight = hl.mark(h.Title)
			h.Highlight = hl.snippet(r.desc, r.body)
			hits = append(hits, r)
		case "g": // a group of candidates sharing their facet values (pageSQL)
			count("type", string(h.Type), r.n)
			count("kind", h.Kind, r.n)
			count("subject", h.Subject, r.n)
			seen := map[int]bool{}
			for _, g := range h.Grades {
				if !seen[g] { // a grade listed twice counts the document once
					seen[g] = true
					count("grade", strconv.Itoa(g), r.n)
				}
			}
			count("licence", r.key, r.n)
			count("language", r.label, r.n)
			if reviewer { // only reviewers filter by review status
				count("review_status", h.ReviewStatus, r.n)
			}
		case "o": // every candidate, counted by organization
			res.Total, res.TotalCapped = r.n, r.n >= CountLimit
			for i, id := range r.orgs {
				key := strconv.FormatInt(id, 10)
				count("org", key, r.counts[i])
				if r.names[i] != "" {
					res.FacetLabels["org"][key] = r.names[i]
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	slices.SortFunc(hits, func(a, b pageRow) int { return int(a.rn - b.rn) })
	for _, r := range hits {
		res.Hits = append(res.Hits, r.hit)
	}
	return nil
}
