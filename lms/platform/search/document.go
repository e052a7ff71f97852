package search

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Type is what a document is.
type Type string

// The document types.
const (
	TypeResource Type = "resource"
	TypeCourse   Type = "course"
	TypeQuestion Type = "question"
	TypeRecord   Type = "record"
)

// Types lists every document type.
var Types = []Type{TypeResource, TypeCourse, TypeQuestion, TypeRecord}

// PanelTypes are the types whose domain shows documents waiting for review to the
// subject panels of their subject (the repository's rule for resources). Questions
// are not among them: the bank shows a question to others than its author and
// administrators only once a version is approved.
var PanelTypes = map[Type]bool{TypeResource: true}

// Document is one searchable thing, as its domain describes it.
type Document struct {
	Type    Type
	ID      int64
	OrgID   int64
	OrgName string
	OrgPath []int64 // ids from the city to the owning organization
	OwnerID int64   // 0: nobody owns it personally
	// Scope and ScopeRoot are the source's sharing scope: private, school, district,
	// city or public, and the organization whose members see it (nil for private and
	// public).
	Scope     string
	ScopeRoot *int64

	Title       string
	Description string
	Body        string

	Kind         string // e.g. the resource type: lesson, slides, video
	Subject      string // subject code
	Grades       []int
	Licence      string
	Language     string
	ReviewStatus string // draft, submitted, in_review, changes_requested, published
	Published    bool   // others than the owner see only published documents
	UpdatedAt    time.Time
}

// Index keeps the search index in step with the source rows. Both calls run in the
// caller's transaction, the one that changes the source row.
type Index interface {
	Upsert(ctx context.Context, tx pgx.Tx, d Document) error
	Delete(ctx context.Context, tx pgx.Tx, t Type, id int64) error
}

// Searcher answers queries for an actor, showing only what the actor may see.
type Searcher interface {
	Search(ctx context.Context, a *identity.Actor, q Query) (*Results, error)
	Suggest(ctx context.Context, a *identity.Actor, text string, limit int) ([]Suggestion, error)
}

// Query is what a user asks.
type Query struct {
	Text         string `json:"q"`
	Type         Type   `json:"type,omitempty"`
	Kind         string `json:"kind,omitempty"`
	Subject      string `json:"subject,omitempty"`
	Grade        int    `json:"grade,omitempty"`
	OrgID        int64  `json:"org,omitempty"`
	Licence      string `json:"licence,omitempty"`
	Language     string `json:"language,omitempty"`
	ReviewStatus string `json:"review_status,omitempty"`
	Sort         string `json:"sort,omitempty"` // relevance (default) or date
	Page         int    `json:"page,omitempty"`
	PerPage      int    `json:"per_page,omitempty"`
}

// Results is one page of answers with the facet counts of all of them.
type Results struct {
	Total int `json:"total"`
	// TotalCapped: more than CountLimit documents match; Total and the facet counts
	// stop there.
	TotalCapped bool                      `json:"total_capped,omitempty"`
	Hits        []Hit                     `json:"hits"`
	Facets      map[string]map[string]int `json:"facets"`
	// FacetLabels names facet values that are ids (organizations).
	FacetLabels map[string]map[string]string `json:"facet_labels,omitempty"`
	// Relaxed is true when no document had every word, so the results have only
	// MatchedWords of the query's Words words.
	Relaxed      bool `json:"relaxed"`
	Words        int  `json:"words"`
	MatchedWords int  `json:"matched_words"`
	// Corrections lists, for query words nobody uses, the similar words searched instead.
	Corrections map[string][]string `json:"corrections,omitempty"`
	Page        int                 `json:"page"`
	PerPage     int                 `json:"per_page"`
}

// Hit is one result.
type Hit struct {
	Type  Type   `json:"type"`
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Highlight is an HTML snippet of the text around the matched words, escaped, the
	// words wrapped in <mark>. TitleHighlight is the title marked the same way.
	Highlight      string    `json:"highlight"`
	TitleHighlight string    `json:"title_highlight"`
	Kind           string    `json:"kind,omitempty"`
	Subject        string    `json:"subject,omitempty"`
	Grades         []int     `json:"grades,omitempty"`
	OrgID          int64     `json:"org_id"`
	OrgName        string    `json:"org_name,omitempty"`
	Published      bool      `json:"published"`
	ReviewStatus   string    `json:"review_status,omitempty"`
	UpdatedAt      time.Time `json:"updated_at"`
	Score          float64   `json:"score"`
}

// Suggestion is one completion offered under the search box.
type Suggestion struct {
	Type  Type   `json:"type"`
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// Feed upserts into ix, in tx, the document scan makes of each row of query: the
// FeedSearch of every Source (hoclieu search reindex). The rows are read whole
// before the first upsert, since both use tx.
func Feed(ctx context.Context, tx pgx.Tx, ix Index, query string, scan func(pgx.Row) (Document, error)) (int, error) {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return 0, err
	}
	docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Document, error) { return scan(r) })
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		if err := ix.Upsert(ctx, tx, d); err != nil {
			return 0, err
		}
	}
	return len(docs), nil
}
