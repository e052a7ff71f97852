package identity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Service is the identity domain over PostgreSQL.
type Service struct {
	db  *pgxpool.Pool
	log *slog.Logger
	now func() time.Time
}

// New returns the identity service.
func New(db *pgxpool.Pool, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, log: log, now: time.Now}
}

// hashParams follow OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane): strong
// enough, and cheap enough that a burst of logins does not exhaust a web node's memory.
var hashParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// HashPassword returns the argon2id hash of a password.
func HashPassword(pw string) (string, error) {
	return argon2id.CreateHash(pw, hashParams)
}

// querier is what both a pool and a transaction offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// inTx runs fn in one transaction.
func (s *Service) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.db, fn)
}

// isUniqueViolation reports a unique-constraint failure, naming the constraint.
func isUniqueViolation(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return pe.ConstraintName, true
	}
	return "", false
}

// notFound maps pgx.ErrNoRows to ErrNotFound with context.
func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("identity: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("identity: %s: %w", what, err)
}
