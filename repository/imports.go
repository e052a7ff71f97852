package repository

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Outcomes of ImportResource.
const (
	ImportCreated   = "created"
	ImportUpdated   = "updated"
	ImportUnchanged = "unchanged"
)

// ImportResource creates the resource an outside source knows as key (a line of
// a bulk-load manifest) with one version of files, in one transaction; the files'
// bytes must be stored already. When key was imported before, the same files
// change nothing and different ones become a new version. The actor must be
// allowed to create resources in the organization (Create's rule).
func (s *Service) ImportResource(ctx context.Context, a *identity.Actor, key string, n NewResource, files []File) (string, int64, error) {
	if err := n.normalize(); err != nil {
		return "", 0, err
	}
	if err := checkFiles(files); err != nil {
		return "", 0, err
	}
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, n.OrgID).Scan(&path); err != nil {
		return "", 0, notFound(err, "organization")
	}
	if !a.Can(identity.ActionTeach, path) && !a.Can(identity.ActionCatalog, path) {
		return "", 0, fmt.Errorf("repository: import: %w", ErrForbidden)
	}
	digest := filesDigest(files)
	outcome, id := ImportUnchanged, int64(0)
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT resource_id, digest FROM resource_imports WHERE org_id = $1 AND source_key = $2 FOR UPDATE`,
			n.OrgID, key).Scan(&id, &old)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			outcome = ImportCreated
			if id, err = s.insertResource(ctx, tx, a, n.OrgID, path, n); err != nil {
				return err
			}
		case err != nil:
			return err
		case old == digest:
			return nil
		default:
			outcome = ImportUpdated
		}
		v := &Version{Note: "import", Files: files}
		if err := s.insertVersion(ctx, tx, a, n.OrgID, id, v); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO resource_imports (org_id, source_key, resource_id, digest) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, source_key) DO UPDATE SET digest = EXCLUDED.digest, imported_at = now()`, n.OrgID, key, id, digest)
		return err
	})
	if err != nil {
		return "", 0, fmt.Errorf("repository: import %q: %w", key, err)
	}
	return outcome, id, nil
}

// filesDigest names a set of files by their names and contents, in any order.
func filesDigest(files []File) string {
	parts := make([]string, len(files))
	for i, f := range files {
		parts[i] = f.Name + "\x00" + f.SHA256
	}
	slices.Sort(parts)
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:])
}
