package survey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Service is the survey domain over PostgreSQL.
type Service struct {
	db  *pgxpool.Pool
	log *slog.Logger
	now func() time.Time
}

// New returns the survey service.
func New(db *pgxpool.Pool, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, log: log, now: time.Now}
}

func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("survey: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("survey: %s: %w", what, err)
}

func keepValidation(err error, op string) error {
	if err == nil {
		return nil
	}
	if _, ok := fault.AsValidation(err); ok {
		return err
	}
	return fmt.Errorf("survey: %s: %w", op, err)
}

// mayAddress reports whether the actor may ask the people of the organization at path:
// its administrators (and those above) or its teachers.
func mayAddress(a *identity.Actor, path []int64) bool {
	return a.AdministersPath(path) || a.Can(identity.ActionTeach, path)
}

// home resolves the audience to the survey's organization and path, checking that the
// actor may address it.
func (s *Service) home(ctx context.Context, a *identity.Actor, au Audience) (int64, []int64, error) {
	if au.OrgID != 0 {
		var path []int64
		if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, au.OrgID).Scan(&path); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return 0, nil, invalid("audience.org_id", "survey.org", "Choose an organization from the list.")
			}
			return 0, nil, fmt.Errorf("survey: audience org: %w", err)
		}
		if !mayAddress(a, path) {
			return 0, nil, fmt.Errorf("survey: address org %d: %w", au.OrgID, ErrForbidden)
		}
		return au.OrgID, path, nil
	}
	var org int64
	var path []int64
	for _, id := range au.ClassIDs {
		var o int64
		var p []int64
		var teaches bool
		err := s.db.QueryRow(ctx, `SELECT c.org_id, o.path, EXISTS (SELECT 1 FROM class_members m WHERE m.class_id = c.id
			AND m.user_id = $2 AND m.role IN ('teacher', 'homeroom'))
			FROM classes c JOIN organizations o ON o.id = c.org_id WHERE c.id = $1`, id, a.User.ID).Scan(&o, &p, &teaches)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, nil, invalid("audience.class_ids", "survey.class", "Class %d does not exist.", id)
		} else if err != nil {
			return 0, nil, fmt.Errorf("survey: audience class: %w", err)
		}
		if !(teaches && a.Can(identity.ActionTeach, p)) && !a.AdministersPath(p) {
			return 0, nil, fmt.Errorf("survey: address class %d: %w", id, ErrForbidden)
		}
		if org != 0 && o != org {
			return 0, nil, invalid("audience.class_ids", "survey.one_school", "All classes of a survey belong to one school.")
		}
		org, path = o, p
	}
	return org, path, nil
}

// Create creates a survey for an audience the actor may address.
func (s *Service) Create(ctx context.Context, a *identity.Actor, n NewSurvey) (*Survey, error) {
	if err := n.Normalize(); err != nil {
		return nil, err
	}
	org, path, err := s.home(ctx, a, n.Audience)
	if err != nil {
		return nil, err
	}
	var audOrg *int64
	if n.Audience.OrgID != 0 {
		audOrg = &n.Audience.OrgID
	}
	roles := make([]string, len(n.Audience.Roles))
	for i, r := range n.Audience.Roles {
		roles[i] = string(r)
	}
	qs, err := json.Marshal(n.Questions)
	if err != nil {
		return nil, fmt.Errorf("survey: create: %w", err)
	}
	var id int64
	err = s.db.QueryRow(ctx, `INSERT INTO surveys (org_id, org_path, owner_id, title, description, anonymous, questions,
		audience_org, audience_roles, audience_classes, opens_at, closes_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		org, path, a.User.ID, n.Title, n.Description, n.Anonymous, qs, audOrg, roles, nonNilIDs(n.Audience.ClassIDs),
		n.OpensAt, n.ClosesAt).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("survey: create: %w", err)
	}
	return s.Get(ctx, a, id)
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// audienceSQL: the actor ($1) is in the survey's audience. g is every organization on
// the path of each of the actor's role grants, with the role; c is the actor's
// classes, with "student" or "teacher".
const audienceCTE = `WITH g AS (SELECT DISTINCT p.org, ra.role FROM role_assignments ra JOIN organizations o ON o.id = ra.org_id,
	unnest(o.path) AS p(org) WHERE ra.user_id = $1),
	c AS (SELECT DISTINCT class_id, CASE WHEN role = 'student' THEN 'student' ELSE 'teacher' END AS role FROM class_members WHERE user_id = $1) `

const audienceSQL = `((s.audience_org IN (SELECT org FROM g) AND EXISTS (SELECT 1 FROM g WHERE g.org = s.audience_org
		AND (cardinality(s.audience_roles) = 0 OR g.role = ANY(s.audience_roles))))
	OR (s.audience_classes && ARRAY(SELECT class_id FROM c) AND EXISTS (SELECT 1 FROM c WHERE c.class_id = ANY(s.audience_classes)
		AND (cardinality(s.audience_roles) = 0 OR c.role = ANY(s.audience_roles)))))`

// managerSQL: the actor ($1) created the survey or administers its organization
// ($2 administered orgs).
const managerSQL = `(s.owner_id = $1 OR COALESCE(s.org_path && $2::bigint[], false) OR $3)`

const surveyColumns = `s.id, s.org_id, o.name, s.owner_id, u.full_name, s.title, s.description, s.anonymous, s.audience_org,
	s.audience_roles, s.audience_classes, s.opens_at, s.closes_at, s.created_at, s.questions, s.org_path,
	` + managerSQL + `, ` + audienceSQL + `,
	EXISTS (SELECT 1 FROM survey_participation sp WHERE sp.survey_id = s.id AND sp.user_id = $1),
	(SELECT count(*) FROM survey_participation sp WHERE sp.survey_id = s.id)`

const surveyFrom = ` FROM surveys s JOIN organizations o ON o.id = s.org_id JOIN users u ON u.id = s.owner_id `

func scanSurvey(row pgx.Row) (Survey, error) {
	var sv Survey
	var audOrg *int64
	var roles []string
	var qs []byte
	err := row.Scan(&sv.ID, &sv.OrgID, &sv.OrgName, &sv.OwnerID, &sv.OwnerName, &sv.Title, &sv.Description, &sv.Anonymous, &audOrg,
		&roles, &sv.Audience.ClassIDs, &sv.OpensAt, &sv.ClosesAt, &sv.CreatedAt, &qs, &sv.path, &sv.Manager, &sv.Invited,
		&sv.Responded, &sv.Responses)
	if err != nil {
		return sv, err
	}
	if audOrg != nil {
		sv.Audience.OrgID = *audOrg
	}
	for _, r := range roles {
		sv.Audience.Roles = append(sv.Audience.Roles, identity.Role(r))
	}
	if err := json.Unmarshal(qs, &sv.Questions); err != nil {
		return sv, fmt.Errorf("survey %d: questions: %w", sv.ID, err)
	}
	return sv, nil
}

func actorArgs(a *identity.Actor) []any { return []any{a.User.ID, a.AdminScope(), a.IsSystem()} }

// Get returns a survey its managers or its audience may see; to anyone else it does
// not exist.
func (s *Service) Get(ctx context.Context, a *identity.Actor, id int64) (*Survey, error) {
	sv, err := scanSurvey(s.db.QueryRow(ctx, audienceCTE+`SELECT `+surveyColumns+surveyFrom+`
		WHERE s.id = $4 AND (`+managerSQL+` OR `+audienceSQL+`)`, append(actorArgs(a), id)...))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("get %d", id))
	}
	return &sv, nil
}

// List returns the surveys the actor is asked to answer (invited) and those they
// manage, newest first.
func (s *Service) List(ctx context.Context, a *identity.Actor) ([]Survey, error) {
	rows, err := s.db.Query(ctx, audienceCTE+`SELECT `+surveyColumns+surveyFrom+`
		WHERE `+managerSQL+` OR `+audienceSQL+` ORDER BY s.id DESC LIMIT 300`, actorArgs(a)...)
	if err != nil {
		return nil, fmt.Errorf("survey: list: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Survey, error) { return scanSurvey(r) })
}

// managed is Get for calls only the survey's managers may make.
func (s *Service) managed(ctx context.Context, a *identity.Actor, id int64) (*Survey, error) {
	sv, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !sv.Manager {
		return nil, fmt.Errorf("survey: %d: %w", id, ErrForbidden)
	}
	return sv, nil
}

// Close ends a survey now (its managers only).
func (s *Service) Close(ctx context.Context, a *identity.Actor, id int64) error {
	if _, err := s.managed(ctx, a, id); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `UPDATE surveys SET closes_at = now() WHERE id = $1 AND (closes_at IS NULL OR closes_at > now())`, id); err != nil {
		return fmt.Errorf("survey: close %d: %w", id, err)
	}
	return nil
}

// Target is an organization or a class the actor may address.
type Target struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // city, district, school, or class
}

// Targets lists what the actor may address: organizations (administered subtrees and
// the schools where they teach) and classes (those they teach and those of schools
// they administer directly).
func (s *Service) Targets(ctx context.Context, a *identity.Actor) (orgs, classes []Target, err error) {
	teach := a.OrgsWith(identity.RoleTeacher)
	rows, err := s.db.Query(ctx, `SELECT id, name, kind FROM organizations WHERE path && $1::bigint[] OR id = ANY($2::bigint[])
		ORDER BY path LIMIT 500`, a.AdminScope(), teach)
	if err != nil {
		return nil, nil, fmt.Errorf("survey: targets: %w", err)
	}
	if orgs, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Target]); err != nil {
		return nil, nil, fmt.Errorf("survey: targets: %w", err)
	}
	rows, err = s.db.Query(ctx, `SELECT c.id, c.name || ' (' || c.school_year || ', ' || o.name || ')', 'class' FROM classes c
		JOIN organizations o ON o.id = c.org_id
		WHERE c.org_id = ANY($2::bigint[]) OR EXISTS (SELECT 1 FROM class_members m WHERE m.class_id = c.id AND m.user_id = $1
			AND m.role IN ('teacher', 'homeroom'))
		ORDER BY c.school_year DESC, c.name LIMIT 300`, a.User.ID, a.OrgsWith(identity.RoleSchoolAdmin))
	if err != nil {
		return nil, nil, fmt.Errorf("survey: targets: %w", err)
	}
	if classes, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Target]); err != nil {
		return nil, nil, fmt.Errorf("survey: targets: %w", err)
	}
	return orgs, slices.Clip(classes), nil
}
