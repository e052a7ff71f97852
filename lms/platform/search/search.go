package search

import (
	"context"
	"fmt"
	"slices"

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
	done, err := p.turn(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	// The typo check goes with the first page's statement, in its round trip; when it
	// corrects a word the page is asked again with the corrections.
	typo, corrected := typoCheck(cs)
	// All clauses must match; only when no document has them all, fewer will do.
	for need := len(cs); ; need-- {
		b := &sqlb{}
		reviewer, access, err := p.permit(ctx, b, a)
		if err != nil {
			return nil, err
		}
		var tokens []string
		if len(cs) == 0 {
			filter(b, q)
		} else if tokens = filterTokens(q); access != "" {
			tokens = append(tokens, access)
		}
		m := match(b, cs, need, tokens)
		relaxed := need < len(cs)
		var before []statement
		if typo != nil {
			before = []statement{*typo}
		}
		if err := p.page(ctx, b, cs, m, q, reviewer, relaxed, res, before...); err != nil {
			return nil, err
		}
		if typo != nil {
			typo = nil
			if res.Corrections = corrected(); res.Corrections != nil {
				need++ // the same words again, corrected
				continue
			}
		}
		if res.Total > 0 || need <= 1 {
			res.Relaxed = relaxed && res.Total > 0
			res.MatchedWords = res.Words
			if res.Relaxed {
				res.MatchedWords = need
			}
			return res, nil
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

// typoCheck returns the statement that finds corrections for the unmarked words of
// at least typoMinRunes letters that no document contains (the most similar indexed
// words, pg_trgm), and the function that applies what it found to cs and returns it
// (nil: nothing to correct). One statement asks for all the words; a known word costs
// one primary-key probe. Without such words it returns nil.
func typoCheck(cs []clause) (*statement, func() map[string][]string) {
	var words []string
	var targets []*term
	for i := range cs {
		if cs[i].phrase {
			continue
		}
		t := &cs[i].terms[0]
		if t.marked || t.prefix || runeLen(t.fold) < typoMinRunes {
			continue
		}
		words, targets = append(words, t.fold), append(targets, t)
	}
	if len(words) == 0 {
		return nil, nil
	}
	type alt struct {
		I    int
		Alts []string
	}
	var found []alt
	st := &statement{
		sql: `SELECT w.i::int, ARRAY(SELECT term FROM search_terms WHERE term % w.word
				ORDER BY similarity(term, w.word) DESC, term LIMIT 3)
			FROM unnest($1::text[]) WITH ORDINALITY AS w(word, i)
			WHERE NOT EXISTS (SELECT 1 FROM search_terms WHERE term = w.word)`,
		args: []any{words},
		scan: func(rows pgx.Rows) error {
			var err error
			found, err = pgx.CollectRows(rows, pgx.RowToStructByPos[alt])
			return err
		},
	}
	return st, func() map[string][]string {
		var out map[string][]string
		for _, f := range found {
			if len(f.Alts) == 0 {
				continue
			}
			t := targets[f.I-1]
			t.alts = f.Alts
			if out == nil {
				out = map[string][]string{}
			}
			out[t.word] = f.Alts
		}
		return out
	}
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
	done, err := p.turn(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	last := &cs[len(cs)-1]
	if t := &last.terms[len(last.terms)-1]; runeLen(t.word) >= prefixMinRunes {
		t.prefix = true
	}
	b := &sqlb{}
	_, access, err := p.permit(ctx, b, a)
	if err != nil {
		return nil, err
	}
	var tokens []string
	if access != "" {
		tokens = []string{access}
	}
	m := match(b, cs, len(cs), tokens)
	where := b.sql()
	score := scoreSQL(b, cs)
	candidates := headFirst(b, cs, m, "d.doc_type, d.doc_id", "300", where)
	sql := fmt.Sprintf(`WITH c AS (%s)
		SELECT d.doc_type, d.doc_id, d.title FROM c JOIN search_documents d USING (doc_type, doc_id)
		ORDER BY %s DESC, d.updated_at DESC LIMIT %s`, candidates, score, b.arg(limit))
	err = p.read(ctx, true, statement{sql, b.args, func(rows pgx.Rows) error {
		var err error
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Suggestion])
		return err
	}})
	if err != nil {
		return nil, fmt.Errorf("search: suggest: %w", err)
	}
	return out, nil
}
