package repository

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// refCounter counts references to stored blobs in the caller's transaction
// (repository/blob.Store does).
type refCounter interface {
	Ref(ctx context.Context, tx pgx.Tx, sha string, delta int) error
}

// Service is the repository domain over PostgreSQL.
type Service struct {
	db    *pgxpool.Pool
	refs  refCounter
	log   *slog.Logger
	index search.Index // nil: no search index to keep in step
	quota int64        // storage of an organization without its own quota
	// subjects caches Subjects.
	subjects subjectCache
}

// New returns the repository service.
func New(db *pgxpool.Pool, refs refCounter, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, refs: refs, log: log, quota: DefaultQuota}
}

// TrashDays is how long a deleted resource can be restored before it is purged.
const TrashDays = 30

// subjectsTTL is how long Subjects answers from memory. The programme's subjects
// change only by migration (the same for every actor, so nothing is scoped), and the
// catalogue and forms list them on every page view.
const subjectsTTL = time.Minute

// subjectCache holds the last subjects read and when.
type subjectCache struct {
	mu   sync.Mutex
	list []Subject
	at   time.Time
}

// Subjects lists the programme's subjects (read at most once per subjectsTTL).
func (s *Service) Subjects(ctx context.Context) ([]Subject, error) {
	c := &s.subjects
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil && time.Since(c.at) < subjectsTTL {
		return slices.Clone(c.list), nil
	}
	rows, err := s.db.Query(ctx, `SELECT code, name_vi, name_en, grades FROM curriculum_subjects ORDER BY name_vi`)
	if err != nil {
		return nil, fmt.Errorf("repository: subjects: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Subject])
	if err != nil {
		return nil, fmt.Errorf("repository: subjects: %w", err)
	}
	c.list, c.at = list, time.Now()
	return slices.Clone(list), nil
}

// Create creates a resource (no version yet) owned by the actor in their school.
// Teachers and librarians may create resources.
func (s *Service) Create(ctx context.Context, a *identity.Actor, n NewResource) (*Resource, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	orgID := n.OrgID
	if orgID == 0 {
		orgID = a.User.HomeOrgID
	}
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, orgID).Scan(&path); err != nil {
		return nil, notFound(err, "organization")
	}
	if !a.Can(identity.ActionTeach, path) && !a.Can(identity.ActionCatalog, path) {
		return nil, fmt.Errorf("repository: create: %w", ErrForbidden)
	}
	var id int64
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) (err error) {
		id, err = s.insertResource(ctx, tx, a, orgID, path, n)
		return err
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("repository: create: %w", err)
	}
	return s.Get(ctx, a, id)
}

// insertResource records a new resource of the actor in tx.
func (s *Service) insertResource(ctx context.Context, tx pgx.Tx, a *identity.Actor, orgID int64, path []int64, n NewResource) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO resources (org_id, org_path, owner_id, type, title, description, subject, grades, topic_id, language, licence, authors, tags, scope, scope_root)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		orgID, path, a.User.ID, n.Type, n.Title, n.Description, n.Subject, n.Grades, n.TopicID, n.Language, n.Licence,
		n.Authors, n.Tags, n.Scope, identity.ScopeRoot(n.Scope, path)).Scan(&id)
	if isFK(err) {
		return 0, fault.Invalid("subject", "resource.subject", "Choose a subject.")
	}
	if err != nil {
		return 0, err
	}
	return id, s.indexResource(ctx, tx, id)
}

func isFK(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("repository: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("repository: %s: %w", what, err)
}

// visibleSQL is the condition under which the actor ($1 user id, $2 member orgs, $3
// administered orgs) may see a resource's published versions. It is part of every
// query, never a filter applied afterwards.
const visibleSQL = `COALESCE(r.scope = 'public' OR r.scope_root = ANY($2::bigint[]) OR r.owner_id = $1 OR r.org_path && $3::bigint[], false)`

// reviewableSQL: the actor is on a panel of the resource's subject above or at its school.
const reviewableSQL = `EXISTS (SELECT 1 FROM subject_panels p JOIN panel_members m ON m.panel_id = p.id
	WHERE m.user_id = $1 AND p.subject = r.subject AND r.org_path @> ARRAY[p.org_id])`

// Filter narrows a listing.
type Filter struct {
	Subject string
	Grade   int
	Type    string
	Scope   string
	Licence string
	OrgID   int64
	Query   string // words in the title (full-text search is the search part's job)
	Mine    bool   // only the actor's own resources, drafts included
	Deleted bool   // the actor's trash
	Page    int
	PerPage int
}

// Page is one page of a listing.
type Page struct {
	Total     int        `json:"total"`
	Page      int        `json:"page"`
	PerPage   int        `json:"per_page"`
	Resources []Resource `json:"resources"`
	// More reports that Total is a lower bound: there are more matches than that.
	More bool `json:"total_is_lower_bound,omitempty"`
}

// countLimit is where List stops counting.
const countLimit = 1000

const listColumns = `r.id, r.org_id, o.name, r.owner_id, u.full_name, r.type, r.title, r.description, r.subject, r.grades, r.topic_id,
	r.language, r.licence, r.authors, r.tags, r.scope, r.created_at, r.updated_at, r.deleted_at, r.org_path,
	COALESCE(lv.number, 0), COALESCE(lv.status, 'draft'), COALESCE(pv.number, 0)`

const listFrom = `FROM resources r
	JOIN organizations o ON o.id = r.org_id
	JOIN users u ON u.id = r.owner_id
	LEFT JOIN LATERAL (SELECT number, status FROM resource_versions v WHERE v.resource_id = r.id ORDER BY number DESC LIMIT 1) lv ON true
	LEFT JOIN LATERAL (SELECT number FROM resource_versions v WHERE v.resource_id = r.id AND v.status = 'published' ORDER BY number DESC LIMIT 1) pv ON true`

func scanResource(row pgx.Row, me int64) (Resource, error) {
	var r Resource
	var latestStatus string
	err := row.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.OwnerID, &r.OwnerName, &r.Type, &r.Title, &r.Description, &r.Subject,
		&r.Grades, &r.TopicID, &r.Language, &r.Licence, &r.Authors, &r.Tags, &r.Scope, &r.CreatedAt, &r.UpdatedAt, &r.DeletedAt,
		&r.path, &r.Latest, &latestStatus, &r.Published)
	r.Status = StatusPublished
	if r.OwnerID == me || r.Published == 0 {
		r.Status = latestStatus
	}
	return r, err
}

// List returns the resources the actor may see, newest first: published ones shared
// with them, and their own in any state.
func (s *Service) List(ctx context.Context, a *identity.Actor, f Filter) (*Page, error) {
	if f.PerPage <= 0 || f.PerPage > 100 {
		f.PerPage = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	// Conditions on r alone, so that the count needs no join and the page can walk
	// resources_updated_idx and stop after one page (the laterals run for its rows only).
	// The published check is a scalar subquery, not EXISTS: PostgreSQL turns an EXISTS
	// under OR into a hashed subplan that reads every published version on each
	// request (8 ms at 10,000 resources); a scalar subquery stays a per-row probe of
	// resource_versions_published_idx, for the page's rows only (0.3 ms).
	where := []string{visibleSQL, `(r.owner_id = $1 OR COALESCE((SELECT true FROM resource_versions p WHERE p.resource_id = r.id AND p.status = 'published' LIMIT 1), false))`}
	args := []any{a.User.ID, a.MemberOrgs(), a.AdminScope()}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Deleted {
		where = append(where, `r.deleted_at IS NOT NULL AND r.owner_id = $1 AND r.deleted_at > now() - interval '30 days'`)
	} else {
		where = append(where, `r.deleted_at IS NULL`)
	}
	if f.Mine {
		where = append(where, `r.owner_id = $1`)
	}
	if f.Subject != "" {
		add(`r.subject = ?`, f.Subject)
	}
	if f.Grade != 0 {
		add(`r.grades @> ARRAY[?::int]`, f.Grade)
	}
	if f.Type != "" {
		add(`r.type = ?`, f.Type)
	}
	if f.Scope != "" {
		add(`r.scope = ?`, f.Scope)
	}
	if f.Licence != "" {
		add(`r.licence = ?`, f.Licence)
	}
	if f.OrgID != 0 {
		add(`r.org_path @> ARRAY[?::bigint]`, f.OrgID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(`r.title ILIKE '%' || ? || '%'`, q)
	}
	cond := strings.Join(where, " AND ")
	page := &Page{Page: f.Page, PerPage: f.PerPage, Resources: []Resource{}}
	// Counting every match of a broad listing costs more than the page itself, so
	// the count stops past countLimit (or past this page): "more than 1,000".
	limit := max(countLimit, f.Page*f.PerPage) + 1
	if err := s.db.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM resources r WHERE %s LIMIT %d) m`, cond, limit), args...).Scan(&page.Total); err != nil {
		return nil, fmt.Errorf("repository: list: %w", err)
	}
	if page.Total == limit {
		page.Total, page.More = limit-1, true
	}
	args = append(args, f.PerPage, (f.Page-1)*f.PerPage)
	rows, err := s.db.Query(ctx, `SELECT `+listColumns+` `+listFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY r.updated_at DESC, r.id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("repository: list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanResource(rows, a.User.ID)
		if err != nil {
			return nil, fmt.Errorf("repository: list: %w", err)
		}
		page.Resources = append(page.Resources, r)
	}
	return page, rows.Err()
}

// access is what the actor may do with one resource.
type access struct {
	owner, admin, reviewer, visible bool
}

// load reads a resource (even deleted) with the actor's access to it.
func (s *Service) load(ctx context.Context, a *identity.Actor, id int64) (*Resource, access, error) {
	row := s.db.QueryRow(ctx, `SELECT `+listColumns+`, `+visibleSQL+`, `+reviewableSQL+` `+listFrom+` WHERE r.id = $4`,
		a.User.ID, a.MemberOrgs(), a.AdminScope(), id)
	var r Resource
	var latestStatus string
	var acc access
	err := row.Scan(&r.ID, &r.OrgID, &r.OrgName, &r.OwnerID, &r.OwnerName, &r.Type, &r.Title, &r.Description, &r.Subject,
		&r.Grades, &r.TopicID, &r.Language, &r.Licence, &r.Authors, &r.Tags, &r.Scope, &r.CreatedAt, &r.UpdatedAt, &r.DeletedAt,
		&r.path, &r.Latest, &latestStatus, &r.Published, &acc.visible, &acc.reviewer)
	if err != nil {
		return nil, acc, notFound(err, fmt.Sprintf("resource %d", id))
	}
	acc.owner = r.OwnerID == a.User.ID
	acc.admin = a.AdministersPath(r.path)
	r.Status = StatusPublished
	if acc.owner || r.Published == 0 {
		r.Status = latestStatus
	}
	return &r, acc, nil
}

// Get returns a resource with the version the actor is shown and its history. Others
// than the owner, administrators and reviewers see only published versions; a
// resource they may not see is "not found", so its existence does not leak.
func (s *Service) Get(ctx context.Context, a *identity.Actor, id int64) (*Resource, error) {
	r, acc, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	seesDrafts := acc.owner || acc.admin || acc.reviewer
	if r.DeletedAt != nil && !acc.owner && !acc.admin {
		return nil, fmt.Errorf("repository: resource %d: %w", id, ErrNotFound)
	}
	if !seesDrafts && (!acc.visible || r.Published == 0) {
		return nil, fmt.Errorf("repository: resource %d: %w", id, ErrNotFound)
	}
	versions, err := s.versions(ctx, id, !seesDrafts)
	if err != nil {
		return nil, err
	}
	r.Versions = versions
	if len(versions) > 0 {
		r.Version = &r.Versions[0]
	}
	return r, nil
}

// Delete moves a resource to the trash (owner or administrator).
func (s *Service) Delete(ctx context.Context, a *identity.Actor, id int64) error {
	return s.setDeleted(ctx, a, id, true)
}

// Restore takes a resource out of the trash within TrashDays.
func (s *Service) Restore(ctx context.Context, a *identity.Actor, id int64) error {
	return s.setDeleted(ctx, a, id, false)
}

func (s *Service) setDeleted(ctx context.Context, a *identity.Actor, id int64, del bool) error {
	r, acc, err := s.load(ctx, a, id)
	if err != nil {
		return err
	}
	if !acc.owner && !acc.admin {
		return fmt.Errorf("repository: delete %d: %w", id, ErrForbidden)
	}
	if !del && (r.DeletedAt == nil || time.Since(*r.DeletedAt) > TrashDays*24*time.Hour) {
		return fmt.Errorf("repository: restore %d: %w", id, ErrNotFound)
	}
	sql := `UPDATE resources SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL`
	if !del {
		sql = `UPDATE resources SET deleted_at = NULL, deleted_by = NULL WHERE id = $1 AND $2::bigint IS NOT NULL`
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, sql, id, a.User.ID); err != nil {
			return err
		}
		return s.indexResource(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("repository: delete %d: %w", id, err)
	}
	return nil
}
