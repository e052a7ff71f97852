package repository

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Submit sends the resource's newest version (a draft, or one with changes
// requested) to its subject panel's review pool.
func (s *Service) Submit(ctx context.Context, a *identity.Actor, resourceID int64, comment string) (*Version, error) {
	r, acc, err := s.load(ctx, a, resourceID)
	if err != nil {
		return nil, err
	}
	if !acc.owner || r.DeletedAt != nil {
		return nil, fmt.Errorf("repository: submit %d: %w", resourceID, ErrForbidden)
	}
	var v Version
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var files int
		err := tx.QueryRow(ctx, `SELECT id, number, status, (SELECT count(*) FROM version_files f WHERE f.version_id = v.id)
			FROM resource_versions v WHERE resource_id = $1 ORDER BY number DESC LIMIT 1 FOR UPDATE`, resourceID).
			Scan(&v.ID, &v.Number, &v.Status, &files)
		if errors.Is(err, pgx.ErrNoRows) || files == 0 {
			return fault.Invalid("file", "resource.no_files", "Attach at least one file.")
		}
		if err != nil {
			return err
		}
		if v.Status != StatusDraft && v.Status != StatusChangesRequested {
			return fault.Invalid("status", "review.not_draft", "Version %d is already %s.", v.Number, v.Status)
		}
		if _, err := tx.Exec(ctx, `UPDATE resource_versions SET status = 'submitted', submitted_at = now(), reviewer_id = NULL, claimed_at = NULL, due_at = NULL WHERE id = $1`, v.ID); err != nil {
			return err
		}
		if err := event(ctx, tx, v.ID, a, "submit", v.Status, StatusSubmitted, comment, ""); err != nil {
			return err
		}
		v.Status = StatusSubmitted
		// Tell the panel there is something new in the pool.
		_, err = tx.Exec(ctx, `INSERT INTO notifications (user_id, kind, title, link)
			SELECT DISTINCT m.user_id, 'review.new', $2, '/reviews' FROM subject_panels p JOIN panel_members m ON m.panel_id = p.id
			WHERE p.subject = $3 AND $4::bigint[] @> ARRAY[p.org_id] AND m.user_id <> $1`,
			a.User.ID, "Chờ thẩm định: "+r.Title, r.Subject, r.path)
		if err != nil {
			return err
		}
		return s.indexResource(ctx, tx, resourceID)
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("repository: submit %d: %w", resourceID, err)
	}
	return &v, nil
}

func event(ctx context.Context, tx pgx.Tx, versionID int64, a *identity.Actor, action, from, to, comment, anchor string) error {
	_, err := tx.Exec(ctx, `INSERT INTO review_events (version_id, actor_id, action, from_status, to_status, comment, anchor)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, versionID, a.User.ID, action, from, to, strings.TrimSpace(comment), strings.TrimSpace(anchor))
	if err != nil {
		return fmt.Errorf("repository: record %s: %w", action, err)
	}
	return nil
}

// QueueItem is one version waiting in (or taken from) a panel's pool.
type QueueItem struct {
	VersionID    int64      `json:"id"`
	ResourceID   int64      `json:"resource_id"`
	Number       int        `json:"version"`
	Title        string     `json:"title"`
	Type         string     `json:"type"`
	Subject      string     `json:"subject"`
	OrgName      string     `json:"org_name"`
	AuthorName   string     `json:"author_name"`
	Status       string     `json:"status"`
	SubmittedAt  time.Time  `json:"submitted_at"`
	ReviewerID   *int64     `json:"reviewer_id,omitempty"`
	ReviewerName string     `json:"reviewer_name,omitempty"`
	DueAt        *time.Time `json:"due_at,omitempty"`
	Approvals    int        `json:"approvals"`
	Required     int        `json:"approvals_required"`
	IsChair      bool       `json:"is_chair"`
}

// Queue lists what the actor's panels have to review: the shared pool and what the
// actor holds; chairs also see what other members hold, and for how long.
func (s *Service) Queue(ctx context.Context, a *identity.Actor) ([]QueueItem, error) {
	rows, err := s.db.Query(ctx, `
		SELECT v.id, r.id, v.number, r.title, r.type, r.subject, o.name, u.full_name, v.status, v.submitted_at,
		       v.reviewer_id, COALESCE(rv.full_name, ''), v.due_at,
		       (SELECT count(DISTINCT e.actor_id) FROM review_events e WHERE e.version_id = v.id AND e.action = 'approve' AND e.at >= v.submitted_at)::int,
		       p.approvals_required, p.chair_id = $1
		FROM resource_versions v
		JOIN resources r ON r.id = v.resource_id AND r.deleted_at IS NULL
		JOIN organizations o ON o.id = r.org_id
		JOIN users u ON u.id = r.owner_id
		LEFT JOIN users rv ON rv.id = v.reviewer_id
		JOIN LATERAL (SELECT p.* FROM subject_panels p JOIN panel_members m ON m.panel_id = p.id
		              WHERE m.user_id = $1 AND p.subject = r.subject AND r.org_path @> ARRAY[p.org_id]
		              ORDER BY array_length(r.org_path, 1) LIMIT 1) p ON true
		WHERE v.status IN ('submitted', 'in_review')
		  AND (v.status = 'submitted' OR v.reviewer_id = $1 OR p.chair_id = $1)
		ORDER BY v.due_at NULLS LAST, v.submitted_at`, a.User.ID)
	if err != nil {
		return nil, fmt.Errorf("repository: queue: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[QueueItem])
}

// reviewTarget loads a version with the panel the actor sits on for it.
type reviewTarget struct {
	versionID, resourceID, ownerID int64
	number                         int
	status, title                  string
	reviewerID                     *int64
	panelID                        int64
	chairID                        *int64
	required, days                 int
}

func (s *Service) target(ctx context.Context, tx pgx.Tx, a *identity.Actor, versionID int64) (*reviewTarget, error) {
	t := &reviewTarget{versionID: versionID}
	err := tx.QueryRow(ctx, `
		SELECT v.resource_id, r.owner_id, v.number, v.status, r.title, v.reviewer_id, p.id, p.chair_id, p.approvals_required, p.review_days
		FROM resource_versions v JOIN resources r ON r.id = v.resource_id AND r.deleted_at IS NULL
		JOIN LATERAL (SELECT p.* FROM subject_panels p JOIN panel_members m ON m.panel_id = p.id
		              WHERE m.user_id = $2 AND p.subject = r.subject AND r.org_path @> ARRAY[p.org_id] LIMIT 1) p ON true
		WHERE v.id = $1 FOR UPDATE OF v`, versionID, a.User.ID).
		Scan(&t.resourceID, &t.ownerID, &t.number, &t.status, &t.title, &t.reviewerID, &t.panelID, &t.chairID, &t.required, &t.days)
	if err != nil {
		// Not on a panel for it, or no such version: the same answer.
		return nil, notFound(err, fmt.Sprintf("review %d", versionID))
	}
	if t.ownerID == a.User.ID {
		return nil, fault.Invalid("review", "review.own", "You cannot review your own resource.")
	}
	return t, nil
}

// review runs fn on a version the actor may review, in one transaction.
func (s *Service) review(ctx context.Context, a *identity.Actor, versionID int64, fn func(tx pgx.Tx, t *reviewTarget) error) error {
	if !a.HasRole(identity.RoleReviewer) {
		return fmt.Errorf("repository: review %d: %w", versionID, ErrForbidden)
	}
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		t, err := s.target(ctx, tx, a, versionID)
		if err != nil {
			return err
		}
		if err := fn(tx, t); err != nil {
			return err
		}
		// Claims, releases and decisions change the review status the index filters on.
		return s.indexResource(ctx, tx, t.resourceID)
	})
	if err != nil {
		if _, ok := fault.AsValidation(err); ok || errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) || errors.Is(err, ErrConflict) {
			return err
		}
		return fmt.Errorf("repository: review %d: %w", versionID, err)
	}
	return nil
}

// Claim takes a submitted version from the pool; it is due after the panel's review days.
func (s *Service) Claim(ctx context.Context, a *identity.Actor, versionID int64) error {
	return s.review(ctx, a, versionID, func(tx pgx.Tx, t *reviewTarget) error {
		if t.status != StatusSubmitted {
			return fmt.Errorf("repository: claim %d (%s): %w", versionID, t.status, ErrConflict)
		}
		if _, err := tx.Exec(ctx, `UPDATE resource_versions SET status = 'in_review', reviewer_id = $2, claimed_at = now(),
			due_at = now() + make_interval(days => $3) WHERE id = $1`, versionID, a.User.ID, t.days); err != nil {
			return err
		}
		return event(ctx, tx, versionID, a, "claim", t.status, StatusInReview, "", "")
	})
}

// Release hands a claimed version back to the pool.
func (s *Service) Release(ctx context.Context, a *identity.Actor, versionID int64) error {
	return s.review(ctx, a, versionID, func(tx pgx.Tx, t *reviewTarget) error {
		if t.status != StatusInReview || t.reviewerID == nil || *t.reviewerID != a.User.ID {
			return fmt.Errorf("repository: release %d: %w", versionID, ErrConflict)
		}
		if _, err := tx.Exec(ctx, `UPDATE resource_versions SET status = 'submitted', reviewer_id = NULL, claimed_at = NULL, due_at = NULL WHERE id = $1`, versionID); err != nil {
			return err
		}
		return event(ctx, tx, versionID, a, "release", t.status, StatusSubmitted, "", "")
	})
}

// Reassign gives a version to another panel member (the panel chair only).
func (s *Service) Reassign(ctx context.Context, a *identity.Actor, versionID, toUser int64) error {
	return s.review(ctx, a, versionID, func(tx pgx.Tx, t *reviewTarget) error {
		if t.chairID == nil || *t.chairID != a.User.ID {
			return fmt.Errorf("repository: reassign %d: %w", versionID, ErrForbidden)
		}
		var member bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM panel_members WHERE panel_id = $1 AND user_id = $2)`, t.panelID, toUser).Scan(&member); err != nil {
			return err
		}
		if !member || toUser == t.ownerID {
			return fault.Invalid("reviewer", "review.not_member", "Choose a member of the panel who is not the author.")
		}
		if _, err := tx.Exec(ctx, `UPDATE resource_versions SET status = 'in_review', reviewer_id = $2, claimed_at = now(),
			due_at = now() + make_interval(days => $3) WHERE id = $1`, versionID, toUser, t.days); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, kind, title, link) VALUES ($1, 'review.assigned', $2, '/reviews')`,
			toUser, "Được giao thẩm định: "+t.title); err != nil {
			return err
		}
		return event(ctx, tx, versionID, a, "reassign", t.status, StatusInReview, fmt.Sprintf("user:%d", toUser), "")
	})
}

// Decision is a reviewer's verdict.
type Decision struct {
	Decision string `json:"decision"` // approve | request_changes
	Comment  string `json:"comment"`
	Anchor   string `json:"anchor"` // optional: page or timestamp the comment is about
}

// Decide records a reviewer's decision. An unclaimed version is claimed first. With
// approvals_required > 1, a version is published when that many different reviewers
// approved it; until then it goes back to the pool for the next one. The author is
// notified of every decision.
func (s *Service) Decide(ctx context.Context, a *identity.Actor, versionID int64, d Decision) (string, error) {
	if d.Decision != "approve" && d.Decision != "request_changes" {
		return "", fault.Invalid("decision", "review.decision", "The decision must be approve or request_changes.")
	}
	if d.Decision == "request_changes" && strings.TrimSpace(d.Comment) == "" {
		return "", fault.Invalid("comment", "review.comment_needed", "Say what should change.")
	}
	var result string
	err := s.review(ctx, a, versionID, func(tx pgx.Tx, t *reviewTarget) error {
		if t.status != StatusSubmitted && !(t.status == StatusInReview && t.reviewerID != nil && *t.reviewerID == a.User.ID) {
			return fmt.Errorf("repository: decide %d (%s): %w", versionID, t.status, ErrConflict)
		}
		var already bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM review_events e JOIN resource_versions v ON v.id = e.version_id
			WHERE e.version_id = $1 AND e.actor_id = $2 AND e.action = 'approve' AND e.at >= v.submitted_at)`, versionID, a.User.ID).Scan(&already); err != nil {
			return err
		}
		if already {
			return fault.Invalid("decision", "review.already", "You already approved this version; another reviewer must approve it too.")
		}
		next, title := StatusChangesRequested, "Cần chỉnh sửa: "+t.title
		if d.Decision == "approve" {
			var approvals int
			if err := tx.QueryRow(ctx, `SELECT count(DISTINCT e.actor_id) FROM review_events e JOIN resource_versions v ON v.id = e.version_id
				WHERE e.version_id = $1 AND e.action = 'approve' AND e.at >= v.submitted_at`, versionID).Scan(&approvals); err != nil {
				return err
			}
			next, title = StatusSubmitted, "Đã được 1 người duyệt: "+t.title
			if approvals+1 >= t.required {
				next, title = StatusPublished, "Đã xuất bản: "+t.title
			}
		}
		sql := `UPDATE resource_versions SET status = $2, reviewer_id = NULL, claimed_at = NULL, due_at = NULL,
			published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END WHERE id = $1`
		if _, err := tx.Exec(ctx, sql, versionID, next); err != nil {
			return err
		}
		if err := event(ctx, tx, versionID, a, d.Decision, t.status, next, d.Comment, d.Anchor); err != nil {
			return err
		}
		if next == StatusPublished {
			if _, err := tx.Exec(ctx, `UPDATE resources SET updated_at = now() WHERE id = $1`, t.resourceID); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO notifications (user_id, kind, title, link) VALUES ($1, $2, $3, $4)`,
			t.ownerID, "review."+d.Decision, title, fmt.Sprintf("/resources/%d", t.resourceID))
		result = next
		return err
	})
	return result, err
}

// Event is one entry of a version's review history.
type Event struct {
	At         time.Time `json:"at"`
	ActorName  string    `json:"actor_name"`
	Action     string    `json:"action"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	Comment    string    `json:"comment"`
	Anchor     string    `json:"anchor"`
	Version    int       `json:"version"`
}

// Comment adds a comment (optionally anchored to a page or a time) to a version under
// review, by a reviewer of its panel or its author.
func (s *Service) Comment(ctx context.Context, a *identity.Actor, resourceID int64, versionNumber int, comment, anchor string) error {
	if strings.TrimSpace(comment) == "" || len(comment) > 10000 {
		return fault.Invalid("comment", "review.comment", "Write a comment (at most 10,000 characters).")
	}
	_, acc, err := s.load(ctx, a, resourceID)
	if err != nil {
		return err
	}
	if !acc.owner && !acc.reviewer {
		return fmt.Errorf("repository: comment on %d: %w", resourceID, ErrForbidden)
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var vid int64
		var status string
		if err := tx.QueryRow(ctx, `SELECT id, status FROM resource_versions WHERE resource_id = $1 AND number = $2`, resourceID, versionNumber).Scan(&vid, &status); err != nil {
			return notFound(err, "version")
		}
		return event(ctx, tx, vid, a, "comment", status, status, comment, anchor)
	})
}

// History returns every recorded transition and comment of a resource's versions,
// oldest first, for its author, administrators and reviewers.
func (s *Service) History(ctx context.Context, a *identity.Actor, resourceID int64) ([]Event, error) {
	_, acc, err := s.load(ctx, a, resourceID)
	if err != nil {
		return nil, err
	}
	if !acc.owner && !acc.reviewer && !acc.admin {
		return nil, fmt.Errorf("repository: history of %d: %w", resourceID, ErrForbidden)
	}
	rows, err := s.db.Query(ctx, `SELECT e.at, COALESCE(u.full_name, ''), e.action, e.from_status, e.to_status, e.comment, e.anchor, v.number
		FROM review_events e JOIN resource_versions v ON v.id = e.version_id LEFT JOIN users u ON u.id = e.actor_id
		WHERE v.resource_id = $1 ORDER BY e.id`, resourceID)
	if err != nil {
		return nil, fmt.Errorf("repository: history: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Event])
}
