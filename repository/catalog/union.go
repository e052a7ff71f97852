package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// The union catalog: when several libraries share records of the same book with the
// city (or everyone), a reader searching finds the book once, and its page lists
// every library that holds it. Records shared more narrowly (a school's, a
// district's) are found on their own by those who may see them.

// unionScopes are the scopes whose records join the union catalog's entries.
const unionScopes = `('city', 'public')`

// unionKey names the book a record describes across libraries: its first ISBN as
// ISBN-13, else its first 035 $a (a system number such as "(OCoLC)12345" that copy
// cataloging keeps); "" when it has neither.
func unionKey(rec *marc.Record, b marc.Bib) string {
	if len(b.ISBNs) > 0 {
		return "isbn:" + isbn13(b.ISBNs[0])
	}
	for _, v := range rec.Values("035", 'a') {
		if v = strings.Join(strings.Fields(v), ""); v != "" && len(v) <= 200 {
			return "035:" + v
		}
	}
	return ""
}

// isbn13 writes a valid ISBN-10 as its ISBN-13 (978 prefix, new check digit), so the
// two forms of one book meet; an ISBN-13 is returned as it is.
func isbn13(isbn string) string {
	if len(isbn) != 10 {
		return isbn
	}
	digits := "978" + isbn[:9]
	sum := 0
	for i, c := range digits {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return digits + string(rune('0'+(10-sum%10)%10))
}

// syncIndex brings the search index up to date for a record that was written or
// deleted, in tx: a record outside the union catalog is indexed on its own; for the
// books it belonged to before (oldKey) and belongs to now (key), the lowest record
// of each entry is indexed and the others are not.
func (s *Service) syncIndex(ctx context.Context, tx pgx.Tx, id int64, key, oldKey string, exists bool) error {
	if s.index == nil {
		return nil
	}
	inUnion := false
	for _, k := range uniqueKeys(oldKey, key) {
		// Two imports of the same book at once must agree on which record is searched.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, k); err != nil {
			return err
		}
		ids, err := s.unionMembers(ctx, tx, k)
		if err != nil {
			return err
		}
		for i, member := range ids {
			inUnion = inUnion || member == id
			if i == 0 {
				err = s.indexRecord(ctx, tx, member)
			} else {
				err = s.index.Delete(ctx, tx, search.TypeRecord, member)
			}
			if err != nil {
				return err
			}
		}
	}
	switch {
	case inUnion:
		return nil
	case exists:
		return s.indexRecord(ctx, tx, id)
	default:
		return s.index.Delete(ctx, tx, search.TypeRecord, id)
	}
}

func uniqueKeys(a, b string) []string {
	var out []string
	for _, k := range []string{a, b} {
		if k != "" && (len(out) == 0 || out[0] != k) {
			out = append(out, k)
		}
	}
	return out
}

// unionMembers are the records of one union catalog entry, lowest id first.
func (s *Service) unionMembers(ctx context.Context, tx pgx.Tx, key string) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM catalog_records WHERE union_key = $1 AND scope IN `+unionScopes+` ORDER BY id`, key)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Holder is another library's record of the same book.
type Holder struct {
	RecordID int64  `json:"record_id"`
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
}

// holders lists the other records of a record's book that the actor may see.
func (s *Service) holders(ctx context.Context, a *identity.Actor, id int64, key string) ([]Holder, error) {
	if key == "" {
		return []Holder{}, nil
	}
	args := append(readArgs(a), key, id)
	rows, err := s.db.Query(ctx, `SELECT c.id, c.org_id, o.name FROM catalog_records c JOIN organizations o ON o.id = c.org_id
		WHERE c.union_key = $4 AND c.id <> $5 AND `+visibleSQL+` ORDER BY o.name, c.id LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: holders of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Holder])
}
