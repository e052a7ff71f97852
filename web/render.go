package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/markdown"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds every page template, parsed once per locale so that the "t" function
// is bound to the language without cloning templates per request.
type pages struct {
	byLocale map[string]map[string]*template.Template
}

func loadPages() (*pages, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	admin, _ := fs.Glob(templateFS, "templates/admin/*.html")
	files = append(files, admin...)
	p := &pages{byLocale: map[string]map[string]*template.Template{}}
	for _, loc := range Locales {
		p.byLocale[loc] = map[string]*template.Template{}
		for _, f := range files {
			name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
			if name == "layout" {
				continue
			}
			t, err := template.New(path.Base(f)).Funcs(funcs(loc)).ParseFS(templateFS, "templates/layout.html", f)
			if err != nil {
				return nil, fmt.Errorf("web: parse %s: %w", f, err)
			}
			p.byLocale[loc][name] = t
		}
	}
	return p, nil
}

func funcs(locale string) template.FuncMap {
	return template.FuncMap{
		"t": translator(locale),
		"date": func(v any) string {
			var t time.Time
			switch x := v.(type) {
			case time.Time:
				t = x
			case *time.Time:
				if x == nil {
					return ""
				}
				t = *x
			default:
				return ""
			}
			if locale == "vi" {
				return t.Local().Format("02/01/2006 15:04")
			}
			return t.Local().Format("2006-01-02 15:04")
		},
		"roleName": func(r any) string { return translator(locale)("role." + fmt.Sprint(r)) },
		"kindName": func(k any) string { return translator(locale)("kind." + fmt.Sprint(k)) },
		"isAdmin":  func(a *identity.Actor) bool { return a != nil && len(a.AdminScope()) > 0 },
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"letter":    letter,
		"percent":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"hasPrefix": strings.HasPrefix,
		// sanitizedHTML shows domain-rendered Markdown, passed through the sanitizer
		// once more so that a template never trusts a plain string.
		"sanitizedHTML": func(h string) template.HTML { return template.HTML(markdown.Sanitize(h)) },
		// mark1 shows a mark with one decimal ("" for none).
		"mark1": func(v any) string {
			switch x := v.(type) {
			case float64:
				return strconv.FormatFloat(x, 'f', 1, 64)
			case *float64:
				if x != nil {
					return strconv.FormatFloat(*x, 'f', 1, 64)
				}
			}
			return ""
		},
		"list3": func(a, b, c string) []string { return []string{a, b, c} },
		"splitRoles": func(s string) []string {
			return strings.Split(s, ",")
		},
	}
}

// view is what every page template receives.
type view struct {
	Lang   string
	Path   string
	Actor  *identity.Actor
	Flash  string
	Error  string
	Field  string
	Data   any
	Form   map[string]string
	Status int
	SSO    bool
}

// render writes a page inside the layout, with the flash message (if any) popped
// from the session.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	s.renderView(w, r, status, name, &view{Data: data})
}

func (s *Server) renderView(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	ctx := r.Context()
	v.Lang, v.Path, v.Actor, v.Status, v.SSO = localeFrom(ctx), r.URL.Path, actorFrom(ctx), status, s.cfg.SSO != nil
	if v.Flash == "" && s.sessions != nil {
		if key := s.sessions.PopString(ctx, "flash"); key != "" {
			v.Flash = translator(v.Lang)(key)
		}
	}
	t, ok := s.pages.byLocale[v.Lang][name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "template", name, "id", requestID(ctx), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// flash stores a message key shown on the next page.
func (s *Server) flash(r *http.Request, key string) { s.sessions.Put(r.Context(), "flash", key) }

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}
