package repository

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// RemindBefore is how long before its deadline a review's holder is reminded.
const RemindBefore = 24 * time.Hour

// RemindReviews notifies (in-app) each reviewer who holds a review due within
// RemindBefore or overdue, at most once a day per review, and the panel's chair
// when it is overdue. It returns how many reviews it reminded of. Running it on
// several workers at once reminds once (the rows are locked, SKIP LOCKED).
func (s *Service) RemindReviews(ctx context.Context) (int, error) {
	n := 0
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT v.id, v.reviewer_id, v.due_at < now(), r.title, r.id, p.chair_id
			FROM resource_versions v JOIN resources r ON r.id = v.resource_id
			LEFT JOIN LATERAL (SELECT chair_id FROM subject_panels p WHERE p.subject = r.subject AND r.org_path @> ARRAY[p.org_id]
				ORDER BY array_position(r.org_path, p.org_id) DESC LIMIT 1) p ON true
			WHERE v.status = 'in_review' AND v.reviewer_id IS NOT NULL
				AND v.due_at < now() + $1 * interval '1 microsecond'
				AND (v.reminded_at IS NULL OR v.reminded_at < now() - interval '1 day')
			ORDER BY v.due_at LIMIT 1000
			FOR UPDATE OF v SKIP LOCKED`, RemindBefore.Microseconds())
		if err != nil {
			return err
		}
		type due struct {
			id, reviewer, resource int64
			overdue                bool
			title                  string
			chair                  *int64
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			return d, r.Scan(&d.id, &d.reviewer, &d.overdue, &d.title, &d.resource, &d.chair)
		})
		if err != nil {
			return err
		}
		for _, d := range list {
			kind, title := "review.due_soon", "Sắp đến hạn thẩm định: "+d.title
			if d.overdue {
				kind, title = "review.overdue", "Quá hạn thẩm định: "+d.title
			}
			to := []int64{d.reviewer}
			if d.overdue && d.chair != nil && *d.chair != d.reviewer {
				to = append(to, *d.chair)
			}
			for _, u := range to {
				if _, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, kind, title, link) VALUES ($1, $2, $3, '/reviews')`, u, kind, title); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE resource_versions SET reminded_at = now() WHERE id = $1`, d.id); err != nil {
				return err
			}
		}
		n = len(list)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("repository: remind reviews: %w", err)
	}
	return n, nil
}

// RemindArgs is the periodic job that reminds reviewers of their deadlines.
type RemindArgs struct{}

// Kind names the job in the queue.
func (RemindArgs) Kind() string { return "repository.remind_reviews" }

// RemindWorker works RemindArgs.
type RemindWorker struct {
	river.WorkerDefaults[RemindArgs]
	svc *Service
}

// NewRemindWorker returns the reminder worker.
func NewRemindWorker(s *Service) *RemindWorker { return &RemindWorker{svc: s} }

// Work sends the reminders that are due.
func (w *RemindWorker) Work(ctx context.Context, _ *river.Job[RemindArgs]) error {
	_, err := w.svc.RemindReviews(ctx)
	return err
}
