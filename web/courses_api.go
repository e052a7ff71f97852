package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Courses is what the web layer needs of the course domain (lms/course.Service).
type Courses interface {
	Access(ctx context.Context, a *identity.Actor, courseID int64) (*course.Access, error)
	Create(ctx context.Context, a *identity.Actor, n course.NewCourse) (*course.Course, error)
	List(ctx context.Context, a *identity.Actor) ([]course.Access, error)
	UpdateCourse(ctx context.Context, a *identity.Actor, courseID int64, e course.CourseEdit) (*course.Course, error)
	Outline(ctx context.Context, a *identity.Actor, courseID int64) (*course.Access, []course.Section, error)
	AddSection(ctx context.Context, a *identity.Actor, courseID int64, title, summary string) (*course.Section, error)
	UpdateSection(ctx context.Context, a *identity.Actor, sectionID int64, title, summary string) error
	DeleteSection(ctx context.Context, a *identity.Actor, sectionID int64, withItems bool) error
	MoveSection(ctx context.Context, a *identity.Actor, sectionID int64, position int) error
	AddItem(ctx context.Context, a *identity.Actor, courseID int64, n course.NewItem) (*course.Item, error)
	Item(ctx context.Context, a *identity.Actor, itemID int64) (*course.Item, error)
	ItemView(ctx context.Context, a *identity.Actor, itemID int64) (*course.Item, error)
	UpdateItem(ctx context.Context, a *identity.Actor, itemID int64, n course.NewItem) (*course.Item, error)
	DeleteItem(ctx context.Context, a *identity.Actor, itemID int64) error
	MoveItem(ctx context.Context, a *identity.Actor, itemID int64, sectionID *int64, position int) error
	SaveDraft(ctx context.Context, a *identity.Actor, itemID int64, title, markdown string) (*course.Draft, error)
	Draft(ctx context.Context, a *identity.Actor, itemID int64) (*course.Draft, error)
	RenderMarkdown(ctx context.Context, a *identity.Actor, src string) string
	MarkViewed(ctx context.Context, a *identity.Actor, itemID int64) error
	Completions(ctx context.Context, a *identity.Actor, courseID int64) ([]course.Completion, error)
	Teachers(ctx context.Context, a *identity.Actor, courseID int64) ([]course.Teacher, error)
	AddTeacher(ctx context.Context, a *identity.Actor, courseID int64, login string) (*course.Teacher, error)
	RemoveTeacher(ctx context.Context, a *identity.Actor, courseID, userID int64) error
	LinkClasses(ctx context.Context, a *identity.Actor, courseID int64, classIDs []int64) error
	UnlinkClass(ctx context.Context, a *identity.Actor, courseID, classID int64) error
	TeachableClasses(ctx context.Context, a *identity.Actor) ([]course.ClassChoice, error)
	Subjects(ctx context.Context) ([]course.Subject, error)
	Copy(ctx context.Context, a *identity.Actor, sourceID int64, o course.CopyOptions) (*course.Course, error)
	SetTemplate(ctx context.Context, a *identity.Actor, courseID int64, isTemplate bool, scope string) error
	Templates(ctx context.Context, a *identity.Actor) ([]course.Course, error)
	ResourceUpdates(ctx context.Context, a *identity.Actor, courseID int64) ([]course.ResourceUpdate, error)
}

// coursesRoutes wires the course pages and API; a nil Courses turns them off.
func (s *Server) coursesRoutes(mux *http.ServeMux) {
	if s.cfg.Courses == nil {
		return
	}
	s.courseAPIRoutes(mux)
	s.coursePageRoutes(mux)
}

func (s *Server) courseAPIRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/courses", s.authed(s.apiCourses))
	mux.Handle("POST /api/v1/courses", s.authed(s.apiCreateCourse))
	mux.Handle("GET /api/v1/courses/templates", s.authed(s.apiTemplates))
	mux.Handle("GET /api/v1/courses/{id}", s.authed(s.apiCourse))
	mux.Handle("PUT /api/v1/courses/{id}", s.authed(s.apiUpdateCourse))
	mux.Handle("POST /api/v1/courses/{id}/copy", s.authed(s.apiCopyCourse))
	mux.Handle("PUT /api/v1/courses/{id}/template", s.authed(s.apiSetTemplate))
	mux.Handle("GET /api/v1/courses/{id}/sections", s.authed(s.apiSections))
	mux.Handle("POST /api/v1/courses/{id}/sections", s.authed(s.apiAddSection))
	mux.Handle("PUT /api/v1/courses/{id}/sections/{section}", s.authed(s.apiUpdateSection))
	mux.Handle("DELETE /api/v1/courses/{id}/sections/{section}", s.authed(s.apiDeleteSection))
	mux.Handle("GET /api/v1/courses/{id}/items", s.authed(s.apiItems))
	mux.Handle("POST /api/v1/courses/{id}/items", s.authed(s.apiAddItem))
	mux.Handle("GET /api/v1/courses/{id}/items/{item}", s.authed(s.apiItem))
	mux.Handle("PUT /api/v1/courses/{id}/items/{item}", s.authed(s.apiUpdateItem))
	mux.Handle("DELETE /api/v1/courses/{id}/items/{item}", s.authed(s.apiDeleteItem))
	mux.Handle("POST /api/v1/courses/{id}/items/{item}/move", s.authed(s.apiMoveItem))
	mux.Handle("POST /api/v1/courses/{id}/items/{item}/view", s.authed(s.apiViewItem))
	mux.Handle("GET /api/v1/courses/{id}/items/{item}/draft", s.authed(s.apiDraft))
	mux.Handle("PUT /api/v1/courses/{id}/items/{item}/draft", s.authed(s.apiSaveDraft))
	mux.Handle("POST /api/v1/courses/{id}/preview", s.authed(s.apiPreview))
	mux.Handle("GET /api/v1/courses/{id}/teachers", s.authed(s.apiTeachers))
	mux.Handle("POST /api/v1/courses/{id}/teachers", s.authed(s.apiAddTeacher))
	mux.Handle("DELETE /api/v1/courses/{id}/teachers/{user}", s.authed(s.apiRemoveTeacher))
	mux.Handle("POST /api/v1/courses/{id}/classes", s.authed(s.apiLinkClasses))
	mux.Handle("DELETE /api/v1/courses/{id}/classes/{class}", s.authed(s.apiUnlinkClass))
	mux.Handle("GET /api/v1/courses/{id}/completions", s.authed(s.apiCompletions))
	mux.Handle("GET /api/v1/courses/{id}/resource-updates", s.authed(s.apiResourceUpdates))
}

// courseJSON is a course as the API shows it, with the caller's role.
type courseJSON struct {
	*course.Course
	Role string `json:"role"`
}

func (s *Server) apiCourses(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	list, err := s.cfg.Courses.List(r.Context(), a)
	out := make([]courseJSON, 0, len(list))
	for _, x := range list {
		out = append(out, courseJSON{x.Course, string(x.Role)})
	}
	s.respond(w, r, http.StatusOK, map[string]any{"courses": out}, err)
}

func (s *Server) apiCreateCourse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in course.NewCourse
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.cfg.Courses.Create(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID})
}

func (s *Server) apiTemplates(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	ts, err := s.cfg.Courses.Templates(r.Context(), a)
	s.respond(w, r, http.StatusOK, map[string]any{"templates": nonNil(ts)}, err)
}

func (s *Server) apiCourse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		x, secs, err := s.cfg.Courses.Outline(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		teachers, err := s.cfg.Courses.Teachers(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		return map[string]any{"course": courseJSON{x.Course, string(x.Role)}, "sections": nonNil(secs), "teachers": teachers}, nil
	})
}

func (s *Server) apiUpdateCourse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in course.CourseEdit
	withJSON(s, w, r, &in, func(id int64) (any, error) { return s.cfg.Courses.UpdateCourse(r.Context(), a, id, in) })
}

func (s *Server) apiCopyCourse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in course.CopyOptions
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	var c *course.Course
	if err == nil {
		c, err = s.cfg.Courses.Copy(r.Context(), a, id, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID})
}

func (s *Server) apiSetTemplate(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		IsTemplate bool   `json:"is_template"`
		Scope      string `json:"template_scope"`
	}
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		return map[string]any{"is_template": in.IsTemplate}, s.cfg.Courses.SetTemplate(r.Context(), a, id, in.IsTemplate, in.Scope)
	})
}

// withJSON decodes the body into in, then answers with f's result for the {id}.
func withJSON[T any](s *Server, w http.ResponseWriter, r *http.Request, in *T, f func(id int64) (any, error)) {
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeJSON(w, r, in, jsonLimit)
	}
	var v any
	if err == nil {
		v, err = f(id)
	}
	s.respond(w, r, http.StatusOK, v, err)
}

func (s *Server) apiCompletions(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		c, err := s.cfg.Courses.Completions(r.Context(), a, id)
		return map[string]any{"students": nonNil(c)}, err
	})
}

func (s *Server) apiResourceUpdates(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		u, err := s.cfg.Courses.ResourceUpdates(r.Context(), a, id)
		return map[string]any{"updates": nonNil(u)}, err
	})
}

func (s *Server) apiTeachers(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		t, err := s.cfg.Courses.Teachers(r.Context(), a, id)
		return map[string]any{"teachers": nonNil(t)}, err
	})
}

func (s *Server) apiAddTeacher(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Username string `json:"username"`
	}
	withJSON(s, w, r, &in, func(id int64) (any, error) { return s.cfg.Courses.AddTeacher(r.Context(), a, id, in.Username) })
}

func (s *Server) apiRemoveTeacher(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.twoIDs(w, r, "user", func(id, user int64) error { return s.cfg.Courses.RemoveTeacher(r.Context(), a, id, user) })
}

func (s *Server) apiLinkClasses(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		ClassIDs []int64 `json:"class_ids"`
	}
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		return map[string]any{"class_ids": in.ClassIDs}, s.cfg.Courses.LinkClasses(r.Context(), a, id, in.ClassIDs)
	})
}

func (s *Server) apiUnlinkClass(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.twoIDs(w, r, "class", func(id, class int64) error { return s.cfg.Courses.UnlinkClass(r.Context(), a, id, class) })
}

// twoIDs runs f with {id} and a second path id, answering 204.
func (s *Server) twoIDs(w http.ResponseWriter, r *http.Request, name string, f func(id, other int64) error) {
	id, err := pathID(r, "id")
	var other int64
	if err == nil {
		other, err = pathID(r, name)
	}
	if err == nil {
		err = f(id, other)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func queryBool(r *http.Request, name string) bool {
	b, _ := strconv.ParseBool(r.URL.Query().Get(name))
	return b
}
