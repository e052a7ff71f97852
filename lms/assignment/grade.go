package assignment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/notify"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// rubricScore adds the points of the chosen level of each criterion.
func rubricScore(r []Criterion, levels []int) (float64, error) {
	if len(levels) != len(r) {
		return 0, fault.Invalid("levels", "assignment.levels", "Choose one level for every criterion of the rubric.")
	}
	sum := 0.0
	for i, l := range levels {
		if l < 0 || l >= len(r[i].Levels) {
			return 0, fault.Invalid("levels", "assignment.levels", "Choose one level for every criterion of the rubric.")
		}
		sum += r[i].Levels[l].Points
	}
	return sum, nil
}

// finalScore applies the late penalty, to two decimals.
func finalScore(raw float64, st *Settings, late bool) float64 {
	if late && st.LatePolicy == LateAccept && st.LatePenalty > 0 {
		raw = raw * float64(100-st.LatePenalty) / 100
	}
	return math.Round(raw*100) / 100
}

// Grade marks the work a submission belongs to (the owner's latest version is what
// counts): the mark, with a late penalty, goes to the gradebook for every member, and
// the students and their parents are told, all in one transaction.
func (s *Service) Grade(ctx context.Context, a *identity.Actor, submissionID int64, n NewGrade) (*Submission, error) {
	sub, err := s.submission(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	as, err := s.Get(ctx, a, sub.ItemID)
	if err != nil {
		return nil, err
	}
	if as.Role != string(course.RoleTeacher) {
		if as.Role == string(course.RoleViewer) {
			return nil, fmt.Errorf("submission %d: grade: %w", submissionID, ErrForbidden)
		}
		return nil, fmt.Errorf("submission %d: %w", submissionID, ErrNotFound)
	}
	raw, err := scoreOf(&as.Settings, n)
	if err != nil {
		return nil, err
	}
	n.Feedback = strings.TrimSpace(n.Feedback)
	if len(n.Feedback) > maxText {
		return nil, fault.Invalid("feedback", "assignment.feedback_size", "Feedback may hold at most 100,000 characters.")
	}
	score := finalScore(raw, &as.Settings, sub.Late)
	levels, _ := json.Marshal(nonNilInts(n.Levels))
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.saveGrade(ctx, tx, a, sub, score, raw, levels, n); err != nil {
			return err
		}
		members, err := membersOf(ctx, tx, sub)
		if err != nil {
			return err
		}
		col, err := gradebook.EnsureItem(ctx, tx, as.CourseID, gradebook.SourceAssignment, as.ID, as.Title, as.Category, as.MaxScore)
		if err != nil {
			return err
		}
		mark := gradebook.ToTenths(score, as.MaxScore)
		by := a.User.ID
		for _, m := range members {
			if _, err := gradebook.Record(ctx, tx, gradebook.Change{ItemID: col, UserID: m, Mark: &mark, By: &by, Reason: "assignment"}); err != nil {
				return err
			}
			if score*2 >= as.MaxScore {
				if err := course.RecordProgress(ctx, tx, as.CourseID, as.ID, m, course.StatePassed); err != nil {
					return err
				}
			}
		}
		told, err := withParents(ctx, tx, members)
		if err != nil {
			return err
		}
		return notify.Send(ctx, tx, told, "grade.released", "Đã có điểm: "+as.Title+" — "+mark.String(), fmt.Sprintf("/assignments/%d", as.ID))
	})
	if _, ok := fault.AsValidation(err); ok {
		return nil, err
	}
	if errors.Is(err, ErrNotFound) {
		return nil, fault.Invalid("feedback_file", "assignment.file_missing", "A file was not stored: upload it again.")
	}
	if err != nil {
		return nil, fmt.Errorf("submission %d: grade: %w", submissionID, err)
	}
	return s.submission(ctx, submissionID)
}

func scoreOf(st *Settings, n NewGrade) (float64, error) {
	var raw float64
	switch {
	case len(n.Levels) > 0:
		r, err := rubricScore(st.Rubric, n.Levels)
		if err != nil {
			return 0, err
		}
		raw = r
	case n.Score != nil:
		raw = *n.Score
	default:
		return 0, fault.Invalid("score", "assignment.score_invalid", "Give a score from 0 to %g.", st.MaxScore)
	}
	if math.IsNaN(raw) || raw < 0 || raw > st.MaxScore {
		return 0, fault.Invalid("score", "assignment.score_invalid", "Give a score from 0 to %g.", st.MaxScore)
	}
	return raw, nil
}

func nonNilInts(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

// saveGrade writes the grade row and moves the feedback file's reference.
func (s *Service) saveGrade(ctx context.Context, tx pgx.Tx, a *identity.Actor, sub *Submission, score, raw float64, levels []byte, n NewGrade) error {
	var old *string
	err := tx.QueryRow(ctx, `SELECT feedback_file FROM submission_grades WHERE item_id = $1 AND owner_key = $2 FOR UPDATE`, sub.ItemID, sub.Owner).Scan(&old)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	var sha, name, ctype *string
	if f := n.FeedbackFile; f != nil {
		sha, name, ctype = &f.SHA256, &f.Name, &f.ContentType
		if old == nil || *old != f.SHA256 {
			if err := s.blobs.Ref(ctx, tx, f.SHA256, 1); err != nil {
				return err
			}
			if old != nil {
				if err := s.blobs.Ref(ctx, tx, *old, -1); err != nil {
					return err
				}
			}
		}
	} else {
		// No new file: the earlier one stays.
		sha = old
	}
	_, err = tx.Exec(ctx, `INSERT INTO submission_grades (item_id, owner_key, submission_id, score, raw_score, rubric, feedback,
		  feedback_file, feedback_name, feedback_type, graded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, ''), COALESCE($10, ''), $11)
		ON CONFLICT (item_id, owner_key) DO UPDATE SET submission_id = $3, score = $4, raw_score = $5, rubric = $6, feedback = $7,
		  feedback_file = $8, feedback_name = COALESCE($9, submission_grades.feedback_name), feedback_type = COALESCE($10, submission_grades.feedback_type),
		  graded_by = $11, graded_at = now()`,
		sub.ItemID, sub.Owner, sub.ID, score, raw, levels, n.Feedback, sha, name, ctype, a.User.ID)
	return err
}

// membersOf is whose mark a submission decides: the student, or every group member.
func membersOf(ctx context.Context, tx pgx.Tx, sub *Submission) ([]int64, error) {
	if sub.GroupID == nil {
		return []int64{sub.UserID}, nil
	}
	rows, err := tx.Query(ctx, `SELECT user_id FROM assignment_group_members WHERE group_id = $1`, *sub.GroupID)
	if err != nil {
		return nil, err
	}
	members, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if len(members) == 0 {
		members = []int64{sub.UserID}
	}
	return members, err
}

// withParents adds the students' guardians.
func withParents(ctx context.Context, tx pgx.Tx, students []int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT parent_id FROM guardians WHERE student_id = ANY($1)`, students)
	if err != nil {
		return nil, err
	}
	parents, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return append(students, parents...), err
}
