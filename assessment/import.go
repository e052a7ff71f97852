package assessment

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// ImportItems reads a teacher's question sheet (the CSV or XLSX template) and adds
// every question to the bank as the actor's drafts in their school, all in one
// transaction: when any line is wrong nothing is added and the error lists every
// bad line with its column.
func (s *Service) ImportItems(ctx context.Context, a *identity.Actor, r io.Reader) ([]int64, error) {
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, a.User.HomeOrgID).Scan(&path); err != nil {
		return nil, notFound(err, "organization")
	}
	if err := a.Require(identity.ActionTeach, path); err != nil {
		return nil, fmt.Errorf("assessment: import items: %w", err)
	}
	rows, err := ReadSheet(r)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseSheet(rows)
	if err != nil {
		return nil, err
	}
	return s.importRows(ctx, a, path, parsed)
}

// importRows adds the parsed questions in one transaction once every subject is known.
func (s *Service) importRows(ctx context.Context, a *identity.Actor, path []int64, parsed []SheetRow) ([]int64, error) {
	rs, err := s.db.Query(ctx, `SELECT code FROM curriculum_subjects`)
	if err != nil {
		return nil, fmt.Errorf("assessment: import items: %w", err)
	}
	codes, err := pgx.CollectRows(rs, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("assessment: import items: %w", err)
	}
	known := map[string]bool{}
	for _, c := range codes {
		known[c] = true
	}
	var bad []RowError
	for _, p := range parsed {
		if !known[p.Item.Subject] {
			e := rowErr("subject", "qimport.subject", "Unknown subject code %q.", p.Item.Subject)
			e.Line = p.Line
			bad = append(bad, *e)
		}
	}
	if len(bad) > 0 {
		return nil, &SheetError{Rows: bad}
	}
	ids := make([]int64, 0, len(parsed))
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		for _, p := range parsed {
			id, err := insertItem(ctx, tx, a, a.User.HomeOrgID, path, &p.Item)
			if err != nil {
				return fmt.Errorf("line %d: %w", p.Line, err)
			}
			if err := s.indexItem(ctx, tx, id); err != nil {
				return fmt.Errorf("line %d: %w", p.Line, err)
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, keepValidation(err, "import items")
	}
	return ids, nil
}
