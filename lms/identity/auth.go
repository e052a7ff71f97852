package identity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Login throttling: after accountLimit failures for one account (or ipLimit from one
// client address) within throttleWindow, further attempts are refused for
// throttleWindow, with a message saying how long to wait.
const (
	accountLimit   = 5
	ipLimit        = 30
	throttleWindow = 15 * time.Minute
)

// dummyHash is compared against when the account does not exist, so that a wrong
// username costs as much time as a wrong password.
var dummyHash, _ = HashPassword("hoclieu-timing-equalizer")

// Authenticate checks a username (account name, email or person ID) and password.
// Failures are throttled per account and per IP and audited; the error is
// ErrUnauthenticated or a *fault.Throttled.
func (s *Service) Authenticate(ctx context.Context, username, password, ip string) (*Actor, error) {
	username = strings.TrimSpace(username)
	if username == "" || password == "" {
		return nil, fault.Invalid("username", "login.missing", "Enter your username and password.")
	}
	acctKey, ipKey := "acct:"+strings.ToLower(username), "ip:"+ip
	if wait, err := s.lockedFor(ctx, acctKey, ipKey); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, &fault.Throttled{RetryAfterMinutes: int(math.Ceil(wait.Minutes()))}
	}
	var id int64
	var hash *string
	var disabled bool
	err := s.db.QueryRow(ctx, `
		SELECT id, password_hash, disabled FROM users
		WHERE person_id = $1 OR username = lower($1) OR email = lower($1)
		ORDER BY (username = lower($1)) DESC, (person_id = $1) DESC LIMIT 1`, username).Scan(&id, &hash, &disabled)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("identity: authenticate: %w", err)
	}
	ok := false
	if hash != nil && !disabled {
		ok, _ = argon2id.ComparePasswordAndHash(password, *hash)
	} else {
		_, _ = argon2id.ComparePasswordAndHash(password, dummyHash)
	}
	if !ok {
		if err := s.recordFailure(ctx, acctKey, ipKey, username, ip); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("identity: authenticate: %w", ErrUnauthenticated)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, acctKey); err != nil {
		return nil, fmt.Errorf("identity: authenticate: %w", err)
	}
	a, err := s.Actor(ctx, id)
	if err != nil {
		return nil, err
	}
	a.IP = ip
	if err := audit(ctx, s.db, a, "login", "user:"+a.User.Username, &a.User.HomeOrgID, map[string]any{"method": "password"}); err != nil {
		return nil, err
	}
	return a, nil
}

// lockedFor returns how long the longer of the two locks still runs.
func (s *Service) lockedFor(ctx context.Context, keys ...string) (time.Duration, error) {
	var until *time.Time
	err := s.db.QueryRow(ctx, `SELECT max(locked_until) FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`, keys).Scan(&until)
	if err != nil {
		return 0, fmt.Errorf("identity: throttle check: %w", err)
	}
	if until == nil {
		return 0, nil
	}
	return time.Until(*until), nil
}

func (s *Service) recordFailure(ctx context.Context, acctKey, ipKey, username, ip string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, k := range []struct {
			key   string
			limit int
		}{{acctKey, accountLimit}, {ipKey, ipLimit}} {
			_, err := tx.Exec(ctx, `
				INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, now())
				ON CONFLICT (key) DO UPDATE SET
				  failures = CASE WHEN t.window_start < now() - $2::interval THEN 1 ELSE t.failures + 1 END,
				  window_start = CASE WHEN t.window_start < now() - $2::interval THEN now() ELSE t.window_start END,
				  locked_until = CASE WHEN t.window_start >= now() - $2::interval AND t.failures + 1 >= $3
				                      THEN now() + $2::interval ELSE t.locked_until END`,
				k.key, throttleWindow.String(), k.limit)
			if err != nil {
				return fmt.Errorf("identity: record failed login: %w", err)
			}
		}
		if !utf8.ValidString(username) || len(username) > 100 {
			username = "(invalid)"
		}
		return audit(ctx, tx, &Actor{IP: ip}, "login.failed", "user:"+strings.ToLower(username), nil, nil)
	})
}

// Actor loads a user with every role grant.
func (s *Service) Actor(ctx context.Context, userID int64) (*Actor, error) {
	// One round trip: every page view loads its actor, so the user and their roles
	// come in one query (a row per role; the role columns are NULL without roles).
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.person_id, u.username, u.email, u.full_name, u.locale, u.home_org_id, u.disabled, u.created_at,
		       o.id, o.code, o.name, o.kind, r.role, o.path
		FROM users u
		LEFT JOIN role_assignments r ON r.user_id = u.id
		LEFT JOIN organizations o ON o.id = r.org_id
		WHERE u.id = $1 ORDER BY o.path, r.role`, userID)
	if err != nil {
		return nil, fmt.Errorf("identity: load user %d: %w", userID, err)
	}
	defer rows.Close()
	var a *Actor
	for rows.Next() {
		var (
			u       User
			email   *string
			orgID   *int64
			code    *string
			name    *string
			kind    *OrgKind
			role    *Role
			orgPath []int64
		)
		if err := rows.Scan(&u.ID, &u.PersonID, &u.Username, &email, &u.Name, &u.Locale, &u.HomeOrgID, &u.Disabled, &u.CreatedAt,
			&orgID, &code, &name, &kind, &role, &orgPath); err != nil {
			return nil, fmt.Errorf("identity: load user %d: %w", userID, err)
		}
		if a == nil {
			if email != nil {
				u.Email = *email
			}
			a = &Actor{User: u}
		}
		if orgID != nil {
			a.Grants = append(a.Grants, Grant{OrgID: *orgID, OrgCode: *code, OrgName: *name, OrgKind: *kind, Role: *role, orgPath: orgPath})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("identity: load user %d: %w", userID, err)
	}
	if a == nil {
		return nil, fmt.Errorf("identity: load user %d: %w", userID, ErrNotFound)
	}
	if a.User.Disabled {
		return nil, fmt.Errorf("identity: user %d is disabled: %w", userID, ErrUnauthenticated)
	}
	return a, nil
}

// validatePassword is the password policy: long enough to resist guessing, no
// composition rules (NIST SP 800-63B).
func validatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < 10 {
		return fault.Invalid("password", "password.short", "The password must have at least %d characters.", 10)
	}
	if len(pw) > 256 {
		return fault.Invalid("password", "password.long", "The password must have at most %d characters.", 256)
	}
	return nil
}

// ChangePassword changes the actor's own password after checking the current one.
func (s *Service) ChangePassword(ctx context.Context, a *Actor, current, next string) error {
	var hash *string
	if err := s.db.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, a.User.ID).Scan(&hash); err != nil {
		return notFound(err, "change password")
	}
	if hash != nil {
		if ok, _ := argon2id.ComparePasswordAndHash(current, *hash); !ok {
			return fault.Invalid("current_password", "password.wrong", "The current password is not correct.")
		}
	}
	if err := validatePassword(next); err != nil {
		return err
	}
	return s.setPassword(ctx, a, a.User.ID, next, "password.change")
}

// ResetPassword sets another user's password; only an administrator over the user's
// school may.
func (s *Service) ResetPassword(ctx context.Context, a *Actor, userID int64, next string) error {
	path, err := s.userOrgPath(ctx, userID)
	if err != nil {
		return err
	}
	if err := a.Require(ActionManageUsers, path); err != nil {
		return err
	}
	if err := validatePassword(next); err != nil {
		return err
	}
	return s.setPassword(ctx, a, userID, next, "password.reset")
}

func (s *Service) setPassword(ctx context.Context, a *Actor, userID int64, pw, action string) error {
	hash, err := HashPassword(pw)
	if err != nil {
		return fmt.Errorf("identity: hash password: %w", err)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var username string
		var org int64
		err := tx.QueryRow(ctx, `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 RETURNING username, home_org_id`,
			userID, hash).Scan(&username, &org)
		if err != nil {
			return notFound(err, "set password")
		}
		return audit(ctx, tx, a, action, "user:"+username, &org, nil)
	})
}

// userOrgPath returns the organization path of a user's home school.
func (s *Service) userOrgPath(ctx context.Context, userID int64) ([]int64, error) {
	var path []int64
	err := s.db.QueryRow(ctx, `SELECT o.path FROM users u JOIN organizations o ON o.id = u.home_org_id WHERE u.id = $1`, userID).Scan(&path)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("user %d", userID))
	}
	return path, nil
}
