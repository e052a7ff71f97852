package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/identity"
)

type ctxKey int

const (
	keyActor ctxKey = iota
	keyRequestID
	keyLocale
)

// sessionUserKey is the session field holding the logged-in user's id.
const sessionUserKey = "uid"

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (flush, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an ID, logs it (without query strings, which may carry
// tokens) and records metrics by route pattern.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		// The route pattern, not the path, labels metrics (bounded cardinality).
		_, route := s.mux.Handler(r)
		if route == "" || route == "/" {
			route = "unmatched"
		}
		s.metrics.observe(route, sw.status, elapsed)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("took", elapsed), slog.String("ip", clientIP(r)))
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// recoverPanics turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets a strict content security policy (no inline scripts), framing
// and sniffing protection, and HSTS when served over TLS.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.secure || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// loadActor puts the logged-in user (if any) and the locale into the context.
func (s *Server) loadActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		userLocale := ""
		if uid := s.sessions.GetInt64(ctx, sessionUserKey); uid != 0 {
			a, err := s.cfg.Identity.Actor(ctx, uid)
			switch {
			case err == nil:
				a.IP = clientIP(r)
				userLocale = a.User.Locale
				ctx = context.WithValue(ctx, keyActor, a)
			case errors.Is(err, identity.ErrNotFound), errors.Is(err, identity.ErrUnauthenticated):
				_ = s.sessions.Destroy(ctx) // user deleted or disabled: end the session
			default:
				s.fail(w, r, err)
				return
			}
		}
		ctx = context.WithValue(ctx, keyLocale, pickLocale(r, userLocale))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func actorFrom(ctx context.Context) *identity.Actor {
	a, _ := ctx.Value(keyActor).(*identity.Actor)
	return a
}

func localeFrom(ctx context.Context) string {
	if l, ok := ctx.Value(keyLocale).(string); ok {
		return l
	}
	return "vi"
}

// authed requires a logged-in user: pages redirect to the login page, the API
// answers 401.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, *identity.Actor)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := actorFrom(r.Context())
		if a == nil {
			if wantsJSON(r) {
				s.fail(w, r, identity.ErrUnauthenticated)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
			return
		}
		h(w, r, a)
	})
}

// clientIP is the peer address. Behind a proxy, the proxy's own access log has the
// original address; X-Forwarded-For is not trusted here because any client can set it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext keeps only same-site relative paths for post-login redirects.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
