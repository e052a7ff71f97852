package search

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// sqlb builds a parameterized WHERE clause.
type sqlb struct {
	args  []any
	where []string
}

func (b *sqlb) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

func (b *sqlb) cond(format string, vals ...any) {
	ph := make([]any, len(vals))
	for i, v := range vals {
		ph[i] = b.arg(v)
	}
	b.where = append(b.where, fmt.Sprintf(format, ph...))
}

func (b *sqlb) sql() string {
	if len(b.where) == 0 {
		return "true"
	}
	return strings.Join(b.where, " AND ")
}

// permit adds the permission condition, the same rule as the repository's
// visibleSQL: the owner sees their documents in any state; others see published ones
// that are public, shared with an organization they belong to, or in a subtree they
// administer; librarians also see the catalog records of the organizations they
// catalog for, and those below (the catalog's own rule: a district librarian sees
// the school-scoped records of the district's schools in /catalog, and so in
// search); reviewers also see documents of their panels' subjects waiting for
// review. It is part of every query (facet counts too), never a filter afterwards.
// It returns, besides, the same rule as a tsquery of access tokens on match_tsv
// (empty for the system actor), which the text queries AND with their words so the
// index returns only what the actor may see; the SQL condition stays on every row.
func (p *Postgres) permit(ctx context.Context, b *sqlb, a *identity.Actor) (reviewer bool, access string, err error) {
	if a == nil {
		return false, "", fmt.Errorf("search: %w", fault.ErrUnauthenticated)
	}
	if a.IsSystem() {
		return true, "", nil
	}
	var orgs []int64
	var subjects []string
	if p.opts.Panels != nil && a.HasRole(identity.RoleReviewer) {
		panels, err := p.opts.Panels(ctx, a.User.ID)
		if err != nil {
			return false, "", fmt.Errorf("search: review panels: %w", err)
		}
		for _, pl := range panels {
			orgs, subjects = append(orgs, pl.OrgID), append(subjects, pl.Subject)
		}
	}
	member, admin, librarian := a.MemberOrgs(), a.AdminScope(), a.OrgsWith(identity.RoleLibrarian)
	if member == nil {
		member = []int64{}
	}
	if admin == nil {
		admin = []int64{}
	}
	if librarian == nil {
		librarian = []int64{}
	}
	if orgs == nil {
		orgs, subjects = []int64{}, []string{}
	}
	b.cond(`(d.owner_id = %s
		OR (d.published AND (d.scope = 'public' OR d.scope_root = ANY(%s::bigint[]) OR d.org_path && %s::bigint[]
			OR (d.doc_type = 'record' AND d.org_path && %s::bigint[])))
		OR (d.review_status IN ('submitted', 'in_review') AND d.doc_type = ANY(%s::text[]) AND EXISTS (
			SELECT 1 FROM unnest(%s::bigint[], %s::text[]) AS pn(org, subj) WHERE pn.subj = d.subject AND d.org_path @> ARRAY[pn.org])))`,
		a.User.ID, member, admin, librarian, panelTypes(), orgs, subjects)
	return len(orgs) > 0, accessQuery(a.User.ID, member, admin, librarian, orgs, subjects), nil
}

// accessQuery is permit's rule over the access tokens of match_tsv
// (search_access_tokens in the migration 20261202090000): any one of them will do.
// A librarian's records are the published documents of the subtree ("~a") that are
// records (the type's filter token).
func accessQuery(user int64, member, admin, librarian, panelOrgs []int64, panelSubjects []string) string {
	toks := []string{lexeme(fmt.Sprintf("~u%d", user), false), lexeme("~pub", false)}
	for _, o := range member {
		toks = append(toks, lexeme(fmt.Sprintf("~m%d", o), false))
	}
	for _, o := range admin {
		toks = append(toks, lexeme(fmt.Sprintf("~a%d", o), false))
	}
	for _, o := range librarian {
		toks = append(toks, "("+lexeme(fmt.Sprintf("~a%d", o), false)+" & "+lexeme("~t"+string(TypeRecord), false)+")")
	}
	for _, t := range panelTypes() {
		for i, o := range panelOrgs {
			toks = append(toks, lexeme(valueToken(fmt.Sprintf("~v%s~%d~", t, o), panelSubjects[i]), false))
		}
	}
	return "(" + strings.Join(toks, " | ") + ")"
}

func panelTypes() []string {
	var out []string
	for _, t := range Types {
		if PanelTypes[t] {
			out = append(out, string(t))
		}
	}
	return out
}

// filter adds the query's facet filters as SQL conditions, for queries without
// words (newest first); with words they are tokens of the tsquery (filterTokens).
func filter(b *sqlb, q Query) {
	if q.Type != "" {
		b.cond(`d.doc_type = %s`, string(q.Type))
	}
	if q.Kind != "" {
		b.cond(`d.kind = %s`, q.Kind)
	}
	if q.Subject != "" {
		b.cond(`d.subject = %s`, q.Subject)
	}
	if q.Grade != 0 {
		b.cond(`d.grades @> ARRAY[%s::int]`, q.Grade)
	}
	if q.OrgID != 0 {
		b.cond(`d.org_path @> ARRAY[%s::bigint]`, q.OrgID)
	}
	if q.Licence != "" {
		b.cond(`d.licence = %s`, q.Licence)
	}
	if q.Language != "" {
		b.cond(`d.language = %s`, q.Language)
	}
	if q.ReviewStatus != "" {
		b.cond(`d.review_status = %s`, q.ReviewStatus)
	}
}

// valueToken is the lexeme match_tsv holds for a free-text filter value: the
// prefix and the first 16 hex digits of the value's md5 (search_filter_tokens in
// the migration 20261202090000 builds the same).
func valueToken(prefix, v string) string {
	sum := md5.Sum([]byte(v))
	return prefix + hex.EncodeToString(sum[:8])
}

// filterTokens returns the tsquery lexemes of the query's filters: a document
// passes a filter when its match_tsv holds the filter's token. A subject with a
// grade or a kind is asked as the combined token ("~sg", "~sk"; the migration
// 20261203100000): the same documents, found through a list a tenth as long.
func filterTokens(q Query) []string {
	var out []string
	add := func(tok string) { out = append(out, lexeme(tok, false)) }
	if q.Type != "" {
		add("~t" + string(q.Type))
	}
	subject := valueToken("", q.Subject)
	switch {
	case q.Subject == "":
		if q.Kind != "" {
			add(valueToken("~k", q.Kind))
		}
		if q.Grade != 0 {
			add(fmt.Sprintf("~g%d", q.Grade))
		}
	case q.Kind == "" && q.Grade == 0:
		add("~s" + subject)
	default:
		if q.Kind != "" {
			add("~sk" + subject + valueToken("~", q.Kind))
		}
		if q.Grade != 0 {
			add(fmt.Sprintf("~sg%s~%d", subject, q.Grade))
		}
	}
	if q.OrgID != 0 {
		add(fmt.Sprintf("~o%d", q.OrgID))
	}
	if q.Licence != "" {
		add(valueToken("~l", q.Licence))
	}
	if q.Language != "" {
		add(valueToken("~n", q.Language))
	}
	if q.ReviewStatus != "" {
		add(valueToken("~r", q.ReviewStatus))
	}
	return out
}

// clauseQuery is the tsquery one clause puts on match_tsv: its unaccented form and
// its marked words as typed.
func clauseQuery(c clause) string {
	fold, exact := c.queries()
	switch {
	case fold == "":
		return exact
	case exact == "":
		return "(" + fold + ")"
	}
	return "(" + fold + ") & " + exact
}

// textMatch is a query's condition on match_tsv.
type textMatch struct {
	query  string   // the tsquery: every clause (or, relaxed, any) and every token
	tokens []string // the filter and access tokens in it
}

// tsq is the SQL condition of tsquery q on match_tsv.
func (b *sqlb) tsq(q string) string { return "d.match_tsv @@ " + b.arg(q) + "::tsquery" }

// match builds the text condition: every clause (or, relaxed, at least need of
// them) and every filter token; the caller adds the tsquery (matchCond, or
// headFirst's two halves). Search relaxes one clause at a time, and only when the
// level above found nothing the user may see with these filters: so a document
// found at a relaxed level meets exactly need clauses, and nothing counts them on
// the rows (a test of each clause on every candidate's match_tsv, read from TOAST
// each time, was two thirds of the statement's time for four words and 800
// candidates). When the AND-groups are spelled out, the index answers exactly;
// beyond maxCombinations it finds documents with any clause, and a condition
// counting them is added to b.
func match(b *sqlb, cs []clause, need int, tokens []string) textMatch {
	if len(cs) == 0 {
		return textMatch{}
	}
	qs := make([]string, len(cs))
	for i, c := range cs {
		qs[i] = clauseQuery(c)
	}
	if need >= len(cs) {
		return textMatch{query: strings.Join(append(qs, tokens...), " & "), tokens: tokens}
	}
	either := "(" + strings.Join(qs, " | ") + ")"
	if combos := combinations(qs, need); combos != nil {
		either = "(" + strings.Join(combos, " | ") + ")"
	} else {
		counted := make([]string, len(qs))
		for i, q := range qs {
			counted[i] = "(" + b.tsq(q) + ")::int"
		}
		b.where = append(b.where, fmt.Sprintf("(%s) >= %d", strings.Join(counted, " + "), need))
	}
	return textMatch{query: strings.Join(append([]string{either}, tokens...), " & "), tokens: tokens}
}

// maxCombinations bounds the AND-groups a relaxed query spells out (10 words, 5
// needed: 252); beyond it the index finds documents with any word and the count
// condition keeps those with enough.
const maxCombinations = 64

// combinations returns the AND of every choice of k of the queries, or nil when
// there would be more than maxCombinations.
func combinations(qs []string, k int) []string {
	n, count := len(qs), 1
	for i := range k { // C(n, k), exact at every step
		count = count * (n - i) / (i + 1)
	}
	if k <= 0 || count > maxCombinations {
		return nil
	}
	var out []string
	var pick func(start int, chosen []string)
	pick = func(start int, chosen []string) {
		if len(chosen) == k {
			out = append(out, "("+strings.Join(chosen, " & ")+")")
			return
		}
		for i := start; i < n; i++ {
			pick(i+1, append(chosen, qs[i]))
		}
	}
	pick(0, make([]string, 0, k))
	return out
}

// Ranking weights for ts_rank, in the order {D, C, B, A}: title (A) over description
// (B) over body (C).
const weights = `'{0.05, 0.2, 0.4, 1.0}'`

// scoreSQL ranks a matching document: how well its title and description match
// (on the unaccented words, plus a bonus for words in the exact form typed, so "ma"
// ranks "ma" before "má"; read from the small head vectors, so ranking a thousand
// candidates reads no TOAST), a small constant for a match in the body alone, times
// a gentle length factor (of two titles with the same matches, the shorter is
// closer to what was typed: "Phương trình bậc hai" before "Bất phương trình bậc
// hai"), times 1 for published and 0.6 for drafts, times a freshness factor from 1.3 (just
// updated) towards 1 over the years. Popularity is not used: views differ by school
// size more than by quality.
func scoreSQL(b *sqlb, cs []clause) string {
	fold, exact := rankQueries(cs)
	text := "0.001"
	if fold != "" {
		text = fmt.Sprintf("0.001 + ts_rank(%s, d.head_fold, %s::tsquery)", weights, b.arg(fold))
	}
	if exact != "" {
		text += fmt.Sprintf(" + 0.5 * ts_rank(%s, d.head_exact, %s::tsquery)", weights, b.arg(exact))
	}
	// In float8 throughout: with numeric constants PostgreSQL computes the length
	// and freshness factors in numeric (extract returns numeric), about a tenth of
	// the cost of ranking a thousand candidates.
	return fmt.Sprintf(`((%s)::float8 / (1 + char_length(d.title) / 200.0::float8)
		* CASE WHEN d.published THEN 1.0::float8 ELSE 0.6::float8 END
		* (1 + 0.3::float8 / (1 + date_part('epoch', now() - d.updated_at) / 31557600.0::float8)))`, text)
}
