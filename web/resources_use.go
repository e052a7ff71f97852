package web

import (
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// resourceUseRoutes wires "use in my course" on a resource's page: a teacher adds
// the resource's newest published version as an item of one of their courses.
func (s *Server) resourceUseRoutes(mux *http.ServeMux) {
	if s.cfg.Courses == nil || s.cfg.Resources == nil || s.cfg.Blobs == nil {
		return
	}
	mux.Handle("POST /resources/{id}/use", s.authed(s.useResource))
}

// teachingCourses are the courses the caller may add items to.
func (s *Server) teachingCourses(r *http.Request, a *identity.Actor) ([]*course.Course, error) {
	list, err := s.cfg.Courses.List(r.Context(), a)
	if err != nil {
		return nil, err
	}
	var out []*course.Course
	for i := range list {
		if list[i].CanEdit() {
			out = append(out, list[i].Course)
		}
	}
	return out, nil
}

// resourceUseData offers the caller's courses on the page of a published resource.
func (s *Server) resourceUseData(r *http.Request, a *identity.Actor, published int, data map[string]any) {
	if s.cfg.Courses == nil || published == 0 || !a.HasRole(identity.RoleTeacher) {
		return
	}
	if mine, err := s.teachingCourses(r, a); err == nil && len(mine) > 0 {
		data["MyCourses"] = mine
	}
}

// useResource adds the resource as an item at the end of the chosen course. The
// course domain decides whether the caller teaches that course and may see the
// resource; the item points at the newest published version.
func (s *Server) useResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	courseID, err := strconv.ParseInt(r.PostForm.Get("course_id"), 10, 64)
	if err != nil || courseID <= 0 {
		s.fail(w, r, badRequest("resource.use_course"))
		return
	}
	res, err := s.cfg.Resources.Get(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := course.NewItem{Kind: course.KindResource, Title: res.Title, RefID: &id}
	if res.Published > 0 {
		n.RefVersion = &res.Published
	}
	if _, err := s.cfg.Courses.AddItem(r.Context(), a, courseID, n); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "resource.used")
	http.Redirect(w, r, coursePath(courseID), http.StatusSeeOther)
}
