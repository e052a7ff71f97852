package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// Catalog is what the web layer needs of the e-library catalog (repository/catalog).
type Catalog interface {
	List(ctx context.Context, a *identity.Actor, f catalog.Filter) ([]catalog.Record, error)
	Get(ctx context.Context, a *identity.Actor, id int64) (*catalog.Record, error)
	Export(ctx context.Context, a *identity.Actor, id int64) ([]byte, error)
	Delete(ctx context.Context, a *identity.Actor, id int64) error
	StartImport(ctx context.Context, a *identity.Actor, n catalog.NewImport) (*catalog.Import, error)
	GetImport(ctx context.Context, a *identity.Actor, id int64) (*catalog.Import, error)
	Imports(ctx context.Context, a *identity.Actor, limit int) ([]catalog.Import, error)
	MayCatalog(a *identity.Actor) bool
}

func (s *Server) catalogRoutes(mux *http.ServeMux) {
	if s.cfg.Catalog == nil || s.cfg.Blobs == nil {
		return
	}
	mux.Handle("GET /catalog", s.authed(s.catalogPage))
	mux.Handle("POST /catalog/imports", s.authed(s.catalogImport))
	mux.Handle("GET /catalog/imports/{id}", s.authed(s.catalogImportPage))
	mux.Handle("GET /catalog/records/{id}", s.authed(s.catalogRecordPage))
	mux.Handle("GET /catalog/records/{id}/marc", s.authed(s.catalogExport))
	mux.Handle("POST /catalog/records/{id}/delete", s.authed(s.catalogDelete))

	mux.Handle("GET /api/v1/catalog/records", s.authed(s.apiCatalogRecords))
	mux.Handle("GET /api/v1/catalog/records/{id}", s.authed(s.apiCatalogRecord))
	mux.Handle("DELETE /api/v1/catalog/records/{id}", s.authed(s.apiCatalogDelete))
	mux.Handle("POST /api/v1/catalog/imports", s.authed(s.apiCatalogImport))
	mux.Handle("GET /api/v1/catalog/imports/{id}", s.authed(s.apiCatalogImportState))
}

// catalogFilter reads ?org= (only that organization's records) and ?before= (the
// next page).
func catalogFilter(r *http.Request) (catalog.Filter, error) {
	var f catalog.Filter
	for name, dst := range map[string]*int64{"org": &f.OrgID, "before": &f.Before} {
		if v := r.URL.Query().Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return f, fault.Invalid(name, "search.number", "%s must be a number.", name)
			}
			*dst = n
		}
	}
	return f, nil
}

func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	f, err := catalogFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCatalog(w, r, a, f, http.StatusOK, nil)
}

// renderCatalog shows the catalog page; a failed import re-shows it with the message.
func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, a *identity.Actor, f catalog.Filter, status int, failure error) {
	f.Limit = 50
	recs, err := s.cfg.Catalog.List(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Records": recs, "Scopes": catalog.Scopes, "Default": catalog.DefaultScope, "Filter": f,
		"MayCatalog": s.cfg.Catalog.MayCatalog(a), "Home": a.User.HomeOrgID}
	if len(recs) == f.Limit {
		data["Next"] = fmt.Sprintf("/catalog?before=%d&org=%d", recs[len(recs)-1].ID, f.OrgID)
	}
	if s.cfg.Catalog.MayCatalog(a) {
		if data["Imports"], err = s.cfg.Catalog.Imports(r.Context(), a, 10); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v := &view{Data: data}
	if failure != nil {
		v.Error, v.Field = userMessage(r, failure, status)
	}
	s.renderView(w, r, status, "catalog", v)
}

// startCatalogImport stores the uploaded file (a "file" part, or the id of a
// finished resumable upload) and starts its import.
func (s *Server) startCatalogImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) (*catalog.Import, error) {
	if !s.cfg.Catalog.MayCatalog(a) {
		return nil, fmt.Errorf("web: catalog import: %w", fault.ErrForbidden)
	}
	fields, files, err := s.readUpload(w, r)
	if err != nil {
		return nil, err
	}
	if len(files) != 1 {
		return nil, fault.Invalid("file", "catalog.one_file", "Choose one MARC file (.mrc or MARCXML).")
	}
	n := catalog.NewImport{Scope: fields["scope"], FileName: files[0].Name, SHA256: files[0].SHA256, Size: files[0].Size}
	if v := fields["org"]; v != "" {
		if n.OrgID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return nil, fault.Invalid("org", "search.number", "%s must be a number.", "org")
		}
	}
	return s.cfg.Catalog.StartImport(r.Context(), a, n)
}

func (s *Server) catalogImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	im, err := s.startCatalogImport(w, r, a)
	if err != nil {
		status := statusOf(err)
		if status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge {
			s.renderCatalog(w, r, a, catalog.Filter{}, status, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/catalog/imports/%d", im.ID), http.StatusSeeOther)
}

// refusalView is a refused record with its reason in the reader's language.
type refusalView struct {
	catalog.Refusal
	Text string
}

func (s *Server) refusalText(r *http.Request, f catalog.Refusal) string {
	if _, ok := messages[f.Key]; ok {
		return translator(localeFrom(r.Context()))(f.Key, f.Args...)
	}
	return f.Message
}

func (s *Server) catalogImportPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	im, err := s.cfg.Catalog.GetImport(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	refusals := make([]refusalView, len(im.Refusals))
	for i, f := range im.Refusals {
		refusals[i] = refusalView{Refusal: f, Text: s.refusalText(r, f)}
	}
	data := map[string]any{"Import": im, "Refusals": refusals,
		"Working": im.Status == catalog.StatusQueued || im.Status == catalog.StatusRunning}
	if im.Error != nil {
		data["Failure"] = s.refusalText(r, *im.Error)
	}
	s.render(w, r, http.StatusOK, "catalog_import", data)
}

func (s *Server) catalogRecordPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.cfg.Catalog.Get(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "catalog_record", map[string]any{"R": rec})
}

func (s *Server) catalogExport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw, err := s.cfg.Catalog.Export(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/marc")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="record-%d.mrc"`, id))
	_, _ = w.Write(raw)
}

func (s *Server) catalogDelete(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cfg.Catalog.Delete(r.Context(), a, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "catalog.deleted")
	http.Redirect(w, r, "/catalog", http.StatusSeeOther)
}

func (s *Server) apiCatalogRecords(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	f, err := catalogFilter(r)
	if err == nil {
		var recs []catalog.Record
		if recs, err = s.cfg.Catalog.List(r.Context(), a, f); err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"records": recs})
			return
		}
	}
	s.fail(w, r, err)
}

func (s *Server) apiCatalogRecord(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		var rec *catalog.Record
		if rec, err = s.cfg.Catalog.Get(r.Context(), a, id); err == nil {
			writeJSON(w, http.StatusOK, rec)
			return
		}
	}
	s.fail(w, r, err)
}

func (s *Server) apiCatalogDelete(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		if err = s.cfg.Catalog.Delete(r.Context(), a, id); err == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	s.fail(w, r, err)
}

func (s *Server) apiCatalogImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	im, err := s.startCatalogImport(w, r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/catalog/imports/%d", im.ID))
	writeJSON(w, http.StatusAccepted, im)
}

func (s *Server) apiCatalogImportState(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		var im *catalog.Import
		if im, err = s.cfg.Catalog.GetImport(r.Context(), a, id); err == nil {
			writeJSON(w, http.StatusOK, im)
			return
		}
	}
	s.fail(w, r, err)
}
