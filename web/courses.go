package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
)

func (s *Server) coursePageRoutes(mux *http.ServeMux) {
	mux.Handle("GET /courses", s.authed(s.coursesPage))
	mux.Handle("GET /courses/new", s.authed(s.newCoursePage))
	mux.Handle("POST /courses", s.authed(s.createCourse))
	mux.Handle("GET /courses/{id}", s.authed(s.coursePage))
	mux.Handle("POST /courses/{id}/edit", s.authed(s.courseAction(s.editCourseForm)))
	mux.Handle("POST /courses/{id}/copy", s.authed(s.copyCourse))
	mux.Handle("POST /courses/{id}/template", s.authed(s.courseAction(s.templateForm)))
	mux.Handle("POST /courses/{id}/teachers", s.authed(s.courseAction(s.addTeacherForm)))
	mux.Handle("POST /courses/{id}/teachers/{user}/remove", s.authed(s.courseAction(s.removeTeacherForm)))
	mux.Handle("POST /courses/{id}/classes", s.authed(s.courseAction(s.linkClassesForm)))
	mux.Handle("POST /courses/{id}/classes/{class}/remove", s.authed(s.courseAction(s.unlinkClassForm)))
	mux.Handle("POST /courses/{id}/sections", s.authed(s.courseAction(s.addSectionForm)))
	mux.Handle("POST /courses/{id}/sections/{section}/edit", s.authed(s.courseAction(s.editSectionForm)))
	mux.Handle("POST /courses/{id}/sections/{section}/move", s.authed(s.courseAction(s.moveSectionForm)))
	mux.Handle("POST /courses/{id}/sections/{section}/delete", s.authed(s.courseAction(s.deleteSectionForm)))
	mux.Handle("POST /courses/{id}/items", s.authed(s.courseAction(s.addItemForm)))
	mux.Handle("GET /courses/{id}/items/{item}", s.authed(s.itemPage))
	mux.Handle("GET /courses/{id}/items/{item}/edit", s.authed(s.itemEditPage))
	mux.Handle("POST /courses/{id}/items/{item}/edit", s.authed(s.saveItemForm))
	mux.Handle("POST /courses/{id}/items/{item}/move", s.authed(s.courseAction(s.moveItemForm)))
	mux.Handle("POST /courses/{id}/items/{item}/delete", s.authed(s.courseAction(s.deleteItemForm)))
	mux.Handle("GET /courses/{id}/dashboard", s.authed(s.courseDashboard))
}

func coursePath(id int64) string { return "/courses/" + strconv.FormatInt(id, 10) }

var courseGrades = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}

func (s *Server) coursesPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	list, err := s.cfg.Courses.List(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "courses", map[string]any{"Courses": list, "CanCreate": a.HasRole(identity.RoleTeacher),
		"SubjectNames": s.courseSubjectNames(r)})
}

// newCourseData is what the create form offers: subjects, grades, the classes of the
// teacher's schools and the templates they may start from.
func (s *Server) newCourseData(r *http.Request, a *identity.Actor) (map[string]any, error) {
	subjects, err := s.cfg.Courses.Subjects(r.Context())
	if err != nil {
		return nil, err
	}
	classes, err := s.cfg.Courses.TeachableClasses(r.Context(), a)
	if err != nil {
		return nil, err
	}
	templates, err := s.cfg.Courses.Templates(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Subjects": subjects, "Grades": courseGrades, "Classes": classes, "Templates": templates,
		"Year": course.SchoolYear(time.Now())}, nil
}

func (s *Server) newCoursePage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.newCourseData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "course_new", data)
}

func (s *Server) createCourse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	grade, _ := strconv.Atoi(f.Get("grade"))
	c, err := s.cfg.Courses.Create(r.Context(), a, course.NewCourse{Title: f.Get("title"), Description: f.Get("description"),
		Subject: f.Get("subject"), Grade: grade, SchoolYear: f.Get("school_year"), ClassIDs: formIDs(f["class_id"])})
	if err != nil {
		data, derr := s.newCourseData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "course_new", data)
		return
	}
	s.flash(r, "courses.created")
	http.Redirect(w, r, coursePath(c.ID), http.StatusSeeOther)
}

func (s *Server) copyCourse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	f := r.PostForm
	c, err := s.cfg.Courses.Copy(r.Context(), a, id, course.CopyOptions{Title: f.Get("title"), SchoolYear: f.Get("school_year"),
		ClassIDs: formIDs(f["class_id"])})
	if err != nil {
		if data, derr := s.newCourseData(r, a); derr == nil && statusOf(err) == http.StatusBadRequest {
			s.formError(w, r, err, "course_new", data)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "courses.copied")
	http.Redirect(w, r, coursePath(c.ID), http.StatusSeeOther)
}

// outlineItem is an item on the course page with what the page says about it.
type outlineItem struct {
	course.Item
	Done   bool
	Newest int // a newer published version of the resource, for teachers
	Chosen int // the version the item shows
	Index  int // 1-based place in its section
	Last   bool
	Up     int // the place one up and one down
	Down   int
}

type outlineSection struct {
	course.Section
	Items []outlineItem
	Index int
	Last  bool
	Up    int
	Down  int
}

func (s *Server) coursePage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.courseData(r, a, id)
	if errors.Is(err, fault.ErrNotFound) && s.isTemplateFor(r, a, id) {
		// A template shared with the caller (found by search, say) is used from the
		// create page, not opened.
		http.Redirect(w, r, "/courses/new#templates", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "course", data)
}

// courseData loads the course page: the outline with completion marks for a learner,
// and for its teachers the forms, classes, co-teachers and newer resource versions.
func (s *Server) courseData(r *http.Request, a *identity.Actor, id int64) (map[string]any, error) {
	ctx := r.Context()
	x, secs, err := s.cfg.Courses.Outline(ctx, a, id)
	if err != nil {
		return nil, err
	}
	newer := map[int64]int{}
	if x.CanEdit() {
		ups, err := s.cfg.Courses.ResourceUpdates(ctx, a, id)
		if err != nil {
			return nil, err
		}
		for _, u := range ups {
			newer[u.ItemID] = u.Newest
		}
	}
	out, done, total := make([]outlineSection, len(secs)), 0, 0
	first := 0 // sections are numbered without the items outside any section
	if len(secs) > 0 && secs[0].ID == 0 {
		first = 1
	}
	for i, sec := range secs {
		n := i + 1 - first
		out[i] = outlineSection{Section: sec, Index: n, Last: i == len(secs)-1, Up: n - 1, Down: n + 1}
		for j, it := range sec.Items {
			oi := outlineItem{Item: it, Done: course.Done(it.Kind, it.State), Newest: newer[it.ID], Index: j + 1, Last: j == len(sec.Items)-1, Up: j, Down: j + 2}
			if it.RefVersion != nil {
				oi.Chosen = *it.RefVersion
			}
			out[i].Items = append(out[i].Items, oi)
			total++
			if oi.Done {
				done++
			}
		}
	}
	teachers, err := s.cfg.Courses.Teachers(ctx, a, id)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Access": x, "C": x.Course, "Sections": out, "Teachers": teachers, "Done": done, "Total": total,
		"Learner": x.Role == course.RoleStudent || x.Role == course.RoleParent, "Kinds": pageKinds,
		"Scopes": course.TemplateScopes, "Year": course.SchoolYear(time.Now()), "SubjectNames": s.courseSubjectNames(r)}
	if total > 0 {
		data["Percent"] = done * 100 / total
	}
	if x.CanEdit() {
		if err := s.teacherCourseData(r, a, x.Course, data); err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (s *Server) teacherCourseData(r *http.Request, a *identity.Actor, c *course.Course, data map[string]any) error {
	classes, err := s.cfg.Courses.TeachableClasses(r.Context(), a)
	if err != nil {
		return err
	}
	linked, others := []course.ClassChoice{}, []course.ClassChoice{}
	for _, cl := range classes {
		switch {
		case containsID(c.ClassIDs, cl.ID):
			linked = append(linked, cl)
		case cl.OrgID == c.OrgID:
			others = append(others, cl)
		}
	}
	data["Linked"], data["OtherClasses"] = linked, others
	res, err := s.publishedResources(r, a)
	if err != nil {
		return err
	}
	data["Resources"] = res
	if s.cfg.Assessment != nil {
		tests, err := s.cfg.Assessment.Tests(r.Context(), a)
		if err != nil {
			return err
		}
		data["Tests"] = tests
	}
	return nil
}

// pageKinds are the item kinds the course page offers; packages come with the
// package import, which is not built yet.
var pageKinds = []string{course.KindLesson, course.KindResource, course.KindAssignment, course.KindTest, course.KindLink, course.KindLive}

// publishedResources lists the repository resources with a published version the
// teacher may put in a course (the first 100, newest first).
func (s *Server) publishedResources(r *http.Request, a *identity.Actor) ([]repository.Resource, error) {
	if s.cfg.Resources == nil {
		return nil, nil
	}
	page, err := s.cfg.Resources.List(r.Context(), a, repository.Filter{PerPage: 100})
	if err != nil {
		return nil, err
	}
	var out []repository.Resource
	for _, res := range page.Resources {
		if res.Published > 0 {
			out = append(out, res)
		}
	}
	return out, nil
}

func (s *Server) isTemplateFor(r *http.Request, a *identity.Actor, id int64) bool {
	ts, err := s.cfg.Courses.Templates(r.Context(), a)
	if err != nil {
		return false
	}
	for _, c := range ts {
		if c.ID == id {
			return true
		}
	}
	return false
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// courseSubjectNames maps subject codes to their names in the reader's language.
func (s *Server) courseSubjectNames(r *http.Request) map[string]string {
	out := map[string]string{}
	subjects, err := s.cfg.Courses.Subjects(r.Context())
	if err != nil {
		return out
	}
	en := localeFrom(r.Context()) == "en"
	for _, sub := range subjects {
		out[sub.Code] = sub.NameVI
		if en {
			out[sub.Code] = sub.NameEN
		}
	}
	return out
}
