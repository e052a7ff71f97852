package search

import (
	"maps"
	"slices"
	"strings"

	"github.com/meilisearch/meilisearch-go"
)

// meiliMaxTotalHits bounds what Meilisearch counts and pages through: the last
// page a user may open (500 pages of 50).
const meiliMaxTotalHits = 25_000

// meiliSettings are the index settings, applied by Setup at every start.
//
// Searchable attributes, in ranking order: title over description over body, and
// within each the exact (VNI) spelling before the folded one, so an unmarked query
// word ranks documents with that unmarked word before those with a marked form
// (Meilisearch's attribute rule). Ranking: Meilisearch's text rules, then published
// before drafts and newer before older (the same factors as Postgres' scoreSQL,
// applied as tie-breakers; popularity is not used, as there).
//
// Typo tolerance follows the PostgreSQL backend as far as Meilisearch allows: one
// typo from typoMinRunes letters, two from 9; never in the exact attributes (a
// marked word is matched exactly, and in VNI spelling a "typo" would be another
// tone) nor on numbers. Unlike PostgreSQL, Meilisearch also ranks typo matches
// below exact ones when the word exists, and does not report corrections.
func meiliSettings() *meilisearch.Settings {
	return &meilisearch.Settings{
		SearchableAttributes: []string{"title_exact", "title_fold", "description_exact", "description_fold", "body_exact", "body_fold"},
		FilterableAttributes: []string{"type", "kind", "subject", "grades", "org", "org_path", "owner_id", "scope", "scope_root",
			"published", "review_status", "panel_keys", "licence", "language"},
		SortableAttributes: []string{"updated_at", "published_rank", "id"},
		RankingRules:       []string{"words", "typo", "proximity", "attribute", "sort", "exactness", "published_rank:desc", "updated_at:desc"},
		TypoTolerance: &meilisearch.TypoTolerance{Enabled: true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: typoMinRunes, TwoTypos: 9},
			DisableOnAttributes: []string{"title_exact", "description_exact", "body_exact"}, DisableOnNumbers: true,
			DisableOnWords: []string{}},
		Synonyms:   meiliSynonyms(),
		Pagination: &meilisearch.Pagination{MaxTotalHits: meiliMaxTotalHits},
		Faceting:   &meilisearch.Faceting{MaxValuesPerFacet: 200},
	}
}

// subjectNames are the common abbreviations of school subjects and what they stand
// for. A user types either; both find the same documents.
var subjectNames = map[string][]string{
	"gdcd":   {"giáo dục công dân"},
	"khtn":   {"khoa học tự nhiên"},
	"khxh":   {"khoa học xã hội"},
	"gdtc":   {"giáo dục thể chất"},
	"gdqp":   {"giáo dục quốc phòng", "giáo dục quốc phòng và an ninh"},
	"gdqpan": {"giáo dục quốc phòng và an ninh"},
	"gdkt":   {"giáo dục kinh tế và pháp luật"},
	"hđtn":   {"hoạt động trải nghiệm"},
	"hdtn":   {"hoạt động trải nghiệm"},
	"lsđl":   {"lịch sử và địa lí", "lịch sử và địa lý"},
	"lsdl":   {"lịch sử và địa lí", "lịch sử và địa lý"},
	"tnxh":   {"tự nhiên và xã hội"},
	"cntt":   {"công nghệ thông tin", "tin học"},
	"thcs":   {"trung học cơ sở"},
	"thpt":   {"trung học phổ thông"},
	"sgk":    {"sách giáo khoa"},
}

// spellings are words written two ways in school books (vật lí / vật lý, kĩ / kỹ,
// mĩ / mỹ); a marked query word finds both.
var spellings = [][2]string{{"lí", "lý"}, {"kĩ", "kỹ"}, {"mĩ", "mỹ"}}

// meiliSynonyms spells subjectNames as the index holds words: each name in its
// folded and its exact (VNI) spelling, both ways with the abbreviation. "toán" and
// "toan" need no synonym: an unmarked word matches every marked form already.
func meiliSynonyms() map[string][]string {
	out := map[string][]string{}
	add := func(from string, to ...string) {
		for _, t := range to {
			if t != from && !slices.Contains(out[from], t) {
				out[from] = append(out[from], t)
			}
		}
	}
	for _, abbr := range slices.Sorted(maps.Keys(subjectNames)) {
		for _, name := range subjectNames[abbr] {
			forms := []string{meiliPhrase(abbr, false), meiliPhrase(abbr, true)}
			names := []string{meiliPhrase(name, false), meiliPhrase(name, true)}
			for _, f := range forms {
				add(f, names...)
			}
			for _, n := range names {
				add(n, forms...)
			}
		}
	}
	for _, sp := range spellings {
		a, b := vni(sp[0]), vni(sp[1])
		add(a, b)
		add(b, a)
	}
	return out
}

// meiliPhrase spells a text as query words are sent: folded, or exact (VNI).
func meiliPhrase(s string, exact bool) string {
	if exact {
		return exactText(s)
	}
	return strings.TrimSpace(foldText(s))
}
