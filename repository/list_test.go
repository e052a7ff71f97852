package repository_test

import (
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/repository"
)

// seedPublished inserts n published resources of teacher1's school, one in seven
// of them public, cycling through the subjects.
func (w *world) seedPublished(n int) {
	w.t.Helper()
	_, err := w.db.Exec(context.Background(), `
		WITH t AS (SELECT u.id AS owner, o.id AS org, o.path FROM users u JOIN organizations o ON o.id = u.home_org_id WHERE u.username = 'teacher1'),
		subj AS (SELECT array_agg(code ORDER BY code) AS codes FROM curriculum_subjects),
		ins AS (
			INSERT INTO resources (org_id, org_path, owner_id, type, title, subject, grades, licence, scope, scope_root)
			SELECT t.org, t.path, t.owner, 'slides', 'Học liệu ' || g, subj.codes[1 + g % array_length(subj.codes, 1)], ARRAY[1 + g % 12], 'CC BY 4.0',
				CASE WHEN g % 7 = 0 THEN 'public' ELSE 'school' END, CASE WHEN g % 7 = 0 THEN NULL ELSE t.path[3] END
			FROM generate_series(1, $1) g, t, subj RETURNING id, owner_id)
		INSERT INTO resource_versions (resource_id, number, status, created_by, submitted_at, published_at)
		SELECT id, 1, 'published', owner_id, now(), now() FROM ins`, n)
	if err != nil {
		w.t.Fatal(err)
	}
}

// TestListCountsUpToALimit: a broad listing counts up to 1,000 and says there are
// more; a narrow one counts exactly; pages past the limit still have a next page.
func TestListCountsUpToALimit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.seedPublished(1200)
	ctx := context.Background()
	student, other := w.as("student1"), w.as("student2")
	p, err := w.repo.List(ctx, student, repository.Filter{})
	if err != nil || p.Total != 1000 || !p.More || len(p.Resources) != 20 {
		t.Fatalf("broad: total %d more %v, %d rows, %v", p.Total, p.More, len(p.Resources), err)
	}
	p, err = w.repo.List(ctx, student, repository.Filter{Page: 55})
	if err != nil || p.Total != 1100 || !p.More || len(p.Resources) != 20 {
		t.Fatalf("page 55: total %d more %v, %d rows, %v", p.Total, p.More, len(p.Resources), err)
	}
	p, err = w.repo.List(ctx, student, repository.Filter{Page: 61})
	if err != nil || p.Total != 1200 || p.More || len(p.Resources) != 0 {
		t.Fatalf("page 61: total %d more %v, %d rows, %v", p.Total, p.More, len(p.Resources), err)
	}
	p, err = w.repo.List(ctx, student, repository.Filter{Subject: "toan"})
	if err != nil || p.More || p.Total != 50 {
		t.Fatalf("one subject: total %d more %v, %v", p.Total, p.More, err)
	}
	// Another school's student sees only the public ones.
	p, err = w.repo.List(ctx, other, repository.Filter{Subject: "toan"})
	if err != nil || p.More || p.Total >= 50 || p.Total == 0 {
		t.Fatalf("school B, one subject: total %d, %v", p.Total, err)
	}
	for _, r := range p.Resources {
		if r.Scope != "public" {
			t.Fatalf("school B sees a school resource: %+v", r)
		}
	}
}

// TestSubjectsServedFromMemory: the subjects list comes from the cache after the
// first read (a row added by hand is not seen yet) and each caller gets its own copy.
func TestSubjectsServedFromMemory(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	first, err := w.repo.Subjects(ctx)
	if err != nil || len(first) == 0 {
		t.Fatalf("subjects: %d, %v", len(first), err)
	}
	if _, err := w.db.Exec(ctx, `INSERT INTO curriculum_subjects (code, name_vi, name_en, grades) VALUES ('cache-test', 'Thử', 'Test', '{1}')`); err != nil {
		t.Fatal(err)
	}
	name := first[0].NameVI
	first[0].NameVI = "changed by the caller"
	again, err := w.repo.Subjects(ctx)
	if err != nil || len(again) != len(first) || again[0].NameVI != name {
		t.Fatalf("second read: %d subjects (first %d), first %q, %v", len(again), len(first), again[0].NameVI, err)
	}
	fresh, err := repository.New(w.db, nil, nil).Subjects(ctx)
	if err != nil || len(fresh) != len(first)+1 {
		t.Fatalf("new service: %d subjects, want %d, %v", len(fresh), len(first)+1, err)
	}
}
