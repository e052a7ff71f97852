package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func (s *Server) gradebookData(r *http.Request, a *identity.Actor, id int64) (map[string]any, error) {
	class, _ := strconv.ParseInt(r.URL.Query().Get("class"), 10, 64)
	b, err := s.cfg.Gradebook.View(r.Context(), a, id, class)
	if err != nil {
		return nil, err
	}
	x, err := s.cfg.Courses.Access(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"B": b, "C": x.Course, "Staff": x.CanSeeAll()}
	if x.CanSeeAll() {
		data["Classes"] = s.classNames(r, a, x.Course.ClassIDs)
		audit, err := s.cfg.Gradebook.Audit(r.Context(), a, id, 20)
		if err != nil {
			return nil, err
		}
		data["Audit"] = audit
	}
	return data, nil
}

func (s *Server) gradebookPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var data map[string]any
	if err == nil {
		data, err = s.gradebookData(r, a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "gradebook", data)
}

func gradebookPath(id int64) string { return coursePath(id) + "/gradebook" }

func (s *Server) markForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	var mark *gradebook.Tenths
	if v := r.PostForm.Get("mark"); v != "" {
		t, ok := gradebook.ParseTenths(v)
		if !ok {
			err = fault.Invalid("mark", "gradebook.mark_invalid", "A mark is from 0 to 10 with one decimal.")
		}
		mark = &t
	}
	if err == nil {
		err = s.cfg.Gradebook.SetMark(r.Context(), a, id, formInt(r, "item_id"), formInt(r, "user_id"), mark, r.PostForm.Get("reason"))
	}
	if err != nil {
		data, derr := s.gradebookData(r, a, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "gradebook", data)
		return
	}
	s.flash(r, "gradebook.saved")
	http.Redirect(w, r, gradebookPath(id), http.StatusSeeOther)
}

// gradebookAction runs a gradebook form and comes back to the page (with the error
// shown on it for bad input).
func (s *Server) gradebookAction(w http.ResponseWriter, r *http.Request, a *identity.Actor, flash string, f func(id int64) error) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	if err := f(id); err != nil {
		data, derr := s.gradebookData(r, a, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "gradebook", data)
		return
	}
	s.flash(r, flash)
	http.Redirect(w, r, gradebookPath(id), http.StatusSeeOther)
}

func (s *Server) columnForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.gradebookAction(w, r, a, "gradebook.column_added", func(id int64) error {
		max, _ := strconv.ParseFloat(r.PostForm.Get("max_score"), 64)
		_, err := s.cfg.Gradebook.AddColumn(r.Context(), a, id, gradebook.NewColumn{Title: r.PostForm.Get("title"), Category: r.PostForm.Get("category"), MaxScore: max})
		return err
	})
}

func (s *Server) categoryForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.gradebookAction(w, r, a, "gradebook.saved", func(id int64) error {
		item, err := pathID(r, "item")
		if err != nil {
			return err
		}
		return s.cfg.Gradebook.SetCategory(r.Context(), a, id, item, r.PostForm.Get("category"))
	})
}

func (s *Server) closeTermForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err == nil && s.parseForm(w, r) {
		err = s.cfg.Gradebook.CloseTerm(r.Context(), a, id, nil)
	} else if err == nil {
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "gradebook.closed")
	http.Redirect(w, r, gradebookPath(id), http.StatusSeeOther)
}

func (s *Server) announcementsData(r *http.Request, a *identity.Actor, id int64) (map[string]any, error) {
	x, err := s.cfg.Courses.Access(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	list, err := s.cfg.Assignments.Announcements(r.Context(), a, id, 100)
	if err != nil {
		return nil, err
	}
	return map[string]any{"C": x.Course, "List": list, "CanPost": x.CanEdit()}, nil
}

func (s *Server) announcementsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var data map[string]any
	if err == nil {
		data, err = s.announcementsData(r, a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "announcements", data)
}

func (s *Server) announceForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	if _, err := s.cfg.Assignments.Announce(r.Context(), a, id, r.PostForm.Get("title"), r.PostForm.Get("body")); err != nil {
		data, derr := s.announcementsData(r, a, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "announcements", data)
		return
	}
	s.flash(r, "announcement.posted")
	http.Redirect(w, r, coursePath(id)+"/announcements", http.StatusSeeOther)
}

// studyPage is the learner's home: what is due, progress, recent grades; a parent
// chooses among their children (?student=).
func (s *Server) studyPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	ctx := r.Context()
	kids, err := s.cfg.Assignments.Children(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	learner, _ := strconv.ParseInt(r.URL.Query().Get("student"), 10, 64)
	if learner == 0 && len(kids) > 0 && !a.HasRole(identity.RoleStudent) {
		learner = kids[0].ID
	}
	h, err := s.cfg.Assignments.Home(ctx, a, learner)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "study", map[string]any{"H": h, "Kids": kids, "Self": h.LearnerID == a.User.ID})
}

// classChoice is a class in the gradebook's class filter.
type classChoice struct {
	ID   int64
	Name string
}

// classNames names the course's classes from the caller's classes ("#id" otherwise).
func (s *Server) classNames(r *http.Request, a *identity.Actor, ids []int64) []classChoice {
	names := map[int64]string{}
	if cs, err := s.cfg.Identity.MyClasses(r.Context(), a); err == nil {
		for _, c := range cs {
			names[c.ID] = c.Name
		}
	}
	out := make([]classChoice, len(ids))
	for i, id := range ids {
		out[i] = classChoice{id, names[id]}
		if out[i].Name == "" {
			out[i].Name = "#" + strconv.FormatInt(id, 10)
		}
	}
	return out
}
