package catalog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository/blob"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound  = fault.ErrNotFound
	ErrForbidden = fault.ErrForbidden
)

// Scopes are who may see a record, narrowest first. A catalog record describes
// something a library holds, so there is no private record; the union catalog
// (city) is the default.
var Scopes = []string{"school", "district", "city", "public"}

// DefaultScope shares a record with every school of the city.
const DefaultScope = "city"

// Blobs is what the catalog needs of the blob store (repository/blob.Store).
type Blobs interface {
	Open(ctx context.Context, sha string) (*blob.Object, error)
	Ref(ctx context.Context, tx pgx.Tx, sha string, delta int) error
}

// Queue enqueues a job in the caller's transaction (lms/platform/jobs.Queue).
type Queue interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error
}

// Service is the catalog.
type Service struct {
	db    *pgxpool.Pool
	blobs Blobs
	jobs  Queue
	index search.Index
	log   *slog.Logger
	// BatchSize is how many records one transaction of an import writes.
	BatchSize int
}

// New returns the catalog over db; imports read their files from blobs and run as
// jobs of q.
func New(db *pgxpool.Pool, blobs Blobs, q Queue, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: db, blobs: blobs, jobs: q, log: log, BatchSize: 200}
}

// WithSearch makes the catalog keep the search index in step with its records.
func (s *Service) WithSearch(ix search.Index) *Service {
	s.index = ix
	return s
}

// org is an organization as the rules need it.
type org struct {
	ID   int64
	Name string
	Path []int64
}

// catalogOrg is the organization the actor catalogs for: orgID, or the actor's
// home organization when orgID is 0. Only its librarians may.
func (s *Service) catalogOrg(ctx context.Context, a *identity.Actor, orgID int64) (org, error) {
	if orgID == 0 {
		orgID = a.User.HomeOrgID
	}
	var o org
	err := s.db.QueryRow(ctx, `SELECT id, name, path FROM organizations WHERE id = $1`, orgID).Scan(&o.ID, &o.Name, &o.Path)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, fmt.Errorf("catalog: organization %d: %w", orgID, ErrNotFound)
	}
	if err != nil {
		return o, fmt.Errorf("catalog: organization %d: %w", orgID, err)
	}
	if !a.Can(identity.ActionCatalog, o.Path) {
		return o, fmt.Errorf("catalog: organization %d: %w", orgID, ErrForbidden)
	}
	return o, nil
}

// MayCatalog reports whether the actor may catalog for some organization (the web
// layer shows the import form).
func (s *Service) MayCatalog(a *identity.Actor) bool {
	return a.IsSystem() || len(a.OrgsWith(identity.RoleLibrarian)) > 0
}

func checkScope(scope string) (string, error) {
	if scope == "" {
		return DefaultScope, nil
	}
	if !slices.Contains(Scopes, scope) {
		return "", fault.Invalid("scope", "catalog.scope_invalid", "Choose who may see the records: the school, the district, the city or everyone.")
	}
	return scope, nil
}

// visibleSQL: the actor ($1 member organizations, $2 organizations they catalog
// for or administer) may see record c: shared with one of their organizations,
// public, or in an organization they catalog for or administer.
// The system actor ($3) sees every record.
const visibleSQL = `($3 OR c.scope = 'public' OR c.scope_root = ANY($1::bigint[]) OR c.org_path && $2::bigint[])`

// readArgs are visibleSQL's arguments for the actor.
func readArgs(a *identity.Actor) []any {
	staff, system := staffOrgs(a)
	return []any{a.MemberOrgs(), staff, system}
}

// staffOrgs are the organizations whose whole catalog the actor sees: where they
// catalog or administer (every one for the system actor).
func staffOrgs(a *identity.Actor) ([]int64, bool) {
	return append(a.OrgsWith(identity.RoleLibrarian), a.AdminScope()...), a.IsSystem()
}
