package identity

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
)

// CleanupArgs is the periodic job that forgets old failed-login counters (audit
// entries stay).
type CleanupArgs struct{}

// Kind names the job in the queue.
func (CleanupArgs) Kind() string { return "identity.cleanup" }

// CleanupWorker works CleanupArgs.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	svc *Service
}

// NewCleanupWorker returns the worker for the service's database.
func NewCleanupWorker(s *Service) *CleanupWorker { return &CleanupWorker{svc: s} }

// Work deletes counters whose window and lock have both expired a day ago.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	_, err := w.svc.db.Exec(ctx, `DELETE FROM login_throttle
		WHERE window_start < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now() - interval '1 day')`)
	if err != nil {
		return fmt.Errorf("identity: cleanup: %w", err)
	}
	return nil
}
