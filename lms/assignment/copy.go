package assignment

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/gradebook"
)

// CopyItems copies the settings of the assignments of course from onto their copies
// in course to (course.ItemCopier, called in the copy's transaction): instructions,
// rubric, late policy, file rules, score and category are kept; due and cut-off dates
// are cleared as the copy clears item dates; groups, submissions and grades are not
// copied. Each copy gets its gradebook column.
func (s *Service) CopyItems(ctx context.Context, tx pgx.Tx, from, to int64, items map[int64]int64) error {
	olds := make([]int64, 0, len(items))
	news := make([]int64, 0, len(items))
	for o, n := range items {
		olds = append(olds, o)
		news = append(news, n)
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO assignments (item_id, course_id, instructions, due_at, late_policy, late_penalty, cutoff_at,
		  allowed_types, max_size, allow_text, group_mode, max_score, category, rubric)
		SELECT m.new_id, $2, a.instructions, NULL, a.late_policy, a.late_penalty, NULL,
		  a.allowed_types, a.max_size, a.allow_text, a.group_mode, a.max_score, a.category, a.rubric
		FROM assignments a JOIN unnest($3::bigint[], $4::bigint[]) AS m(old_id, new_id) ON m.old_id = a.item_id
		WHERE a.course_id = $1
		RETURNING item_id, (SELECT title FROM course_items WHERE id = item_id), category, max_score::float8`,
		from, to, olds, news)
	if err != nil {
		return fmt.Errorf("assignment: copy settings: %w", err)
	}
	type column struct {
		item            int64
		title, category string
		max             float64
	}
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		return c, r.Scan(&c.item, &c.title, &c.category, &c.max)
	})
	if err != nil {
		return fmt.Errorf("assignment: copy settings: %w", err)
	}
	for _, c := range cols {
		if _, err := gradebook.EnsureItem(ctx, tx, to, gradebook.SourceAssignment, c.item, c.title, c.category, c.max); err != nil {
			return err
		}
	}
	return nil
}
