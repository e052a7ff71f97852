package course_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// titles lists the outline as the teacher sees it: section title, then item titles.
func titles(t *testing.T, w *world, courseID int64) [][]string {
	t.Helper()
	_, secs, err := w.courses.Outline(context.Background(), w.as("teacher1"), courseID)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, s := range secs {
		row := []string{s.Title}
		for _, it := range s.Items {
			row = append(row, it.Title)
		}
		out = append(out, row)
	}
	return out
}

func TestEditItemsAndSections(t *testing.T) {
	w := newLMSWorld(t).world
	ctx := context.Background()
	c := w.mathCourse()
	t1, t2 := w.as("teacher1"), w.as("teacher2")
	s1, _ := w.courses.AddSection(ctx, t1, c.ID, "Tuần 1", "")
	s2, _ := w.courses.AddSection(ctx, t1, c.ID, "Tuần 2", "")
	add := func(sec int64, title string, pre ...int64) *course.Item {
		it, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec, Kind: course.KindLesson, Title: title, PrerequisiteIDs: pre})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	a, b := add(s1.ID, "A"), add(s1.ID, "B")
	cItem := add(s2.ID, "C", a.ID)
	if err := w.courses.MoveItem(ctx, t1, b.ID, &s1.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := w.courses.MoveItem(ctx, t1, cItem.ID, &s1.ID, 2); err != nil {
		t.Fatal(err)
	}
	if err := w.courses.MoveSection(ctx, t1, s2.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := w.courses.UpdateSection(ctx, t1, s1.ID, "Chương 1", "Mệnh đề"); err != nil {
		t.Fatal(err)
	}
	got := titles(t, w, c.ID)
	if len(got) != 2 || got[0][0] != "Tuần 2" || len(got[0]) != 1 || got[1][0] != "Chương 1" || got[1][1] != "B" || got[1][2] != "C" || got[1][3] != "A" {
		t.Fatalf("outline = %v", got)
	}
	up, err := w.courses.UpdateItem(ctx, t1, b.ID, course.NewItem{Title: "B2", Markdown: "**mới**"})
	if err != nil || up.Title != "B2" || up.Markdown != "**mới**" || up.Kind != course.KindLesson {
		t.Fatalf("UpdateItem = %+v, %v", up, err)
	}
	if _, err := w.courses.UpdateItem(ctx, t1, b.ID, course.NewItem{Title: "B", PrerequisiteIDs: []int64{b.ID}}); err == nil {
		t.Error("an item became its own prerequisite")
	}
	if err := w.courses.DeleteSection(ctx, t1, s1.ID, false); !isValidation(err, "section") {
		t.Errorf("a section with items was deleted: %v", err)
	}
	if err := w.courses.DeleteItem(ctx, t1, a.ID); err != nil {
		t.Fatal(err)
	}
	if it, err := w.courses.Item(ctx, t1, cItem.ID); err != nil || len(it.PrerequisiteIDs) != 0 {
		t.Errorf("C still requires the deleted A: %+v %v", it, err)
	}
	// Nothing of school A's course can be changed by school B's teacher.
	for name, err := range map[string]error{
		"update item":    second(w.courses.UpdateItem(ctx, t2, b.ID, course.NewItem{Title: "x"})),
		"delete item":    w.courses.DeleteItem(ctx, t2, b.ID),
		"move item":      w.courses.MoveItem(ctx, t2, b.ID, nil, 1),
		"update section": w.courses.UpdateSection(ctx, t2, s1.ID, "x", ""),
		"delete section": w.courses.DeleteSection(ctx, t2, s2.ID, true),
		"move section":   w.courses.MoveSection(ctx, t2, s2.ID, 2),
		"draft":          second(w.courses.SaveDraft(ctx, t2, b.ID, "x", "x")),
		"update course":  second(w.courses.UpdateCourse(ctx, t2, c.ID, course.CourseEdit{Title: "x", Subject: "toan", Grade: 10})),
		"link classes":   w.courses.LinkClasses(ctx, t2, c.ID, []int64{w.classOf(t2, "10A2")}),
		"add teacher":    second(w.courses.AddTeacher(ctx, t2, c.ID, "teacher2")),
		"template":       w.courses.SetTemplate(ctx, t2, c.ID, true, "city"),
		"copy":           second(w.courses.Copy(ctx, t2, c.ID, course.CopyOptions{})),
	} {
		if !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("school B: %s = %v, want not found", name, err)
		}
	}
	// A student may read but not change.
	if err := w.courses.DeleteItem(ctx, w.as("student1"), b.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a student deleted an item: %v", err)
	}
	if err := w.courses.DeleteSection(ctx, t1, s1.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, w, c.ID); len(got) != 1 || got[0][0] != "Tuần 2" {
		t.Errorf("after deleting a section: %v", got)
	}
}

func second[T any](_ T, err error) error { return err }

func isValidation(err error, field string) bool {
	v, ok := fault.AsValidation(err)
	return ok && v.Field == field
}

func TestDraftAutosave(t *testing.T) {
	w := newLMSWorld(t).world
	ctx := context.Background()
	c := w.mathCourse()
	t1, s1 := w.as("teacher1"), w.as("student1")
	it, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{Kind: course.KindLesson, Title: "Bài 1", Markdown: "cũ"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.courses.Draft(ctx, t1, it.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("a new lesson has a draft: %v", err)
	}
	if _, err := w.courses.SaveDraft(ctx, t1, it.ID, "Bài 1", "đang viết"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.courses.SaveDraft(ctx, t1, it.ID, "Bài 1", "đang viết thêm"); err != nil {
		t.Fatal(err)
	}
	if d, err := w.courses.Draft(ctx, t1, it.ID); err != nil || d.Markdown != "đang viết thêm" {
		t.Fatalf("Draft = %+v, %v", d, err)
	}
	if v, err := w.courses.ItemView(ctx, s1, it.ID); err != nil || v.Markdown != "cũ" {
		t.Errorf("the student sees the draft: %+v %v", v, err)
	}
	if _, err := w.courses.SaveDraft(ctx, s1, it.ID, "x", "x"); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a student saved a draft: %v", err)
	}
	if _, err := w.courses.UpdateItem(ctx, t1, it.ID, course.NewItem{Title: "Bài 1", Markdown: "đang viết thêm"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.courses.Draft(ctx, t1, it.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("the draft outlived saving: %v", err)
	}
}

func TestCoTeachersAndClasses(t *testing.T) {
	w := newLMSWorld(t).world
	ctx := context.Background()
	c := w.mathCourse()
	t1, co := w.as("teacher1"), w.as("reviewer1") // reviewer1 also teaches at school A
	if _, err := w.courses.AddTeacher(ctx, t1, c.ID, "teacher2"); !isValidation(err, "username") {
		t.Errorf("a teacher of another school became co-teacher: %v", err)
	}
	if _, err := w.courses.AddTeacher(ctx, t1, c.ID, "student1"); !isValidation(err, "username") {
		t.Errorf("a student became co-teacher: %v", err)
	}
	if _, err := w.courses.AddTeacher(ctx, t1, c.ID, "reviewer1"); err != nil {
		t.Fatal(err)
	}
	if x, err := w.courses.Access(ctx, co, c.ID); err != nil || x.Role != course.RoleTeacher {
		t.Fatalf("co-teacher access = %+v, %v", x, err)
	}
	if _, err := w.courses.AddSection(ctx, co, c.ID, "Tuần 1", ""); err != nil {
		t.Errorf("a co-teacher cannot edit: %v", err)
	}
	ts, err := w.courses.Teachers(ctx, t1, c.ID)
	if err != nil || len(ts) != 2 || ts[0].Role != "owner" || ts[0].Username != "teacher1" {
		t.Fatalf("Teachers = %+v, %v", ts, err)
	}
	if err := w.courses.RemoveTeacher(ctx, co, c.ID, t1.User.ID); !isValidation(err, "user_id") {
		t.Errorf("the owner was removed: %v", err)
	}
	if err := w.courses.RemoveTeacher(ctx, t1, c.ID, co.User.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.courses.Access(ctx, co, c.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("a removed co-teacher still sees the course: %v", err)
	}
	class := w.classOf(t1, "10A1")
	if err := w.courses.UnlinkClass(ctx, t1, c.ID, class); err != nil {
		t.Fatal(err)
	}
	if _, err := w.courses.Access(ctx, w.as("student1"), c.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("a student of an unlinked class sees the course: %v", err)
	}
	if err := w.courses.LinkClasses(ctx, t1, c.ID, []int64{w.classOf(w.as("teacher2"), "10A2")}); !isValidation(err, "class_ids") {
		t.Errorf("a class of another school was linked: %v", err)
	}
	if err := w.courses.LinkClasses(ctx, t1, c.ID, []int64{class}); err != nil {
		t.Fatal(err)
	}
	cs, err := w.courses.TeachableClasses(ctx, t1)
	if err != nil || len(cs) != 1 || cs[0].Name != "10A1" {
		t.Errorf("TeachableClasses = %+v, %v", cs, err)
	}
}

func TestCopyAndTemplates(t *testing.T) {
	w := newLMSWorld(t).world
	ctx := context.Background()
	c := w.mathCourse()
	t1, t2 := w.as("teacher1"), w.as("teacher2")
	sec, _ := w.courses.AddSection(ctx, t1, c.ID, "Tuần 1", "")
	a, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLesson, Title: "A", Markdown: "# A"})
	if err != nil {
		t.Fatal(err)
	}
	class := w.classOf(t1, "10A1")
	if _, err := w.courses.AddItem(ctx, t1, c.ID, course.NewItem{SectionID: &sec.ID, Kind: course.KindLink, Title: "B",
		URL: "https://example.edu.vn", PrerequisiteIDs: []int64{a.ID}, ClassIDs: []int64{class}}); err != nil {
		t.Fatal(err)
	}
	cp, err := w.courses.Copy(ctx, t1, c.ID, course.CopyOptions{SchoolYear: "2027-2028"})
	if err != nil {
		t.Fatal(err)
	}
	if cp.SchoolYear != "2027-2028" || cp.Title != c.Title || len(cp.ClassIDs) != 0 || cp.CopiedFrom == nil || *cp.CopiedFrom != c.ID {
		t.Fatalf("copy = %+v", cp)
	}
	_, secs, err := w.courses.Outline(ctx, t1, cp.ID)
	if err != nil || len(secs) != 1 || secs[0].ID == sec.ID || len(secs[0].Items) != 2 {
		t.Fatalf("copied outline = %+v, %v", secs, err)
	}
	ca, cb := secs[0].Items[0], secs[0].Items[1]
	if ca.ID == a.ID || ca.Markdown != "# A" || len(cb.PrerequisiteIDs) != 1 || cb.PrerequisiteIDs[0] != ca.ID || len(cb.ClassIDs) != 0 {
		t.Errorf("copied items = %+v / %+v", ca, cb)
	}
	// Templates: private, then district (school B is in another district), then city.
	templates := func() int {
		ts, err := w.courses.Templates(ctx, t2)
		if err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}
	if err := w.courses.SetTemplate(ctx, t1, c.ID, true, "district"); err != nil {
		t.Fatal(err)
	}
	if n := templates(); n != 0 {
		t.Errorf("school B sees a district template of another district: %d", n)
	}
	if _, err := w.courses.Copy(ctx, t2, c.ID, course.CopyOptions{}); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("school B copied a template it may not see: %v", err)
	}
	if err := w.courses.SetTemplate(ctx, t1, c.ID, true, "galaxy"); !isValidation(err, "template_scope") {
		t.Errorf("scope galaxy: %v", err)
	}
	if err := w.courses.SetTemplate(ctx, t1, c.ID, true, "city"); err != nil {
		t.Fatal(err)
	}
	if n := templates(); n != 1 {
		t.Fatalf("school B sees %d city templates, want 1", n)
	}
	mine, err := w.courses.Copy(ctx, t2, c.ID, course.CopyOptions{Title: "Toán 10 (mẫu)", ClassIDs: []int64{w.classOf(t2, "10A2")}})
	if err != nil {
		t.Fatal(err)
	}
	if mine.OrgID == c.OrgID || len(mine.ClassIDs) != 1 || mine.OwnerID != t2.User.ID {
		t.Errorf("copy from template = %+v", mine)
	}
	// The template stays closed to school B apart from copying.
	if _, _, err := w.courses.Outline(ctx, t2, c.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("school B opened the template itself: %v", err)
	}
	if _, err := w.courses.Copy(ctx, w.as("student2"), c.ID, course.CopyOptions{}); err == nil {
		t.Error("a student copied a template")
	}
}
