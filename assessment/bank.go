package assessment

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"golang.org/x/sync/singleflight"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// jobInserter enqueues a job in the caller's transaction (lms/platform/jobs.Queue).
type jobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error
}

// Service is the assessment domain over PostgreSQL.
type Service struct {
	db   *pgxpool.Pool
	jobs jobInserter
	log  *slog.Logger
	// forms caches the items of each form with their versions' content. Forms and
	// versions never change once written, so the cache never needs invalidating.
	forms sync.Map // formKey -> []formItem
	metas sync.Map // attempt id -> attemptMeta, likewise immutable
	// loading makes concurrent first loads of one form share a single query.
	loading singleflight.Group
	index   search.Index // nil: no search index to keep in step
	// observers hear of submitted attempts (course progress)
	observers []SubmitObserver
}

// New returns the assessment service; jobs schedules the auto-submit of attempts.
func New(db *pgxpool.Pool, jobs jobInserter, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, jobs: jobs, log: log}
}

// visibleItemSQL: the actor ($1 user, $2 member orgs, $3 administered orgs) may use the
// item: their own, their schools' as administrator, or shared with them (and then only
// its approved versions, see versionSQL).
const visibleItemSQL = `(i.owner_id = $1 OR i.org_path && $3::bigint[] OR i.scope = 'public' OR i.scope_root = ANY($2::bigint[]))`

// versionSQL picks the version the actor sees: the newest, or for people other than
// the author and administrators the newest approved one.
const versionSQL = `LEFT JOIN LATERAL (SELECT v.id, v.number, v.type, v.stem, v.stem_html, v.body, v.points::float8, v.status
	FROM assessment_item_versions v WHERE v.item_id = i.id
	AND (i.owner_id = $1 OR i.org_path && $3::bigint[] OR v.status = 'approved')
	ORDER BY v.number DESC LIMIT 1) v ON true`

const itemColumns = `i.id, i.org_id, i.owner_id, u.full_name, i.subject, i.grade, i.topic, i.level, i.difficulty, i.scope, i.licence,
	i.created_at, i.org_path, v.id, v.number, v.type, v.stem, v.stem_html, v.body, v.points, v.status`

func scanItem(row pgx.Row) (Item, error) {
	var it Item
	v := &it.Version
	err := row.Scan(&it.ID, &it.OrgID, &it.OwnerID, &it.OwnerName, &it.Subject, &it.Grade, &it.Topic, &it.Level, &it.Difficulty,
		&it.Scope, &it.Licence, &it.CreatedAt, &it.path, &v.ID, &v.Number, &v.Type, &v.Stem, &v.StemHTML, &v.Content, &v.Points, &v.Status)
	return it, err
}

func actorArgs(a *identity.Actor) []any { return []any{a.User.ID, a.MemberOrgs(), a.AdminScope()} }

func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("assessment: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("assessment: %s: %w", what, err)
}

func isFK(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// keepValidation returns a ValidationError as it is and wraps anything else.
func keepValidation(err error, op string) error {
	if err == nil {
		return nil
	}
	if _, ok := fault.AsValidation(err); ok {
		return err
	}
	return fmt.Errorf("assessment: %s: %w", op, err)
}

// CreateItem adds an item to the bank as a draft owned by the actor, in their school
// (a teacher of that school). Near-duplicates the actor can see are returned in
// Item.Similar as a warning; the item is added all the same.
func (s *Service) CreateItem(ctx context.Context, a *identity.Actor, n NewItem) (*Item, error) {
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
	if err := a.Require(identity.ActionTeach, path); err != nil {
		return nil, fmt.Errorf("assessment: create item: %w", err)
	}
	similar, err := s.similar(ctx, a, n.Stem, 0)
	if err != nil {
		return nil, err
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) (err error) {
		id, err = insertItem(ctx, tx, a, orgID, path, &n)
		if err != nil {
			return err
		}
		return s.indexItem(ctx, tx, id)
	})
	if err != nil {
		return nil, keepValidation(err, "create item")
	}
	it, err := s.Item(ctx, a, id)
	if err != nil {
		return nil, err
	}
	it.Similar = similar
	return it, nil
}

// insertItem writes a normalized new item and its first version, in tx.
func insertItem(ctx context.Context, tx pgx.Tx, a *identity.Actor, orgID int64, path []int64, n *NewItem) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO assessment_items (org_id, org_path, owner_id, subject, grade, topic, level, difficulty, licence, scope, scope_root, stem_norm)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		orgID, path, a.User.ID, n.Subject, n.Grade, n.Topic, n.Level, n.Difficulty, n.Licence, n.Scope, identity.ScopeRoot(n.Scope, path), stemKey(n.Stem)).Scan(&id)
	if isFK(err) {
		return 0, invalid("subject", "item.subject", "Choose a subject.")
	}
	if err != nil {
		return 0, err
	}
	return id, insertVersion(ctx, tx, a, id, 1, n)
}

func insertVersion(ctx context.Context, tx pgx.Tx, a *identity.Actor, itemID int64, number int, n *NewItem) error {
	html := n.Content.render(n.Type, n.Stem)
	_, err := tx.Exec(ctx, `INSERT INTO assessment_item_versions (item_id, number, type, stem, stem_html, body, points, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, itemID, number, n.Type, n.Stem, html, n.Content, n.Points, a.User.ID)
	return err
}

// ReviseItem saves a new version of the actor's own item (as a draft, to be reviewed
// again). Tests built with an earlier version keep it.
func (s *Service) ReviseItem(ctx context.Context, a *identity.Actor, id int64, n NewItem) (*Item, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var owner int64
		var number int
		if err := tx.QueryRow(ctx, `SELECT owner_id FROM assessment_items WHERE id = $1 FOR UPDATE`, id).Scan(&owner); err != nil {
			return notFound(err, fmt.Sprintf("item %d", id))
		}
		if owner != a.User.ID {
			return fmt.Errorf("assessment: revise item %d: %w", id, ErrForbidden)
		}
		if err := tx.QueryRow(ctx, `SELECT max(number) + 1 FROM assessment_item_versions WHERE item_id = $1`, id).Scan(&number); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE assessment_items SET subject = $2, grade = $3, topic = $4, level = $5, difficulty = $6, licence = $7,
			stem_norm = $8, updated_at = now() WHERE id = $1`, id, n.Subject, n.Grade, n.Topic, n.Level, n.Difficulty, n.Licence, stemKey(n.Stem))
		if isFK(err) {
			return invalid("subject", "item.subject", "Choose a subject.")
		}
		if err != nil {
			return err
		}
		if err := insertVersion(ctx, tx, a, id, number, &n); err != nil {
			return err
		}
		return s.indexItem(ctx, tx, id)
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
			return nil, err
		}
		return nil, keepValidation(err, "revise item")
	}
	return s.Item(ctx, a, id)
}

// Item returns an item with the version the actor may see. An item the actor may not
// see is not found (its existence is not revealed).
func (s *Service) Item(ctx context.Context, a *identity.Actor, id int64) (*Item, error) {
	args := append(actorArgs(a), id)
	row := s.db.QueryRow(ctx, `SELECT `+itemColumns+` FROM assessment_items i JOIN users u ON u.id = i.owner_id `+versionSQL+`
		WHERE i.id = $4 AND v.id IS NOT NULL AND `+visibleItemSQL, args...)
	it, err := scanItem(row)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("item %d", id))
	}
	return &it, nil
}

// ItemFilter narrows the bank listing.
type ItemFilter struct {
	Subject string
	Grade   int
	Level   string
	Topic   string
	Type    string
	Mine    bool
	Query   string // words of the stem
	Limit   int
}

// Items lists the items the actor may use, newest first.
func (s *Service) Items(ctx context.Context, a *identity.Actor, f ItemFilter) ([]Item, error) {
	where := []string{visibleItemSQL, `v.id IS NOT NULL`}
	args := actorArgs(a)
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Mine {
		where = append(where, `i.owner_id = $1`)
	}
	if f.Subject != "" {
		add(`i.subject = ?`, f.Subject)
	}
	if f.Grade != 0 {
		add(`i.grade = ?`, f.Grade)
	}
	if f.Level != "" {
		add(`i.level = ?`, f.Level)
	}
	if f.Topic != "" {
		add(`i.topic = ?`, f.Topic)
	}
	if f.Type != "" {
		add(`v.type = ?`, f.Type)
	}
	if q := stemKey(f.Query); q != "" {
		add(`i.stem_norm LIKE '%' || ? || '%'`, q)
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 100
	}
	rows, err := s.db.Query(ctx, `SELECT `+itemColumns+` FROM assessment_items i JOIN users u ON u.id = i.owner_id `+versionSQL+`
		WHERE `+strings.Join(where, " AND ")+fmt.Sprintf(` ORDER BY i.id DESC LIMIT %d`, f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("assessment: items: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Item, error) { return scanItem(r) })
}

// similarThreshold is the trigram similarity above which two stems are reported as
// near-duplicates.
const similarThreshold = 0.6

// similar finds items the actor can see whose stem is close to stem.
func (s *Service) similar(ctx context.Context, a *identity.Actor, stem string, except int64) ([]Similar, error) {
	key := stemKey(stem)
	if key == "" {
		return nil, nil
	}
	args := append(actorArgs(a), key, except, similarThreshold)
	rows, err := s.db.Query(ctx, `SELECT i.id, v.stem, similarity(i.stem_norm, $4)::float8 AS sim
		FROM assessment_items i `+versionSQL+`
		WHERE i.stem_norm % $4 AND similarity(i.stem_norm, $4) >= $6 AND i.id <> $5 AND v.id IS NOT NULL AND `+visibleItemSQL+`
		ORDER BY sim DESC LIMIT 5`, args...)
	if err != nil {
		return nil, fmt.Errorf("assessment: similar items: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Similar])
}

// SetReviewStatus records the review state of an item's newest version. It is the
// hook the subject panels' review workflow (repository) calls when it handles
// questions: submitting moves a draft to in_review (the author), a panel decision
// moves it to approved or back to draft (a reviewer of the item's school or above).
// It is not a workflow of its own.
func (s *Service) SetReviewStatus(ctx context.Context, a *identity.Actor, itemID int64, status string) error {
	var owner int64
	var path []int64
	var current string
	if err := s.db.QueryRow(ctx, `SELECT i.owner_id, i.org_path, (SELECT status FROM assessment_item_versions WHERE item_id = i.id ORDER BY number DESC LIMIT 1)
		FROM assessment_items i WHERE i.id = $1`, itemID).Scan(&owner, &path, &current); err != nil {
		return notFound(err, fmt.Sprintf("item %d", itemID))
	}
	switch {
	case status == StatusInReview && owner == a.User.ID:
	case (status == StatusApproved || status == StatusDraft) && current != StatusInReview && a.Can(identity.ActionReview, path):
		return invalid("status", "item.not_in_review", "Only a question sent for review can be approved or returned.")
	case (status == StatusApproved || status == StatusDraft) && owner == a.User.ID && !a.IsSystem():
		return fmt.Errorf("assessment: review own item %d: %w", itemID, ErrForbidden) // a panel member does not approve their own
	case (status == StatusApproved || status == StatusDraft) && a.Can(identity.ActionReview, path):
	case status != StatusDraft && status != StatusInReview && status != StatusApproved:
		return invalid("status", "item.status", "Unknown review state.")
	default:
		return fmt.Errorf("assessment: review item %d: %w", itemID, ErrForbidden)
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE assessment_item_versions SET status = $2
			WHERE id = (SELECT id FROM assessment_item_versions WHERE item_id = $1 ORDER BY number DESC LIMIT 1)`, itemID, status)
		if err != nil {
			return err
		}
		return s.indexItem(ctx, tx, itemID)
	})
	if err != nil {
		return fmt.Errorf("assessment: review item %d: %w", itemID, err)
	}
	return nil
}
