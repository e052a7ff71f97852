package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// seedSchool fills the demo's first school (teacher1's) in SQL, in one transaction:
// students (sharing student1's password hash, so no hashing at seed time) in classes
// of ~38, courses each taught to a few classes, lessons, assignments and tests in
// each course, and submissions of random (assignment, student) pairs, a half of
// them graded into the gradebook with stored averages.
func seedSchool(ctx context.Context, db *pgxpool.Pool, students, courses, submissions int) error {
	classes := (students + 37) / 38
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		steps := []struct {
			what string
			sql  string
			args []any
		}{
			{"students", `INSERT INTO users (person_id, username, full_name, password_hash, home_org_id)
				SELECT 'BS' || lpad(g::text, 7, '0'), 'bs' || g, 'Học sinh ' || g,
				  (SELECT password_hash FROM users WHERE username = 'student1'), (SELECT home_org_id FROM users WHERE username = 'teacher1')
				FROM generate_series(1, $1) g`, []any{students}},
			{"roles", `INSERT INTO role_assignments (user_id, org_id, role) SELECT id, home_org_id, 'student' FROM users WHERE username LIKE 'bs%'`, nil},
			{"classes", `INSERT INTO classes (org_id, name, school_year, grade)
				SELECT (SELECT home_org_id FROM users WHERE username = 'teacher1'), 'B' || g, '2026-2027', 10 + g % 3 FROM generate_series(1, $1) g`, []any{classes}},
			{"class members", `INSERT INTO class_members (class_id, user_id, role)
				SELECT c.id, u.id, 'student' FROM users u
				JOIN classes c ON c.name = 'B' || (1 + (substr(u.username, 3)::int - 1) % $1)
				WHERE u.username LIKE 'bs%'`, []any{classes}},
			{"courses", `INSERT INTO courses (org_id, org_path, owner_id, title, subject, grade, school_year)
				SELECT o.id, o.path, t.id, 'Môn ' || g, 'toan', 10, '2026-2027'
				FROM generate_series(1, $1) g, users t JOIN organizations o ON o.id = t.home_org_id WHERE t.username = 'teacher1'`, []any{courses}},
			{"teachers", `INSERT INTO course_teachers (course_id, user_id, role) SELECT c.id, c.owner_id, 'owner' FROM courses c WHERE c.title LIKE 'Môn %'`, nil},
			// Each course is taught to 8 classes, so a class takes about 12 courses.
			{"course classes", `INSERT INTO course_classes (course_id, class_id)
				SELECT DISTINCT c.id, cl.id FROM courses c, generate_series(0, 7) j, classes cl
				WHERE c.title LIKE 'Môn %' AND cl.name = 'B' || (1 + ((substr(c.title, 5)::int - 1) * 8 + j) % $1)`, []any{classes}},
			{"items", `INSERT INTO course_items (course_id, position, kind, title, ref_id, closes_at)
				SELECT c.id, k, CASE WHEN k <= 4 THEN 'lesson' WHEN k <= 8 THEN 'assignment' ELSE 'test' END, 'Mục ' || k,
				  CASE WHEN k > 8 THEN k END, CASE WHEN k > 8 THEN now() + (k || ' days')::interval END
				FROM courses c, generate_series(1, 10) k WHERE c.title LIKE 'Môn %'`, nil},
			{"assignments", `INSERT INTO assignments (item_id, course_id, instructions, due_at)
				SELECT id, course_id, 'Làm bài ' || position, now() + ((position - 6) || ' days')::interval FROM course_items WHERE kind = 'assignment'`, nil},
			{"categories", `INSERT INTO gradebook_categories (course_id, code, name, weight, position)
				SELECT c.id, v.code, v.name, v.w, v.p FROM courses c,
				  (VALUES ('regular', 'Thường xuyên', 1, 0), ('midterm', 'Giữa kỳ', 2, 1), ('final', 'Cuối kỳ', 3, 2)) v(code, name, w, p)
				WHERE c.title LIKE 'Môn %'`, nil},
			{"columns", `INSERT INTO gradebook_items (course_id, source, source_id, title, category, max_score)
				SELECT course_id, 'assignment', id, title, 'regular', 10 FROM course_items WHERE kind = 'assignment'`, nil},
			{"submissions", `INSERT INTO submissions (item_id, course_id, user_id, owner_key, version, body, idem_key, submitted_at)
				SELECT item_id, course_id, user_id, 'u' || user_id, 1, 'Bài làm', 'seed', now() - interval '1 day' FROM (
				  SELECT DISTINCT ON (a.item_id, m.user_id) a.item_id, a.course_id, m.user_id FROM assignments a
				  JOIN course_classes cc ON cc.course_id = a.course_id
				  JOIN class_members m ON m.class_id = cc.class_id AND m.role = 'student'
				  ORDER BY a.item_id, m.user_id) p
				ORDER BY (item_id * 31 + user_id * 17) % 9973, item_id, user_id LIMIT $1`, []any{submissions}},
			{"progress", `INSERT INTO course_progress (item_id, user_id, course_id, state)
				SELECT item_id, user_id, course_id, 'submitted' FROM submissions ON CONFLICT DO NOTHING`, nil},
			{"grades", `INSERT INTO submission_grades (item_id, owner_key, submission_id, score, raw_score, feedback, graded_by)
				SELECT s.item_id, s.owner_key, s.id, (s.id % 11), (s.id % 11), 'Nhận xét ' || s.id, (SELECT id FROM users WHERE username = 'teacher1')
				FROM submissions s WHERE s.id % 2 = 0`, nil},
			{"marks", `INSERT INTO gradebook_entries (item_id, user_id, course_id, mark)
				SELECT gi.id, s.user_id, s.course_id, (s.id % 11) FROM submission_grades g JOIN submissions s ON s.id = g.submission_id
				JOIN gradebook_items gi ON gi.source = 'assignment' AND gi.source_id = s.item_id`, nil},
			{"averages", `INSERT INTO gradebook_totals (course_id, user_id, average)
				SELECT course_id, user_id, round(avg(mark), 1) FROM gradebook_entries GROUP BY course_id, user_id`, nil},
		}
		for _, st := range steps {
			if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
				return fmt.Errorf("seed %s: %w", st.what, err)
			}
		}
		return nil
	})
}
