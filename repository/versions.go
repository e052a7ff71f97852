package repository

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// versions returns a resource's versions, newest first, with their files.
func (s *Service) versions(ctx context.Context, resourceID int64, publishedOnly bool) ([]Version, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, number, status, note, created_by, created_at, submitted_at, published_at, reviewer_id, due_at
		FROM resource_versions WHERE resource_id = $1 AND (NOT $2 OR status = 'published') ORDER BY number DESC`, resourceID, publishedOnly)
	if err != nil {
		return nil, fmt.Errorf("repository: versions: %w", err)
	}
	vs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Version, error) {
		var v Version
		err := r.Scan(&v.ID, &v.Number, &v.Status, &v.Note, &v.CreatedBy, &v.CreatedAt, &v.SubmittedAt, &v.PublishedAt, &v.ReviewerID, &v.DueAt)
		v.Files = []File{}
		return v, err
	})
	if err != nil || len(vs) == 0 {
		return vs, err
	}
	ids := make([]int64, len(vs))
	byID := map[int64]*Version{}
	for i := range vs {
		ids[i] = vs[i].ID
		byID[vs[i].ID] = &vs[i]
	}
	frows, err := s.db.Query(ctx, `SELECT version_id, name, sha256, size, content_type, kind FROM version_files WHERE version_id = ANY($1) ORDER BY name`, ids)
	if err != nil {
		return nil, fmt.Errorf("repository: files: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var vid int64
		var f File
		if err := frows.Scan(&vid, &f.Name, &f.SHA256, &f.Size, &f.ContentType, &f.Kind); err != nil {
			return nil, err
		}
		byID[vid].Files = append(byID[vid].Files, f)
	}
	return vs, frows.Err()
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// CleanFileName keeps the last path element of an uploaded name, without control
// characters, at most 255 bytes; Vietnamese letters are kept as they are.
func CleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for len(name) > 255 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "." || name == "/" || name == ".." || name == "" {
		return "file"
	}
	return name
}

// AddVersion adds a new draft version listing files already stored by content hash.
// Only the owner may; the files' reference counts change in the same transaction.
func (s *Service) AddVersion(ctx context.Context, a *identity.Actor, resourceID int64, note string, files []File) (*Version, error) {
	if err := checkFiles(files); err != nil {
		return nil, err
	}
	r, acc, err := s.load(ctx, a, resourceID)
	if err != nil {
		return nil, err
	}
	if !acc.owner || r.DeletedAt != nil {
		return nil, fmt.Errorf("repository: add version to %d: %w", resourceID, ErrForbidden)
	}
	v := &Version{Status: StatusDraft, Note: strings.TrimSpace(note), CreatedBy: a.User.ID, Files: files}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		return s.insertVersion(ctx, tx, a, r.OrgID, resourceID, v)
	})
	if err != nil {
		return nil, fmt.Errorf("repository: add version to %d: %w", resourceID, err)
	}
	return v, nil
}

// FileAccess returns the file with that hash from a version of the resource the actor
// may see (published, or any when they own or review it), for downloading.
func (s *Service) FileAccess(ctx context.Context, a *identity.Actor, resourceID int64, sha string) (*File, error) {
	r, err := s.Get(ctx, a, resourceID)
	if err != nil {
		return nil, err
	}
	for _, v := range r.Versions {
		for _, f := range v.Files {
			if f.SHA256 == sha {
				return &f, nil
			}
		}
	}
	return nil, fmt.Errorf("repository: file %s of %d: %w", sha, resourceID, ErrNotFound)
}

// RecordUse counts a view or a download for the statistics, by the actor's school.
func (s *Service) RecordUse(ctx context.Context, a *identity.Actor, resourceID int64, download bool) error {
	col := "views"
	if download {
		col = "downloads"
	}
	_, err := s.db.Exec(ctx, `INSERT INTO resource_stats (resource_id, day, org_id, `+col+`) VALUES ($1, current_date, $2, 1)
		ON CONFLICT (resource_id, day, org_id) DO UPDATE SET `+col+` = resource_stats.`+col+` + 1`, resourceID, a.User.HomeOrgID)
	if err != nil {
		return fmt.Errorf("repository: record use: %w", err)
	}
	return nil
}

// Usage is a resource's views and downloads by school.
type Usage struct {
	OrgName   string `json:"org_name"`
	Views     int    `json:"views"`
	Downloads int    `json:"downloads"`
}

// Stats returns usage by school for the owner and administrators.
func (s *Service) Stats(ctx context.Context, a *identity.Actor, resourceID int64) ([]Usage, error) {
	_, acc, err := s.load(ctx, a, resourceID)
	if err != nil {
		return nil, err
	}
	if !acc.owner && !acc.admin {
		return nil, fmt.Errorf("repository: stats %d: %w", resourceID, ErrForbidden)
	}
	rows, err := s.db.Query(ctx, `SELECT o.name, sum(s.views)::int, sum(s.downloads)::int FROM resource_stats s
		JOIN organizations o ON o.id = s.org_id WHERE s.resource_id = $1 GROUP BY o.name ORDER BY 2 DESC`, resourceID)
	if err != nil {
		return nil, fmt.Errorf("repository: stats: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Usage])
}

// checkFiles cleans the files' names and checks the list.
func checkFiles(files []File) error {
	if len(files) == 0 {
		return fault.Invalid("file", "resource.no_files", "Attach at least one file.")
	}
	seen := map[string]bool{}
	for i := range files {
		files[i].Name = CleanFileName(files[i].Name)
		if seen[files[i].Name] {
			return fault.Invalid("file", "resource.duplicate_file", "Two files are named %s.", files[i].Name)
		}
		seen[files[i].Name] = true
		if !shaRE.MatchString(files[i].SHA256) {
			return fmt.Errorf("repository: bad sha256 %q", files[i].SHA256)
		}
	}
	return nil
}

// insertVersion adds v (its note and files) as the next version of the resource in
// tx, counts the files' references and checks the organization's quota.
func (s *Service) insertVersion(ctx context.Context, tx pgx.Tx, a *identity.Actor, orgID, resourceID int64, v *Version) error {
	// Lock the resource so two uploads never get the same number.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM resources WHERE id = $1 FOR UPDATE`, resourceID); err != nil {
		return err
	}
	err := tx.QueryRow(ctx, `
		INSERT INTO resource_versions (resource_id, number, note, created_by)
		VALUES ($1, (SELECT COALESCE(max(number), 0) + 1 FROM resource_versions WHERE resource_id = $1), $2, $3)
		RETURNING id, number, created_at`, resourceID, v.Note, a.User.ID).Scan(&v.ID, &v.Number, &v.CreatedAt)
	if err != nil {
		return err
	}
	counted := map[string]bool{}
	for _, f := range v.Files {
		if _, err := tx.Exec(ctx, `INSERT INTO version_files (version_id, name, sha256, size, content_type, kind) VALUES ($1, $2, $3, $4, $5, $6)`,
			v.ID, f.Name, f.SHA256, f.Size, f.ContentType, f.Kind); err != nil {
			return err
		}
		if !counted[f.SHA256] && s.refs != nil {
			counted[f.SHA256] = true
			if err := s.refs.Ref(ctx, tx, f.SHA256, 1); err != nil {
				return err
			}
		}
	}
	if _, err = tx.Exec(ctx, `UPDATE resources SET updated_at = now() WHERE id = $1`, resourceID); err != nil {
		return err
	}
	used, quota, err := s.usage(ctx, tx, orgID)
	if err != nil {
		return err
	}
	if used > quota {
		return quotaErr(used, quota)
	}
	return s.indexResource(ctx, tx, resourceID)
}
