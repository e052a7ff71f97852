package repository

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// maxItems bounds one collection.
const maxItems = 500

// Collection is a teacher's list of resources, shared by scope like a resource.
type Collection struct {
	ID          int64      `json:"id"`
	OrgID       int64      `json:"org_id"`
	OwnerID     int64      `json:"owner_id"`
	OwnerName   string     `json:"owner_name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Scope       string     `json:"scope"`
	Count       int        `json:"count"` // items the caller may see
	UpdatedAt   time.Time  `json:"updated_at"`
	Items       []Resource `json:"items,omitempty"` // on GetCollection
}

// NewCollection is what a new collection needs.
type NewCollection struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Scope       string `json:"scope"`
}

func (n *NewCollection) normalize() error {
	n.Title, n.Description = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description)
	if n.Scope == "" {
		n.Scope = "private"
	}
	switch {
	case n.Title == "" || len([]rune(n.Title)) > 200:
		return fault.Invalid("title", "collection.title", "Enter a title of at most 200 characters.")
	case len(n.Description) > 5000:
		return fault.Invalid("description", "collection.description", "The description is too long (at most 5,000 characters).")
	case !slices.Contains(Scopes, n.Scope):
		return fault.Invalid("scope", "resource.scope", "Choose who may see the resource.")
	}
	return nil
}

// collVisibleSQL: the actor ($1 user, $2 member orgs, $3 administered orgs) may see
// collection c.
const collVisibleSQL = `COALESCE(c.scope = 'public' OR c.scope_root = ANY($2::bigint[]) OR c.owner_id = $1 OR c.org_path && $3::bigint[], false)`

// itemVisibleSQL: the actor may see resource r as an item: published and shared
// with them, or their own.
const itemVisibleSQL = visibleSQL + ` AND (pv.number IS NOT NULL OR r.owner_id = $1) AND r.deleted_at IS NULL`

// CreateCollection makes an empty collection of the actor in their school;
// teachers and librarians may.
func (s *Service) CreateCollection(ctx context.Context, a *identity.Actor, n NewCollection) (*Collection, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, a.User.HomeOrgID).Scan(&path); err != nil {
		return nil, notFound(err, "organization")
	}
	if !a.Can(identity.ActionTeach, path) && !a.Can(identity.ActionCatalog, path) {
		return nil, fmt.Errorf("repository: create collection: %w", ErrForbidden)
	}
	var id int64
	err := s.db.QueryRow(ctx, `INSERT INTO collections (org_id, org_path, owner_id, title, description, scope, scope_root)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.User.HomeOrgID, path, a.User.ID, n.Title, n.Description, n.Scope, identity.ScopeRoot(n.Scope, path)).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("repository: create collection: %w", err)
	}
	return s.GetCollection(ctx, a, id)
}

const collColumns = `c.id, c.org_id, c.owner_id, u.full_name, c.title, c.description, c.scope, c.updated_at,
	(SELECT count(*) FROM collection_items ci JOIN resources r ON r.id = ci.resource_id
	 LEFT JOIN LATERAL (SELECT number FROM resource_versions v WHERE v.resource_id = r.id AND v.status = 'published' LIMIT 1) pv ON true
	 WHERE ci.collection_id = c.id AND ` + itemVisibleSQL + `)::int`

func scanCollection(row pgx.CollectableRow) (Collection, error) {
	var c Collection
	err := row.Scan(&c.ID, &c.OrgID, &c.OwnerID, &c.OwnerName, &c.Title, &c.Description, &c.Scope, &c.UpdatedAt, &c.Count)
	return c, err
}

// Collections lists the collections the actor may see, theirs first; mine keeps
// only theirs.
func (s *Service) Collections(ctx context.Context, a *identity.Actor, mine bool) ([]Collection, error) {
	rows, err := s.db.Query(ctx, `SELECT `+collColumns+` FROM collections c JOIN users u ON u.id = c.owner_id
		WHERE `+collVisibleSQL+` AND (NOT $4 OR c.owner_id = $1)
		ORDER BY c.owner_id = $1 DESC, c.updated_at DESC LIMIT 200`, a.User.ID, a.MemberOrgs(), a.AdminScope(), mine)
	if err != nil {
		return nil, fmt.Errorf("repository: collections: %w", err)
	}
	cs, err := pgx.CollectRows(rows, scanCollection)
	if err != nil {
		return nil, fmt.Errorf("repository: collections: %w", err)
	}
	return cs, nil
}

// GetCollection returns a collection the actor may see with the items they may see.
func (s *Service) GetCollection(ctx context.Context, a *identity.Actor, id int64) (*Collection, error) {
	args := []any{a.User.ID, a.MemberOrgs(), a.AdminScope(), id}
	rows, err := s.db.Query(ctx, `SELECT `+collColumns+` FROM collections c JOIN users u ON u.id = c.owner_id
		WHERE c.id = $4 AND `+collVisibleSQL, args...)
	if err != nil {
		return nil, fmt.Errorf("repository: collection %d: %w", id, err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCollection)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("collection %d", id))
	}
	items, err := s.db.Query(ctx, `SELECT `+listColumns+` `+listFrom+` JOIN collection_items ci ON ci.resource_id = r.id
		WHERE ci.collection_id = $4 AND `+itemVisibleSQL+` ORDER BY ci.position, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("repository: collection %d items: %w", id, err)
	}
	defer items.Close()
	c.Items = []Resource{}
	for items.Next() {
		r, err := scanResource(items, a.User.ID)
		if err != nil {
			return nil, fmt.Errorf("repository: collection %d items: %w", id, err)
		}
		c.Items = append(c.Items, r)
	}
	return &c, items.Err()
}

// ownCollection locks the actor's collection in tx; another's is ErrForbidden when
// they may see it and ErrNotFound otherwise.
func (s *Service) ownCollection(ctx context.Context, tx pgx.Tx, a *identity.Actor, id int64) error {
	var owner int64
	err := tx.QueryRow(ctx, `SELECT owner_id FROM collections WHERE id = $1 FOR UPDATE`, id).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("repository: collection %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("repository: collection %d: %w", id, err)
	}
	if owner != a.User.ID {
		if _, err := s.GetCollection(ctx, a, id); err != nil {
			return err
		}
		return fmt.Errorf("repository: collection %d: %w", id, ErrForbidden)
	}
	return nil
}

// AddToCollection appends a resource the owner may see to their collection (again
// is a no-op).
func (s *Service) AddToCollection(ctx context.Context, a *identity.Actor, id, resourceID int64) error {
	if _, err := s.Get(ctx, a, resourceID); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.ownCollection(ctx, tx, a, id); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM collection_items WHERE collection_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n >= maxItems {
			return fault.Invalid("resource_id", "collection.full", "A collection holds at most %d resources.", maxItems)
		}
		_, err := tx.Exec(ctx, `INSERT INTO collection_items (collection_id, resource_id, position) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, id, resourceID, n+1)
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE collections SET updated_at = now() WHERE id = $1`, id)
		}
		return err
	})
}

// RemoveFromCollection takes a resource out of the actor's collection.
func (s *Service) RemoveFromCollection(ctx context.Context, a *identity.Actor, id, resourceID int64) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.ownCollection(ctx, tx, a, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM collection_items WHERE collection_id = $1 AND resource_id = $2`, id, resourceID)
		return err
	})
}

// ShareCollection changes who may see the actor's collection.
func (s *Service) ShareCollection(ctx context.Context, a *identity.Actor, id int64, scope string) error {
	if !slices.Contains(Scopes, scope) {
		return fault.Invalid("scope", "resource.scope", "Choose who may see the resource.")
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.ownCollection(ctx, tx, a, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE collections SET scope = $2, scope_root = CASE $2
				WHEN 'city' THEN org_path[1] WHEN 'district' THEN org_path[2] WHEN 'school' THEN org_path[3] END,
				updated_at = now() WHERE id = $1`, id, scope)
		return err
	})
}

// DeleteCollection removes the actor's collection (never its resources).
func (s *Service) DeleteCollection(ctx context.Context, a *identity.Actor, id int64) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.ownCollection(ctx, tx, a, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM collections WHERE id = $1`, id)
		return err
	})
}
