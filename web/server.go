package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Identity is what the web layer needs of the identity domain.
type Identity interface {
	Authenticate(ctx context.Context, username, password, ip string) (*identity.Actor, error)
	Actor(ctx context.Context, userID int64) (*identity.Actor, error)
	ChangePassword(ctx context.Context, a *identity.Actor, current, next string) error
	ResetPassword(ctx context.Context, a *identity.Actor, userID int64, next string) error
	SetLocale(ctx context.Context, a *identity.Actor, locale string) error
	MyClasses(ctx context.Context, a *identity.Actor) ([]identity.Class, error)
	Org(ctx context.Context, id int64) (*identity.Org, error)
	ListOrgs(ctx context.Context, a *identity.Actor) ([]identity.Org, error)
	CreateOrg(ctx context.Context, a *identity.Actor, n identity.NewOrg) (*identity.Org, error)
	ListUsers(ctx context.Context, a *identity.Actor, f identity.UserFilter) ([]identity.User, error)
	CreateUser(ctx context.Context, a *identity.Actor, n identity.NewUser) (*identity.User, error)
	UserWithGrants(ctx context.Context, a *identity.Actor, userID int64) (*identity.Actor, error)
	AssignRole(ctx context.Context, a *identity.Actor, userID, orgID int64, role identity.Role) error
	RevokeRole(ctx context.Context, a *identity.Actor, userID, orgID int64, role identity.Role) error
	OrgClasses(ctx context.Context, a *identity.Actor, orgID int64) ([]identity.Class, error)
	CreateClass(ctx context.Context, a *identity.Actor, n identity.NewClass) (*identity.Class, error)
	AddClassMember(ctx context.Context, a *identity.Actor, classID, userID int64, role, subject string) error
	ClassMembers(ctx context.Context, a *identity.Actor, classID int64) ([]identity.ClassMember, error)
	ListAudit(ctx context.Context, a *identity.Actor, f identity.AuditFilter) ([]identity.AuditEntry, error)
	UserByPersonID(ctx context.Context, a *identity.Actor, personID string) (*identity.User, error)
	Audit(ctx context.Context, a *identity.Actor, action, target string, orgID *int64, detail map[string]any) error
}

// HealthCheck reports whether one dependency answers.
type HealthCheck func(ctx context.Context) error

// Config is what the web layer is built from.
type Config struct {
	BaseURL  string // public URL, e.g. https://hoclieu.example.edu.vn; decides Secure cookies and HSTS
	Version  string
	Logger   *slog.Logger
	Sessions *pgxpool.Pool // where sessions are stored
	Identity Identity
	Importer Importer // bulk CSV import of users and rosters
	// Resources and Blobs are the learning-resource repository; nil turns its routes off.
	Resources Resources
	Blobs     Blobs
	// Collections are teachers' shared lists of resources; nil turns them off.
	Collections Collections
	// Search answers the search box (lms/platform/search); nil turns search off.
	Search Search
	// Assessment is the question bank and online tests; nil turns its routes off.
	Assessment Assessment
	// Surveys is online surveys (assessment/survey); nil turns its routes off.
	Surveys Surveys
	// Catalog is the e-library's union catalog (repository/catalog); nil turns it off.
	Catalog Catalog
	// Courses is the course part of the LMS (lms/course); nil turns its routes off.
	Courses Courses
	// Assignments and Gradebook are homework, grades, announcements and the learner's
	// home (lms/assignment, lms/gradebook); nil turns their routes off.
	Assignments Assignments
	Gradebook   Gradebook
	// SSO, when set, offers single sign-on with the city's OpenID Provider.
	SSO          SSO
	SSOSignIn    SSOSignIn
	SSOProvision bool // create accounts for unknown SSO users instead of refusing them
	Health       map[string]HealthCheck
	Metrics      *prometheus.Registry // nil: a new registry
}

// Server is the HTTP application.
type Server struct {
	cfg      Config
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    *pages
	metrics  *metrics
	packages *packages
	secure   bool
	mux      *http.ServeMux
	handler  http.Handler
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = prometheus.NewRegistry()
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Scheme == "https" {
		s.secure = true
	}
	s.sessions = scs.New()
	s.sessions.Store = newIdleStore(pgxstore.NewWithCleanupInterval(cfg.Sessions, 10*time.Minute), 5*time.Minute)
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.IdleTimeout = 2 * time.Hour
	s.sessions.Cookie.Name = "hoclieu_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = s.secure
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	var err error
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(cfg.Metrics, cfg.Sessions)
	if cfg.Blobs != nil {
		key, err := loadPackageKey(context.Background(), cfg.Sessions)
		if err != nil {
			return nil, err
		}
		s.packages = &packages{tokens: packageTokens{key: key}, blobs: cfg.Blobs, cache: map[string]packageResult{}}
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes wires every path. Pages and API routes each live in their own file.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.mux = mux
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metrics.handler())

	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /lang/{lang}", s.switchLang)
	mux.HandleFunc("GET /sso/login", s.ssoBegin)
	mux.HandleFunc("GET /sso/callback", s.ssoCallback)

	mux.Handle("GET /{$}", s.authed(s.home))
	mux.Handle("GET /account", s.authed(s.accountPage))
	mux.Handle("POST /account/password", s.authed(s.accountPassword))
	mux.Handle("POST /account/locale", s.authed(s.accountLocale))
	s.adminRoutes(mux)

	mux.HandleFunc("POST /api/v1/session", s.apiLogin)
	mux.HandleFunc("DELETE /api/v1/session", s.apiLogout)
	mux.Handle("GET /api/v1/me", s.authed(s.apiMe))
	mux.Handle("GET /api/v1/classes", s.authed(s.apiClasses))
	s.adminAPIRoutes(mux)
	if s.cfg.Resources != nil && s.cfg.Blobs != nil {
		s.resourceAPIRoutes(mux)
		s.resourceRoutes(mux)
		s.packageRoutes(mux)
	}
	s.routesSearch(mux)
	s.collectionRoutes(mux)
	s.catalogRoutes(mux)

	s.assessmentRoutes(mux)
	s.surveyRoutes(mux)
	s.coursesRoutes(mux)
	s.gradeRoutes(mux)
	s.resourceUseRoutes(mux)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })

	var h http.Handler = mux
	h = s.loadActor(h)
	h = s.sessions.LoadAndSave(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return h
}
