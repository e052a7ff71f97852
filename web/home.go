package web

import (
	"net/http"

	"github.com/hoclieu/hoclieu/lms/identity"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	classes, err := s.cfg.Identity.MyClasses(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", map[string]any{"Classes": classes})
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.render(w, r, http.StatusOK, "account", nil)
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("request.form"))
		return
	}
	err := s.cfg.Identity.ChangePassword(r.Context(), a, r.PostForm.Get("current_password"), r.PostForm.Get("new_password"))
	if s.formError(w, r, err, "account", nil) {
		return
	}
	s.flash(r, "account.pw_changed")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) accountLocale(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("request.form"))
		return
	}
	if s.formError(w, r, s.cfg.Identity.SetLocale(r.Context(), a, r.PostForm.Get("locale")), "account", nil) {
		return
	}
	s.flash(r, "account.lang_saved")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// formError re-renders a form page with the message when err is a validation error,
// fails the request for any other error, and returns whether it responded.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, page string, data any) bool {
	if err == nil {
		return false
	}
	status := statusOf(err)
	if status != http.StatusBadRequest {
		s.fail(w, r, err)
		return true
	}
	msg, field := userMessage(r, err, status)
	form := map[string]string{}
	for k := range r.PostForm {
		if k != "password" && k != "current_password" && k != "new_password" {
			form[k] = r.PostForm.Get(k)
		}
	}
	s.renderView(w, r, status, page, &view{Error: msg, Field: field, Data: data, Form: form})
	return true
}
