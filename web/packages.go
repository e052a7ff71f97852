package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/sniff"
)

// HTML5 packages (simulations, virtual labs: a ZIP with an index.html) are played in
// place from object storage. The resource page checks access and mints a short-lived
// capability token; the iframe loads /pkg/{token}/{entry} and the package's own
// relative files from there. The iframe is sandboxed without allow-same-origin and
// every entry is served with a sandbox CSP, so the package's scripts run in an
// opaque origin: they cannot read the platform's cookies, storage or pages, and
// the session cookie is not needed to load the package.

// packageCSP runs the package's scripts in an opaque origin, loading only its own files.
const packageCSP = "sandbox allow-scripts allow-forms; default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'self'"

func (s *Server) packageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /pkg/{token}/{path...}", s.servePackageFile)
}

// packageView is what the resource page shows for a ZIP file.
type packageView struct {
	URL   string // the iframe's src; "" when the package cannot be played
	Error string // why not, in the reader's language
}

// packageViews mints, for every ZIP file of the resource's current version the actor
// may read, the URL of its entry page, or says why the package cannot be opened.
func (s *Server) packageViews(r *http.Request, a *identity.Actor, res *repository.Resource) map[string]*packageView {
	views := map[string]*packageView{}
	if res.Version == nil {
		return views
	}
	t := translator(localeFrom(r.Context()))
	for _, f := range res.Version.Files {
		if f.Kind != sniff.KindZip {
			continue
		}
		if _, err := s.cfg.Resources.FileAccess(r.Context(), a, res.ID, f.SHA256); err != nil {
			continue
		}
		pm, err := s.packages.manifest(r.Context(), f.SHA256)
		switch {
		case err != nil:
			msg, _ := userMessage(r, err, statusOf(err))
			views[f.SHA256] = &packageView{Error: t("pkg.invalid", msg)}
		case pm.entry == "":
			views[f.SHA256] = &packageView{Error: t("pkg.no_entry")}
		default:
			tok := s.packages.tokens.mint(res.ID, f.SHA256, time.Now().Add(packageTokenTTL))
			views[f.SHA256] = &packageView{URL: packageURL(tok, pm.entry)}
		}
	}
	return views
}

// packageURL escapes each element of the entry's name.
func packageURL(token, entry string) string {
	parts := strings.Split(entry, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/pkg/" + token + "/" + strings.Join(parts, "/")
}

// servePackageFile serves one file of a package to whoever holds a valid token; it
// needs no session. Names are looked up in the checked manifest only.
func (s *Server) servePackageFile(w http.ResponseWriter, r *http.Request) {
	_, sha, err := s.packages.tokens.check(r.PathValue("token"), time.Now())
	if err != nil {
		code := http.StatusNotFound
		if errors.Is(err, errTokenExpired) {
			code = http.StatusForbidden
		}
		http.Error(w, http.StatusText(code), code)
		return
	}
	name := r.PathValue("path")
	pm, err := s.packages.manifest(r.Context(), sha)
	if err != nil {
		s.log.Warn("package refused", "sha256", sha, "err", err)
		http.NotFound(w, r)
		return
	}
	if _, ok := pm.files[name]; !ok {
		http.NotFound(w, r)
		return
	}
	if err := s.copyPackageFile(r.Context(), w, sha, pm, name); err != nil {
		s.log.Error("package file", "sha256", sha, "name", name, "err", err)
	}
}

func (s *Server) copyPackageFile(ctx context.Context, w http.ResponseWriter, sha string, pm *packageManifest, name string) error {
	obj, err := s.cfg.Blobs.Open(ctx, sha)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusBadGateway), http.StatusBadGateway)
		return err
	}
	defer obj.Close()
	rc, err := pm.pkg.Open(obj, name)
	if err != nil {
		code := http.StatusBadGateway
		if errors.Is(err, fs.ErrNotExist) {
			code = http.StatusNotFound
		}
		http.Error(w, http.StatusText(code), code)
		return err
	}
	defer rc.Close()
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.FormatInt(pm.files[name], 10))
	h.Set("Content-Security-Policy", packageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "private, max-age=600")
	// From its opaque origin the package's fetch() and module scripts are
	// cross-origin requests (Origin: null, no credentials); the token in the URL is
	// what grants them, so any origin may read the answer.
	h.Set("Access-Control-Allow-Origin", "*")
	if _, err := io.Copy(w, rc); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	return nil
}
