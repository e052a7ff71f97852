package repository

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// DefaultQuota is the storage an organization without its own quota may use.
const DefaultQuota int64 = 200 << 30

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// usage returns the bytes the organization's resources use (each distinct file
// once) and its quota.
func (s *Service) usage(ctx context.Context, q querier, orgID int64) (used, quota int64, err error) {
	err = q.QueryRow(ctx, `
		SELECT COALESCE((SELECT sum(size) FROM (
			SELECT DISTINCT f.sha256, f.size FROM version_files f
			JOIN resource_versions v ON v.id = f.version_id
			JOIN resources r ON r.id = v.resource_id WHERE r.org_id = $1) d), 0)::bigint,
		COALESCE((SELECT max_bytes FROM resource_quotas WHERE org_id = $1), $2)`, orgID, s.quota).Scan(&used, &quota)
	if err != nil {
		return 0, 0, fmt.Errorf("repository: usage of %d: %w", orgID, err)
	}
	return used, quota, nil
}

func quotaErr(used, quota int64) error {
	return fault.Invalid("file", "upload.quota", "Your school's storage quota of %s is used up (%s used).", bytesText(quota), bytesText(used))
}

// CheckUpload tells whether the actor may upload a file of size bytes into their
// school's resources: they must be a teacher or librarian there, and the file
// must fit in the school's quota. AddVersion checks the quota again when the file
// is attached.
func (s *Service) CheckUpload(ctx context.Context, a *identity.Actor, size int64) error {
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, a.User.HomeOrgID).Scan(&path); err != nil {
		return notFound(err, "organization")
	}
	if !a.Can(identity.ActionTeach, path) && !a.Can(identity.ActionCatalog, path) {
		return fmt.Errorf("repository: upload: %w", ErrForbidden)
	}
	used, quota, err := s.usage(ctx, s.db, a.User.HomeOrgID)
	if err != nil {
		return err
	}
	if used+size > quota {
		return quotaErr(used, quota)
	}
	return nil
}

// SetQuota sets an organization's storage quota; only its administrators may.
func (s *Service) SetQuota(ctx context.Context, a *identity.Actor, orgID, maxBytes int64) error {
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, orgID).Scan(&path); err != nil {
		return notFound(err, "organization")
	}
	if !a.AdministersPath(path) {
		return fmt.Errorf("repository: set quota: %w", ErrForbidden)
	}
	if maxBytes < 0 {
		return fault.Invalid("quota", "resource.quota", "A quota cannot be negative.")
	}
	_, err := s.db.Exec(ctx, `INSERT INTO resource_quotas (org_id, max_bytes) VALUES ($1, $2)
		ON CONFLICT (org_id) DO UPDATE SET max_bytes = EXCLUDED.max_bytes`, orgID, maxBytes)
	if err != nil {
		return fmt.Errorf("repository: set quota: %w", err)
	}
	return nil
}

// bytesText formats a size for people: 50 MiB, 1.5 GiB, 900 bytes.
func bytesText(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n)/unit, 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
