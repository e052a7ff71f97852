package web

import (
	"context"
	"io"
	"net/http"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Importer is what the import pages need of the identity domain.
type Importer interface {
	ImportUsers(ctx context.Context, a *identity.Actor, r io.Reader) (*identity.ImportReport, error)
	ImportRoster(ctx context.Context, a *identity.Actor, r io.Reader) (*identity.ImportReport, error)
}

const importLimit = 10<<20 + 1<<20 // the file plus multipart overhead

// importFile reads the uploaded CSV (form field "file") or a text/csv body.
func (s *Server) importRun(w http.ResponseWriter, r *http.Request, a *identity.Actor, kind string) (*identity.ImportReport, error) {
	r.Body = http.MaxBytesReader(w, r.Body, importLimit)
	var src io.Reader = r.Body
	if ct := r.Header.Get("Content-Type"); len(ct) >= 19 && ct[:19] == "multipart/form-data" {
		f, _, err := r.FormFile("file")
		if err != nil {
			return nil, badRequest("request.form")
		}
		defer f.Close()
		src = f
	}
	if kind == "roster" {
		return s.cfg.Importer.ImportRoster(r.Context(), a, src)
	}
	return s.cfg.Importer.ImportUsers(r.Context(), a, src)
}

func (s *Server) adminImportPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if len(a.AdminScope()) == 0 {
		s.fail(w, r, identity.ErrForbidden)
		return
	}
	s.render(w, r, http.StatusOK, "admin/import", map[string]any{})
}

func (s *Server) adminImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	kind := r.PathValue("kind")
	rep, err := s.importRun(w, r, a, kind)
	if err != nil {
		s.formError(w, r, err, "admin/import", map[string]any{})
		return
	}
	s.render(w, r, http.StatusOK, "admin/import", map[string]any{"Report": rep, "Kind": kind})
}

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	kind := r.PathValue("kind")
	if kind != "users" && kind != "roster" {
		s.fail(w, r, errNotFound)
		return
	}
	rep, err := s.importRun(w, r, a, kind)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
