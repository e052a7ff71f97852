package assessment

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// ReviewQueue lists the questions sent for review that the actor's subject panel
// decides on: newest version in review, in an organization where the actor is a
// reviewer, written by someone else. Until approved, a question is seen and used
// only by its author (and administrators), so no shared test can hold it.
func (s *Service) ReviewQueue(ctx context.Context, a *identity.Actor) ([]Item, error) {
	orgs := a.OrgsWith(identity.RoleReviewer)
	if len(orgs) == 0 {
		return []Item{}, nil
	}
	rows, err := s.db.Query(ctx, `SELECT `+itemColumns+` FROM assessment_items i JOIN users u ON u.id = i.owner_id
		JOIN LATERAL (SELECT v.id, v.number, v.type, v.stem, v.stem_html, v.body, v.points::float8, v.status
			FROM assessment_item_versions v WHERE v.item_id = i.id ORDER BY v.number DESC LIMIT 1) v ON true
		WHERE v.status = 'in_review' AND i.org_path && $1::bigint[] AND i.owner_id <> $2 ORDER BY i.updated_at, i.id LIMIT 200`, orgs, a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("assessment: review queue: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Item, error) { return scanItem(r) })
}
