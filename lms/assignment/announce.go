package assignment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/notify"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Announcement is a message from a course's teachers to its students.
type Announcement struct {
	ID        int64     `json:"id"`
	CourseID  int64     `json:"course_id"`
	Course    string    `json:"course_title,omitempty"`
	Author    string    `json:"author"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	HTML      string    `json:"html"`
	CreatedAt time.Time `json:"created_at"`
}

// Announce posts an announcement in a course (its teachers) and notifies the
// students and their parents.
func (s *Service) Announce(ctx context.Context, a *identity.Actor, courseID int64, title, body string) (*Announcement, error) {
	title = strings.TrimSpace(title)
	if title == "" || len([]rune(title)) > 200 {
		return nil, fault.Invalid("title", "announcement.title_invalid", "Give the announcement a title of at most 200 characters.")
	}
	if len(body) > 100_000 {
		return nil, fault.Invalid("body", "announcement.body_size", "An announcement may hold at most 100,000 characters.")
	}
	x, err := s.courses.Access(ctx, a, courseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fmt.Errorf("course %d: announce: %w", courseID, ErrForbidden)
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO course_announcements (course_id, author_id, title, body) VALUES ($1, $2, $3, $4) RETURNING id`,
			courseID, a.User.ID, title, body).Scan(&id); err != nil {
			return err
		}
		students, err := learners(ctx, tx, courseID, nil)
		if err != nil {
			return err
		}
		told, err := withParents(ctx, tx, students)
		if err != nil {
			return err
		}
		return notify.Send(ctx, tx, told, "course.announcement", x.Course.Title+": "+title, fmt.Sprintf("/courses/%d/announcements", courseID))
	})
	if err != nil {
		return nil, fmt.Errorf("course %d: announce: %w", courseID, err)
	}
	list, err := s.Announcements(ctx, a, courseID, 1)
	if err != nil || len(list) == 0 {
		return nil, fmt.Errorf("course %d: announce: read back: %w", courseID, err)
	}
	return &list[0], nil
}

// Announcements lists a course's newest announcements for anyone in the course.
func (s *Service) Announcements(ctx context.Context, a *identity.Actor, courseID int64, limit int) ([]Announcement, error) {
	if _, err := s.courses.Access(ctx, a, courseID); err != nil {
		return nil, err
	}
	return s.announcements(ctx, a, []int64{courseID}, limit)
}

func (s *Service) announcements(ctx context.Context, a *identity.Actor, courseIDs []int64, limit int) ([]Announcement, error) {
	rows, err := s.db.Query(ctx, `SELECT n.id, n.course_id, c.title, u.full_name, n.title, n.body, '', n.created_at
		FROM course_announcements n JOIN users u ON u.id = n.author_id JOIN courses c ON c.id = n.course_id
		WHERE n.course_id = ANY($1) ORDER BY n.id DESC LIMIT $2`, courseIDs, limit)
	if err != nil {
		return nil, fmt.Errorf("announcements: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Announcement])
	if err != nil {
		return nil, fmt.Errorf("announcements: %w", err)
	}
	for i := range out {
		out[i].HTML = s.courses.RenderMarkdown(ctx, a, out[i].Body)
	}
	return out, nil
}
