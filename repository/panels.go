package repository

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Panel is a subject panel (tổ chuyên môn) of an organization.
type Panel struct {
	ID                int64  `json:"id"`
	OrgID             int64  `json:"org_id"`
	Subject           string `json:"subject"`
	Name              string `json:"name"`
	ChairID           *int64 `json:"chair_id,omitempty"`
	ApprovalsRequired int    `json:"approvals_required"`
	ReviewDays        int    `json:"review_days"`
}

// CreatePanel creates a panel for a subject in an organization the actor administers.
// Its members review that subject's resources of the organization and all below it.
func (s *Service) CreatePanel(ctx context.Context, a *identity.Actor, p Panel) (*Panel, error) {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return nil, fault.Invalid("name", "panel.name", "Enter the panel's name.")
	}
	if p.ApprovalsRequired == 0 {
		p.ApprovalsRequired = 1
	}
	if p.ReviewDays == 0 {
		p.ReviewDays = 7
	}
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT path FROM organizations WHERE id = $1`, p.OrgID).Scan(&path); err != nil {
		return nil, notFound(err, "organization")
	}
	if !a.IsSystem() && !a.AdministersPath(path) {
		return nil, fmt.Errorf("repository: create panel: %w", ErrForbidden)
	}
	err := s.db.QueryRow(ctx, `INSERT INTO subject_panels (org_id, subject, name, chair_id, approvals_required, review_days)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.OrgID, p.Subject, p.Name, p.ChairID, p.ApprovalsRequired, p.ReviewDays).Scan(&p.ID)
	if err != nil {
		if isFK(err) {
			return nil, fault.Invalid("subject", "resource.subject", "Choose a subject.")
		}
		return nil, fmt.Errorf("repository: create panel: %w", err)
	}
	if p.ChairID != nil {
		if err := s.AddPanelMember(ctx, a, p.ID, *p.ChairID); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// AddPanelMember adds a reviewer to a panel (an administrator of its organization).
func (s *Service) AddPanelMember(ctx context.Context, a *identity.Actor, panelID, userID int64) error {
	var path []int64
	if err := s.db.QueryRow(ctx, `SELECT o.path FROM subject_panels p JOIN organizations o ON o.id = p.org_id WHERE p.id = $1`, panelID).Scan(&path); err != nil {
		return notFound(err, "panel")
	}
	if !a.IsSystem() && !a.AdministersPath(path) {
		return fmt.Errorf("repository: add panel member: %w", ErrForbidden)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO panel_members (panel_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, panelID, userID); err != nil {
		return fmt.Errorf("repository: add panel member: %w", err)
	}
	return nil
}

// Notification is an in-app message.
type Notification struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// Notifications lists the actor's newest notifications.
func (s *Service) Notifications(ctx context.Context, a *identity.Actor, limit int) ([]Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT id, kind, title, link, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, a.User.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("repository: notifications: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Notification])
}

// MarkRead marks all the actor's notifications read.
func (s *Service) MarkRead(ctx context.Context, a *identity.Actor) error {
	_, err := s.db.Exec(ctx, `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, a.User.ID)
	return err
}

// SeedDemo creates the demo subject panel: mathematics at school 1, chaired by
// reviewer1. It does nothing when a panel exists.
func (s *Service) SeedDemo(ctx context.Context) error {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM subject_panels`).Scan(&n); err != nil || n > 0 {
		return err
	}
	var org, chair int64
	err := s.db.QueryRow(ctx, `SELECT o.id, u.id FROM organizations o, users u WHERE o.code = $1 AND u.username = 'reviewer1'`,
		identity.DemoOrgCodes.School1).Scan(&org, &chair)
	if err != nil {
		return notFound(err, "demo school")
	}
	for _, subj := range []struct{ code, name string }{{"toan", "Tổ Toán"}, {"vat-ly", "Tổ Vật lí"}, {"ngu-van", "Tổ Ngữ văn"}} {
		if _, err := s.CreatePanel(ctx, identity.SystemActor(), Panel{OrgID: org, Subject: subj.code, Name: subj.name, ChairID: &chair}); err != nil {
			return err
		}
	}
	return nil
}
