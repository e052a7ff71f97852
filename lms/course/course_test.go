package course_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

type world struct {
	t       *testing.T
	ids     *identity.Service
	courses *course.Service
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(context.Background(), pw); err != nil {
		t.Fatal(err)
	}
	if err := repository.New(pool, nil, nil).SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &world{t: t, ids: ids, courses: course.New(pool, nil)}
}

func (w *world) as(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// classOf returns the id of the named class among the actor's classes.
func (w *world) classOf(a *identity.Actor, name string) int64 {
	w.t.Helper()
	cs, err := w.ids.MyClasses(context.Background(), a)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c.ID
		}
	}
	w.t.Fatalf("%s has no class %s", a.User.Username, name)
	return 0
}

func (w *world) mathCourse() *course.Course {
	w.t.Helper()
	t1 := w.as("teacher1")
	c, err := w.courses.Create(context.Background(), t1, course.NewCourse{
		Title: "Toán 10 — Đại số", Subject: "toan", Grade: 10, ClassIDs: []int64{w.classOf(t1, "10A1")}})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func TestAccessByRoleAndSchool(t *testing.T) {
	w := newWorld(t)
	c := w.mathCourse()
	ctx := context.Background()
	cases := []struct {
		user string
		want course.Role // "" means the course does not exist for them
	}{
		{"teacher1", course.RoleTeacher},
		{"student1", course.RoleStudent},
		{"school.admin", course.RoleViewer},
		{"district.admin", course.RoleViewer},
		{"city.admin", course.RoleViewer},
		{"teacher2", ""}, // another school
		{"student2", ""}, // another school
		{"reviewer1", ""},
	}
	for _, tc := range cases {
		t.Run(tc.user, func(t *testing.T) {
			x, err := w.courses.Access(ctx, w.as(tc.user), c.ID)
			if tc.want == "" {
				if !errors.Is(err, fault.ErrNotFound) {
					t.Fatalf("Access = %v, %v; want ErrNotFound", x, err)
				}
				return
			}
			if err != nil || x.Role != tc.want {
				t.Fatalf("Access = %+v, %v; want role %s", x, err, tc.want)
			}
		})
	}
	// Lists agree with Access.
	for user, want := range map[string]int{"teacher1": 1, "student1": 1, "teacher2": 0, "student2": 0} {
		list, err := w.courses.List(ctx, w.as(user))
		if err != nil || len(list) != want {
			t.Errorf("%s: List = %d courses, %v; want %d", user, len(list), err, want)
		}
	}
}

func TestCreateRules(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t1, t2 := w.as("teacher1"), w.as("teacher2")
	other := w.classOf(t2, "10A2")
	cases := []struct {
		name string
		who  *identity.Actor
		n    course.NewCourse
		want string // validation field, or "forbidden"
	}{
		{"no title", t1, course.NewCourse{Subject: "toan", Grade: 10}, "title"},
		{"bad grade", t1, course.NewCourse{Title: "X", Subject: "toan", Grade: 13}, "grade"},
		{"unknown subject", t1, course.NewCourse{Title: "X", Subject: "nope", Grade: 10}, "subject"},
		{"bad year", t1, course.NewCourse{Title: "X", Subject: "toan", Grade: 10, SchoolYear: "2026-2028"}, "school_year"},
		{"class of another school", t1, course.NewCourse{Title: "X", Subject: "toan", Grade: 10, ClassIDs: []int64{other}}, "forbidden"},
		{"student", w.as("student1"), course.NewCourse{Title: "X", Subject: "toan", Grade: 10}, "forbidden"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.courses.Create(ctx, tc.who, tc.n)
			if tc.want == "forbidden" {
				if !errors.Is(err, fault.ErrForbidden) {
					t.Fatalf("err = %v, want ErrForbidden", err)
				}
				return
			}
			v, ok := fault.AsValidation(err)
			if !ok || v.Field != tc.want {
				t.Fatalf("err = %v, want a validation error on %s", err, tc.want)
			}
		})
	}
}

func TestOutlineReleaseAndProgress(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.mathCourse()
	t1, s1 := w.as("teacher1"), w.as("student1")
	sec, err := w.courses.AddSection(ctx, t1, c.ID, "Tuần 1", "")
	if err != nil {
		t.Fatal(err)
	}
	lesson, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLesson, Title: "Bài 1", Markdown: "# Mệnh đề"})
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(48 * time.Hour)
	_, err = w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLink, Title: "Tuần sau", URL: "https://example.edu.vn", OpensAt: &later})
	if err != nil {
		t.Fatal(err)
	}
	after, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLink, Title: "Sau bài 1", URL: "https://example.edu.vn/2", PrerequisiteIDs: []int64{lesson.ID}})
	if err != nil {
		t.Fatal(err)
	}
	hidden := false
	if _, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLesson, Title: "Nháp", Published: &hidden}); err != nil {
		t.Fatal(err)
	}
	locks := func() map[string]string {
		_, secs, err := w.courses.Outline(ctx, s1, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, s := range secs {
			for _, it := range s.Items {
				m[it.Title] = it.Locked + "/" + it.State
			}
		}
		return m
	}
	got := locks()
	want := map[string]string{"Bài 1": "/", "Tuần sau": "not_open/", "Sau bài 1": "prerequisite/"}
	if len(got) != len(want) {
		t.Fatalf("student sees %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if err := w.courses.MarkViewed(ctx, s1, after.ID); err == nil {
		t.Error("a locked item was marked viewed")
	}
	if err := w.courses.MarkViewed(ctx, s1, lesson.ID); err != nil {
		t.Fatal(err)
	}
	if got := locks(); got["Sau bài 1"] != "/" || got["Bài 1"] != "/viewed" {
		t.Errorf("after reading: %v", got)
	}
	comp, err := w.courses.Completions(ctx, t1, c.ID)
	if err != nil || len(comp) != 1 || comp[0].Done != 1 || comp[0].Total != 3 {
		t.Fatalf("Completions = %+v, %v; want 1 of 3 for student1", comp, err)
	}
	if _, err := w.courses.Completions(ctx, s1, c.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a student read the completions: %v", err)
	}
	if _, err := w.courses.AddItem(ctx, w.as("teacher2"), c.ID, course.NewItem{Kind: course.KindLesson, Title: "x"}); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("a teacher of another school added an item: %v", err)
	}
}
