package survey

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound  = fault.ErrNotFound
	ErrForbidden = fault.ErrForbidden
	ErrConflict  = fault.ErrConflict
)

// Kind is the kind of a question.
type Kind string

// The question kinds.
const (
	Likert   Kind = "likert"          // a 5-point agreement scale, answered 1..5
	Single   Kind = "single_choice"   // one option, answered with its 0-based index
	Multiple Kind = "multiple_choice" // any options, answered with their indexes
	Text     Kind = "text"            // free text
	Matrix   Kind = "matrix"          // rows, each answered on the Likert scale or with one of Options
)

// Kinds lists the question kinds in the order forms offer them.
var Kinds = []Kind{Likert, Single, Multiple, Text, Matrix}

// LikertPoints is the number of points of the Likert scale.
const LikertPoints = 5

// MinAnonymous is how many responses an anonymous survey needs before its results are
// shown: a single answer would be its author's.
const MinAnonymous = 3

// Limits of a survey definition.
const (
	maxQuestions = 100
	maxOptions   = 30
	maxRows      = 30
	maxLabel     = 300
	maxQuestion  = 1000
	maxDesc      = 4000
	maxTextReply = 5000
)

// Question is one question of a survey.
type Question struct {
	Kind     Kind     `json:"kind"`
	Text     string   `json:"text"`
	Required bool     `json:"required,omitempty"`
	Options  []string `json:"options,omitempty"` // single/multiple choice; matrix columns when not Likert
	Rows     []string `json:"rows,omitempty"`    // matrix rows
}

// Columns is the number of answer columns of a choice-like question: the Likert
// points, or the options.
func (q *Question) Columns() int {
	if q.Kind == Likert || (q.Kind == Matrix && len(q.Options) == 0) {
		return LikertPoints
	}
	return len(q.Options)
}

// LikertScale reports whether the question is answered on the Likert scale.
func (q *Question) LikertScale() bool { return q.Columns() == LikertPoints && len(q.Options) == 0 }

// Audience says who is asked: people with a role (Roles, or any) in OrgID or below;
// or, when ClassIDs is given, the members of those classes (Roles "student" and
// "teacher" narrow it).
type Audience struct {
	OrgID    int64           `json:"org_id,omitempty"`
	Roles    []identity.Role `json:"roles,omitempty"`
	ClassIDs []int64         `json:"class_ids,omitempty"`
}

// NewSurvey is a survey as its creator writes it.
type NewSurvey struct {
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Anonymous   bool       `json:"anonymous"`
	Audience    Audience   `json:"audience"`
	OpensAt     *time.Time `json:"opens_at,omitempty"`
	ClosesAt    *time.Time `json:"closes_at,omitempty"`
	Questions   []Question `json:"questions"`
}

// Survey is a survey as people allowed to see it see it.
type Survey struct {
	ID          int64      `json:"id"`
	OrgID       int64      `json:"org_id"`
	OrgName     string     `json:"org_name"`
	OwnerID     int64      `json:"owner_id"`
	OwnerName   string     `json:"owner_name"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Anonymous   bool       `json:"anonymous"`
	Audience    Audience   `json:"audience"`
	OpensAt     *time.Time `json:"opens_at,omitempty"`
	ClosesAt    *time.Time `json:"closes_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	Questions   []Question `json:"questions"`
	// Manager is true for the creator and the administrators of its organization
	// (they read results); Invited is true when the caller is in the audience.
	Manager   bool `json:"manager"`
	Invited   bool `json:"invited"`
	Responded bool `json:"responded"`
	Responses int  `json:"responses"`
	path      []int64
}

// State is "scheduled", "open" or "closed" at now.
func (s *Survey) State(now time.Time) string {
	switch {
	case s.OpensAt != nil && now.Before(*s.OpensAt):
		return "scheduled"
	case s.ClosesAt != nil && !now.Before(*s.ClosesAt):
		return "closed"
	}
	return "open"
}

// Open reports whether answers are taken at now.
func (s *Survey) Open(now time.Time) bool { return s.State(now) == "open" }

func invalid(field, key, msg string, args ...any) error {
	return fault.Invalid(field, key, msg, args...)
}

// DecodeNewSurvey reads a survey definition from JSON (unknown fields are errors) and
// checks it.
func DecodeNewSurvey(data []byte) (*NewSurvey, error) {
	var n NewSurvey
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		return nil, invalid("", "survey.json", "The survey is not valid JSON: %v", err.Error())
	}
	if dec.More() {
		return nil, invalid("", "survey.json", "The survey is not valid JSON: %v", "data after the object")
	}
	if err := n.Normalize(); err != nil {
		return nil, err
	}
	return &n, nil
}

func cleanText(s string, limit int) (string, bool) {
	s = strings.TrimSpace(s)
	return s, utf8.ValidString(s) && utf8.RuneCountInString(s) <= limit
}

// Normalize trims texts, checks the definition and returns a ValidationError with an
// i18n key for the first problem.
func (n *NewSurvey) Normalize() error {
	var ok bool
	if n.Title, ok = cleanText(n.Title, maxLabel); !ok || n.Title == "" {
		return invalid("title", "survey.title", "Give the survey a title (at most 300 characters).")
	}
	if n.Description, ok = cleanText(n.Description, maxDesc); !ok {
		return invalid("description", "survey.description", "The description is at most 4000 characters.")
	}
	if n.OpensAt != nil && n.ClosesAt != nil && !n.ClosesAt.After(*n.OpensAt) {
		return invalid("closes_at", "survey.window", "The survey must close after it opens.")
	}
	if err := n.Audience.normalize(); err != nil {
		return err
	}
	if len(n.Questions) == 0 || len(n.Questions) > maxQuestions {
		return invalid("questions", "survey.questions", "A survey has from 1 to 100 questions.")
	}
	for i := range n.Questions {
		if err := n.Questions[i].normalize(); err != nil {
			v, _ := fault.AsValidation(err)
			v.Field = fmt.Sprintf("questions[%d].%s", i, v.Field)
			v.Message = fmt.Sprintf("Question %d: ", i+1) + v.Message
			return v
		}
	}
	return nil
}

func (au *Audience) normalize() error {
	slices.Sort(au.ClassIDs)
	au.ClassIDs = slices.Compact(au.ClassIDs)
	slices.Sort(au.Roles)
	au.Roles = slices.Compact(au.Roles)
	if (au.OrgID == 0) == (len(au.ClassIDs) == 0) {
		return invalid("audience", "survey.audience_missing", "Choose who is asked: an organization or classes.")
	}
	if len(au.ClassIDs) > 200 {
		return invalid("audience.class_ids", "survey.classes", "Choose at most 200 classes.")
	}
	for _, r := range au.Roles {
		if !r.Valid() || (len(au.ClassIDs) > 0 && r != identity.RoleStudent && r != identity.RoleTeacher) {
			return invalid("audience.roles", "survey.roles", "Choose roles from the list (for classes: students or teachers).")
		}
	}
	return nil
}

func (q *Question) normalize() error {
	var ok bool
	if !slices.Contains(Kinds, q.Kind) {
		return invalid("kind", "survey.kind", "Choose a question kind.")
	}
	if q.Text, ok = cleanText(q.Text, maxQuestion); !ok || q.Text == "" {
		return invalid("text", "survey.text", "Write the question (at most 1000 characters).")
	}
	var err error
	if q.Options, err = cleanList(q.Options, maxOptions, "options"); err != nil {
		return err
	}
	if q.Rows, err = cleanList(q.Rows, maxRows, "rows"); err != nil {
		return err
	}
	switch q.Kind {
	case Single, Multiple:
		if len(q.Options) < 2 {
			return invalid("options", "survey.options", "Give from 2 to 30 options.")
		}
	case Matrix:
		if len(q.Rows) == 0 {
			return invalid("rows", "survey.rows", "A matrix needs from 1 to 30 rows.")
		}
		if len(q.Options) == 1 {
			return invalid("options", "survey.options", "Give from 2 to 30 options.")
		}
	}
	if q.Kind != Matrix && len(q.Rows) > 0 {
		return invalid("rows", "survey.rows_only_matrix", "Only matrix questions have rows.")
	}
	if (q.Kind == Likert || q.Kind == Text) && len(q.Options) > 0 {
		return invalid("options", "survey.no_options", "This kind of question has no options.")
	}
	return nil
}

// cleanList trims every entry, drops empty ones and checks the count and lengths.
func cleanList(in []string, limit int, field string) ([]string, error) {
	var out []string
	for _, s := range in {
		s, ok := cleanText(s, maxLabel)
		if !ok {
			return nil, invalid(field, "survey.label", "Each option or row is at most 300 characters.")
		}
		if s != "" {
			out = append(out, s)
		}
	}
	if len(out) > limit {
		return nil, invalid(field, "survey."+field, "Give at most %d.", limit)
	}
	if slices.Contains(duplicates(out), true) {
		return nil, invalid(field, "survey.duplicate", "Two options or rows are the same.")
	}
	return out, nil
}

func duplicates(list []string) []bool {
	seen := map[string]bool{}
	out := make([]bool, len(list))
	for i, s := range list {
		out[i] = seen[s]
		seen[s] = true
	}
	return out
}
