package qti

import "errors"

// Kind is the kind of interaction an item holds.
type Kind string

// The kinds of items this package reads and writes.
const (
	SingleChoice   Kind = "single_choice"   // choiceInteraction, maxChoices="1"
	MultipleChoice Kind = "multiple_choice" // choiceInteraction, any other maxChoices
	TextEntry      Kind = "text_entry"      // textEntryInteraction
	ExtendedText   Kind = "extended_text"   // extendedTextInteraction (an essay)
	Order          Kind = "order"           // orderInteraction
	Match          Kind = "match"           // matchInteraction
)

// Item is one assessment item with a single interaction.
type Item struct {
	Identifier string
	Title      string
	Kind       Kind
	// Prompt is the stem as plain text: paragraphs are separated by a blank line,
	// line breaks kept, a text entry gap inside the text written "____".
	Prompt string
	// Choices are the options of a choice item in document order, or the pieces of
	// an order item in the correct order.
	Choices []Choice
	// Accepted are the answers of a text entry item: the correct response first,
	// then the other mapped answers.
	Accepted      []string
	CaseSensitive bool
	Pairs         []Pair // match: each source with its target
	Rubric        string // extended text: the rubricBlock text, if any
}

// Choice is one option of a choice or order item.
type Choice struct {
	Identifier string
	Text       string
	Correct    bool // choice items only
}

// Pair is one correct association of a match item.
type Pair struct {
	Left, Right string
}

// MaxItemSize is the largest item document Parse reads.
const MaxItemSize = 2 << 20

// Errors Parse returns, wrapped with what exactly is wrong.
var (
	ErrTooLarge    = errors.New("item is larger than 2 MiB")
	ErrDoctype     = errors.New("DOCTYPE declarations are not allowed")
	ErrNotItem     = errors.New("not a QTI assessment item")
	ErrMalformed   = errors.New("malformed XML")
	ErrUnsupported = errors.New("unsupported interaction")
	ErrNoCorrect   = errors.New("missing correct response")
	ErrInvalidItem = errors.New("invalid item")
)
