package notify

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Send notifies users in the caller's transaction (kind e.g. "assignment.new",
// title in Vietnamese as the rest of the notifications, link a path of the site).
func Send(ctx context.Context, tx pgx.Tx, userIDs []int64, kind, title, link string) error {
	if len(userIDs) == 0 {
		return nil
	}
	if len([]rune(title)) > 300 {
		title = string([]rune(title)[:299]) + "…"
	}
	_, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, kind, title, link)
		SELECT DISTINCT u, $2, $3, $4 FROM unnest($1::bigint[]) u`, userIDs, kind, title, link)
	if err != nil {
		return fmt.Errorf("notify: %s: %w", kind, err)
	}
	return nil
}
