package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// quote makes a Meilisearch filter string value.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func ints(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// meiliPermit is the permission filter, the same rule as Postgres.permit, in
// Meilisearch's filter syntax: it is part of the search request (hits, totals and
// facet counts), never applied to the results afterwards. An empty filter is the
// system actor's (everything).
func meiliPermit(ctx context.Context, panels func(context.Context, int64) ([]Panel, error), a *identity.Actor) (filter string, reviewer bool, err error) {
	if a == nil {
		return "", false, fmt.Errorf("search: %w", fault.ErrUnauthenticated)
	}
	if a.IsSystem() {
		return "", true, nil
	}
	shared := []string{`scope = "public"`}
	if m := a.MemberOrgs(); len(m) > 0 {
		shared = append(shared, "scope_root IN "+ints(m))
	}
	if adm := a.AdminScope(); len(adm) > 0 {
		shared = append(shared, "org_path IN "+ints(adm))
	}
	if lib := a.OrgsWith(identity.RoleLibrarian); len(lib) > 0 {
		shared = append(shared, `(type = "record" AND org_path IN `+ints(lib)+")")
	}
	or := []string{fmt.Sprintf("owner_id = %d", a.User.ID), "(published = true AND (" + strings.Join(shared, " OR ") + "))"}
	if panels != nil && a.HasRole(identity.RoleReviewer) {
		ps, err := panels(ctx, a.User.ID)
		if err != nil {
			return "", false, fmt.Errorf("search: review panels: %w", err)
		}
		if len(ps) > 0 {
			keys := make([]string, len(ps))
			for i, p := range ps {
				keys[i] = quote(panelKey(p.OrgID, p.Subject))
			}
			or = append(or, `(review_status IN ["submitted", "in_review"] AND panel_keys IN [`+strings.Join(keys, ", ")+"])")
			reviewer = true
		}
	}
	return "(" + strings.Join(or, " OR ") + ")", reviewer, nil
}

// meiliFilter adds the query's facet filters to the permission filter.
func meiliFilter(permit string, q Query) string {
	var and []string
	if permit != "" {
		and = append(and, permit)
	}
	eq := func(field, v string) {
		if v != "" {
			and = append(and, field+" = "+quote(v))
		}
	}
	eq("type", string(q.Type))
	eq("kind", q.Kind)
	eq("subject", q.Subject)
	eq("licence", q.Licence)
	eq("language", q.Language)
	eq("review_status", q.ReviewStatus)
	if q.Grade != 0 {
		and = append(and, fmt.Sprintf("grades = %d", q.Grade))
	}
	if q.OrgID != 0 {
		and = append(and, fmt.Sprintf("org_path = %d", q.OrgID))
	}
	return strings.Join(and, " AND ")
}

// meiliText is the query as Meilisearch gets it: unmarked words folded (they match
// the *_fold attributes, with typo tolerance, and the *_exact ones), marked words in
// VNI spelling (only the *_exact attributes, where typos are off, hold them).
// A phrase is sent in quotes on its folded words, followed by its marked words, so
// as in PostgreSQL the order holds on the folded words and the marks on each word.
// prefix leaves the last word open (suggestions); otherwise a final space tells
// Meilisearch that the last word is complete.
func meiliText(cs []clause, prefix bool) string {
	var parts []string
	for _, c := range cs {
		if !c.phrase {
			t := c.terms[0]
			if t.marked {
				parts = append(parts, vni(t.word))
			} else {
				parts = append(parts, t.fold)
			}
			continue
		}
		var fold, marked []string
		for _, t := range c.terms {
			fold = append(fold, t.fold)
			if t.marked {
				marked = append(marked, vni(t.word))
			}
		}
		parts = append(parts, `"`+strings.Join(fold, " ")+`"`)
		parts = append(parts, marked...)
	}
	s := strings.Join(parts, " ")
	if !prefix && s != "" {
		s += " "
	}
	return s
}

// matchedClauses counts the clauses a hit's text meets, by the highlighter's rules
// (for a relaxed query, which Meilisearch does not count).
func matchedClauses(cs []clause, texts ...string) int {
	var words []string
	for _, text := range texts {
		for _, w := range spans(NFC(text)) {
			words = append(words, w.lower)
		}
	}
	n := 0
	for _, c := range cs {
		all := true
		for _, t := range c.terms {
			hl := newHighlighter([]clause{{terms: []term{t}}})
			all = all && slices.ContainsFunc(words, hl.hit)
		}
		if all {
			n++
		}
	}
	return n
}
