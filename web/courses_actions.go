package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// courseAction runs a form post on the {id} course and returns to its page: with a
// flash when done (or to the path f returns instead of a flash key), with the message beside the form when the input was wrong.
func (s *Server) courseAction(f func(r *http.Request, a *identity.Actor, id int64) (string, error)) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !s.parseForm(w, r) {
			return
		}
		flash, err := f(r, a, id)
		if err != nil {
			if statusOf(err) != http.StatusBadRequest {
				s.fail(w, r, err)
				return
			}
			data, derr := s.courseData(r, a, id)
			if derr != nil {
				s.fail(w, r, derr)
				return
			}
			s.formError(w, r, err, "course", data)
			return
		}
		if strings.HasPrefix(flash, "/") {
			http.Redirect(w, r, flash, http.StatusSeeOther)
			return
		}
		s.flash(r, flash)
		http.Redirect(w, r, coursePath(id)+"#"+r.PostForm.Get("anchor"), http.StatusSeeOther)
	}
}

func (s *Server) editCourseForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	f := r.PostForm
	grade, _ := strconv.Atoi(f.Get("grade"))
	_, err := s.cfg.Courses.UpdateCourse(r.Context(), a, id, course.CourseEdit{Title: f.Get("title"), Description: f.Get("description"),
		Subject: f.Get("subject"), Grade: grade, SchoolYear: f.Get("school_year")})
	return "courses.saved", err
}

func (s *Server) templateForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	scope := r.PostForm.Get("template_scope")
	return "courses.template_saved", s.cfg.Courses.SetTemplate(r.Context(), a, id, scope != "" && scope != "none", scope)
}

func (s *Server) addTeacherForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	_, err := s.cfg.Courses.AddTeacher(r.Context(), a, id, r.PostForm.Get("username"))
	return "courses.teacher_added", err
}

func (s *Server) removeTeacherForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	user, err := pathID(r, "user")
	if err != nil {
		return "", err
	}
	return "courses.teacher_removed", s.cfg.Courses.RemoveTeacher(r.Context(), a, id, user)
}

func (s *Server) linkClassesForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	return "courses.saved", s.cfg.Courses.LinkClasses(r.Context(), a, id, formIDs(r.PostForm["class_id"]))
}

func (s *Server) unlinkClassForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	class, err := pathID(r, "class")
	if err != nil {
		return "", err
	}
	return "courses.saved", s.cfg.Courses.UnlinkClass(r.Context(), a, id, class)
}

func (s *Server) addSectionForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	_, err := s.cfg.Courses.AddSection(r.Context(), a, id, r.PostForm.Get("title"), r.PostForm.Get("summary"))
	return "courses.section_added", err
}

// formSection is the {section} of the form's course.
func (s *Server) formSection(r *http.Request, a *identity.Actor) (int64, error) {
	return s.courseSection(r, a)
}

func (s *Server) editSectionForm(r *http.Request, a *identity.Actor, _ int64) (string, error) {
	sec, err := s.formSection(r, a)
	if err != nil {
		return "", err
	}
	return "courses.saved", s.cfg.Courses.UpdateSection(r.Context(), a, sec, r.PostForm.Get("title"), r.PostForm.Get("summary"))
}

func (s *Server) moveSectionForm(r *http.Request, a *identity.Actor, _ int64) (string, error) {
	sec, err := s.formSection(r, a)
	if err != nil {
		return "", err
	}
	pos, _ := strconv.Atoi(r.PostForm.Get("position"))
	return "courses.moved", s.cfg.Courses.MoveSection(r.Context(), a, sec, pos)
}

func (s *Server) deleteSectionForm(r *http.Request, a *identity.Actor, _ int64) (string, error) {
	sec, err := s.formSection(r, a)
	if err != nil {
		return "", err
	}
	return "courses.deleted", s.cfg.Courses.DeleteSection(r.Context(), a, sec, r.PostForm.Get("with_items") == "on")
}

func (s *Server) moveItemForm(r *http.Request, a *identity.Actor, _ int64) (string, error) {
	it, err := s.courseItem(r, a, false)
	if err != nil {
		return "", err
	}
	pos, _ := strconv.Atoi(r.PostForm.Get("position"))
	sec := it.SectionID
	if v := r.PostForm.Get("section_id"); v != "" {
		sec = nil
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			sec = &n
		}
	}
	return "courses.moved", s.cfg.Courses.MoveItem(r.Context(), a, it.ID, sec, pos)
}

func (s *Server) deleteItemForm(r *http.Request, a *identity.Actor, _ int64) (string, error) {
	it, err := s.courseItem(r, a, false)
	if err != nil {
		return "", err
	}
	return "courses.deleted", s.cfg.Courses.DeleteItem(r.Context(), a, it.ID)
}
