package course

import (
	"slices"
	"strconv"
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

// Role is what the caller is to one course.
type Role string

// Roles in a course, strongest first.
const (
	RoleTeacher Role = "teacher" // owner or co-teacher: edits and grades
	RoleViewer  Role = "viewer"  // an administrator above the school: reads everything
	RoleStudent Role = "student" // a student of a linked class
	RoleParent  Role = "parent"  // a guardian of such a student: reads their child's view
)

// Item kinds.
const (
	KindLesson     = "lesson"
	KindResource   = "resource"
	KindAssignment = "assignment"
	KindTest       = "test"
	KindPackage    = "package"
	KindLink       = "link"
	KindLive       = "live"
)

// Kinds lists every item kind.
var Kinds = []string{KindLesson, KindResource, KindAssignment, KindTest, KindPackage, KindLink, KindLive}

// Progress states, weakest first.
const (
	StateViewed    = "viewed"
	StateSubmitted = "submitted"
	StatePassed    = "passed"
)

var stateRank = map[string]int{"": 0, StateViewed: 1, StateSubmitted: 2, StatePassed: 3}

// Course is a course with the classes it is taught to.
type Course struct {
	ID            int64      `json:"id"`
	OrgID         int64      `json:"org_id"`
	OrgPath       []int64    `json:"-"`
	OwnerID       int64      `json:"owner_id"`
	Title         string     `json:"title"`
	Description   string     `json:"description"`
	Subject       string     `json:"subject"`
	Grade         int        `json:"grade"`
	SchoolYear    string     `json:"school_year"`
	IsTemplate    bool       `json:"is_template"`
	TemplateScope string     `json:"template_scope"`
	CopiedFrom    *int64     `json:"copied_from,omitempty"`
	ArchivedAt    *time.Time `json:"archived_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	ClassIDs      []int64    `json:"class_ids"`
}

// NewCourse is a course as a teacher creates it. The school is the classes' school,
// else OrgID, else the teacher's home organization.
type NewCourse struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Subject     string  `json:"subject"`
	Grade       int     `json:"grade"`
	SchoolYear  string  `json:"school_year"`
	ClassIDs    []int64 `json:"class_ids"`
	OrgID       int64   `json:"org_id,omitempty"`
}

func (n *NewCourse) normalize(now time.Time) error {
	n.Title = strings.TrimSpace(n.Title)
	n.Subject = strings.TrimSpace(n.Subject)
	if n.Title == "" || len([]rune(n.Title)) > 200 {
		return fault.Invalid("title", "course.title", "Give the course a title of at most 200 characters.")
	}
	if n.Subject == "" {
		return fault.Invalid("subject", "course.subject", "Choose a subject.")
	}
	if n.Grade < 1 || n.Grade > 12 {
		return fault.Invalid("grade", "course.grade", "Choose a grade from 1 to 12.")
	}
	if n.SchoolYear == "" {
		n.SchoolYear = SchoolYear(now)
	}
	if !validYear(n.SchoolYear) {
		return fault.Invalid("school_year", "course.school_year", "Write the school year as 2026-2027.")
	}
	return nil
}

// SchoolYear is the Vietnamese school year holding t: it starts in August.
func SchoolYear(t time.Time) string {
	y := t.Year()
	if t.Month() < time.August {
		y--
	}
	return strconv.Itoa(y) + "-" + strconv.Itoa(y+1)
}

func validYear(s string) bool {
	if len(s) != 9 || s[4] != '-' {
		return false
	}
	a, err1 := strconv.Atoi(s[:4])
	b, err2 := strconv.Atoi(s[5:])
	return err1 == nil && err2 == nil && a > 1900 && b == a+1
}

// Section is a week or unit of a course.
type Section struct {
	ID       int64  `json:"id"`
	CourseID int64  `json:"course_id"`
	Position int    `json:"position"`
	Title    string `json:"title"`
	Summary  string `json:"summary"`
	Items    []Item `json:"items"`
}

// Item is one thing to do in a course.
type Item struct {
	ID              int64      `json:"id"`
	CourseID        int64      `json:"course_id"`
	SectionID       *int64     `json:"section_id,omitempty"`
	Position        int        `json:"position"`
	Kind            string     `json:"type"`
	Title           string     `json:"title"`
	Markdown        string     `json:"markdown,omitempty"`
	RefID           *int64     `json:"ref_id,omitempty"`
	RefVersion      *int       `json:"ref_version,omitempty"`
	URL             string     `json:"url,omitempty"`
	Published       bool       `json:"published"`
	OpensAt         *time.Time `json:"opens_at,omitempty"`
	ClosesAt        *time.Time `json:"closes_at,omitempty"`
	ClassIDs        []int64    `json:"class_ids"`
	PrerequisiteIDs []int64    `json:"prerequisite_ids"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`

	// For the caller: their progress, and why the item is not open to them yet.
	State  string `json:"state,omitempty"`
	Locked string `json:"locked,omitempty"` // "", "not_open", "closed", "prerequisite"
	// HTML is the rendered, sanitized content (ItemView only).
	HTML string `json:"html,omitempty"`
}

// NewItem is an item as a teacher adds it.
type NewItem struct {
	SectionID       *int64     `json:"section_id,omitempty"`
	Kind            string     `json:"type"`
	Title           string     `json:"title"`
	Markdown        string     `json:"markdown,omitempty"`
	RefID           *int64     `json:"ref_id,omitempty"`
	RefVersion      *int       `json:"ref_version,omitempty"`
	URL             string     `json:"url,omitempty"`
	Published       *bool      `json:"published,omitempty"` // true when not given
	OpensAt         *time.Time `json:"opens_at,omitempty"`
	ClosesAt        *time.Time `json:"closes_at,omitempty"`
	ClassIDs        []int64    `json:"class_ids,omitempty"`
	PrerequisiteIDs []int64    `json:"prerequisite_ids,omitempty"`
}

func (n *NewItem) normalize() error {
	n.Title = strings.TrimSpace(n.Title)
	n.URL = strings.TrimSpace(n.URL)
	if n.Title == "" || len([]rune(n.Title)) > 200 {
		return fault.Invalid("title", "course.item_title", "Give the item a title of at most 200 characters.")
	}
	if !slices.Contains(Kinds, n.Kind) {
		return fault.Invalid("type", "course.item_kind", "Choose what kind of item this is.")
	}
	if len(n.Markdown) > 1<<20 {
		return fault.Invalid("markdown", "course.markdown_size", "A lesson may hold at most 1 MiB of text.")
	}
	switch n.Kind {
	case KindResource, KindTest, KindPackage:
		if n.RefID == nil {
			return fault.Invalid("ref_id", "course.item_ref", "Choose what this item points to.")
		}
	case KindLink, KindLive:
		if !strings.HasPrefix(n.URL, "https://") && !strings.HasPrefix(n.URL, "http://") {
			return fault.Invalid("url", "course.item_url", "Give a web address starting with https://.")
		}
	}
	if n.OpensAt != nil && n.ClosesAt != nil && !n.ClosesAt.After(*n.OpensAt) {
		return fault.Invalid("closes_at", "course.item_dates", "The closing time must be after the opening time.")
	}
	return nil
}
