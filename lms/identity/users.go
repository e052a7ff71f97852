package identity

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// NewUser describes a user to create in the school OrgID with Roles there.
type NewUser struct {
	PersonID string `json:"person_id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Locale   string `json:"locale"`
	OrgID    int64  `json:"org_id"`
	Roles    []Role `json:"roles"`
	Password string `json:"password,omitempty"` // empty: single sign-on only until reset
}

// normalize trims and lower-cases what must be, and checks every field.
func (n *NewUser) normalize() error {
	n.PersonID = strings.TrimSpace(n.PersonID)
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
	if n.Username == "" {
		n.Username = strings.ToLower(n.PersonID)
	}
	switch {
	case n.PersonID == "" || len(n.PersonID) > 64 || strings.ContainsAny(n.PersonID, " \t\r\n"):
		return fault.Invalid("person_id", "user.person_id", "The person ID is required (at most 64 characters, no spaces).")
	case !codeRE.MatchString(n.Username):
		return fault.Invalid("username", "user.username", "The account name may use letters, digits, dots, dashes and underscores (at most 40).")
	case n.Name == "" || len(n.Name) > 200:
		return fault.Invalid("name", "user.name", "Enter the full name (at most 200 characters).")
	}
	if n.Email != "" {
		if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
			return fault.Invalid("email", "user.email", "The email address %s is not valid.", n.Email)
		}
	}
	if n.Locale == "" {
		n.Locale = "vi"
	}
	if n.Locale != "vi" && n.Locale != "en" {
		return fault.Invalid("locale", "user.locale", "The language must be vi or en.")
	}
	for _, r := range n.Roles {
		if !r.Valid() {
			return fault.Invalid("roles", "user.role", "Unknown role %s.", r)
		}
	}
	if n.Password != "" {
		return validatePassword(n.Password)
	}
	return nil
}

// CreateUser creates a user homed in a school with roles there. The actor must
// administer the school and may give only roles no stronger than their own.
func (s *Service) CreateUser(ctx context.Context, a *Actor, n NewUser) (*User, error) {
	if err := n.normalize(); err != nil {
		return nil, err
	}
	org, err := s.Org(ctx, n.OrgID)
	if err != nil {
		return nil, err
	}
	if err := a.Require(ActionManageUsers, org.Path); err != nil {
		return nil, err
	}
	for _, r := range n.Roles {
		if !a.mayGrant(r, org.Path) {
			return nil, fmt.Errorf("identity: grant %s: %w", r, ErrForbidden)
		}
	}
	var hash *string
	if n.Password != "" {
		h, err := HashPassword(n.Password)
		if err != nil {
			return nil, fmt.Errorf("identity: hash password: %w", err)
		}
		hash = &h
	}
	var u *User
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		u, err = insertUser(ctx, tx, n, hash)
		if err != nil {
			return err
		}
		for _, r := range n.Roles {
			if _, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, u.ID, org.ID, r); err != nil {
				return fmt.Errorf("identity: assign role: %w", err)
			}
		}
		return audit(ctx, tx, a, "user.create", "user:"+u.Username, &org.ID, map[string]any{"person_id": u.PersonID, "roles": n.Roles})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func insertUser(ctx context.Context, q querier, n NewUser, hash *string) (*User, error) {
	u := &User{PersonID: n.PersonID, Username: n.Username, Email: n.Email, Name: n.Name, Locale: n.Locale, HomeOrgID: n.OrgID}
	var email *string
	if n.Email != "" {
		email = &n.Email
	}
	err := q.QueryRow(ctx, `
		INSERT INTO users (person_id, username, email, full_name, locale, password_hash, home_org_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
		n.PersonID, n.Username, email, n.Name, n.Locale, hash, n.OrgID).Scan(&u.ID, &u.CreatedAt)
	if err != nil {
		if c, dup := isUniqueViolation(err); dup {
			switch c {
			case "users_person_id_key":
				return nil, fault.Invalid("person_id", "user.person_id_taken", "Another user already has this person ID.")
			case "users_username_key":
				return nil, fault.Invalid("username", "user.username_taken", "Another user already has this username.")
			default:
				return nil, fault.Invalid("email", "user.email_taken", "Another user already has this email address.")
			}
		}
		return nil, fmt.Errorf("identity: create user: %w", err)
	}
	return u, nil
}

// UserFilter narrows a user listing.
type UserFilter struct {
	OrgID int64  // 0: every organization the actor administers
	Query string // part of the name, account name or person ID
	Limit int
}

// ListUsers returns users homed in organizations the actor administers.
func (s *Service) ListUsers(ctx context.Context, a *Actor, f UserFilter) ([]User, error) {
	if !a.IsSystem() && len(a.AdminScope()) == 0 {
		return nil, fmt.Errorf("identity: list users: %w", ErrForbidden)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.person_id, u.username, COALESCE(u.email, ''), u.full_name, u.locale, u.home_org_id, u.disabled, u.created_at
		FROM users u JOIN organizations o ON o.id = u.home_org_id
		WHERE ($1 OR o.path && $2::bigint[])
		  AND ($3 = 0 OR o.path @> ARRAY[$3::bigint])
		  AND ($4 = '' OR u.full_name ILIKE '%' || $4 || '%' OR u.username LIKE lower($4) || '%' OR u.person_id = $4)
		ORDER BY u.full_name, u.id LIMIT $5`, a.IsSystem(), a.AdminScope(), f.OrgID, f.Query, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("identity: list users: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[User])
}

// UserWithGrants returns a user and their roles, for the user themself or an
// administrator of their school.
func (s *Service) UserWithGrants(ctx context.Context, a *Actor, userID int64) (*Actor, error) {
	if a.User.ID != userID {
		path, err := s.userOrgPath(ctx, userID)
		if err != nil {
			return nil, err
		}
		if err := a.Require(ActionViewUsers, path); err != nil {
			return nil, err
		}
	}
	return s.Actor(ctx, userID)
}

// AssignRole gives a user a role in an organization.
func (s *Service) AssignRole(ctx context.Context, a *Actor, userID, orgID int64, role Role) error {
	return s.changeRole(ctx, a, userID, orgID, role, true)
}

// RevokeRole takes a role away.
func (s *Service) RevokeRole(ctx context.Context, a *Actor, userID, orgID int64, role Role) error {
	return s.changeRole(ctx, a, userID, orgID, role, false)
}

func (s *Service) changeRole(ctx context.Context, a *Actor, userID, orgID int64, role Role, grant bool) error {
	if !role.Valid() {
		return fault.Invalid("role", "user.role", "Unknown role %s.", role)
	}
	org, err := s.Org(ctx, orgID)
	if err != nil {
		return err
	}
	home, err := s.userOrgPath(ctx, userID)
	if err != nil {
		return err
	}
	if err := a.Require(ActionManageUsers, home); err != nil {
		return err
	}
	if !a.mayGrant(role, org.Path) {
		return fmt.Errorf("identity: grant %s: %w", role, ErrForbidden)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		sql, action := `INSERT INTO role_assignments (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, "role.grant"
		if !grant {
			sql, action = `DELETE FROM role_assignments WHERE user_id = $1 AND org_id = $2 AND role = $3`, "role.revoke"
		}
		tag, err := tx.Exec(ctx, sql, userID, orgID, role)
		if err != nil {
			return fmt.Errorf("identity: %s: %w", action, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return audit(ctx, tx, a, action, fmt.Sprintf("user:%d", userID), &org.ID, map[string]any{"role": role, "org": org.Code})
	})
}

// SetLocale changes the actor's own interface language.
func (s *Service) SetLocale(ctx context.Context, a *Actor, locale string) error {
	if locale != "vi" && locale != "en" {
		return fault.Invalid("locale", "user.locale", "The language must be vi or en.")
	}
	if _, err := s.db.Exec(ctx, `UPDATE users SET locale = $2, updated_at = now() WHERE id = $1`, a.User.ID, locale); err != nil {
		return fmt.Errorf("identity: set locale: %w", err)
	}
	a.User.Locale = locale
	return nil
}

// UserByPersonID finds a user homed in an organization the actor administers.
func (s *Service) UserByPersonID(ctx context.Context, a *Actor, personID string) (*User, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM users WHERE person_id = $1`, strings.TrimSpace(personID)).Scan(&id)
	if err != nil {
		return nil, notFound(err, "user "+personID)
	}
	path, err := s.userOrgPath(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.Require(ActionViewUsers, path); err != nil {
		// Do not reveal that the person exists elsewhere.
		return nil, fmt.Errorf("identity: user %s: %w", personID, ErrNotFound)
	}
	u, err := s.Actor(ctx, id)
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}
