package assignment

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound  = fault.ErrNotFound
	ErrForbidden = fault.ErrForbidden
)

// Late policies.
const (
	LateAccept = "accept" // take late work with LatePenalty percent off
	LateRefuse = "refuse" // take nothing after CutoffAt (or DueAt)
)

// Level is one level of a rubric criterion.
type Level struct {
	Name   string  `json:"name"`
	Points float64 `json:"points"`
}

// Criterion is one row of a rubric.
type Criterion struct {
	Name   string  `json:"name"`
	Levels []Level `json:"levels"`
}

// Settings are what a teacher decides about an assignment.
type Settings struct {
	Instructions string      `json:"instructions"` // Markdown
	DueAt        *time.Time  `json:"due_at,omitempty"`
	LatePolicy   string      `json:"late_policy"`
	LatePenalty  int         `json:"late_penalty"` // percent off late work
	CutoffAt     *time.Time  `json:"cutoff_at,omitempty"`
	AllowedTypes []string    `json:"allowed_types"` // extensions, e.g. ["pdf","docx"]; empty: any
	MaxSize      int64       `json:"max_size"`      // bytes per file
	FilesOnly    bool        `json:"files_only"`    // no typed answer, files only
	Group        bool        `json:"group"`
	MaxScore     float64     `json:"max_score"`
	Category     string      `json:"category"` // gradebook category: regular, midterm, final
	Rubric       []Criterion `json:"rubric"`
}

// DefaultMaxSize is the per-file limit when a teacher sets none (20 MiB).
const DefaultMaxSize = 20 << 20

// Defaults is what an assignment item without settings behaves as.
func Defaults() Settings {
	return Settings{LatePolicy: LateAccept, MaxSize: DefaultMaxSize, MaxScore: 10, Category: "regular", AllowedTypes: []string{}, Rubric: []Criterion{}}
}

func (s *Settings) normalize() error {
	if s.LatePolicy == "" {
		s.LatePolicy = LateAccept
	}
	if s.MaxSize == 0 {
		s.MaxSize = DefaultMaxSize
	}
	if s.MaxScore == 0 {
		s.MaxScore = 10
	}
	if s.Category == "" {
		s.Category = "regular"
	}
	types := []string{}
	for _, t := range s.AllowedTypes {
		t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "."))
		if t != "" && !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	s.AllowedTypes = types
	if s.Rubric == nil {
		s.Rubric = []Criterion{}
	}
	switch {
	case s.LatePolicy != LateAccept && s.LatePolicy != LateRefuse:
		return fault.Invalid("late_policy", "assignment.late_policy_invalid", "Choose to accept or refuse late work.")
	case s.LatePenalty < 0 || s.LatePenalty > 100:
		return fault.Invalid("late_penalty", "assignment.late_penalty", "The late penalty is a percentage from 0 to 100.")
	case s.CutoffAt != nil && s.DueAt != nil && s.CutoffAt.Before(*s.DueAt):
		return fault.Invalid("cutoff_at", "assignment.cutoff_invalid", "The cut-off must not be before the due date.")
	case s.MaxSize < 1 || s.MaxSize > 2<<30:
		return fault.Invalid("max_size", "assignment.max_size", "The file size limit must be between 1 byte and 2 GiB.")
	case s.MaxScore < 0 || s.MaxScore > 1000:
		return fault.Invalid("max_score", "assignment.max_score_invalid", "The maximum score must be between 0 and 1000.")
	case len(s.Instructions) > 1<<20:
		return fault.Invalid("instructions", "assignment.instructions_size", "Instructions may hold at most 1 MiB of text.")
	case len(s.AllowedTypes) > 30:
		return fault.Invalid("allowed_types", "assignment.types_count", "List at most 30 file types.")
	}
	return s.checkRubric()
}

func (s *Settings) checkRubric() error {
	if len(s.Rubric) > 30 {
		return fault.Invalid("rubric", "assignment.rubric_invalid", "A rubric has at most 30 criteria, each with 1 to 10 levels of 0 points or more.")
	}
	total := 0.0
	for _, c := range s.Rubric {
		if strings.TrimSpace(c.Name) == "" || len(c.Levels) == 0 || len(c.Levels) > 10 {
			return fault.Invalid("rubric", "assignment.rubric_invalid", "A rubric has at most 30 criteria, each with 1 to 10 levels of 0 points or more.")
		}
		best := 0.0
		for _, l := range c.Levels {
			if l.Points < 0 {
				return fault.Invalid("rubric", "assignment.rubric_invalid", "A rubric has at most 30 criteria, each with 1 to 10 levels of 0 points or more.")
			}
			best = max(best, l.Points)
		}
		total += best
	}
	if len(s.Rubric) > 0 && total > s.MaxScore+1e-9 {
		return fault.Invalid("rubric", "assignment.rubric_total", "The rubric's best levels add up to more than the maximum score.")
	}
	return nil
}

// allows reports whether a file name has an allowed extension.
func (s *Settings) allows(name string) bool {
	if len(s.AllowedTypes) == 0 {
		return true
	}
	i := strings.LastIndexByte(name, '.')
	return i >= 0 && slices.Contains(s.AllowedTypes, strings.ToLower(name[i+1:]))
}

// Assignment is an assignment item with its settings.
type Assignment struct {
	ID        int64  `json:"id"` // the course item id
	CourseID  int64  `json:"course_id"`
	Course    string `json:"course_title"`
	Title     string `json:"title"`
	Published bool   `json:"published"`
	Settings
	HTML   string `json:"instructions_html"`
	Locked string `json:"locked,omitempty"` // for a student: why it is not open yet
	Role   string `json:"role"`             // the caller's role in the course
}

// File is one file of a submission or a feedback file.
type File struct {
	Name        string `json:"name"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

// NewSubmission is what a student hands in.
type NewSubmission struct {
	Text  string `json:"text"`
	Files []File `json:"files"`
	// Key makes a retry safe: the same key returns the version already stored. When
	// empty, the content (text and file hashes) is the key.
	Key string `json:"idempotency_key"`
}

// Submission is one version handed in.
type Submission struct {
	ID          int64     `json:"id"`
	ItemID      int64     `json:"assignment_id"`
	UserID      int64     `json:"user_id"`
	Name        string    `json:"name"`
	GroupID     *int64    `json:"group_id,omitempty"`
	Owner       string    `json:"owner"`
	Version     int       `json:"version"`
	Text        string    `json:"text"`
	Late        bool      `json:"late"`
	SubmittedAt time.Time `json:"submitted_at"`
	Files       []File    `json:"files"`
	// Duplicates names the other students who handed in an identical file (teachers only).
	Duplicates []string `json:"duplicates,omitempty"`
	Grade      *Grade   `json:"grade,omitempty"`
	// Existing is true when a retry found this version already stored.
	Existing bool `json:"existing,omitempty"`
}

// Grade is the teacher's mark on an owner's work.
type Grade struct {
	SubmissionID int64           `json:"submission_id"`
	Score        float64         `json:"score"`
	RawScore     float64         `json:"raw_score"`
	MaxScore     float64         `json:"max_score"`
	Rubric       json.RawMessage `json:"rubric"`
	Feedback     string          `json:"feedback"`
	FeedbackFile *File           `json:"feedback_file,omitempty"`
	GradedBy     string          `json:"graded_by"`
	GradedAt     time.Time       `json:"graded_at"`
}

// NewGrade is a teacher's grading of a submission: Score, or Levels (one level
// index per rubric criterion) whose points add up to the score.
type NewGrade struct {
	Score        *float64 `json:"score,omitempty"`
	Levels       []int    `json:"levels,omitempty"`
	Feedback     string   `json:"feedback"`
	FeedbackFile *File    `json:"feedback_file,omitempty"`
}
