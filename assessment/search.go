package assessment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// WithSearch makes the bank keep the search index in step with its items.
func (s *Service) WithSearch(ix search.Index) *Service {
	s.index = ix
	return s
}

// searchItemSQL reads what an item's search document is built from: the newest
// approved version (what others see, see versionSQL), else the newest version
// (only its author and administrators see it, as the document is unpublished).
const searchItemSQL = `
SELECT i.id, i.org_id, o.name, i.org_path, i.owner_id, i.scope, i.scope_root, i.subject, COALESCE(cs.name_vi, ''), i.grade,
	i.topic, i.level, i.licence, i.updated_at, lv.status, av.id IS NOT NULL, COALESCE(av.type, lv.type),
	COALESCE(av.stem, lv.stem), COALESCE(av.body, lv.body)
FROM assessment_items i
JOIN organizations o ON o.id = i.org_id
LEFT JOIN curriculum_subjects cs ON cs.code = i.subject
JOIN LATERAL (SELECT status, type, stem, body FROM assessment_item_versions v WHERE v.item_id = i.id ORDER BY number DESC LIMIT 1) lv ON true
LEFT JOIN LATERAL (SELECT id, type, stem, body FROM assessment_item_versions v WHERE v.item_id = i.id AND v.status = 'approved'
	ORDER BY number DESC LIMIT 1) av ON true`

// indexItem brings an item's search document up to date, in tx.
func (s *Service) indexItem(ctx context.Context, tx pgx.Tx, id int64) error {
	if s.index == nil {
		return nil
	}
	d, err := scanSearchItem(tx.QueryRow(ctx, searchItemSQL+` WHERE i.id = $1`, id))
	if err != nil {
		return notFound(err, fmt.Sprintf("index item %d", id))
	}
	return s.index.Upsert(ctx, tx, d)
}

// titleRunes is how much of the stem a question's title shows.
const titleRunes = 120

func scanSearchItem(row pgx.Row) (search.Document, error) {
	d := search.Document{Type: search.TypeQuestion, Language: "vi"}
	var subjectName, topic, level, status, typ, stem string
	var grade int
	var updated time.Time
	var c Content
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.OwnerID, &d.Scope, &d.ScopeRoot, &d.Subject, &subjectName, &grade,
		&topic, &level, &d.Licence, &updated, &status, &d.Published, &typ, &stem, &c)
	if err != nil {
		return d, err
	}
	d.UpdatedAt, d.Kind, d.Grades = updated, typ, []int{grade}
	d.ReviewStatus = map[string]string{StatusDraft: "draft", StatusInReview: "in_review", StatusApproved: "published"}[status]
	d.Title, d.Description = questionTitle(stem), stem
	body := append([]string{subjectName, topic, fmt.Sprintf("lớp %d", grade)}, c.visibleTexts()...)
	d.Body = strings.Join(body, ". ")
	return d, nil
}

// questionTitle is the stem's first line, shortened.
func questionTitle(stem string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(stem), "\n")
	line = strings.TrimSpace(strings.TrimLeft(line, "#>*- "))
	if r := []rune(line); len(r) > titleRunes {
		line = string(r[:titleRunes]) + "…"
	}
	if line == "" {
		line = "?"
	}
	return line
}

// visibleTexts are the parts of an item a student sees besides the stem: choices,
// statements, pairs, pieces. Never the key (accepted answers, numeric answers,
// correct flags, blanks' answers, the rubric): a search must not reveal answers.
func (c Content) visibleTexts() []string {
	var out []string
	for _, o := range c.Options {
		out = append(out, o.Text)
	}
	for _, s := range c.Statements {
		out = append(out, s.Text)
	}
	for _, p := range c.Pairs {
		out = append(out, p.Left, p.Right)
	}
	for _, p := range c.Sequence {
		out = append(out, p.Text)
	}
	return out
}

// SearchType is the type of the documents the bank feeds.
func (s *Service) SearchType() search.Type { return search.TypeQuestion }

// FeedSearch upserts the search document of every item, in tx (hoclieu search reindex).
func (s *Service) FeedSearch(ctx context.Context, tx pgx.Tx, ix search.Index) (int, error) {
	n, err := search.Feed(ctx, tx, ix, searchItemSQL+` ORDER BY i.id`, scanSearchItem)
	if err != nil {
		return 0, fmt.Errorf("assessment: reindex: %w", err)
	}
	return n, nil
}
