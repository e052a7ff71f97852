package course

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// WithSearch makes the service keep course documents in the search index: a teacher
// finds their own courses, and everyone finds the templates shared with them (a
// course is private to its people otherwise, which the index's scopes cannot say).
func (s *Service) WithSearch(ix search.Index) *Service {
	s.index = ix
	return s
}

const courseSearchSQL = `
SELECT c.id, c.org_id, o.name, c.org_path, c.owner_id, c.title, c.description, c.subject, COALESCE(cs.name_vi, ''),
	c.grade, c.school_year, c.is_template, c.template_scope, c.archived_at IS NOT NULL, c.updated_at
FROM courses c JOIN organizations o ON o.id = c.org_id
LEFT JOIN curriculum_subjects cs ON cs.code = c.subject`

func scanCourseDoc(row pgx.Row) (search.Document, bool, error) {
	d := search.Document{Type: search.TypeCourse, Language: "vi", Kind: "course", Scope: "private", ReviewStatus: "draft"}
	var subjectName, year, scope string
	var grade int
	var template, archived bool
	var updated time.Time
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.OwnerID, &d.Title, &d.Description, &d.Subject, &subjectName,
		&grade, &year, &template, &scope, &archived, &updated)
	if err != nil {
		return d, false, err
	}
	d.Grades, d.UpdatedAt = []int{grade}, updated
	if root := identity.ScopeRoot(scope, d.OrgPath); template && root != nil {
		d.Kind, d.Scope, d.ScopeRoot, d.Published, d.ReviewStatus = "template", scope, root, true, "published"
	}
	d.Body = strings.Join([]string{subjectName, "lớp " + strconv.Itoa(grade), year}, ". ")
	return d, archived, nil
}

// indexCourse brings a course's search document up to date, in tx.
func (s *Service) indexCourse(ctx context.Context, tx pgx.Tx, id int64) error {
	if s.index == nil {
		return nil
	}
	d, archived, err := scanCourseDoc(tx.QueryRow(ctx, courseSearchSQL+` WHERE c.id = $1`, id))
	if err != nil {
		return fmt.Errorf("course %d: index: %w", id, err)
	}
	if archived {
		return s.index.Delete(ctx, tx, search.TypeCourse, id)
	}
	return s.index.Upsert(ctx, tx, d)
}

// SearchType is the type of the documents courses feed.
func (s *Service) SearchType() search.Type { return search.TypeCourse }

// FeedSearch upserts the document of every course not archived, in tx (hoclieu
// search reindex).
func (s *Service) FeedSearch(ctx context.Context, tx pgx.Tx, ix search.Index) (int, error) {
	n, err := search.Feed(ctx, tx, ix, courseSearchSQL+` WHERE c.archived_at IS NULL ORDER BY c.id`, func(r pgx.Row) (search.Document, error) {
		d, _, err := scanCourseDoc(r)
		return d, err
	})
	if err != nil {
		return 0, fmt.Errorf("course: reindex: %w", err)
	}
	return n, nil
}
