package web

import (
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
)

func (s *Server) adminAPIRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/orgs", s.authed(s.apiOrgs))
	mux.Handle("POST /api/v1/orgs", s.authed(s.apiCreateOrg))
	mux.Handle("GET /api/v1/orgs/{id}/classes", s.authed(s.apiOrgClasses))
	mux.Handle("GET /api/v1/users", s.authed(s.apiUsers))
	mux.Handle("POST /api/v1/users", s.authed(s.apiCreateUser))
	mux.Handle("GET /api/v1/users/{id}", s.authed(s.apiUser))
	mux.Handle("POST /api/v1/users/{id}/roles", s.authed(s.apiRole(true)))
	mux.Handle("DELETE /api/v1/users/{id}/roles", s.authed(s.apiRole(false)))
	mux.Handle("POST /api/v1/users/{id}/password", s.authed(s.apiResetPassword))
	mux.Handle("POST /api/v1/classes", s.authed(s.apiCreateClass))
	mux.Handle("GET /api/v1/classes/{id}/members", s.authed(s.apiClassMembers))
	mux.Handle("POST /api/v1/classes/{id}/members", s.authed(s.apiAddMember))
	mux.Handle("GET /api/v1/audit", s.authed(s.apiAudit))
	mux.Handle("POST /api/v1/import/{kind}", s.authed(s.apiImport))
}

const jsonLimit = 1 << 20

func (s *Server) apiOrgs(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	orgs, err := s.cfg.Identity.ListOrgs(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"orgs": nonNil(orgs)})
}

func (s *Server) apiCreateOrg(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in identity.NewOrg
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.cfg.Identity.CreateOrg(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, o)
}

func (s *Server) apiOrgClasses(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	classes, err := s.cfg.Identity.OrgClasses(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"classes": nonNil(classes)})
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q := r.URL.Query()
	org, _ := strconv.ParseInt(q.Get("org"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	users, err := s.cfg.Identity.ListUsers(r.Context(), a, identity.UserFilter{OrgID: org, Query: q.Get("q"), Limit: limit})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": nonNil(users)})
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in identity.NewUser
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.cfg.Identity.CreateUser(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, u)
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.cfg.Identity.UserWithGrants(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meOf(u))
}

func (s *Server) apiRole(grant bool) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var in struct {
			OrgID int64         `json:"org_id"`
			Role  identity.Role `json:"role"`
		}
		if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
			s.fail(w, r, err)
			return
		}
		change := s.cfg.Identity.RevokeRole
		if grant {
			change = s.cfg.Identity.AssignRole
		}
		if err := change(r.Context(), a, id, in.OrgID, in.Role); err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) apiResetPassword(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cfg.Identity.ResetPassword(r.Context(), a, id, in.Password); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiCreateClass(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in identity.NewClass
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.cfg.Identity.CreateClass(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiClassMembers(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.cfg.Identity.ClassMembers(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": nonNil(m)})
}

func (s *Server) apiAddMember(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		UserID   int64  `json:"user_id"`
		PersonID string `json:"person_id"`
		Role     string `json:"role"`
		Subject  string `json:"subject"`
	}
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.UserID == 0 {
		u, err := s.cfg.Identity.UserByPersonID(r.Context(), a, in.PersonID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		in.UserID = u.ID
	}
	if err := s.cfg.Identity.AddClassMember(r.Context(), a, id, in.UserID, in.Role, in.Subject); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	entries, err := s.cfg.Identity.ListAudit(r.Context(), a, identity.AuditFilter{Action: q.Get("action"), Actor: q.Get("actor"), Before: before, Limit: limit})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": nonNil(entries)})
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
