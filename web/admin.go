package web

import (
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
)

func (s *Server) adminRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin", s.authed(s.adminOrgs))
	mux.Handle("POST /admin/orgs", s.authed(s.adminCreateOrg))
	mux.Handle("GET /admin/users", s.authed(s.adminUsers))
	mux.Handle("POST /admin/users", s.authed(s.adminCreateUser))
	mux.Handle("GET /admin/users/{id}", s.authed(s.adminUser))
	mux.Handle("POST /admin/users/{id}/roles", s.authed(s.adminRole(true)))
	mux.Handle("POST /admin/users/{id}/roles/revoke", s.authed(s.adminRole(false)))
	mux.Handle("POST /admin/users/{id}/password", s.authed(s.adminResetPassword))
	mux.Handle("GET /admin/classes", s.authed(s.adminClasses))
	mux.Handle("POST /admin/classes", s.authed(s.adminCreateClass))
	mux.Handle("GET /admin/classes/{id}", s.authed(s.adminClass))
	mux.Handle("POST /admin/classes/{id}/members", s.authed(s.adminAddMember))
	mux.Handle("GET /admin/audit", s.authed(s.adminAudit))
	mux.Handle("GET /admin/import", s.authed(s.adminImportPage))
	mux.Handle("POST /admin/import/{kind}", s.authed(s.adminImport))
}

// pathID parses the {id} path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("request.id")
	}
	return id, nil
}

func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
	return n
}

// parseForm bounds and parses a form body.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("request.form"))
		return false
	}
	return true
}

// grantableRoles are offered in forms; the domain still decides what the actor may give.
var grantableRoles = []identity.Role{identity.RoleStudent, identity.RoleTeacher, identity.RoleReviewer, identity.RoleLibrarian,
	identity.RoleParent, identity.RoleSchoolAdmin, identity.RoleDistrictAdmin, identity.RoleCityAdmin}

// adminData loads what every admin form needs: the organizations in scope.
func (s *Server) adminData(r *http.Request, a *identity.Actor) (map[string]any, error) {
	orgs, err := s.cfg.Identity.ListOrgs(r.Context(), a)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 && !a.IsSystem() {
		return nil, identity.ErrForbidden
	}
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return map[string]any{"Orgs": orgs, "OrgNames": names, "Roles": grantableRoles}, nil
}

func (s *Server) adminOrgs(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.adminData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin/orgs", data)
}

func (s *Server) adminCreateOrg(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	_, err := s.cfg.Identity.CreateOrg(r.Context(), a, identity.NewOrg{ParentID: formInt(r, "parent_id"),
		Kind: identity.OrgKind(r.PostForm.Get("kind")), Code: r.PostForm.Get("code"), Name: r.PostForm.Get("name"), Address: r.PostForm.Get("address")})
	if err != nil {
		data, derr := s.adminData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "admin/orgs", data)
		return
	}
	s.flash(r, "admin.created")
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.adminData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query().Get("q")
	org, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	users, err := s.cfg.Identity.ListUsers(r.Context(), a, identity.UserFilter{OrgID: org, Query: q})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Users"], data["Query"] = users, q
	s.render(w, r, http.StatusOK, "admin/users", data)
}

func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	_, err := s.cfg.Identity.CreateUser(r.Context(), a, identity.NewUser{PersonID: f.Get("person_id"), Name: f.Get("name"),
		Username: f.Get("username"), Email: f.Get("email"), OrgID: formInt(r, "org_id"),
		Roles: []identity.Role{identity.Role(f.Get("role"))}, Password: f.Get("password")})
	if err != nil {
		data, derr := s.adminData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		// The list under the form stays as it was (the first page, unfiltered).
		users, lerr := s.cfg.Identity.ListUsers(r.Context(), a, identity.UserFilter{})
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		data["Users"] = users
		s.formError(w, r, err, "admin/users", data)
		return
	}
	s.flash(r, "admin.created")
	http.Redirect(w, r, "/admin/users?q="+f.Get("person_id"), http.StatusSeeOther)
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.renderUser(w, r, a, nil)
}

// renderUser shows a user's page, with err (a validation error) when a form failed.
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, a *identity.Actor, formErr error) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.adminData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.cfg.Identity.UserWithGrants(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["User"] = u
	if formErr != nil {
		s.formError(w, r, formErr, "admin/user", data)
		return
	}
	s.render(w, r, http.StatusOK, "admin/user", data)
}

func (s *Server) adminRole(grant bool) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err != nil || !s.parseForm(w, r) {
			if err != nil {
				s.fail(w, r, err)
			}
			return
		}
		change := s.cfg.Identity.RevokeRole
		if grant {
			change = s.cfg.Identity.AssignRole
		}
		if err := change(r.Context(), a, id, formInt(r, "org_id"), identity.Role(r.PostForm.Get("role"))); err != nil {
			s.renderUser(w, r, a, err)
			return
		}
		s.flash(r, "admin.saved")
		http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}

func (s *Server) adminResetPassword(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	if err := s.cfg.Identity.ResetPassword(r.Context(), a, id, r.PostForm.Get("new_password")); err != nil {
		s.renderUser(w, r, a, err)
		return
	}
	s.flash(r, "admin.saved")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) adminClasses(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.adminData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	org, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if org == 0 {
		for _, o := range data["Orgs"].([]identity.Org) {
			if o.Kind == identity.KindSchool {
				org = o.ID
				break
			}
		}
	}
	if org != 0 {
		classes, err := s.cfg.Identity.OrgClasses(r.Context(), a, org)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Classes"] = classes
	}
	data["OrgID"] = org
	s.render(w, r, http.StatusOK, "admin/classes", data)
}

func (s *Server) adminCreateClass(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	n := identity.NewClass{OrgID: formInt(r, "org_id"), Name: r.PostForm.Get("name"), SchoolYear: r.PostForm.Get("school_year")}
	if g := formInt(r, "grade"); g != 0 {
		grade := int(g)
		n.Grade = &grade
	}
	if _, err := s.cfg.Identity.CreateClass(r.Context(), a, n); err != nil {
		data, derr := s.adminData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		data["OrgID"] = n.OrgID
		s.formError(w, r, err, "admin/classes", data)
		return
	}
	s.flash(r, "admin.created")
	http.Redirect(w, r, "/admin/classes?org="+strconv.FormatInt(n.OrgID, 10), http.StatusSeeOther)
}

func (s *Server) adminClass(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.renderClass(w, r, a, nil)
}

func (s *Server) renderClass(w http.ResponseWriter, r *http.Request, a *identity.Actor, formErr error) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.cfg.Identity.ClassMembers(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Members": members, "ClassID": id}
	if formErr != nil {
		s.formError(w, r, formErr, "admin/class", data)
		return
	}
	s.render(w, r, http.StatusOK, "admin/class", data)
}

func (s *Server) adminAddMember(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	u, err := s.cfg.Identity.UserByPersonID(r.Context(), a, r.PostForm.Get("person_id"))
	if err == nil {
		err = s.cfg.Identity.AddClassMember(r.Context(), a, id, u.ID, r.PostForm.Get("role"), r.PostForm.Get("subject"))
	}
	if err != nil {
		s.renderClass(w, r, a, err)
		return
	}
	s.flash(r, "admin.saved")
	http.Redirect(w, r, "/admin/classes/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	f := identity.AuditFilter{Action: q.Get("action"), Actor: q.Get("actor"), Before: before, Limit: 100}
	entries, err := s.cfg.Identity.ListAudit(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(entries) == f.Limit {
		next = entries[len(entries)-1].ID
	}
	s.render(w, r, http.StatusOK, "admin/audit", map[string]any{"Entries": entries, "Filter": f, "Next": next})
}
