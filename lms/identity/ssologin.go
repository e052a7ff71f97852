package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ErrUnknownSSOUser means the city SSO vouched for someone with no account here, and
// auto-provisioning is off.
var ErrUnknownSSOUser = fmt.Errorf("identity: no account for this single sign-on user: %w", ErrUnauthenticated)

// SSOIdentity is what the OpenID Provider said about the person.
type SSOIdentity struct {
	Issuer, Subject string
	PersonID        string
	Email           string
	EmailVerified   bool
	Name            string
}

// SignInSSO maps a verified single sign-on identity to an account: by person ID
// first, then by a verified email. With provision, an unknown person gets an account
// in the city organization with no role, to be given roles by an administrator.
func (s *Service) SignInSSO(ctx context.Context, id SSOIdentity, ip string, provision bool) (*Actor, error) {
	var uid int64
	err := s.db.QueryRow(ctx, `SELECT id FROM users WHERE ($1 <> '' AND person_id = $1) OR ($2 AND $3 <> '' AND email = lower($3))
		ORDER BY (person_id = $1) DESC LIMIT 1`, strings.TrimSpace(id.PersonID), id.EmailVerified, strings.TrimSpace(id.Email)).Scan(&uid)
	switch {
	case errors.Is(err, pgx.ErrNoRows) && provision && id.PersonID != "":
		u, err := s.provisionSSO(ctx, id)
		if err != nil {
			return nil, err
		}
		uid = u.ID
	case errors.Is(err, pgx.ErrNoRows):
		_ = audit(ctx, s.db, &Actor{IP: ip}, "login.failed", "sso:"+id.Subject, nil, map[string]any{"method": "sso", "reason": "unknown user"})
		return nil, ErrUnknownSSOUser
	case err != nil:
		return nil, fmt.Errorf("identity: sso sign-in: %w", err)
	}
	a, err := s.Actor(ctx, uid)
	if err != nil {
		return nil, err
	}
	a.IP = ip
	if err := audit(ctx, s.db, a, "login", "user:"+a.User.Username, &a.User.HomeOrgID, map[string]any{"method": "sso", "issuer": id.Issuer}); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Service) provisionSSO(ctx context.Context, id SSOIdentity) (*User, error) {
	var city int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM organizations WHERE kind = 'city' ORDER BY id LIMIT 1`).Scan(&city); err != nil {
		return nil, notFound(err, "city organization")
	}
	name := strings.TrimSpace(id.Name)
	if name == "" {
		name = id.PersonID
	}
	email := ""
	if id.EmailVerified {
		email = id.Email
	}
	n := NewUser{PersonID: id.PersonID, Username: strings.ToLower(id.PersonID), Email: email, Name: name, OrgID: city}
	if err := n.normalize(); err != nil {
		return nil, err
	}
	var u *User
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if u, err = insertUser(ctx, tx, n, nil); err != nil {
			return err
		}
		return audit(ctx, tx, SystemActor(), "user.provision", "user:"+u.Username, &city, map[string]any{"issuer": id.Issuer})
	})
	return u, err
}
