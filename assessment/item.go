package assessment

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound  = fault.ErrNotFound
	ErrForbidden = fault.ErrForbidden
	ErrConflict  = fault.ErrConflict
)

// The item types.
const (
	SingleChoice     = "single_choice"
	MultipleResponse = "multiple_response"
	TrueFalse        = "true_false" // one statement (the stem), or four statements a-d
	ShortText        = "short_text"
	Numeric          = "numeric"
	Matching         = "matching"
	Ordering         = "ordering"
	Cloze            = "cloze"
	Essay            = "essay"
)

// Types lists every item type.
var Types = []string{SingleChoice, MultipleResponse, TrueFalse, ShortText, Numeric, Matching, Ordering, Cloze, Essay}

// Levels are the four cognitive levels of the Vietnamese programme: nhận biết, thông
// hiểu, vận dụng, vận dụng cao.
var Levels = []string{"recognition", "comprehension", "application", "high_application"}

// Scopes are who may see an item besides its author.
var Scopes = []string{"private", "school", "district", "city", "public"}

// Review states of an item version. The subject panels' workflow (repository) moves
// them; only approved versions are used by people other than the author.
const (
	StatusDraft    = "draft"
	StatusInReview = "in_review"
	StatusApproved = "approved"
)

// Option is a choice of a single- or multiple-choice item.
type Option struct {
	Text    string `json:"text"`
	Correct bool   `json:"correct"`
	HTML    string `json:"html,omitempty"`
}

// Statement is one of the four statements a-d of a Vietnamese true/false item.
type Statement struct {
	Text    string `json:"text"`
	Correct bool   `json:"correct"`
	HTML    string `json:"html,omitempty"`
}

// Pair is one line of a matching item: Left matches Right.
type Pair struct {
	Left      string `json:"left"`
	Right     string `json:"right"`
	LeftHTML  string `json:"left_html,omitempty"`
	RightHTML string `json:"right_html,omitempty"`
}

// Piece is one element of an ordering item.
type Piece struct {
	Text string `json:"text"`
	HTML string `json:"html,omitempty"`
}

// Blank is one gap of a cloze item, written [[1]], [[2]], ... in the stem.
type Blank struct {
	Accepted []string `json:"accepted"`
}

// Content is what an item version asks and its key, by type. It is stored whole and
// never sent to a student (Presented is).
type Content struct {
	Options    []Option    `json:"options,omitempty"`    // single_choice, multiple_response
	Statements []Statement `json:"statements,omitempty"` // true_false with four statements
	Correct    *bool       `json:"correct,omitempty"`    // true_false with the stem as its one statement
	// short_text: accepted answers and how they are compared.
	Accepted         []string `json:"accepted,omitempty"`
	CaseSensitive    bool     `json:"case_sensitive,omitempty"`
	IgnoreDiacritics bool     `json:"ignore_diacritics,omitempty"`
	// numeric: the answer, the absolute tolerance and an optional unit.
	Answer    *float64 `json:"answer,omitempty"`
	Tolerance float64  `json:"tolerance,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Pairs     []Pair   `json:"pairs,omitempty"`    // matching
	Sequence  []Piece  `json:"sequence,omitempty"` // ordering, in the right order
	Blanks    []Blank  `json:"blanks,omitempty"`   // cloze
	Rubric    string   `json:"rubric,omitempty"`   // essay: what the grader looks for
}

// NewItem is an item as an author writes it.
type NewItem struct {
	Type string `json:"type"`
	Stem string `json:"stem"`
	Content
	Points     float64 `json:"points,omitempty"`
	Subject    string  `json:"subject"`
	Grade      int     `json:"grade"`
	Topic      string  `json:"topic,omitempty"`
	Level      string  `json:"level"`
	Difficulty int     `json:"difficulty,omitempty"` // 1 (easy) to 5; 3 when not given
	Scope      string  `json:"scope,omitempty"`      // private when not given
	Licence    string  `json:"licence,omitempty"`
	OrgID      int64   `json:"org_id,omitempty"` // the author's school when not given
}

// Item is a bank item with one of its versions.
type Item struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OwnerID    int64     `json:"owner_id"`
	OwnerName  string    `json:"owner_name"`
	Subject    string    `json:"subject"`
	Grade      int       `json:"grade"`
	Topic      string    `json:"topic"`
	Level      string    `json:"level"`
	Difficulty int       `json:"difficulty"`
	Scope      string    `json:"scope"`
	Licence    string    `json:"licence"`
	CreatedAt  time.Time `json:"created_at"`
	Version    Version   `json:"version"`
	// Similar are near-duplicates found when the item was added (a warning only).
	Similar []Similar `json:"similar,omitempty"`
	path    []int64
}

// Version is one immutable version of an item.
type Version struct {
	ID       int64   `json:"id"`
	Number   int     `json:"number"`
	Type     string  `json:"type"`
	Stem     string  `json:"stem"`
	StemHTML string  `json:"stem_html"`
	Content  Content `json:"content"`
	Points   float64 `json:"points"`
	Status   string  `json:"status"`
}

// Similar is an existing item whose stem looks like a new one's.
type Similar struct {
	ID         int64   `json:"id"`
	Stem       string  `json:"stem"`
	Similarity float64 `json:"similarity"`
}

const (
	maxText    = 20000 // characters of one stem or option
	maxChoices = 12
)

var blankRE = regexp.MustCompile(`\[\[([0-9]+)\]\]`)

func invalid(field, key, msg string, args ...any) error {
	return fault.Invalid(field, key, msg, args...)
}

// normalize checks an item and fills defaults; it returns a ValidationError with an
// i18n key for the first problem.
func (n *NewItem) normalize() error {
	n.Stem = strings.TrimSpace(n.Stem)
	n.Topic = strings.TrimSpace(n.Topic)
	if !slices.Contains(Types, n.Type) {
		return invalid("type", "item.type", "Choose a question type.")
	}
	if n.Stem == "" || len(n.Stem) > maxText {
		return invalid("stem", "item.stem", "Write the question (at most 20000 characters).")
	}
	if n.Subject == "" {
		return invalid("subject", "item.subject", "Choose a subject.")
	}
	if n.Grade < 1 || n.Grade > 12 {
		return invalid("grade", "item.grade", "The grade must be from 1 to 12.")
	}
	if !slices.Contains(Levels, n.Level) {
		return invalid("level", "item.level", "Choose a cognitive level.")
	}
	if n.Difficulty == 0 {
		n.Difficulty = 3
	}
	if n.Difficulty < 1 || n.Difficulty > 5 {
		return invalid("difficulty", "item.difficulty", "The difficulty must be from 1 to 5.")
	}
	if n.Scope == "" {
		n.Scope = "private"
	}
	if !slices.Contains(Scopes, n.Scope) {
		return invalid("scope", "item.scope", "Choose who may see the question.")
	}
	if n.Licence == "" {
		n.Licence = "CC BY 4.0"
	}
	if n.Points == 0 {
		n.Points = 1
	}
	if n.Points < 0 || n.Points > 100 {
		return invalid("points", "item.points", "Points must be between 0 and 100.")
	}
	return n.Content.check(n.Type, n.Stem)
}

func (c *Content) check(typ, stem string) error {
	for _, t := range c.texts() {
		if len(*t) > maxText {
			return invalid("options", "item.too_long", "A part of the question is too long.")
		}
		*t = strings.TrimSpace(*t)
	}
	switch typ {
	case SingleChoice, MultipleResponse:
		return c.checkChoices(typ)
	case TrueFalse:
		if len(c.Statements) == 0 {
			if c.Correct == nil {
				return invalid("correct", "item.tf_key", "Say whether the statement is true or false.")
			}
			return nil
		}
		if len(c.Statements) != 4 {
			return invalid("statements", "item.tf_four", "A true/false item has four statements a-d.")
		}
		for _, s := range c.Statements {
			if s.Text == "" {
				return invalid("statements", "item.tf_four", "A true/false item has four statements a-d.")
			}
		}
	case ShortText:
		c.Accepted = nonEmpty(c.Accepted)
		if len(c.Accepted) == 0 {
			return invalid("accepted", "item.accepted", "Give at least one accepted answer.")
		}
	case Numeric:
		if c.Answer == nil {
			return invalid("answer", "item.numeric", "Give the numeric answer.")
		}
		if c.Tolerance < 0 {
			return invalid("tolerance", "item.tolerance", "The tolerance cannot be negative.")
		}
	case Matching:
		if len(c.Pairs) < 2 || len(c.Pairs) > maxChoices {
			return invalid("pairs", "item.pairs", "A matching item has from 2 to 12 pairs.")
		}
		for _, p := range c.Pairs {
			if p.Left == "" || p.Right == "" {
				return invalid("pairs", "item.pairs", "A matching item has from 2 to 12 pairs.")
			}
		}
	case Ordering:
		if len(c.Sequence) < 2 || len(c.Sequence) > maxChoices {
			return invalid("sequence", "item.sequence", "An ordering item has from 2 to 12 elements.")
		}
	case Cloze:
		return c.checkCloze(stem)
	}
	return nil
}

func (c *Content) checkChoices(typ string) error {
	if len(c.Options) < 2 || len(c.Options) > maxChoices {
		return invalid("options", "item.options", "Give from 2 to 12 options.")
	}
	correct := 0
	for _, o := range c.Options {
		if o.Text == "" {
			return invalid("options", "item.option_empty", "An option is empty.")
		}
		if o.Correct {
			correct++
		}
	}
	if typ == SingleChoice && correct != 1 {
		return invalid("options", "item.one_correct", "Mark exactly one option as correct.")
	}
	if typ == MultipleResponse && correct == 0 {
		return invalid("options", "item.some_correct", "Mark at least one option as correct.")
	}
	return nil
}

func (c *Content) checkCloze(stem string) error {
	marks := blankRE.FindAllStringSubmatch(stem, -1)
	if len(marks) == 0 || len(marks) != len(c.Blanks) {
		return invalid("blanks", "item.blanks", "Write the gaps as [[1]], [[2]], ... and give accepted answers for each.")
	}
	for i, m := range marks {
		if n, _ := strconv.Atoi(m[1]); n != i+1 {
			return invalid("blanks", "item.blanks", "Write the gaps as [[1]], [[2]], ... and give accepted answers for each.")
		}
	}
	for i := range c.Blanks {
		c.Blanks[i].Accepted = nonEmpty(c.Blanks[i].Accepted)
		if len(c.Blanks[i].Accepted) == 0 {
			return invalid("blanks", "item.blanks", "Write the gaps as [[1]], [[2]], ... and give accepted answers for each.")
		}
	}
	return nil
}

// texts are the author-written Markdown parts.
func (c *Content) texts() []*string {
	var ts []*string
	for i := range c.Options {
		ts = append(ts, &c.Options[i].Text)
	}
	for i := range c.Statements {
		ts = append(ts, &c.Statements[i].Text)
	}
	for i := range c.Pairs {
		ts = append(ts, &c.Pairs[i].Left, &c.Pairs[i].Right)
	}
	for i := range c.Sequence {
		ts = append(ts, &c.Sequence[i].Text)
	}
	return ts
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// markdown renders an author's Markdown without raw HTML (goldmark escapes it by
// default), then sanitizes the result with bluemonday's user-content policy as a
// second wall. It runs once per version, when the version is saved.
var (
	md       = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	sanitize = bluemonday.UGCPolicy()
)

func renderMarkdown(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return sanitize.Sanitize(src)
	}
	return sanitize.Sanitize(buf.String())
}

// renderInline is renderMarkdown for short parts (options), without the wrapping <p>.
func renderInline(src string) string {
	h := strings.TrimSpace(renderMarkdown(src))
	if strings.HasPrefix(h, "<p>") && strings.HasSuffix(h, "</p>") && strings.Count(h, "<p>") == 1 {
		h = h[3 : len(h)-4]
	}
	return h
}

// render fills the HTML of every part and returns the stem's HTML. Cloze gaps show
// as their number and a line.
func (c *Content) render(typ, stem string) string {
	for i := range c.Options {
		c.Options[i].HTML = renderInline(c.Options[i].Text)
	}
	for i := range c.Statements {
		c.Statements[i].HTML = renderInline(c.Statements[i].Text)
	}
	for i := range c.Pairs {
		c.Pairs[i].LeftHTML, c.Pairs[i].RightHTML = renderInline(c.Pairs[i].Left), renderInline(c.Pairs[i].Right)
	}
	for i := range c.Sequence {
		c.Sequence[i].HTML = renderInline(c.Sequence[i].Text)
	}
	if typ == Cloze {
		stem = blankRE.ReplaceAllString(stem, `**($1)** \_\_\_\_\_\_`)
	}
	return renderMarkdown(stem)
}

// typeLabelOK is a guard for values coming from the database.
func typeLabelOK(t string) error {
	if !slices.Contains(Types, t) {
		return fmt.Errorf("assessment: unknown item type %q", t)
	}
	return nil
}
