package gradebook

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// MaxWeight is the largest weight a category may have.
const MaxWeight = 100

// SetWeights changes the weights of a course's categories (code -> weight, from 0.01
// to MaxWeight with two decimals), as a teacher of the course while the term is open.
// Each change is audited and every student's average recomputed in one transaction;
// an unknown code or a bad weight changes nothing.
func (s *Service) SetWeights(ctx context.Context, a *identity.Actor, courseID int64, weights map[string]float64) error {
	if _, err := s.teacherOf(ctx, a, courseID, "set weights"); err != nil {
		return err
	}
	for _, w := range weights {
		if math.IsNaN(w) || w < 0.01 || w > MaxWeight || math.Abs(w*100-math.Round(w*100)) > 1e-6 {
			return fault.Invalid("weight", "gradebook.weight_invalid", "A weight is a number from 0.01 to 100.")
		}
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := ensureCategories(ctx, tx, courseID); err != nil {
			return err
		}
		if locked, err := isLocked(ctx, tx, courseID); err != nil || locked {
			return errors.Join(err, lockedOrNil(locked))
		}
		changed := false
		for code, w := range weights {
			var old float64
			err := tx.QueryRow(ctx, `SELECT weight::float8 FROM gradebook_categories WHERE course_id = $1 AND code = $2 FOR UPDATE`,
				courseID, code).Scan(&old)
			if errors.Is(err, pgx.ErrNoRows) {
				return fault.Invalid("category", "gradebook.category_invalid", "Choose a category of this gradebook.")
			}
			if err != nil {
				return err
			}
			if weightHundredths(old) == weightHundredths(w) {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE gradebook_categories SET weight = $3 WHERE course_id = $1 AND code = $2`, courseID, code, w); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO gradebook_weight_audit (course_id, code, old_weight, new_weight, changed_by)
				VALUES ($1, $2, $3, $4, $5)`, courseID, code, old, w, a.User.ID); err != nil {
				return err
			}
			changed = true
		}
		if !changed {
			return nil
		}
		return recomputeAll(ctx, tx, courseID)
	})
	if _, ok := fault.AsValidation(err); ok {
		return err
	}
	if err != nil {
		return fmt.Errorf("gradebook %d: set weights: %w", courseID, err)
	}
	return nil
}

// recomputeAll recomputes the stored average of every student of the course who has one.
func recomputeAll(ctx context.Context, tx pgx.Tx, courseID int64) error {
	rows, err := tx.Query(ctx, `SELECT user_id FROM gradebook_totals WHERE course_id = $1`, courseID)
	if err != nil {
		return err
	}
	users, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := recompute(ctx, tx, courseID, u); err != nil {
			return err
		}
	}
	return nil
}

// CopyItems gives a copied course the categories and weights of its source
// (course.ItemCopier, called in the copy's transaction); marks are not copied.
func (s *Service) CopyItems(ctx context.Context, tx pgx.Tx, from, to int64, _ map[int64]int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO gradebook_categories (course_id, code, name, weight, position)
		SELECT $2, code, name, weight, position FROM gradebook_categories WHERE course_id = $1
		ON CONFLICT (course_id, code) DO UPDATE SET weight = EXCLUDED.weight, name = EXCLUDED.name, position = EXCLUDED.position`, from, to)
	if err != nil {
		return fmt.Errorf("gradebook: copy categories: %w", err)
	}
	return nil
}
