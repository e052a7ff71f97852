package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if actorFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderView(w, r, http.StatusOK, "login", &view{Form: map[string]string{"next": safeNext(r.URL.Query().Get("next"))}})
}

// startSession logs the actor in: a fresh session token (no fixation) holding only
// the user id.
func (s *Server) startSession(r *http.Request, a *identity.Actor) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessionUserKey, a.User.ID)
	// A language chosen on the login page, in this browser session, is what the
	// person wants: it becomes their profile's language (which otherwise wins).
	if lang := s.sessions.PopString(r.Context(), sessionLangChoiceKey); lang != "" && lang != a.User.Locale {
		if err := s.cfg.Identity.SetLocale(r.Context(), a, lang); err != nil {
			return err
		}
		a.User.Locale = lang
	}
	return nil
}

// sessionLangChoiceKey holds the language chosen before logging in.
const sessionLangChoiceKey = "lang_choice"

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("request.form"))
		return
	}
	username, next := r.PostForm.Get("username"), safeNext(r.PostForm.Get("next"))
	a, err := s.cfg.Identity.Authenticate(r.Context(), username, r.PostForm.Get("password"), clientIP(r))
	if err != nil {
		status := statusOf(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		msg, _ := userMessage(r, err, status)
		if status == http.StatusUnauthorized {
			msg = translator(localeFrom(r.Context()))("login.failed")
		}
		s.renderView(w, r, status, "login", &view{Error: msg, Form: map[string]string{"username": username, "next": next}})
		return
	}
	if err := s.startSession(r, a); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if a := actorFrom(r.Context()); a != nil {
		_ = s.cfg.Identity.Audit(r.Context(), a, "logout", "user:"+a.User.Username, &a.User.HomeOrgID, nil)
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// switchLang remembers the chosen language in a cookie (and the user's profile when
// logged in) and returns to the page.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang != "vi" && lang != "en" {
		s.fail(w, r, errNotFound)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure})
	if a := actorFrom(r.Context()); a != nil {
		if err := s.cfg.Identity.SetLocale(r.Context(), a, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		s.sessions.Put(r.Context(), sessionLangChoiceKey, lang)
	}
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// decodeJSON reads a bounded JSON body into v, rejecting unknown fields and trailing data.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return err
		}
		return badRequest("request.json", err.Error())
	}
	if dec.More() {
		return badRequest("request.json", "unexpected data after the JSON value")
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in, 64<<10); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.cfg.Identity.Authenticate(r.Context(), in.Username, in.Password, clientIP(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(r, a); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meOf(a))
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r.Context())
	if a == nil {
		s.fail(w, r, fault.ErrUnauthenticated)
		return
	}
	_ = s.cfg.Identity.Audit(r.Context(), a, "logout", "user:"+a.User.Username, &a.User.HomeOrgID, nil)
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type meResponse struct {
	identity.User
	Roles []identity.Grant `json:"roles"`
}

func meOf(a *identity.Actor) meResponse {
	roles := a.Grants
	if roles == nil {
		roles = []identity.Grant{}
	}
	return meResponse{User: a.User, Roles: roles}
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	writeJSON(w, http.StatusOK, meOf(a))
}

func (s *Server) apiClasses(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	classes, err := s.cfg.Identity.MyClasses(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if classes == nil {
		classes = []identity.Class{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"classes": classes})
}
