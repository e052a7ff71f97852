package course_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
)

// BenchmarkStudentReadsLesson measures what a student's lesson page costs the domain:
// ItemView (access, outline with release rules and progress, rendering) of a lesson
// with a repository video in a course of 8 sections x 5 items.
func BenchmarkStudentReadsLesson(b *testing.B) {
	ctx := context.Background()
	pool, _ := devtest.Pool(b)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		b.Fatal(err)
	}
	repo := repository.New(pool, nil, nil)
	if err := repo.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	w := &lmsWorld{world: &world{t: &testing.T{}, ids: ids, courses: course.New(pool, nil).WithResources(repo)}, repo: repo}
	as := func(name string) *identity.Actor {
		a, err := ids.Authenticate(ctx, name, pw, "127.0.0.1")
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	t1, s1 := as("teacher1"), as("student1")
	cs, _ := ids.MyClasses(ctx, t1)
	c, err := w.courses.Create(ctx, t1, course.NewCourse{Title: "Toán 10", Subject: "toan", Grade: 10, ClassIDs: []int64{cs[0].ID}})
	if err != nil {
		b.Fatal(err)
	}
	var lesson int64
	for i := 0; i < 8; i++ {
		sec, err := w.courses.AddSection(ctx, t1, c.ID, fmt.Sprintf("Tuần %d", i+1), "")
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 5; j++ {
			it, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLesson,
				Title: fmt.Sprintf("Bài %d.%d", i+1, j+1), Markdown: "# Bài\n\nHàm số $y=ax^2$.\n\n| x | y |\n|---|---|\n| 1 | 1 |\n"})
			if err != nil {
				b.Fatal(err)
			}
			lesson = it.ID
		}
	}
	vid := benchVideo(b, w, t1)
	if _, err := w.courses.UpdateItem(ctx, t1, lesson, course.NewItem{Title: "Bài cuối", Markdown: fmt.Sprintf("# Video\n\n![v](resource:%d)", vid)}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := w.courses.ItemView(ctx, s1, lesson); err != nil {
			b.Fatal(err)
		}
	}
}

// benchVideo publishes a video resource (teacher1, reviewed by reviewer1).
func benchVideo(b *testing.B, w *lmsWorld, t1 *identity.Actor) int64 {
	ctx := context.Background()
	r, err := w.repo.Create(ctx, t1, repository.NewResource{Title: "Video", Type: "video", Subject: "toan", Grades: []int{10}, Scope: "school", Licence: "CC BY 4.0"})
	if err != nil {
		b.Fatal(err)
	}
	sha := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	if _, err := w.repo.AddVersion(ctx, t1, r.ID, "", []repository.File{{Name: "v.mp4", SHA256: sha, Size: 10, ContentType: "video/mp4", Kind: "video"}}); err != nil {
		b.Fatal(err)
	}
	v, err := w.repo.Submit(ctx, t1, r.ID, "")
	if err != nil {
		b.Fatal(err)
	}
	rev, err := w.ids.Authenticate(ctx, "reviewer1", pw, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	if err := w.repo.Claim(ctx, rev, v.ID); err != nil {
		b.Fatal(err)
	}
	if _, err := w.repo.Decide(ctx, rev, v.ID, repository.Decision{Decision: "approve"}); err != nil {
		b.Fatal(err)
	}
	return r.ID
}
