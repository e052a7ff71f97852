package course

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// TestsSubmitted records that students handed in attempts at assessment tests
// (assessment.SubmitObserver, called in the transaction that closes the attempts):
// every test item pointing at test testIDs[i] in a course whose classes
// have userIDs[i] as a student is raised to submitted (a state never goes down).
// Assessment tests have no pass mark, so passed is not recorded here.
func (s *Service) TestsSubmitted(ctx context.Context, tx pgx.Tx, testIDs, userIDs []int64) error {
	if len(testIDs) != len(userIDs) {
		return fmt.Errorf("course: tests submitted: %d tests for %d students", len(testIDs), len(userIDs))
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO course_progress (item_id, user_id, course_id, state)
		SELECT DISTINCT i.id, x.user_id, i.course_id, 'submitted'
		FROM unnest($1::bigint[], $2::bigint[]) AS x(test_id, user_id)
		JOIN course_items i ON i.kind = 'test' AND i.ref_id = x.test_id
		WHERE EXISTS (SELECT 1 FROM course_classes cc JOIN class_members m ON m.class_id = cc.class_id
		  WHERE cc.course_id = i.course_id AND m.user_id = x.user_id AND m.role = 'student')
		ON CONFLICT (item_id, user_id) DO UPDATE SET state = 'submitted', updated_at = now()
		WHERE course_progress.state = 'viewed'`, testIDs, userIDs)
	if err != nil {
		return fmt.Errorf("course: record test progress: %w", err)
	}
	return nil
}
