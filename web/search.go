package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// Search is what the web layer needs of the search port (lms/platform/search).
type Search interface {
	Search(ctx context.Context, a *identity.Actor, q search.Query) (*search.Results, error)
	Suggest(ctx context.Context, a *identity.Actor, text string, limit int) ([]search.Suggestion, error)
}

func (s *Server) routesSearch(mux *http.ServeMux) {
	if s.cfg.Search == nil {
		return
	}
	mux.Handle("GET /search", s.authed(s.searchPage))
	mux.Handle("GET /api/v1/search", s.authed(s.apiSearch))
	mux.Handle("GET /api/v1/search/suggest", s.authed(s.apiSuggest))
}

// searchQuery reads a query from the URL; numbers that do not parse are bad input.
func searchQuery(r *http.Request) (search.Query, error) {
	v := r.URL.Query()
	q := search.Query{Text: v.Get("q"), Type: search.Type(v.Get("type")), Kind: v.Get("kind"), Subject: v.Get("subject"),
		Licence: v.Get("licence"), Language: v.Get("language"), ReviewStatus: v.Get("review_status"), Sort: v.Get("sort")}
	num := func(name string) (int64, error) {
		s := v.Get(name)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return 0, fault.Invalid(name, "search.number", "%s must be a number.", name)
		}
		return n, nil
	}
	grade, err := num("grade")
	if err != nil {
		return q, err
	}
	page, err := num("page")
	if err != nil {
		return q, err
	}
	if q.OrgID, err = num("org"); err != nil {
		return q, err
	}
	// Ranges are the domain's (Query.normalize names the right field).
	q.Grade, q.Page = int(grade), int(page)
	return q, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q, err := searchQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.cfg.Search.Search(r.Context(), a, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	sugg, err := s.cfg.Search.Suggest(r.Context(), a, r.URL.Query().Get("q"), 8)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"suggestions": sugg})
}

// searchFacet is one facet as the page shows it: values with counts as filter links.
type searchFacet struct {
	Key   string // the message key of its heading
	Items []searchFacetItem
}

type searchFacetItem struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// searchHit is a hit with its link and its escaped, marked text.
type searchHit struct {
	search.Hit
	URL            string
	TitleHighlight template.HTML
	Highlight      template.HTML
	SubjectName    string
}

// facetOrder lists the facets the page shows, by URL parameter and result name.
var facetOrder = []struct{ param, facet, heading string }{
	{"type", "type", "search.facet.type"}, {"subject", "subject", "search.facet.subject"},
	{"grade", "grade", "search.facet.grade"}, {"kind", "kind", "search.facet.kind"},
	{"org", "org", "search.facet.org"}, {"licence", "licence", "search.facet.licence"},
	{"language", "language", "search.facet.language"}, {"review_status", "review_status", "search.facet.review_status"},
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q, err := searchQuery(r)
	data := map[string]any{"Query": q, "Searched": r.URL.Query().Has("q") || len(r.URL.Query()) > 0}
	if err != nil {
		s.renderView(w, r, statusOf(err), "search", &view{Data: data, Error: s.errorText(r, err)})
		return
	}
	res, err := s.cfg.Search.Search(r.Context(), a, q)
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			s.renderView(w, r, http.StatusBadRequest, "search", &view{Data: data, Error: s.errorText(r, err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	tr := translator(localeFrom(r.Context()))
	subjects := s.subjectNames(r)
	hits := make([]searchHit, len(res.Hits))
	for i, h := range res.Hits {
		// The search package escaped the text and added only <mark> tags.
		hits[i] = searchHit{Hit: h, URL: hitURL(h), TitleHighlight: template.HTML(h.TitleHighlight), //nolint:gosec
			Highlight: template.HTML(h.Highlight), SubjectName: subjects[h.Subject]} //nolint:gosec
	}
	label := func(facet, key string) string {
		switch facet {
		case "type":
			return tr("search.type." + key)
		case "subject":
			if n, ok := subjects[key]; ok {
				return n
			}
		case "grade":
			return tr("search.grade_n", key)
		case "kind":
			return tr("type." + key)
		case "org":
			if n := res.FacetLabels["org"][key]; n != "" {
				return n
			}
		case "review_status":
			return tr("status." + key)
		case "language":
			if n := tr("search.lang." + key); n != "search.lang."+key {
				return n
			}
		}
		return key
	}
	var facets []searchFacet
	for _, f := range facetOrder {
		counts := res.Facets[f.facet]
		if len(counts) == 0 {
			continue
		}
		fc := searchFacet{Key: f.heading}
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y string) int {
			if counts[x] != counts[y] {
				return counts[y] - counts[x]
			}
			return strings.Compare(x, y)
		})
		current := r.URL.Query().Get(f.param)
		for _, k := range keys {
			active := current == k
			next := k
			if active {
				next = "" // the link of the chosen value removes the filter
			}
			fc.Items = append(fc.Items, searchFacetItem{Label: label(f.facet, k), Count: counts[k], URL: searchURL(r, f.param, next), Active: active})
		}
		facets = append(facets, fc)
	}
	data["Results"], data["Hits"], data["Facets"] = res, hits, facets
	if res.Page > 1 {
		data["Prev"] = searchURL(r, "page", strconv.Itoa(res.Page-1))
	}
	if res.Page*res.PerPage < res.Total {
		data["Next"] = searchURL(r, "page", strconv.Itoa(res.Page+1))
	}
	data["ByDate"] = searchURL(r, "sort", "date")
	data["ByRelevance"] = searchURL(r, "sort", "")
	var fixes []string
	for w, alts := range res.Corrections {
		fixes = append(fixes, fmt.Sprintf("%s → %s", w, strings.Join(alts, ", ")))
	}
	slices.Sort(fixes)
	data["Corrections"] = strings.Join(fixes, "; ")
	s.render(w, r, http.StatusOK, "search", data)
}

// errorText is the translated message of a validation error.
func (s *Server) errorText(r *http.Request, err error) string {
	msg, _ := userMessage(r, err, statusOf(err))
	return msg
}

// searchURL is the current search with one parameter set (removed when empty); a
// new filter or sort starts again at page 1.
func searchURL(r *http.Request, param, value string) string {
	v := url.Values{}
	for k, vs := range r.URL.Query() {
		v[k] = slices.Clone(vs)
	}
	if param != "page" {
		v.Del("page")
	}
	if value == "" {
		v.Del(param)
	} else {
		v.Set(param, value)
	}
	return "/search?" + v.Encode()
}

func hitURL(h search.Hit) string {
	switch h.Type {
	case search.TypeResource:
		return fmt.Sprintf("/resources/%d", h.ID)
	case search.TypeRecord:
		return fmt.Sprintf("/catalog/records/%d", h.ID)
	}
	return fmt.Sprintf("/%ss/%d", h.Type, h.ID)
}

// subjectNames maps subject codes to their names in the user's language.
func (s *Server) subjectNames(r *http.Request) map[string]string {
	out := map[string]string{}
	if s.cfg.Resources == nil {
		return out
	}
	subjects, err := s.cfg.Resources.Subjects(r.Context())
	if err != nil {
		return out
	}
	for _, sub := range subjects {
		out[sub.Code] = sub.NameVI
		if localeFrom(r.Context()) == "en" {
			out[sub.Code] = sub.NameEN
		}
	}
	return out
}
