package assignment

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
)

const subCols = `s.id, s.item_id, s.user_id, u.full_name, s.group_id, s.owner_key, s.version, s.body, s.late, s.submitted_at`

func scanSub(r pgx.CollectableRow) (Submission, error) {
	var x Submission
	err := r.Scan(&x.ID, &x.ItemID, &x.UserID, &x.Name, &x.GroupID, &x.Owner, &x.Version, &x.Text, &x.Late, &x.SubmittedAt)
	x.Files = []File{}
	return x, err
}

// loadSubs reads submissions by a WHERE clause with their files and grades.
func (s *Service) loadSubs(ctx context.Context, where string, args ...any) ([]Submission, error) {
	rows, err := s.db.Query(ctx, `SELECT `+subCols+` FROM submissions s JOIN users u ON u.id = s.user_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("assignment: submissions: %w", err)
	}
	subs, err := pgx.CollectRows(rows, scanSub)
	if err != nil || len(subs) == 0 {
		return subs, err
	}
	ids := make([]int64, len(subs))
	at := map[int64]int{}
	for i, x := range subs {
		ids[i], at[x.ID] = x.ID, i
	}
	rows, err = s.db.Query(ctx, `SELECT submission_id, name, sha256, size, content_type FROM submission_files
		WHERE submission_id = ANY($1) ORDER BY submission_id, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("assignment: submission files: %w", err)
	}
	var sid int64
	var f File
	if _, err := pgx.ForEachRow(rows, []any{&sid, &f.Name, &f.SHA256, &f.Size, &f.ContentType}, func() error {
		subs[at[sid]].Files = append(subs[at[sid]].Files, f)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("assignment: submission files: %w", err)
	}
	return subs, s.attachGrades(ctx, subs)
}

// attachGrades sets the grade of each owner on their submissions.
func (s *Service) attachGrades(ctx context.Context, subs []Submission) error {
	rows, err := s.db.Query(ctx, `SELECT g.item_id, g.owner_key, g.submission_id, g.score::float8, g.raw_score::float8, a.max_score::float8,
		g.rubric, g.feedback, g.feedback_file, g.feedback_name, g.feedback_type, u.full_name, g.graded_at
		FROM submission_grades g JOIN assignments a ON a.item_id = g.item_id JOIN users u ON u.id = g.graded_by
		WHERE (g.item_id, g.owner_key) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))`, itemsOf(subs), ownersOf(subs))
	if err != nil {
		return fmt.Errorf("assignment: grades: %w", err)
	}
	type key struct {
		item  int64
		owner string
	}
	grades := map[key]*Grade{}
	var k key
	var fsha *string
	var fname, ftype string
	var g Grade
	if _, err := pgx.ForEachRow(rows, []any{&k.item, &k.owner, &g.SubmissionID, &g.Score, &g.RawScore, &g.MaxScore, &g.Rubric,
		&g.Feedback, &fsha, &fname, &ftype, &g.GradedBy, &g.GradedAt}, func() error {
		gg := g
		if fsha != nil {
			gg.FeedbackFile = &File{Name: fname, SHA256: *fsha, ContentType: ftype}
		}
		grades[k] = &gg
		return nil
	}); err != nil {
		return fmt.Errorf("assignment: grades: %w", err)
	}
	for i := range subs {
		subs[i].Grade = grades[key{subs[i].ItemID, subs[i].Owner}]
	}
	return nil
}

func itemsOf(subs []Submission) []int64 {
	out := make([]int64, len(subs))
	for i, x := range subs {
		out[i] = x.ItemID
	}
	return out
}

func ownersOf(subs []Submission) []string {
	out := make([]string, len(subs))
	for i, x := range subs {
		out[i] = x.Owner
	}
	return out
}

func (s *Service) submission(ctx context.Context, id int64) (*Submission, error) {
	subs, err := s.loadSubs(ctx, `s.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("submission %d: %w", id, ErrNotFound)
	}
	return &subs[0], nil
}

// teacher loads an assignment and requires that the caller sees every student's work.
func (s *Service) teacher(ctx context.Context, a *identity.Actor, itemID int64, what string) (*Assignment, error) {
	as, err := s.Get(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	if as.Role != string(course.RoleTeacher) && as.Role != string(course.RoleViewer) {
		return nil, fmt.Errorf("assignment %d: %s: %w", itemID, what, ErrForbidden)
	}
	return as, nil
}

// Submissions lists the latest version of every student's (or group's) work, by
// name, with grades and the names of others who handed in an identical file.
func (s *Service) Submissions(ctx context.Context, a *identity.Actor, itemID int64) ([]Submission, error) {
	if _, err := s.teacher(ctx, a, itemID, "submissions"); err != nil {
		return nil, err
	}
	subs, err := s.loadSubs(ctx, `s.item_id = $1 AND s.version = (SELECT max(version) FROM submissions l
		WHERE l.item_id = s.item_id AND l.owner_key = s.owner_key) ORDER BY u.full_name, s.id`, itemID)
	if err != nil {
		return nil, err
	}
	flagDuplicates(subs)
	return subs, nil
}

// flagDuplicates names, on each submission, the other owners whose latest version
// holds a file with the same content hash.
func flagDuplicates(subs []Submission) {
	byHash := map[string][]int{}
	for i, x := range subs {
		for _, f := range x.Files {
			if !slices.Contains(byHash[f.SHA256], i) {
				byHash[f.SHA256] = append(byHash[f.SHA256], i)
			}
		}
	}
	for _, idx := range byHash {
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			for _, j := range idx {
				if subs[j].Owner != subs[i].Owner && !slices.Contains(subs[i].Duplicates, subs[j].Name) {
					subs[i].Duplicates = append(subs[i].Duplicates, subs[j].Name)
				}
			}
		}
	}
}

// Work is every version one student (or their group) handed in, newest first, with
// the grade: for the student, their parents and the course's teachers.
func (s *Service) Work(ctx context.Context, a *identity.Actor, itemID, userID int64) ([]Submission, error) {
	as, err := s.Get(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, a, as, userID); err != nil {
		return nil, err
	}
	owner := "u" + strconv.FormatInt(userID, 10)
	var gid int64
	err = s.db.QueryRow(ctx, `SELECT group_id FROM assignment_group_members WHERE item_id = $1 AND user_id = $2`, itemID, userID).Scan(&gid)
	if err == nil && as.Group {
		owner = "g" + strconv.FormatInt(gid, 10)
	} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("assignment %d: group: %w", itemID, err)
	}
	return s.loadSubs(ctx, `s.item_id = $1 AND s.owner_key = $2 ORDER BY s.version DESC`, itemID, owner)
}

// mayRead decides whether the caller may read userID's work on an assignment.
func (s *Service) mayRead(ctx context.Context, a *identity.Actor, as *Assignment, userID int64) error {
	switch course.Role(as.Role) {
	case course.RoleTeacher, course.RoleViewer:
		return nil
	case course.RoleStudent:
		if userID == a.User.ID {
			return nil
		}
		// A group member reads the group's work.
		var same bool
		err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM assignment_group_members x JOIN assignment_group_members y ON y.group_id = x.group_id
			WHERE x.item_id = $1 AND x.user_id = $2 AND y.user_id = $3)`, as.ID, a.User.ID, userID).Scan(&same)
		if err == nil && same {
			return nil
		}
	case course.RoleParent:
		var child bool
		err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM guardians WHERE parent_id = $1 AND student_id = $2)`, a.User.ID, userID).Scan(&child)
		if err == nil && child {
			return nil
		}
	}
	return fmt.Errorf("assignment %d: work of %d: %w", as.ID, userID, ErrNotFound)
}

// FileAccess returns a file of a submission (or its feedback file) when the caller
// may read that submission.
func (s *Service) FileAccess(ctx context.Context, a *identity.Actor, submissionID int64, sha string) (*File, error) {
	sub, err := s.submission(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	as, err := s.Get(ctx, a, sub.ItemID)
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, a, as, sub.UserID); err != nil {
		return nil, err
	}
	for _, f := range sub.Files {
		if f.SHA256 == sha {
			return &f, nil
		}
	}
	if g := sub.Grade; g != nil && g.FeedbackFile != nil && g.FeedbackFile.SHA256 == sha {
		return g.FeedbackFile, nil
	}
	return nil, fmt.Errorf("submission %d: file %s: %w", submissionID, sha, ErrNotFound)
}

// Submission returns one submission the caller may read.
func (s *Service) Submission(ctx context.Context, a *identity.Actor, submissionID int64) (*Submission, error) {
	sub, err := s.submission(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	as, err := s.Get(ctx, a, sub.ItemID)
	if err != nil {
		return nil, err
	}
	if err := s.mayRead(ctx, a, as, sub.UserID); err != nil {
		return nil, err
	}
	return sub, nil
}
