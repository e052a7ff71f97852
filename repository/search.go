package repository

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// WithSearch makes the service keep the search index in step with its resources.
func (s *Service) WithSearch(ix search.Index) *Service {
	s.index = ix
	return s
}

// searchRowSQL reads what a resource's search document is built from: its metadata,
// the names of its subject and topic, the newest version's status, and the newest
// published version (its note and file names are the body; drafts stay unseen by
// others because the document is unpublished until a version is).
const searchRowSQL = `
SELECT r.id, r.org_id, o.name, r.org_path, r.owner_id, r.scope, r.scope_root, r.title, r.description, r.type, r.subject,
	COALESCE(cs.name_vi, ''), r.grades, r.licence, r.language, r.authors, r.tags, COALESCE(tp.title, ''),
	r.deleted_at IS NOT NULL, COALESCE(lv.status, 'draft'), pv.id IS NOT NULL, COALESCE(pv.note, lv.note, ''), r.updated_at,
	COALESCE((SELECT string_agg(f.name, ' ' ORDER BY f.name) FROM version_files f WHERE f.version_id = COALESCE(pv.id, lv.id)), '')
FROM resources r
JOIN organizations o ON o.id = r.org_id
LEFT JOIN curriculum_subjects cs ON cs.code = r.subject
LEFT JOIN curriculum_topics tp ON tp.id = r.topic_id
LEFT JOIN LATERAL (SELECT id, status, note FROM resource_versions v WHERE v.resource_id = r.id ORDER BY number DESC LIMIT 1) lv ON true
LEFT JOIN LATERAL (SELECT id, note FROM resource_versions v WHERE v.resource_id = r.id AND v.status = 'published' ORDER BY number DESC LIMIT 1) pv ON true`

// indexResource brings the search document of a resource up to date, in tx.
func (s *Service) indexResource(ctx context.Context, tx pgx.Tx, id int64) error {
	if s.index == nil {
		return nil
	}
	d, deleted, err := scanSearchDoc(tx.QueryRow(ctx, searchRowSQL+` WHERE r.id = $1`, id))
	if err != nil {
		return notFound(err, fmt.Sprintf("index resource %d", id))
	}
	if deleted {
		return s.index.Delete(ctx, tx, search.TypeResource, id)
	}
	return s.index.Upsert(ctx, tx, d)
}

func scanSearchDoc(row pgx.Row) (search.Document, bool, error) {
	d := search.Document{Type: search.TypeResource}
	var subjectName, topic, note, files string
	var authors, tags []string
	var deleted bool
	var updated time.Time
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.OwnerID, &d.Scope, &d.ScopeRoot, &d.Title, &d.Description,
		&d.Kind, &d.Subject, &subjectName, &d.Grades, &d.Licence, &d.Language, &authors, &tags, &topic,
		&deleted, &d.ReviewStatus, &d.Published, &note, &updated, &files)
	if err != nil {
		return d, false, err
	}
	d.UpdatedAt = updated
	// The body: what a user may type that is not in the title or description.
	body := []string{subjectName, topic, strings.Join(tags, ", "), strings.Join(authors, ", "), note, files}
	for _, g := range d.Grades {
		body = append(body, fmt.Sprintf("lớp %d", g))
	}
	d.Body = strings.Join(body, ". ")
	return d, deleted, nil
}

// SearchType is the type of the documents the repository feeds.
func (s *Service) SearchType() search.Type { return search.TypeResource }

// FeedSearch upserts the search document of every resource not in the trash, in tx
// (hoclieu search reindex).
func (s *Service) FeedSearch(ctx context.Context, tx pgx.Tx, ix search.Index) (int, error) {
	n, err := search.Feed(ctx, tx, ix, searchRowSQL+` WHERE r.deleted_at IS NULL ORDER BY r.id`, func(r pgx.Row) (search.Document, error) {
		d, _, err := scanSearchDoc(r)
		return d, err
	})
	if err != nil {
		return 0, fmt.Errorf("repository: reindex: %w", err)
	}
	return n, nil
}

// ReviewPanels returns the panels a user sits on, for the search's permission filter
// (reviewers find what waits for their panels).
func (s *Service) ReviewPanels(ctx context.Context, userID int64) ([]search.Panel, error) {
	rows, err := s.db.Query(ctx, `SELECT p.org_id, p.subject FROM subject_panels p JOIN panel_members m ON m.panel_id = p.id WHERE m.user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("repository: review panels: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[search.Panel])
}
