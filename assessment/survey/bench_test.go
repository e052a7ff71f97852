package survey_test

import (
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// benchWorld is a demo city with n extra students in school 1 and an anonymous
// survey for the school.
func benchWorld(b *testing.B, n int) (*world, *survey.Survey, []int64) {
	b.Helper()
	ctx := context.Background()
	pool, _ := devtest.Pool(b)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		b.Fatal(err)
	}
	w := &world{db: pool, ids: ids, svc: survey.New(pool, nil)}
	org, err := ids.OrgByCode(ctx, identity.DemoOrgCodes.School1)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := pool.Query(ctx, `WITH u AS (INSERT INTO users (person_id, username, full_name, home_org_id)
		SELECT 'B' || g, 'bench' || g, 'Học sinh ' || g, $1 FROM generate_series(1, $2) g RETURNING id)
		INSERT INTO role_assignments (user_id, org_id, role) SELECT id, $1, 'student' FROM u RETURNING user_id`, org.ID, n)
	if err != nil {
		b.Fatal(err)
	}
	var users []int64
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		users = append(users, id)
	}
	rows.Close()
	admin, err := ids.Authenticate(ctx, "school.admin", pw, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	n0 := survey.DemoSurvey(org.ID)
	sv, err := w.svc.Create(ctx, admin, n0)
	if err != nil {
		b.Fatal(err)
	}
	return w, sv, users
}

const benchAnswers = `[4, 2, [0, 1, 3], [5, 4, 2], "Trang web tải nhanh, học liệu phong phú."]`

// BenchmarkSubmit: one person's response (authorization, parsing, participation and
// answers in one transaction).
func BenchmarkSubmit(b *testing.B) {
	w, sv, users := benchWorld(b, 20000)
	ctx := context.Background()
	actors := make([]*identity.Actor, 0, len(users))
	for _, u := range users[:min(len(users), 2000)] {
		a, err := w.ids.Actor(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		actors = append(actors, a)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if i == len(actors) {
			b.StopTimer()
			if _, err := w.db.Exec(ctx, `DELETE FROM survey_participation WHERE survey_id = $1`, sv.ID); err != nil {
				b.Fatal(err)
			}
			i = 0
			b.StartTimer()
		}
		if err := w.svc.Submit(ctx, actors[i], sv.ID, []byte(benchAnswers)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkResults: live results of a survey with 10,000 responses.
func BenchmarkResults(b *testing.B) {
	w, sv, _ := benchWorld(b, 10)
	ctx := context.Background()
	_, err := w.db.Exec(ctx, `INSERT INTO survey_responses (id, survey_id, submitted_on, answers, choices, mixed)
		SELECT gen_random_uuid(), $1, current_date, $2::jsonb,
			ARRAY['0:0:' || (g % 5), '1:0:' || (g % 3), '2:0:' || (g % 4), '2:0:' || ((g + 1) % 4), '3:0:' || (g % 5), '3:1:' || ((g * 7) % 5), '3:2:' || ((g * 3) % 5)],
			true FROM generate_series(1, 10000) g`, sv.ID, benchAnswers)
	if err != nil {
		b.Fatal(err)
	}
	admin, err := w.ids.Authenticate(ctx, "school.admin", pw, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := w.svc.Results(ctx, admin, sv.ID)
		if err != nil || res.Responses != 10000 {
			b.Fatalf("results: %v", err)
		}
	}
}

// BenchmarkMix: mixing a batch of 100 fresh responses.
func BenchmarkMix(b *testing.B) {
	w, sv, _ := benchWorld(b, 10)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		if _, err := w.db.Exec(ctx, `UPDATE survey_responses SET mixed = false WHERE survey_id = $1`, sv.ID); err != nil {
			b.Fatal(err)
		}
		if _, err := w.db.Exec(ctx, `INSERT INTO survey_responses (id, survey_id, submitted_on, answers, choices)
			SELECT gen_random_uuid(), $1, current_date, $2::jsonb, '{}' FROM generate_series(1, 100 - (SELECT count(*) FROM survey_responses WHERE survey_id = $1)) g`,
			sv.ID, benchAnswers); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if n, err := w.svc.Mix(ctx); err != nil || n != 100 {
			b.Fatalf("mix: %d %v", n, err)
		}
	}
}
