package course_test

import (
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
)

func TestCoursesInSearch(t *testing.T) {
	pool, _ := devtest.Pool(t)
	ctx := context.Background()
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		t.Fatal(err)
	}
	if err := repository.New(pool, nil, nil).SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	ix := search.NewPostgres(pool, search.Options{})
	w := &world{t: t, ids: ids, courses: course.New(pool, nil).WithSearch(ix)}
	c := w.mathCourse()
	found := func(user string) int {
		t.Helper()
		res, err := ix.Search(ctx, w.as(user), search.Query{Text: "đại số", Type: search.TypeCourse})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if found("teacher1") != 1 || found("teacher2") != 0 {
		t.Fatalf("private course: teacher1 finds %d, teacher2 %d; want 1, 0", found("teacher1"), found("teacher2"))
	}
	if err := w.courses.SetTemplate(ctx, w.as("teacher1"), c.ID, true, "city"); err != nil {
		t.Fatal(err)
	}
	if n := found("teacher2"); n != 1 {
		t.Errorf("a city template: teacher2 finds %d, want 1", n)
	}
	if err := w.courses.SetTemplate(ctx, w.as("teacher1"), c.ID, true, "school"); err != nil {
		t.Fatal(err)
	}
	if n := found("teacher2"); n != 0 {
		t.Errorf("a school template of school A: teacher2 finds %d, want 0", n)
	}
	counts, err := ix.Reindex(ctx, w.courses)
	if err != nil || counts[search.TypeCourse] != 1 {
		t.Errorf("Reindex = %v, %v; want 1 course", counts, err)
	}
}
