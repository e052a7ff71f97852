package web

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// MintPackageToken mints a package token with the key the servers on db share, so
// that tests can make tokens a page would not hand out (expired ones).
func MintPackageToken(db *pgxpool.Pool, id int64, sha string, exp time.Time) (string, error) {
	key, err := loadPackageKey(context.Background(), db)
	if err != nil {
		return "", err
	}
	return packageTokens{key: key}.mint(id, sha, exp), nil
}
