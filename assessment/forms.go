package assessment

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

type formKey struct {
	test int64
	form int
}

// form returns the items of one form of a test with their versions' content, from
// memory after the first time (forms and versions are immutable).
func (s *Service) form(ctx context.Context, q querier, testID int64, form int) ([]formItem, error) {
	key := formKey{testID, form}
	if v, ok := s.forms.Load(key); ok {
		return v.([]formItem), nil
	}
	if _, inTx := q.(pgx.Tx); inTx {
		return s.loadForm(ctx, q, key)
	}
	// Thousands of students starting at once on a cold node load each form once.
	v, err, _ := s.loading.Do(fmt.Sprint(key), func() (any, error) { return s.loadForm(ctx, q, key) })
	if err != nil {
		return nil, err
	}
	return v.([]formItem), nil
}

func (s *Service) loadForm(ctx context.Context, q querier, key formKey) ([]formItem, error) {
	testID, form := key.test, key.form
	rows, err := q.Query(ctx, `SELECT f.item_id, f.version_id, f.points::float8, v.type, v.stem, v.stem_html, v.body
		FROM assessment_form_items f JOIN assessment_item_versions v ON v.id = f.version_id
		WHERE f.test_id = $1 AND f.form = $2 ORDER BY f.position`, testID, form)
	if err != nil {
		return nil, fmt.Errorf("assessment: load form %d/%d: %w", testID, form, err)
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[formItem])
	if err != nil {
		return nil, fmt.Errorf("assessment: load form %d/%d: %w", testID, form, err)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("assessment: form %d/%d: %w", testID, form, ErrNotFound)
	}
	s.forms.Store(key, items)
	return items, nil
}

// Precompute loads every form of a test into memory, so that the first students who
// start it do not each pay for it. Call it when a test is about to open.
func (s *Service) Precompute(ctx context.Context, testID int64) error {
	var forms int
	if err := s.db.QueryRow(ctx, `SELECT forms FROM assessment_tests WHERE id = $1`, testID).Scan(&forms); err != nil {
		return notFound(err, fmt.Sprintf("test %d", testID))
	}
	for f := 1; f <= forms; f++ {
		if _, err := s.form(ctx, s.db, testID, f); err != nil {
			return err
		}
	}
	return nil
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// itemOrder is the order in which an attempt shows the form's items.
func itemOrder(n int, seed int64, shuffle bool) []int {
	if !shuffle {
		return identityPerm(n)
	}
	return permutation(seed, 0, n)
}
