package course_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
)

type lmsWorld struct {
	*world
	repo *repository.Service
}

func newLMSWorld(t *testing.T) *lmsWorld {
	t.Helper()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(context.Background(), pw); err != nil {
		t.Fatal(err)
	}
	repo := repository.New(pool, nil, nil)
	if err := repo.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &lmsWorld{world: &world{t: t, ids: ids, courses: course.New(pool, nil).WithResources(repo)}, repo: repo}
}

// publishVideo makes teacher1 publish a video resource (reviewed by reviewer1) and
// returns it; each call adds a new published version.
func (w *lmsWorld) publishVideo(id int64, name string) int64 {
	w.t.Helper()
	ctx := context.Background()
	t1, rev := w.as("teacher1"), w.as("reviewer1")
	if id == 0 {
		r, err := w.repo.Create(ctx, t1, repository.NewResource{Title: "Video " + name, Type: "video", Subject: "toan", Grades: []int{10}, Scope: "school", Licence: "CC BY 4.0"})
		if err != nil {
			w.t.Fatal(err)
		}
		id = r.ID
	}
	h := sha256.Sum256([]byte(name))
	if _, err := w.repo.AddVersion(ctx, t1, id, "", []repository.File{{Name: name + ".mp4", SHA256: hex.EncodeToString(h[:]), Size: 10, ContentType: "video/mp4", Kind: "video"}}); err != nil {
		w.t.Fatal(err)
	}
	v, err := w.repo.Submit(ctx, t1, id, "")
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.repo.Claim(ctx, rev, v.ID); err != nil {
		w.t.Fatal(err)
	}
	if res, err := w.repo.Decide(ctx, rev, v.ID, repository.Decision{Decision: "approve"}); err != nil || res != "published" {
		w.t.Fatalf("publish: %s %v", res, err)
	}
	return id
}

func TestLessonRendersEmbedsForReaders(t *testing.T) {
	w := newLMSWorld(t)
	ctx := context.Background()
	c := w.mathCourse()
	t1, s1, s2 := w.as("teacher1"), w.as("student1"), w.as("student2")
	vid := w.publishVideo(0, "ham-so")
	md := "# Hàm số\n\nXem video: ![Bài giảng](resource:" + itoa(vid) + ")\n\n$y = ax^2$\n\n<script>alert(1)</script>"
	lesson, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{Kind: course.KindLesson, Title: "Bài 1", Markdown: md})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.courses.ItemView(ctx, s1, lesson.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1", `<video class="embed embed-video"`, "/api/v1/resources/" + itoa(vid) + "/files/", `<span class="math inline">$y = ax^2$</span>`} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("student's lesson HTML lacks %s:\n%s", want, got.HTML)
		}
	}
	if strings.Contains(got.HTML, "<script") {
		t.Errorf("script reached the reader: %s", got.HTML)
	}
	if _, err := w.courses.ItemView(ctx, s2, lesson.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("a student of another school read the lesson: %v", err)
	}
	// A reader who may not see the resource gets a placeholder, not the file.
	if h := w.courses.RenderMarkdown(ctx, s2, md); strings.Contains(h, "<video") || !strings.Contains(h, "embed-missing") {
		t.Errorf("school B sees school A's video: %s", h)
	}
}

func TestResourceItemPinsVersionAndNotices(t *testing.T) {
	w := newLMSWorld(t)
	ctx := context.Background()
	c := w.mathCourse()
	t1, s1 := w.as("teacher1"), w.as("student1")
	vid := w.publishVideo(0, "v1")
	it, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{Kind: course.KindResource, Title: "Video", RefID: &vid})
	if err != nil {
		t.Fatal(err)
	}
	if it.RefVersion == nil || *it.RefVersion != 1 {
		t.Fatalf("resource item version = %v, want the published 1", it.RefVersion)
	}
	if ups, err := w.courses.ResourceUpdates(ctx, t1, c.ID); err != nil || len(ups) != 0 {
		t.Fatalf("updates before a new version: %+v %v", ups, err)
	}
	w.publishVideo(vid, "v2")
	ups, err := w.courses.ResourceUpdates(ctx, t1, c.ID)
	if err != nil || len(ups) != 1 || ups[0].Chosen != 1 || ups[0].Newest != 2 {
		t.Fatalf("updates = %+v, %v; want 1 -> 2", ups, err)
	}
	if ups, _ := w.courses.ResourceUpdates(ctx, s1, c.ID); ups != nil {
		t.Errorf("a student was told of versions: %+v", ups)
	}
	view, err := w.courses.ItemView(ctx, s1, it.ID)
	h1, h2 := sha256.Sum256([]byte("v1")), sha256.Sum256([]byte("v2"))
	if err != nil || !strings.Contains(view.HTML, hex.EncodeToString(h1[:])) || strings.Contains(view.HTML, hex.EncodeToString(h2[:])) {
		t.Fatalf("student sees %v %v; want the chosen version 1", view, err)
	}
	two := 2
	if _, err := w.courses.UpdateItem(ctx, t1, it.ID, course.NewItem{Title: "Video", RefID: &vid, RefVersion: &two}); err != nil {
		t.Fatal(err)
	}
	if ups, _ := w.courses.ResourceUpdates(ctx, t1, c.ID); len(ups) != 0 {
		t.Errorf("still told of a newer version after choosing it: %+v", ups)
	}
	// A lesson embedding version 1 is noticed too.
	if _, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{Kind: course.KindLesson, Title: "Bài",
		Markdown: "![v](resource:" + itoa(vid) + "@1)"}); err != nil {
		t.Fatal(err)
	}
	if ups, _ := w.courses.ResourceUpdates(ctx, t1, c.ID); len(ups) != 1 || ups[0].Chosen != 1 || ups[0].Newest != 2 {
		t.Errorf("lesson embed at version 1 not noticed: %+v", ups)
	}
	nine := 9
	_, err = w.courses.AddItem(ctx, t1, c.ID, course.NewItem{Kind: course.KindResource, Title: "x", RefID: &vid, RefVersion: &nine})
	if v, ok := fault.AsValidation(err); !ok || v.Field != "ref_id" {
		t.Errorf("an unpublished version was accepted: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
