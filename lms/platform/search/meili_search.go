package search

import (
	"context"
	"fmt"

	"github.com/meilisearch/meilisearch-go"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// meiliFacets are the facet attributes asked for (review_status only for reviewers).
var meiliFacets = []string{"type", "kind", "subject", "grades", "org", "licence", "language"}

// Search returns one page of the documents the actor may see that match q, with
// facet counts over all of them, by the same rules as Postgres.Search (see
// meiliText and meiliSettings for how the Vietnamese rules are kept).
func (m *Meili) Search(ctx context.Context, a *identity.Actor, q Query) (*Results, error) {
	if err := q.normalize(); err != nil {
		return nil, err
	}
	cs, err := parse(q.Text)
	if err != nil {
		return nil, err
	}
	permit, reviewer, err := meiliPermit(ctx, m.opts.Panels, a)
	if err != nil {
		return nil, err
	}
	res := &Results{Hits: []Hit{}, Page: q.Page, PerPage: q.PerPage, Words: wordCount(cs)}
	res.MatchedWords = res.Words
	req := m.request(q, meiliFilter(permit, q), reviewer, len(cs) == 0)
	resp, used, err := m.relax(ctx, cs, req)
	if err != nil {
		return nil, fmt.Errorf("search: meilisearch: %w", err)
	}
	res.Relaxed = used < len(cs) && resp.TotalHits > 0
	if res.Relaxed && used > 0 {
		res.MatchedWords = used
	}
	res.Total = int(resp.TotalHits)
	res.TotalCapped = resp.TotalHits >= meiliMaxTotalHits
	if err := decodeFacets(resp.FacetDistribution, res); err != nil {
		return nil, err
	}
	docs, err := decodeHits(resp.Hits)
	if err != nil {
		return nil, err
	}
	hl := newHighlighter(cs)
	for i, d := range docs {
		h := d.hit()
		h.TitleHighlight = hl.mark(d.Title)
		h.Highlight = hl.snippet(d.Description, d.Body)
		res.Hits = append(res.Hits, h)
		if res.Relaxed && used == 0 && i == 0 {
			res.MatchedWords = matchedClauses(cs, d.Title, d.Description, d.Body)
		}
	}
	return res, nil
}

// relax searches with every clause; when no document has them all, as in
// PostgreSQL it falls back to fewer: first without the clauses no document has at
// all, then with Meilisearch's "last" strategy (words dropped from the end). It
// returns how many clauses the answer has all of, 0 when Meilisearch chose.
func (m *Meili) relax(ctx context.Context, cs []clause, req *meilisearch.SearchRequest) (*meilisearch.SearchResponse, int, error) {
	ix := m.client.Index(m.uid)
	resp, err := ix.Search(ctx, meiliText(cs, false), req)
	if err != nil || resp.TotalHits > 0 || len(cs) < 2 {
		return resp, len(cs), err
	}
	var found []clause
	for _, c := range cs {
		one := *req
		one.HitsPerPage, one.Page, one.Limit, one.Facets, one.AttributesToRetrieve = nil, 0, 1, nil, []string{"key"}
		r, err := ix.Search(ctx, meiliText([]clause{c}, false), &one)
		if err != nil {
			return nil, 0, err
		}
		if len(r.Hits) > 0 {
			found = append(found, c)
		}
	}
	if len(found) == 0 {
		return resp, len(cs), nil
	}
	if len(found) < len(cs) {
		if resp, err = ix.Search(ctx, meiliText(found, false), req); err != nil || resp.TotalHits > 0 {
			return resp, len(found), err
		}
	}
	last := *req
	last.MatchingStrategy = meilisearch.Last
	resp, err = ix.Search(ctx, meiliText(cs, false), &last)
	return resp, 0, err
}

func (m *Meili) request(q Query, filter string, reviewer, byDate bool) *meilisearch.SearchRequest {
	perPage := int64(q.PerPage)
	req := &meilisearch.SearchRequest{
		Filter: filter, Page: int64(q.Page), HitsPerPage: &perPage, MatchingStrategy: meilisearch.All,
		Facets: meiliFacets, ShowRankingScore: true,
		AttributesToRetrieve: []string{"type", "id", "title", "description", "body", "kind", "subject", "grades",
			"org_id", "org_name", "published", "review_status", "updated_at"},
	}
	if reviewer {
		req.Facets = append(append([]string{}, meiliFacets...), "review_status")
	}
	if q.Sort == "date" || byDate {
		req.Sort = []string{"updated_at:desc", "id:desc"}
	}
	return req
}

// Suggest completes what the user is typing: titles of the documents the actor may
// see that have every word, the last one as a prefix once it has prefixMinRunes
// letters.
func (m *Meili) Suggest(ctx context.Context, a *identity.Actor, text string, limit int) ([]Suggestion, error) {
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
	permit, _, err := meiliPermit(ctx, m.opts.Panels, a)
	if err != nil {
		return nil, err
	}
	last := cs[len(cs)-1].terms
	prefix := runeLen(last[len(last)-1].word) >= prefixMinRunes
	resp, err := m.client.Index(m.uid).Search(ctx, meiliText(cs, prefix), &meilisearch.SearchRequest{
		Filter: permit, Limit: int64(limit), MatchingStrategy: meilisearch.All,
		AttributesToRetrieve: []string{"type", "id", "title"},
	})
	if err != nil {
		return nil, fmt.Errorf("search: meilisearch: suggest: %w", err)
	}
	docs, err := decodeHits(resp.Hits)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		out = append(out, Suggestion{Type: d.Type, ID: d.ID, Title: d.Title})
	}
	return out, nil
}
