package search

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Search returns one page of the documents the actor may see that match q, with
// facet counts over all of them.
func (p *Postgres) Search(ctx context.Context, a *identity.Actor, q Query) (*Results, error) {
	if err := q.normalize(); err != nil {
		return nil, err
	}
	cs, err := parse(q.Text)
	if err != nil {
		return nil, err
	}
	res := &Results{Hits: []Hit{}, Page: q.Page, PerPage: q.PerPage, Words: wordCount(cs)}
	if res.Corrections, err = p.correct(ctx, cs); err != nil {
		return nil, err
	}
	// All clauses must match; only when no document has them all, fewer will do.
	for need := len(cs); ; need-- {
		b := &sqlb{}
		reviewer, err := p.permit(ctx, b, a)
		if err != nil {
			return nil, err
		}
		filter(b, q)
		matched := match(b, cs, need)
		if err := p.facets(ctx, b, reviewer, res); err != nil {
			return nil, err
		}
		if res.Total > 0 || need <= 1 {
			res.Relaxed = need < len(cs)
			res.MatchedWords = res.Words
			if res.Relaxed {
				res.MatchedWords = need
			}
			if res.Total > 0 {
				err = p.hits(ctx, b, cs, matched, q, res)
			}
			return res, err
		}
	}
}

func (q *Query) normalize() error {
	if q.PerPage <= 0 || q.PerPage > 50 {
		q.PerPage = 20
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Page > 500 {
		return fault.Invalid("page", "search.page_range", "Choose a page from 1 to 500.")
	}
	if q.Type != "" && !slices.Contains(Types, q.Type) {
		return fault.Invalid("type", "search.type", "Unknown document type.")
	}
	if q.Grade < 0 || q.Grade > 12 {
		return fault.Invalid("grade", "search.grade", "Grades are 1 to 12.")
	}
	if q.Sort != "" && q.Sort != "relevance" && q.Sort != "date" {
		return fault.Invalid("sort", "search.sort", "Sort by relevance or date.")
	}
	return nil
}

// correct replaces unmarked words of at least typoMinRunes letters that no document
// contains by the most similar indexed words (pg_trgm), and returns what it did.
func (p *Postgres) correct(ctx context.Context, cs []clause) (map[string][]string, error) {
	var out map[string][]string
	for i := range cs {
		if cs[i].phrase {
			continue
		}
		t := &cs[i].terms[0]
		if t.marked || t.prefix || runeLen(t.fold) < typoMinRunes {
			continue
		}
		rows, err := p.db.Query(ctx, `SELECT term FROM search_terms WHERE term % $1
			AND NOT EXISTS (SELECT 1 FROM search_terms WHERE term = $1)
			ORDER BY similarity(term, $1) DESC, term LIMIT 3`, t.fold)
		if err != nil {
			return nil, fmt.Errorf("search: typo: %w", err)
		}
		alts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("search: typo: %w", err)
		}
		if len(alts) > 0 {
			t.alts = alts
			if out == nil {
				out = map[string][]string{}
			}
			out[t.word] = alts
		}
	}
	return out, nil
}

// facetSQL counts the matches by each facet, in one pass over them.
const facetSQL = `
WITH m AS MATERIALIZED (SELECT d.doc_type, d.kind, d.subject, d.grades, d.org_id, d.org_name, d.licence, d.language, d.review_status
	FROM search_documents d WHERE %s LIMIT ` + countLimitSQL + `)
SELECT 'total', '', '', count(*) FROM m
UNION ALL SELECT 'type', doc_type, '', count(*) FROM m GROUP BY doc_type
UNION ALL SELECT 'kind', kind, '', count(*) FROM m WHERE kind <> '' GROUP BY kind
UNION ALL SELECT 'subject', subject, '', count(*) FROM m WHERE subject <> '' GROUP BY subject
UNION ALL SELECT 'grade', g::text, '', count(*) FROM m, unnest(m.grades) g GROUP BY g
UNION ALL SELECT 'org', org_id::text, max(org_name), count(*) FROM m GROUP BY org_id
UNION ALL SELECT 'licence', licence, '', count(*) FROM m WHERE licence <> '' GROUP BY licence
UNION ALL SELECT 'language', language, '', count(*) FROM m WHERE language <> '' GROUP BY language
UNION ALL SELECT 'review_status', review_status, '', count(*) FROM m WHERE $%d AND review_status <> '' GROUP BY review_status`

// CountLimit bounds the matches counted for the total and the facets: a one-word
// query can match most of a million documents, and counting them all would cost a
// second. Beyond it the total is reported as CountLimit with TotalCapped set, and
// the facet counts describe CountLimit of the matches.
const CountLimit = 1_000

const countLimitSQL = "1000"

// rankLimit bounds the matches ranked by relevance: with more matches, the first
// rankLimit found (in storage order) are ranked. Below it ranking is exact. Ranking
// reads each candidate's vectors, so ranking every match of a common word in a
// million documents would take seconds.
const rankLimit = 1_000

// bitmapOnly makes the planner find matches through the GIN indexes: a sequential or
// updated_at-ordered scan would test each row's vector, reading it from TOAST
// (about ten times the cost of the index's answer). The settings end with the
// transaction.
const bitmapOnly = `SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`

// read runs fn in a read-only transaction that finds matches through GIN.
func (p *Postgres) read(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, p.db, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, bitmapOnly); err != nil {
			return err
		}
		return fn(tx)
	})
}

func (p *Postgres) facets(ctx context.Context, b *sqlb, reviewer bool, res *Results) error {
	args := append(slices.Clone(b.args), reviewer)
	err := p.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, fmt.Sprintf(facetSQL, b.sql(), len(args)), args...)
		if err != nil {
			return err
		}
		return collectFacets(rows, res)
	})
	if err != nil {
		return fmt.Errorf("search: facets: %w", err)
	}
	return nil
}

func collectFacets(rows pgx.Rows, res *Results) error {
	defer rows.Close()
	res.Facets = map[string]map[string]int{}
	res.FacetLabels = map[string]map[string]string{"org": {}}
	for rows.Next() {
		var facet, key, label string
		var n int
		if err := rows.Scan(&facet, &key, &label, &n); err != nil {
			return fmt.Errorf("search: facets: %w", err)
		}
		if facet == "total" {
			res.Total, res.TotalCapped = n, n >= CountLimit
			continue
		}
		if res.Facets[facet] == nil {
			res.Facets[facet] = map[string]int{}
		}
		res.Facets[facet][key] = n
		if label != "" {
			res.FacetLabels[facet][key] = label
		}
	}
	return rows.Err()
}

func (p *Postgres) hits(ctx context.Context, b *sqlb, cs []clause, matched string, q Query, res *Results) error {
	where := b.sql()
	score := scoreSQL(b, cs)
	order := "score DESC, d.updated_at DESC, d.doc_id DESC"
	candidates := ""
	if q.Sort == "date" || len(cs) == 0 {
		order = "d.updated_at DESC, d.doc_id DESC"
		candidates = "ORDER BY d.updated_at DESC, d.doc_id DESC"
	} else if res.Relaxed {
		order = "matched DESC, " + order
	}
	// Three steps, so the long columns (vectors, body) are read only where needed:
	// the candidates are the newest matches (ids only; found through the GIN indexes
	// when the words are rare, through the updated_at index when they are common);
	// they are ranked (vectors read); the page's rows get their text for highlights.
	sql := fmt.Sprintf(`WITH c AS (SELECT d.doc_type, d.doc_id FROM search_documents d WHERE %s %s LIMIT %s),
		r AS (SELECT d.doc_type, d.doc_id, d.updated_at, %s AS score, %s AS matched
			FROM c JOIN search_documents d USING (doc_type, doc_id) ORDER BY %s LIMIT %s OFFSET %s)
		SELECT d.doc_type, d.doc_id, d.title, d.description, left(d.body, 20000), d.kind, d.subject, d.grades,
			d.org_id, d.org_name, d.published, d.review_status, d.updated_at, r.score, r.matched
		FROM r JOIN search_documents d USING (doc_type, doc_id) ORDER BY %s`,
		where, candidates, b.arg(max(rankLimit, q.Page*q.PerPage)), score, matched, order, b.arg(q.PerPage), b.arg((q.Page-1)*q.PerPage),
		strings.NewReplacer("score", "r.score", "matched", "r.matched", "d.updated_at", "r.updated_at", "d.doc_id", "r.doc_id").Replace(order))
	var err error
	if q.Sort == "date" || len(cs) == 0 {
		err = p.collectHits(ctx, p.db, sql, b.args, cs, res)
	} else {
		err = p.read(ctx, func(tx pgx.Tx) error { return p.collectHits(ctx, tx, sql, b.args, cs, res) })
	}
	if err != nil {
		return fmt.Errorf("search: hits: %w", err)
	}
	return nil
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func (p *Postgres) collectHits(ctx context.Context, db querier, sql string, args []any, cs []clause, res *Results) error {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	hl := newHighlighter(cs)
	for rows.Next() {
		var h Hit
		var desc, body string
		var matchedN int
		if err := rows.Scan(&h.Type, &h.ID, &h.Title, &desc, &body, &h.Kind, &h.Subject, &h.Grades, &h.OrgID, &h.OrgName,
			&h.Published, &h.ReviewStatus, &h.UpdatedAt, &h.Score, &matchedN); err != nil {
			return fmt.Errorf("search: hits: %w", err)
		}
		h.TitleHighlight = hl.mark(h.Title)
		h.Highlight = hl.snippet(desc, body)
		res.Hits = append(res.Hits, h)
	}
	return rows.Err()
}

// Suggest completes what the user is typing: titles of the documents the actor may
// see that have every word, the last one as a prefix.
func (p *Postgres) Suggest(ctx context.Context, a *identity.Actor, text string, limit int) ([]Suggestion, error) {
	if limit <= 0 || limit > 20 {
		limit = 8
	}
	cs, err := parse(text)
	if err != nil {
		return nil, err
	}
	out := []Suggestion{}
	if len(cs) == 0 {
		return out, nil
	}
	last := &cs[len(cs)-1]
	if t := &last.terms[len(last.terms)-1]; runeLen(t.word) >= prefixMinRunes {
		t.prefix = true
	}
	b := &sqlb{}
	if _, err := p.permit(ctx, b, a); err != nil {
		return nil, err
	}
	match(b, cs, len(cs))
	where := b.sql()
	score := scoreSQL(b, cs)
	sql := fmt.Sprintf(`WITH c AS (SELECT d.doc_type, d.doc_id FROM search_documents d WHERE %s LIMIT 300)
		SELECT d.doc_type, d.doc_id, d.title FROM c JOIN search_documents d USING (doc_type, doc_id)
		ORDER BY %s DESC, d.updated_at DESC LIMIT %s`, where, score, b.arg(limit))
	err = p.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, sql, b.args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Suggestion])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search: suggest: %w", err)
	}
	return out, nil
}
