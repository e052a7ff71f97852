package assignment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

const (
	maxText  = 100_000
	maxFiles = 20
)

// contentKey is the idempotency key of a submission without a client key: the hash
// of its text and files, so the same work sent twice is stored once.
func contentKey(n NewSubmission) string {
	h := sha256.New()
	h.Write([]byte(n.Text))
	for _, f := range n.Files {
		h.Write([]byte{0})
		h.Write([]byte(f.SHA256))
	}
	return "c:" + hex.EncodeToString(h.Sum(nil))
}

// checkWork validates what a student hands in against the settings and the clock,
// and reports whether it is late.
func checkWork(st *Settings, n *NewSubmission, now time.Time) (bool, error) {
	n.Text = strings.TrimSpace(n.Text)
	switch {
	case n.Text == "" && len(n.Files) == 0:
		return false, fault.Invalid("files", "assignment.empty", "Attach a file or write an answer.")
	case n.Text != "" && st.FilesOnly:
		return false, fault.Invalid("text", "assignment.no_text", "This assignment takes files only.")
	case len(n.Text) > maxText:
		return false, fault.Invalid("text", "assignment.text_size", "An answer may hold at most 100,000 characters.")
	case len(n.Files) > maxFiles:
		return false, fault.Invalid("files", "assignment.file_count", "Attach at most 20 files.")
	case len(n.Key) > 200:
		return false, fault.Invalid("idempotency_key", "assignment.key", "The idempotency key is too long.")
	}
	for _, f := range n.Files {
		if !st.allows(f.Name) {
			return false, fault.Invalid("files", "assignment.file_type", "%s: allowed file types are %s.", f.Name, strings.Join(st.AllowedTypes, ", "))
		}
		if f.Size > st.MaxSize {
			return false, fault.Invalid("files", "assignment.file_size", "%s is larger than the limit of %d MB.", f.Name, (st.MaxSize+(1<<20)-1)>>20)
		}
	}
	late := st.DueAt != nil && now.After(*st.DueAt)
	cutoff := st.CutoffAt
	if cutoff == nil && st.LatePolicy == LateRefuse {
		cutoff = st.DueAt
	}
	if cutoff != nil && now.After(*cutoff) {
		return late, fault.Invalid("assignment", "assignment.closed", "This assignment no longer takes submissions.")
	}
	return late, nil
}

// Submit hands in a new version of the calling student's work (their group's, for
// a group assignment). A retry with the same idempotency key (or, without one, the
// same content) returns the version already stored, with Existing set.
func (s *Service) Submit(ctx context.Context, a *identity.Actor, itemID int64, n NewSubmission) (*Submission, error) {
	as, err := s.Get(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	if as.Role != string(course.RoleStudent) {
		return nil, fmt.Errorf("assignment %d: submit: %w", itemID, ErrForbidden)
	}
	if as.Locked == "not_open" || as.Locked == "prerequisite" {
		return nil, fault.Invalid("assignment", "assignment.not_open", "This assignment is not open to you yet.")
	}
	now := s.now()
	late, err := checkWork(&as.Settings, &n, now)
	if err != nil {
		return nil, err
	}
	if as.Locked == "closed" {
		return nil, fault.Invalid("assignment", "assignment.closed", "This assignment no longer takes submissions.")
	}
	key := n.Key
	if key == "" {
		key = contentKey(n)
	}
	var id int64
	existing := false
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		it := &course.Item{ID: as.ID, CourseID: as.CourseID, Title: as.Title}
		if err := ensureSettings(ctx, tx, it); err != nil {
			return err
		}
		owner, groupID, members, err := ownerOf(ctx, tx, as, a.User.ID)
		if err != nil {
			return err
		}
		// One writer per owner and assignment at a time: versions are numbered in order
		// and a retry racing its original finds it.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "submission:"+strconv.FormatInt(itemID, 10)+":"+owner); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT id FROM submissions WHERE item_id = $1 AND owner_key = $2 AND idem_key = $3`, itemID, owner, key).Scan(&id)
		if err == nil {
			existing = true
			return nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		var versions int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM submissions WHERE item_id = $1 AND owner_key = $2`, itemID, owner).Scan(&versions); err != nil {
			return err
		}
		if late && versions > 0 {
			return fault.Invalid("assignment", "assignment.resubmit_closed", "The due date has passed: your last version stays the one handed in.")
		}
		if err := s.refFiles(ctx, tx, n.Files); err != nil {
			return err
		}
		if id, err = insertSubmission(ctx, tx, as, a.User.ID, groupID, owner, versions+1, key, late, n); err != nil {
			return err
		}
		for _, m := range members {
			if err := course.RecordProgress(ctx, tx, as.CourseID, itemID, m, course.StateSubmitted); err != nil {
				return err
			}
		}
		return nil
	})
	if _, ok := fault.AsValidation(err); ok {
		return nil, err
	}
	if errors.Is(err, ErrNotFound) {
		return nil, fault.Invalid("files", "assignment.file_missing", "A file was not stored: upload it again.")
	}
	if err != nil {
		return nil, fmt.Errorf("assignment %d: submit: %w", itemID, err)
	}
	sub, err := s.submission(ctx, id)
	if err != nil {
		return nil, err
	}
	sub.Existing = existing
	return sub, nil
}

// ownerOf is whose work a student's submission is: their own ("u<id>") or, for a
// group assignment, their group's ("g<id>") with every member.
func ownerOf(ctx context.Context, tx pgx.Tx, as *Assignment, userID int64) (string, *int64, []int64, error) {
	if !as.Group {
		return "u" + strconv.FormatInt(userID, 10), nil, []int64{userID}, nil
	}
	var gid int64
	err := tx.QueryRow(ctx, `SELECT group_id FROM assignment_group_members WHERE item_id = $1 AND user_id = $2`, as.ID, userID).Scan(&gid)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, nil, fault.Invalid("assignment", "assignment.no_group", "You are not in a group for this assignment yet: ask your teacher.")
	}
	if err != nil {
		return "", nil, nil, err
	}
	rows, err := tx.Query(ctx, `SELECT user_id FROM assignment_group_members WHERE group_id = $1`, gid)
	if err != nil {
		return "", nil, nil, err
	}
	members, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return "g" + strconv.FormatInt(gid, 10), &gid, members, err
}

func insertSubmission(ctx context.Context, tx pgx.Tx, as *Assignment, userID int64, groupID *int64, owner string, version int, key string, late bool, n NewSubmission) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO submissions (item_id, course_id, user_id, group_id, owner_key, version, body, idem_key, late)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		as.ID, as.CourseID, userID, groupID, owner, version, n.Text, key, late).Scan(&id)
	if err != nil {
		return 0, err
	}
	for i, f := range n.Files {
		_, err := tx.Exec(ctx, `INSERT INTO submission_files (submission_id, position, name, sha256, size, content_type) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, i, f.Name, f.SHA256, f.Size, f.ContentType)
		if err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (s *Service) refFiles(ctx context.Context, tx pgx.Tx, files []File) error {
	for _, f := range files {
		if err := s.blobs.Ref(ctx, tx, f.SHA256, 1); err != nil {
			return err
		}
	}
	return nil
}

// SetGroups replaces the groups of a group assignment: each inner list is one group
// of students of the course (teachers only). Work already handed in keeps its group.
func (s *Service) SetGroups(ctx context.Context, a *identity.Actor, itemID int64, groups map[string][]int64) error {
	as, err := s.Get(ctx, a, itemID)
	if err != nil {
		return err
	}
	if as.Role != string(course.RoleTeacher) {
		return fmt.Errorf("assignment %d: groups: %w", itemID, ErrForbidden)
	}
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := ensureSettings(ctx, tx, &course.Item{ID: as.ID, CourseID: as.CourseID, Title: as.Title}); err != nil {
			return err
		}
		students, err := learners(ctx, tx, as.CourseID, nil)
		if err != nil {
			return err
		}
		in := map[int64]bool{}
		for _, u := range students {
			in[u] = true
		}
		if _, err := tx.Exec(ctx, `DELETE FROM assignment_group_members WHERE item_id = $1`, itemID); err != nil {
			return err
		}
		// Groups without work handed in go; the others stay for their submissions.
		if _, err := tx.Exec(ctx, `DELETE FROM assignment_groups g WHERE g.item_id = $1
			AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.group_id = g.id)`, itemID); err != nil {
			return err
		}
		for name, users := range groups {
			name = strings.TrimSpace(name)
			var gid int64
			err := tx.QueryRow(ctx, `INSERT INTO assignment_groups (item_id, name) VALUES ($1, $2)
				ON CONFLICT (item_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`, itemID, name).Scan(&gid)
			if err != nil {
				return fault.Invalid("groups", "assignment.group_name", "Give every group a name of 1 to 100 characters.")
			}
			for _, u := range users {
				if !in[u] {
					return fault.Invalid("groups", "assignment.group_member", "Groups hold students of this course, each in one group.")
				}
				if _, err := tx.Exec(ctx, `INSERT INTO assignment_group_members (group_id, item_id, user_id) VALUES ($1, $2, $3)`, gid, itemID, u); err != nil {
					return fault.Invalid("groups", "assignment.group_member", "Groups hold students of this course, each in one group.")
				}
			}
		}
		return nil
	})
}

// Groups returns each grouped student's group name on an assignment (teachers and
// administrators).
func (s *Service) Groups(ctx context.Context, a *identity.Actor, itemID int64) (map[int64]string, error) {
	if _, err := s.teacher(ctx, a, itemID, "groups"); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT m.user_id, g.name FROM assignment_group_members m JOIN assignment_groups g ON g.id = m.group_id
		WHERE m.item_id = $1`, itemID)
	if err != nil {
		return nil, fmt.Errorf("assignment %d: groups: %w", itemID, err)
	}
	out := map[int64]string{}
	var uid int64
	var name string
	_, err = pgx.ForEachRow(rows, []any{&uid, &name}, func() error { out[uid] = name; return nil })
	if err != nil {
		return nil, fmt.Errorf("assignment %d: groups: %w", itemID, err)
	}
	return out, nil
}
