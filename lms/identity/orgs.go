package identity

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// NewOrg describes an organization to create under ParentID.
type NewOrg struct {
	ParentID int64   `json:"parent_id"`
	Kind     OrgKind `json:"kind"`
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Address  string  `json:"address"`
}

var codeRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,40}$`)

// childKind says which kind of organization may sit under which.
var childKind = map[OrgKind]OrgKind{KindCity: KindDistrict, KindDistrict: KindSchool}

// CreateOrg creates a district under the city or a school under a district. The city
// itself is created only by the system actor (seeding, installation).
func (s *Service) CreateOrg(ctx context.Context, a *Actor, n NewOrg) (*Org, error) {
	n.Code, n.Name = strings.TrimSpace(n.Code), strings.TrimSpace(n.Name)
	if !codeRE.MatchString(n.Code) {
		return nil, fault.Invalid("code", "org.code", "The code must be 1 to 40 letters, digits, dots, dashes or underscores.")
	}
	if n.Name == "" || len(n.Name) > 200 {
		return nil, fault.Invalid("name", "org.name", "Enter a name of at most 200 characters.")
	}
	var parentPath []int64
	if n.Kind == KindCity {
		if !a.IsSystem() || n.ParentID != 0 {
			return nil, fmt.Errorf("identity: create city: %w", ErrForbidden)
		}
	} else {
		parent, err := s.Org(ctx, n.ParentID)
		if err != nil {
			return nil, err
		}
		if childKind[parent.Kind] != n.Kind {
			return nil, fault.Invalid("kind", "org.kind", "A %s cannot be created under a %s.", n.Kind, parent.Kind)
		}
		if err := a.Require(ActionManageOrg, parent.Path); err != nil {
			return nil, err
		}
		parentPath = parent.Path
	}
	o := &Org{Kind: n.Kind, Code: n.Code, Name: n.Name, Address: n.Address}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var parent *int64
		if n.ParentID != 0 {
			parent = &n.ParentID
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO organizations (parent_id, kind, code, name, address, path)
			VALUES ($1, $2, $3, $4, $5, '{}') RETURNING id`, parent, n.Kind, n.Code, n.Name, n.Address).Scan(&o.ID)
		if err != nil {
			if _, dup := isUniqueViolation(err); dup {
				return fault.Invalid("code", "org.code_taken", "The code %s is already used.", n.Code)
			}
			return fmt.Errorf("identity: create org: %w", err)
		}
		o.ParentID, o.Path = parent, append(append([]int64{}, parentPath...), o.ID)
		if _, err := tx.Exec(ctx, `UPDATE organizations SET path = $2 WHERE id = $1`, o.ID, o.Path); err != nil {
			return fmt.Errorf("identity: create org: %w", err)
		}
		return audit(ctx, tx, a, "org.create", "org:"+o.Code, &o.ID, map[string]any{"kind": o.Kind, "name": o.Name})
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

const orgColumns = `id, parent_id, kind, code, name, address, path`

func scanOrg(r pgx.Row) (*Org, error) {
	o := &Org{}
	err := r.Scan(&o.ID, &o.ParentID, &o.Kind, &o.Code, &o.Name, &o.Address, &o.Path)
	return o, err
}

// Org returns one organization. Organization names and codes are public within the
// city, so no permission is needed to read them.
func (s *Service) Org(ctx context.Context, id int64) (*Org, error) {
	o, err := scanOrg(s.db.QueryRow(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("org %d", id))
	}
	return o, nil
}

// OrgByCode returns one organization by its code.
func (s *Service) OrgByCode(ctx context.Context, code string) (*Org, error) {
	o, err := scanOrg(s.db.QueryRow(ctx, `SELECT `+orgColumns+` FROM organizations WHERE code = $1`, code))
	if err != nil {
		return nil, notFound(err, "org "+code)
	}
	return o, nil
}

// ListOrgs returns the organizations the actor administers and all below them, in
// tree order.
func (s *Service) ListOrgs(ctx context.Context, a *Actor) ([]Org, error) {
	rows, err := s.db.Query(ctx, `SELECT `+orgColumns+` FROM organizations
		WHERE $1 OR path && $2::bigint[] ORDER BY path`, a.IsSystem(), a.AdminScope())
	if err != nil {
		return nil, fmt.Errorf("identity: list orgs: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Org, error) {
		o, err := scanOrg(r)
		if err != nil {
			return Org{}, err
		}
		return *o, nil
	})
}

// ScopeRoot is the organization whose members see something shared with scope by an
// organization at path (ids from the city down): the city, the district or the
// school on that path; nil for private, public or an unknown scope, and when the
// path has no such level.
func ScopeRoot(scope string, path []int64) *int64 {
	idx, ok := map[string]int{"city": 0, "district": 1, "school": 2}[scope]
	if !ok || idx >= len(path) {
		return nil
	}
	return &path[idx]
}
