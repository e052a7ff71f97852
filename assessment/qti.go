package assessment

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hoclieu/hoclieu/content-standards/qti"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// QTIDefaults are the bank fields a QTI item does not carry; the teacher picks them
// once for the whole upload.
type QTIDefaults struct {
	Subject string
	Grade   int
	Level   string
	Topic   string
}

// ImportQTI adds the QTI assessment items in data (one item document, or an IMS
// content package zip) as the actor's drafts in their school, in one transaction:
// when any item is wrong nothing is added and the error lists every bad item.
func (s *Service) ImportQTI(ctx context.Context, a *identity.Actor, data []byte, d QTIDefaults) ([]int64, error) {
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, a.User.HomeOrgID).Scan(&path); err != nil {
		return nil, notFound(err, "organization")
	}
	if err := a.Require(identity.ActionTeach, path); err != nil {
		return nil, fmt.Errorf("assessment: import qti: %w", err)
	}
	docs, err := qtiDocuments(data)
	if err != nil {
		return nil, err
	}
	var parsed []SheetRow
	var bad []RowError
	for i, doc := range docs {
		n, rerr := qtiItem(doc, d)
		if rerr != nil {
			rerr.Line = i + 1
			bad = append(bad, *rerr)
			continue
		}
		parsed = append(parsed, SheetRow{Line: i + 1, Item: n})
	}
	if len(bad) > 0 {
		return nil, &SheetError{Rows: bad}
	}
	return s.importRows(ctx, a, path, parsed)
}

// qtiItem parses one document and checks it as a bank item.
func qtiItem(doc qtiDoc, d QTIDefaults) (NewItem, *RowError) {
	it, err := qti.Parse(doc.data)
	if err != nil {
		return NewItem{}, rowErr("qti", "qimport.qti", "%s: %s", doc.name, err.Error())
	}
	n, err := FromQTI(it)
	if err != nil {
		return NewItem{}, rowErr("qti", "qimport.qti", "%s: %s", doc.name, err.Error())
	}
	n.Subject, n.Grade, n.Level, n.Topic = d.Subject, d.Grade, d.Level, d.Topic
	if err := n.normalize(); err != nil {
		return NewItem{}, rowErr("qti", "qimport.qti", "%s: %s", doc.name, err.Error())
	}
	return n, nil
}

// FromQTI turns a QTI item into a bank item (without its subject, grade and level).
func FromQTI(it *qti.Item) (NewItem, error) {
	n := NewItem{Stem: it.Prompt}
	switch it.Kind {
	case qti.SingleChoice, qti.MultipleChoice:
		n.Type = SingleChoice
		if it.Kind == qti.MultipleChoice {
			n.Type = MultipleResponse
		}
		for _, c := range it.Choices {
			n.Options = append(n.Options, Option{Text: c.Text, Correct: c.Correct})
		}
	case qti.TextEntry:
		n.Type, n.Accepted, n.CaseSensitive = ShortText, it.Accepted, it.CaseSensitive
	case qti.ExtendedText:
		n.Type, n.Rubric = Essay, it.Rubric
	case qti.Order:
		n.Type = Ordering
		for _, c := range it.Choices {
			n.Sequence = append(n.Sequence, Piece{Text: c.Text})
		}
	case qti.Match:
		n.Type = Matching
		for _, p := range it.Pairs {
			n.Pairs = append(n.Pairs, Pair{Left: p.Left, Right: p.Right})
		}
	default:
		return NewItem{}, fmt.Errorf("assessment: from qti: %w: %q", qti.ErrUnsupported, it.Kind)
	}
	return n, nil
}

// ErrNoQTI is returned for item types QTI export does not cover yet.
var ErrNoQTI = errors.New("assessment: this question type has no QTI form")

// ToQTI turns a bank item's version into a QTI item identified as "item-<id>".
func ToQTI(it *Item) (*qti.Item, error) {
	v := it.Version
	q := &qti.Item{Identifier: "item-" + strconv.FormatInt(it.ID, 10), Title: questionTitle(v.Stem), Prompt: v.Stem}
	c := v.Content
	switch v.Type {
	case SingleChoice, MultipleResponse:
		q.Kind = qti.SingleChoice
		if v.Type == MultipleResponse {
			q.Kind = qti.MultipleChoice
		}
		for i, o := range c.Options {
			q.Choices = append(q.Choices, qti.Choice{Identifier: choiceID(i), Text: o.Text, Correct: o.Correct})
		}
	case ShortText:
		q.Kind, q.Accepted, q.CaseSensitive = qti.TextEntry, c.Accepted, c.CaseSensitive
	case Essay:
		q.Kind, q.Rubric = qti.ExtendedText, c.Rubric
	case Ordering:
		q.Kind = qti.Order
		for i, p := range c.Sequence {
			q.Choices = append(q.Choices, qti.Choice{Identifier: choiceID(i), Text: p.Text})
		}
	case Matching:
		q.Kind = qti.Match
		for _, p := range c.Pairs {
			q.Pairs = append(q.Pairs, qti.Pair{Left: p.Left, Right: p.Right})
		}
	default:
		return nil, fmt.Errorf("%w: %s", ErrNoQTI, v.Type)
	}
	return q, nil
}

func choiceID(i int) string { return "choice" + strconv.Itoa(i+1) }

// ItemQTI is the item the actor can see as a QTI 2.1 document.
func (s *Service) ItemQTI(ctx context.Context, a *identity.Actor, id int64) ([]byte, error) {
	it, err := s.Item(ctx, a, id)
	if err != nil {
		return nil, err
	}
	q, err := ToQTI(it)
	if err != nil {
		return nil, invalid("type", "qexport.type", "Questions of this type cannot be exported as QTI yet.")
	}
	return qti.Write(q)
}
