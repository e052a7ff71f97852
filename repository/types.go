package repository

import (
	"slices"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound  = fault.ErrNotFound
	ErrForbidden = fault.ErrForbidden
	ErrConflict  = fault.ErrConflict
)

// Types are the kinds of resource.
var Types = []string{"lesson", "e-textbook", "reference", "slides", "worksheet", "audio", "image", "video", "simulation", "package", "question-set", "other"}

// Scopes are the sharing scopes, narrowest first.
var Scopes = []string{"private", "school", "district", "city", "public"}

// Licences offered in forms; any non-empty text is accepted.
var Licences = []string{"CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-SA 4.0", "CC0", "All rights reserved"}

// Version statuses.
const (
	StatusDraft            = "draft"
	StatusSubmitted        = "submitted"
	StatusInReview         = "in_review"
	StatusChangesRequested = "changes_requested"
	StatusPublished        = "published"
	StatusWithdrawn        = "withdrawn"
)

// Resource is a learning resource with its newest version and, when different, the
// newest published one.
type Resource struct {
	ID          int64      `json:"id"`
	OrgID       int64      `json:"org_id"`
	OrgName     string     `json:"org_name"`
	OwnerID     int64      `json:"owner_id"`
	OwnerName   string     `json:"owner_name"`
	Type        string     `json:"type"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Subject     string     `json:"subject"`
	Grades      []int      `json:"grades"`
	TopicID     *int64     `json:"topic_id,omitempty"`
	Language    string     `json:"language"`
	Licence     string     `json:"licence"`
	Authors     []string   `json:"authors"`
	Tags        []string   `json:"tags"`
	Scope       string     `json:"scope"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	DeletedAt   *time.Time `json:"deleted_at,omitempty"`
	// Status is the status of the newest version the caller may see (draft,
	// submitted, in_review, changes_requested, published).
	Status    string    `json:"status"`
	Version   *Version  `json:"version,omitempty"`  // the version the caller is shown
	Latest    int       `json:"latest_version"`     // the newest version number
	Published int       `json:"published_version"`  // the newest published number, 0 if none
	Versions  []Version `json:"versions,omitempty"` // history, on Get
	path      []int64
}

// Version is one immutable version.
type Version struct {
	ID          int64      `json:"id"`
	Number      int        `json:"number"`
	Status      string     `json:"status"`
	Note        string     `json:"note"`
	CreatedBy   int64      `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	ReviewerID  *int64     `json:"reviewer_id,omitempty"`
	DueAt       *time.Time `json:"due_at,omitempty"`
	Files       []File     `json:"files"`
}

// File is one file of a version, stored by content hash.
type File struct {
	Name        string `json:"name"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	Kind        string `json:"kind"`
}

// NewResource is the metadata of a resource to create.
type NewResource struct {
	Title       string   `json:"title"`
	Type        string   `json:"type"`
	Subject     string   `json:"subject"`
	Grades      []int    `json:"grades"`
	TopicID     *int64   `json:"topic_id,omitempty"`
	Scope       string   `json:"scope"`
	Licence     string   `json:"licence"`
	Description string   `json:"description"`
	Language    string   `json:"language"`
	Authors     []string `json:"authors"`
	Tags        []string `json:"tags"`
	OrgID       int64    `json:"org_id"` // 0: the author's school
}

func (n *NewResource) normalize() error {
	n.Title, n.Description, n.Licence = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description), strings.TrimSpace(n.Licence)
	if n.Language == "" {
		n.Language = "vi"
	}
	if n.Scope == "" {
		n.Scope = "school"
	}
	switch {
	case n.Title == "" || len([]rune(n.Title)) > 300:
		return fault.Invalid("title", "resource.title", "Enter a title of at most 300 characters.")
	case !slices.Contains(Types, n.Type):
		return fault.Invalid("type", "resource.type", "Choose a resource type.")
	case n.Subject == "":
		return fault.Invalid("subject", "resource.subject", "Choose a subject.")
	case !slices.Contains(Scopes, n.Scope):
		return fault.Invalid("scope", "resource.scope", "Choose who may see the resource.")
	case n.Licence == "" || len(n.Licence) > 100:
		return fault.Invalid("licence", "resource.licence", "Choose a licence.")
	case len(n.Description) > 20000:
		return fault.Invalid("description", "resource.description", "The description is too long (at most 20,000 characters).")
	}
	for _, g := range n.Grades {
		if g < 1 || g > 12 {
			return fault.Invalid("grades", "resource.grades", "Grades are 1 to 12.")
		}
	}
	if n.Grades == nil {
		n.Grades = []int{}
	}
	slices.Sort(n.Grades)
	n.Grades = slices.Compact(n.Grades)
	n.Tags = cleanList(n.Tags, 20, 50)
	n.Authors = cleanList(n.Authors, 20, 200)
	return nil
}

func cleanList(in []string, maxItems, maxLen int) []string {
	out := []string{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && len(s) <= maxLen && !slices.Contains(out, s) && len(out) < maxItems {
			out = append(out, s)
		}
	}
	return out
}

// Subject is a subject of the 2018 programme.
type Subject struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Grades []int  `json:"grades"`
}
