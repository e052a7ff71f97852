package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditEntry is one recorded security-relevant action.
type AuditEntry struct {
	ID        int64          `json:"id"`
	At        time.Time      `json:"at"`
	ActorID   *int64         `json:"actor_id,omitempty"`
	ActorName string         `json:"actor_name"`
	Action    string         `json:"action"`
	Target    string         `json:"target"`
	OrgID     *int64         `json:"org_id,omitempty"`
	IP        string         `json:"ip"`
	Detail    map[string]any `json:"detail"`
}

// audit records an action in the same transaction as the change it describes. detail
// must never hold a secret.
func audit(ctx context.Context, q querier, a *Actor, action, target string, orgID *int64, detail map[string]any) error {
	var actorID *int64
	name, ip := "", ""
	if a != nil {
		if a.User.ID != 0 {
			id := a.User.ID
			actorID = &id
		}
		name, ip = a.User.Username, a.IP
		if a.system {
			name = "system"
		}
	}
	if detail == nil {
		detail = map[string]any{}
	}
	_, err := q.Exec(ctx, `
		INSERT INTO audit_log (actor_id, actor_name, action, target, org_id, org_path, ip, detail)
		VALUES ($1, $2, $3, $4, $5, COALESCE((SELECT path FROM organizations WHERE id = $5), '{}'), $6, $7)`,
		actorID, name, action, target, orgID, ip, detail)
	if err != nil {
		return fmt.Errorf("identity: audit %s: %w", action, err)
	}
	return nil
}

// Audit records an action for another domain (deletions, imports) outside a
// transaction of this one.
func (s *Service) Audit(ctx context.Context, a *Actor, action, target string, orgID *int64, detail map[string]any) error {
	return audit(ctx, s.db, a, action, target, orgID, detail)
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	Action string // prefix, e.g. "login"
	Actor  string // account name
	Since  time.Time
	Limit  int
	Before int64 // id to page from
}

// ListAudit returns entries of organizations the actor administers, newest first.
func (s *Service) ListAudit(ctx context.Context, a *Actor, f AuditFilter) ([]AuditEntry, error) {
	scope := a.AdminScope()
	if !a.IsSystem() && len(scope) == 0 {
		return nil, fmt.Errorf("identity: list audit: %w", ErrForbidden)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := s.db.Query(ctx, `
		SELECT id, at, actor_id, actor_name, action, target, org_id, ip, detail
		FROM audit_log
		WHERE ($1 OR org_path && $2::bigint[] OR actor_id IN (
				SELECT u.id FROM users u JOIN organizations o ON o.id = u.home_org_id WHERE o.path && $2::bigint[]))
		  AND ($3 = '' OR action LIKE $3 || '%')
		  AND ($4 = '' OR actor_name = lower($4))
		  AND at >= $5
		  AND ($6 = 0 OR id < $6)
		ORDER BY id DESC LIMIT $7`,
		a.IsSystem(), scope, f.Action, f.Actor, f.Since, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("identity: list audit: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (AuditEntry, error) {
		var e AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Target, &e.OrgID, &e.IP, &e.Detail)
		return e, err
	})
}
