package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Record is one catalog record as a reader sees it.
type Record struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Scope     string    `json:"scope"`
	Kind      string    `json:"kind"` // book, ebook, serial, video, audio, music, map, image, kit, mixed
	Title     string    `json:"title"`
	Authors   []string  `json:"authors"`
	Year      string    `json:"year"`
	ISBNs     []string  `json:"isbns"`
	Language  string    `json:"language"`
	UpdatedAt time.Time `json:"updated_at"`
	// On Get only: everything the record says, and its fields as cataloged.
	Bib     *marc.Bib `json:"bib,omitempty"`
	Fields  []Field   `json:"fields,omitempty"`
	Leader  string    `json:"leader,omitempty"`
	MayEdit bool      `json:"may_edit"`
	// Holders are the other libraries' records of the same book.
	Holders []Holder `json:"holders,omitempty"`
}

// Field is one MARC field for display: tag, indicators and "$a value $b value".
type Field struct {
	Tag  string `json:"tag"`
	Ind  string `json:"ind,omitempty"`
	Data string `json:"data"`
}

// Filter narrows List.
type Filter struct {
	OrgID int64 // only this organization's records (0: every record the actor sees)
	Limit int   // at most 200; default 50
	// Before pages by id: records with a smaller id (0: the newest).
	Before int64
}

const listColumns = `c.id, c.org_id, o.name, c.scope, c.kind, c.title, c.authors, c.year, c.isbns, c.language, c.updated_at`

func scanRecord(row pgx.CollectableRow) (Record, error) {
	var r Record
	err := row.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.Scope, &r.Kind, &r.Title, &r.Authors, &r.Year, &r.ISBNs, &r.Language, &r.UpdatedAt)
	return r, err
}

// List returns the records the actor may see, newest first.
func (s *Service) List(ctx context.Context, a *identity.Actor, f Filter) ([]Record, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	args := append(readArgs(a), f.OrgID, f.Before, f.Limit)
	rows, err := s.db.Query(ctx, `SELECT `+listColumns+` FROM catalog_records c JOIN organizations o ON o.id = c.org_id
		WHERE `+visibleSQL+` AND ($4 = 0 OR c.org_id = $4) AND ($5 = 0 OR c.id < $5)
		ORDER BY c.id DESC LIMIT $6`, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: list: %w", err)
	}
	recs, err := pgx.CollectRows(rows, scanRecord)
	if err != nil {
		return nil, fmt.Errorf("catalog: list: %w", err)
	}
	return recs, nil
}

// Get returns a record the actor may see, with its bibliographic detail and fields.
func (s *Service) Get(ctx context.Context, a *identity.Actor, id int64) (*Record, error) {
	var r Record
	var bib []byte
	var raw []byte
	var path []int64
	var key string
	args := append(readArgs(a), id)
	err := s.db.QueryRow(ctx, `SELECT `+listColumns+`, c.bib, c.marc, c.org_path, COALESCE(c.union_key, '') FROM catalog_records c
		JOIN organizations o ON o.id = c.org_id WHERE c.id = $4 AND `+visibleSQL, args...).Scan(&r.ID, &r.OrgID, &r.OrgName, &r.Scope,
		&r.Kind, &r.Title, &r.Authors, &r.Year, &r.ISBNs, &r.Language, &r.UpdatedAt, &bib, &raw, &path, &key)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("record %d", id))
	}
	r.Bib = &marc.Bib{}
	if err := json.Unmarshal(bib, r.Bib); err != nil {
		return nil, fmt.Errorf("catalog: record %d: %w", id, err)
	}
	recs, bad, err := marc.Read(raw)
	if err != nil || len(bad) > 0 || len(recs) != 1 {
		return nil, fmt.Errorf("catalog: record %d: stored MARC does not read back (%v, %d refused)", id, err, len(bad))
	}
	r.Leader, r.Fields = recs[0].Leader, displayFields(recs[0])
	r.MayEdit = a.Can(identity.ActionCatalog, path)
	if r.Holders, err = s.holders(ctx, a, id, key); err != nil {
		return nil, err
	}
	return &r, nil
}

// displayFields renders fields as catalogers read them: "$a Title : $b subtitle".
func displayFields(rec marc.Record) []Field {
	out := make([]Field, 0, len(rec.Fields))
	for _, f := range rec.Fields {
		if len(f.Subfields) == 0 && f.Value != "" || strings.HasPrefix(f.Tag, "00") {
			out = append(out, Field{Tag: f.Tag, Data: f.Value})
			continue
		}
		var b strings.Builder
		for i, sf := range f.Subfields {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte('$')
			b.WriteByte(sf.Code)
			b.WriteByte(' ')
			b.WriteString(sf.Value)
		}
		out = append(out, Field{Tag: f.Tag, Ind: strings.ReplaceAll(string([]byte{f.Ind1, f.Ind2}), " ", "_"), Data: b.String()})
	}
	return out
}

// Export returns a record as ISO 2709 (UTF-8), for the actor who may see it.
func (s *Service) Export(ctx context.Context, a *identity.Actor, id int64) ([]byte, error) {
	var raw []byte
	args := append(readArgs(a), id)
	err := s.db.QueryRow(ctx, `SELECT c.marc FROM catalog_records c WHERE c.id = $4 AND `+visibleSQL, args...).Scan(&raw)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("record %d", id))
	}
	return raw, nil
}

// Delete removes a record; only a librarian of its organization may.
func (s *Service) Delete(ctx context.Context, a *identity.Actor, id int64) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var path []int64
		var key string
		args := append(readArgs(a), id)
		err := tx.QueryRow(ctx, `SELECT c.org_path, COALESCE(c.union_key, '') FROM catalog_records c WHERE c.id = $4 AND `+visibleSQL+` FOR UPDATE`,
			args...).Scan(&path, &key)
		if err != nil {
			return notFound(err, fmt.Sprintf("record %d", id))
		}
		if !a.Can(identity.ActionCatalog, path) {
			return fmt.Errorf("catalog: delete record %d: %w", id, ErrForbidden)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_records WHERE id = $1`, id); err != nil {
			return fmt.Errorf("catalog: delete record %d: %w", id, err)
		}
		return s.syncIndex(ctx, tx, id, "", key, false)
	})
}

func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("catalog: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("catalog: %s: %w", what, err)
}
