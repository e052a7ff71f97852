package web

import (
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
)

func (s *Server) resourceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /resources", s.authed(s.catalogue))
	mux.Handle("GET /resources/new", s.authed(s.newResourcePage))
	mux.Handle("POST /resources", s.authed(s.createResource))
	mux.Handle("GET /resources/{id}", s.authed(s.resourcePage))
	mux.Handle("POST /resources/{id}/versions", s.authed(s.uploadVersion))
	mux.Handle("POST /resources/{id}/submit", s.authed(s.submitResource))
	mux.Handle("POST /resources/{id}/delete", s.authed(s.deleteResource(true)))
	mux.Handle("POST /resources/{id}/restore", s.authed(s.deleteResource(false)))
	mux.Handle("POST /resources/{id}/comment", s.authed(s.commentResource))
	mux.Handle("GET /reviews", s.authed(s.reviewsPage))
	mux.Handle("POST /reviews/{id}/claim", s.authed(s.reviewAction("claim")))
	mux.Handle("POST /reviews/{id}/release", s.authed(s.reviewAction("release")))
	mux.Handle("POST /reviews/{id}/decision", s.authed(s.reviewAction("decide")))
	mux.Handle("GET /notifications", s.authed(s.notificationsPage))
}

// catalogueData is what the catalogue and forms need: subjects and choice lists.
func (s *Server) catalogueData(r *http.Request) (map[string]any, error) {
	subjects, err := s.cfg.Resources.Subjects(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Subjects": subjects, "Types": repository.Types, "Scopes": repository.Scopes,
		"Licences": repository.Licences, "Grades": []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}, nil
}

func (s *Server) catalogue(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.catalogueData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := filterFrom(r)
	page, err := s.cfg.Resources.List(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Page"], data["Filter"] = page, f
	data["CanCreate"] = a.HasRole(identity.RoleTeacher) || a.HasRole(identity.RoleLibrarian)
	if page.Page*page.PerPage < page.Total {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page.Page+1))
		data["Next"] = "/resources?" + q.Encode()
	}
	s.render(w, r, http.StatusOK, "resources", data)
}

func (s *Server) newResourcePage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.catalogueData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "resource_new", data)
}

// createResource takes the metadata and the first files in one multipart form, so a
// teacher uploads a lesson in one step (the page shows upload progress).
func (s *Server) createResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	fields, files, err := s.readUpload(w, r)
	if err != nil {
		s.uploadFailed(w, r, err, fields)
		return
	}
	var grades []int
	if g, err := strconv.Atoi(fields["grade"]); err == nil {
		grades = []int{g}
	}
	res, err := s.cfg.Resources.Create(r.Context(), a, repository.NewResource{Title: fields["title"], Type: fields["type"],
		Subject: fields["subject"], Grades: grades, Scope: fields["scope"], Licence: fields["licence"], Description: fields["description"]})
	if err == nil && len(files) > 0 {
		_, err = s.cfg.Resources.AddVersion(r.Context(), a, res.ID, fields["note"], files)
	}
	if err != nil {
		s.uploadFailed(w, r, err, fields)
		return
	}
	s.flash(r, "resource.created")
	http.Redirect(w, r, "/resources/"+strconv.FormatInt(res.ID, 10), http.StatusSeeOther)
}

// uploadFailed re-shows the form with the message, keeping what was typed.
func (s *Server) uploadFailed(w http.ResponseWriter, r *http.Request, err error, fields map[string]string) {
	status := statusOf(err)
	if status != http.StatusBadRequest && status != http.StatusRequestEntityTooLarge && status != http.StatusServiceUnavailable {
		s.fail(w, r, err)
		return
	}
	data, derr := s.catalogueData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	msg, field := userMessage(r, err, status)
	s.renderView(w, r, status, "resource_new", &view{Error: msg, Field: field, Data: data, Form: fields})
}

func (s *Server) resourcePage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.cfg.Resources.Get(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"R": res, "Owner": res.OwnerID == a.User.ID}
	if hist, err := s.cfg.Resources.History(r.Context(), a, id); err == nil {
		data["History"] = hist
	}
	_ = s.cfg.Resources.RecordUse(r.Context(), a, id, false)
	s.resourceExtras(r, a, id, data)
	data["Pkgs"] = s.packageViews(r, a, res)
	s.resourceUseData(r, a, res.Published, data)
	s.render(w, r, http.StatusOK, "resource", data)
}

func (s *Server) uploadVersion(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.cfg.Resources.Get(r.Context(), a, id); err != nil {
		s.fail(w, r, err)
		return
	}
	fields, files, err := s.readUpload(w, r)
	if err == nil {
		_, err = s.cfg.Resources.AddVersion(r.Context(), a, id, fields["note"], files)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "resource.version_added")
	http.Redirect(w, r, "/resources/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) submitResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	if _, err := s.cfg.Resources.Submit(r.Context(), a, id, r.PostForm.Get("comment")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "resource.submitted")
	http.Redirect(w, r, "/resources/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) deleteResource(del bool) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err == nil {
			if del {
				err = s.cfg.Resources.Delete(r.Context(), a, id)
			} else {
				err = s.cfg.Resources.Restore(r.Context(), a, id)
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if del {
			s.flash(r, "resource.deleted")
			http.Redirect(w, r, "/resources?trash=1", http.StatusSeeOther)
			return
		}
		s.flash(r, "resource.restored")
		http.Redirect(w, r, "/resources/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}

func (s *Server) commentResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.cfg.Resources.Comment(r.Context(), a, id, v, r.PostForm.Get("comment"), r.PostForm.Get("anchor")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/resources/"+strconv.FormatInt(id, 10)+"#history", http.StatusSeeOther)
}

func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q, err := s.cfg.Resources.Queue(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reviews", map[string]any{"Items": q, "Me": a.User.ID})
}

func (s *Server) reviewAction(action string) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err != nil || !s.parseForm(w, r) {
			if err != nil {
				s.fail(w, r, err)
			}
			return
		}
		flash := "review.done"
		switch action {
		case "claim":
			err = s.cfg.Resources.Claim(r.Context(), a, id)
		case "release":
			err = s.cfg.Resources.Release(r.Context(), a, id)
		default:
			var status string
			status, err = s.cfg.Resources.Decide(r.Context(), a, id, repository.Decision{Decision: r.PostForm.Get("decision"),
				Comment: r.PostForm.Get("comment"), Anchor: r.PostForm.Get("anchor")})
			flash = "review.result." + status
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.flash(r, flash)
		next := safeNext(r.PostForm.Get("next"))
		if next == "/" {
			next = "/reviews"
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	n, err := s.cfg.Resources.Notifications(r.Context(), a, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = s.cfg.Resources.MarkRead(r.Context(), a)
	s.render(w, r, http.StatusOK, "notifications", map[string]any{"Items": n})
}
