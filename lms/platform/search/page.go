package search

import (
	"context"
	"fmt"
	"slices"
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
// again on its vector, from TOAST. The settings end with the transaction.
const bitmapOnly = `SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL work_mem = '64MB'`

// sampleLimit is gin_fuzzy_search_limit for a one-word query without filters: a
// word in more documents than this is answered from a random sample of about this
// many of them (PostgreSQL's documented soft limit for very large GIN results)
// rather than from a bitmap of all of them, which costs ~90 ms for a word in 640,000
// documents. Only the first CountLimit matches are counted and ranked anyway; when
// the sample has fewer visible matches than that, the query runs again unsampled.
const sampleLimit = 20_000

// read runs fn in a read-only transaction that finds matches through GIN, from a
// sample of each word's documents when sample is set.
func (p *Postgres) read(ctx context.Context, sample bool, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, p.db, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		settings := bitmapOnly
		if sample {
			settings += fmt.Sprintf("; SET LOCAL gin_fuzzy_search_limit = %d", sampleLimit)
		}
		if _, err := tx.Exec(ctx, settings); err != nil {
			return err
		}
		return fn(tx)
	})
}

// sampled reports whether a query may be answered from a sample: one word, no
// filter, no fallback, the first page. The sample is random (GIN draws it), so
// later pages are answered unsampled: a page 2 from another sample could repeat
// what page 1 showed.
func sampled(cs []clause, q Query, relaxed, byDate bool) bool {
	return !byDate && !relaxed && len(cs) == 1 && len(cs[0].terms) == 1 && q.Page == 1 &&
		q == Query{Text: q.Text, Sort: q.Sort, Page: q.Page, PerPage: q.PerPage}
}

// pageSQL answers a query in one statement, so the matches are found once: m holds
// the candidates with their facet columns and score (small columns only: ranking
// reads the in-row head vectors, not the TOASTed whole ones); the facets count the
// first CountLimit of them; the page's rows get their text for highlights. Facet
// rows and hit rows share one shape: kind 'f' or 'h'.
const pageSQL = `
WITH m AS MATERIALIZED (SELECT d.doc_type, d.doc_id, d.kind, d.subject, d.grades, d.org_id, d.org_name, d.licence, d.language,
		d.review_status, d.updated_at, %[2]s AS score, %[3]s AS matched
	FROM search_documents d WHERE %[1]s %[4]s LIMIT %[5]s),
c AS (SELECT * FROM m LIMIT ` + countLimitSQL + `),
top AS (SELECT doc_type, doc_id, score, matched, row_number() OVER (ORDER BY %[6]s) AS rn FROM m ORDER BY %[6]s LIMIT %[7]s OFFSET %[8]s)
SELECT 'h', '', '', '', 0, top.rn, d.doc_type, d.doc_id, d.title, d.description, left(d.body, 20000), d.kind, d.subject, d.grades,
	d.org_id, d.org_name, d.published, d.review_status, d.updated_at, top.score::float8, top.matched
FROM top JOIN search_documents d USING (doc_type, doc_id)
UNION ALL SELECT 'f', f.facet, f.key, f.label, f.n, 0, '', 0, '', '', '', '', '', '{}', 0, '', false, '', 'epoch', 0, 0 FROM (
	SELECT 'total' AS facet, '' AS key, '' AS label, count(*)::int AS n FROM c
	UNION ALL SELECT 'type', doc_type, '', count(*) FROM c GROUP BY doc_type
	UNION ALL SELECT 'kind', kind, '', count(*) FROM c WHERE kind <> '' GROUP BY kind
	UNION ALL SELECT 'subject', subject, '', count(*) FROM c WHERE subject <> '' GROUP BY subject
	UNION ALL SELECT 'grade', g::text, '', count(*) FROM c, unnest(c.grades) g GROUP BY g
	UNION ALL SELECT 'org', org_id::text, max(org_name), count(*) FROM c GROUP BY org_id
	UNION ALL SELECT 'licence', licence, '', count(*) FROM c WHERE licence <> '' GROUP BY licence
	UNION ALL SELECT 'language', language, '', count(*) FROM c WHERE language <> '' GROUP BY language
	UNION ALL SELECT 'review_status', review_status, '', count(*) FROM c WHERE %[9]s AND review_status <> '' GROUP BY review_status) f`

// page finds the matches once and fills the results' total, facets and hits.
func (p *Postgres) page(ctx context.Context, b *sqlb, cs []clause, matched string, q Query, reviewer, relaxed bool, res *Results) error {
	where := b.sql()
	score := scoreSQL(b, cs)
	order := "score DESC, updated_at DESC, doc_id DESC"
	candidates := ""
	byDate := q.Sort == "date" || len(cs) == 0
	if byDate {
		order = "updated_at DESC, doc_id DESC"
		candidates = "ORDER BY d.updated_at DESC, d.doc_id DESC"
	} else if relaxed {
		order = "matched DESC, " + order
	}
	sql := fmt.Sprintf(pageSQL, where, score, matched, candidates, b.arg(max(rankLimit, q.Page*q.PerPage)), order,
		b.arg(q.PerPage), b.arg((q.Page-1)*q.PerPage), b.arg(reviewer))
	collect := func(tx pgx.Tx) error { return collectPage(ctx, tx, sql, b.args, cs, res) }
	var err error
	if byDate {
		// Newest first: the updated_at index finds the first matches soonest.
		err = pgx.BeginTxFunc(ctx, p.db, pgx.TxOptions{AccessMode: pgx.ReadOnly}, collect)
	} else if sampled(cs, q, relaxed, byDate) {
		err = p.read(ctx, true, collect)
		if err == nil && res.Total < CountLimit {
			err = p.read(ctx, false, collect) // too few in the sample: count them all
		}
	} else {
		err = p.read(ctx, false, collect)
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

type pageRow struct {
	kind, facet, key, label string
	n                       int
	rn                      int64
	hit                     Hit
	desc, body              string
	matched                 int
}

func collectPage(ctx context.Context, tx pgx.Tx, sql string, args []any, cs []clause, res *Results) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	res.Facets = map[string]map[string]int{}
	res.FacetLabels = map[string]map[string]string{"org": {}}
	res.Total, res.TotalCapped, res.Hits = 0, false, []Hit{}
	var hits []pageRow
	hl := newHighlighter(cs)
	for rows.Next() {
		var r pageRow
		h := &r.hit
		var updated time.Time
		if err := rows.Scan(&r.kind, &r.facet, &r.key, &r.label, &r.n, &r.rn, &h.Type, &h.ID, &h.Title, &r.desc, &r.body, &h.Kind,
			&h.Subject, &h.Grades, &h.OrgID, &h.OrgName, &h.Published, &h.ReviewStatus, &updated, &h.Score, &r.matched); err != nil {
			return err
		}
		h.UpdatedAt = updated
		switch {
		case r.kind == "h":
			h.TitleHighlight = hl.mark(h.Title)
			h.Highlight = hl.snippet(r.desc, r.body)
			hits = append(hits, r)
		case r.facet == "total":
			res.Total, res.TotalCapped = r.n, r.n >= CountLimit
		default:
			if res.Facets[r.facet] == nil {
				res.Facets[r.facet] = map[string]int{}
			}
			res.Facets[r.facet][r.key] = r.n
			if r.label != "" {
				res.FacetLabels[r.facet][r.key] = r.label
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
