package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/identity/sso"
	"github.com/hoclieu/hoclieu/lms/notify"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/catalog"
	"github.com/hoclieu/hoclieu/web"
)

// Compile-time checks that the domains provide what their consumers declare.
var (
	_ web.Identity              = (*identity.Service)(nil)
	_ web.Importer              = (*identity.Service)(nil)
	_ web.Resources             = (*repository.Service)(nil)
	_ web.Blobs                 = (*blob.Store)(nil)
	_ web.SSOSignIn             = (*identity.Service)(nil)
	_ web.SSO                   = (*sso.Client)(nil)
	_ web.Search                = (*search.Postgres)(nil)
	_ search.Index              = (*search.Postgres)(nil)
	_ search.Source             = (*repository.Service)(nil)
	_ web.Assessment            = (*assessment.Service)(nil)
	_ web.Courses               = (*course.Service)(nil)
	_ web.Assignments           = (*assignment.Service)(nil)
	_ web.Gradebook             = (*gradebook.Service)(nil)
	_ assignment.Blobs          = (*blob.Store)(nil)
	_ gradebook.TestResults     = (*assessment.Service)(nil)
	_ search.Source             = (*course.Service)(nil)
	_ course.ItemCopier         = (*assignment.Service)(nil)
	_ course.ItemCopier         = (*gradebook.Service)(nil)
	_ assessment.SubmitObserver = (*course.Service)(nil)
	_ web.Collections           = (*repository.Service)(nil)
	_ web.Surveys               = (*survey.Service)(nil)
	_ web.Search                = (*search.Meili)(nil)
	_ search.Index              = (*search.Outbox)(nil)
	_ search.Sink               = (*search.Meili)(nil)
	_ search.Source             = (*assessment.Service)(nil)
	_ web.Catalog               = (*catalog.Service)(nil)
	_ search.Source             = (*catalog.Service)(nil)
	_ catalog.Blobs             = (*blob.Store)(nil)
)

// App is the wired program: it alone opens connections and builds the domains.
type App struct {
	cfg      Config
	log      *slog.Logger
	DB       *pgxpool.Pool
	Objects  *minio.Client
	Identity *identity.Service
	Jobs     *jobs.Queue
	Blobs    *blob.Store
	Repo     *repository.Service
	Catalog  *catalog.Service
	// Search answers queries: the PostgreSQL backend, or Meilisearch when
	// --meili-url is set (then fed from PGSearch through Outbox).
	Search   web.Search
	PGSearch *search.Postgres
	Meili    *search.Meili
	Outbox   *search.Outbox
	Assess   *assessment.Service
	Surveys  *survey.Service
	Courses  *course.Service
	Assign   *assignment.Service
	Book     *gradebook.Service
	Mailer   *notify.Mailer // nil: no e-mail
	SSO      *sso.Client
	Web      *web.Server
	Metrics  *prometheus.Registry
	listener net.Listener
	http     *http.Server
}

func newLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// Open connects to PostgreSQL and object storage, applies migrations when asked, and
// builds the domains. With work, this process also works background jobs.
func Open(ctx context.Context, cfg Config, log *slog.Logger, migrate, work bool) (*App, error) {
	a := &App{cfg: cfg, log: log, Metrics: prometheus.NewRegistry()}
	if migrate {
		n, err := schema.Up(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			log.Info("applied migrations", "count", n)
		}
	}
	pcfg, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("database url: %w", err)
	}
	if pcfg.MaxConns < 20 {
		pcfg.MaxConns = 20
	}
	if a.DB, err = pgxpool.NewWithConfig(ctx, pcfg); err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	a.Objects, err = minio.New(cfg.S3Endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(cfg.S3AccessKey, cfg.S3SecretKey, ""), Secure: cfg.S3UseSSL})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("object storage: %w", err)
	}
	if err := a.ensureBucket(ctx); err != nil {
		a.Close()
		return nil, err
	}
	a.Identity = identity.New(a.DB, log)
	// 5 MiB parts (S3's smallest): an upload of unknown length (a form) holds one
	// part in memory, so 20 at once stay well under 300 MiB. Resumable chunks
	// stream through unbuffered, so they are 16 MiB: a quarter of the requests (and
	// their database round trips) for 1 GiB, at most 16 MiB to resend after a drop.
	// 20 GiB needs 4,096 form parts of S3's 10,000, or 1,280 chunks.
	a.Blobs = blob.NewWithOptions(a.DB, a.Objects, cfg.S3Bucket, blob.Options{MaxSize: 20 << 30, PartSize: 5 << 20, ChunkSize: 16 << 20})
	a.Repo = repository.New(a.DB, a.Blobs, log)
	a.Assess = assessment.New(a.DB, appQueue{a}, log)
	a.Courses = course.New(a.DB, log).WithResources(a.Repo)
	a.Catalog = catalog.New(a.DB, a.Blobs, appQueue{a}, log)
	a.Assess.WithSubmitObserver(a.Courses)
	if err := a.openSearch(ctx, migrate); err != nil {
		a.Close()
		return nil, err
	}
	a.Surveys = survey.New(a.DB, log)
	a.Assign = assignment.New(a.DB, a.Courses, a.Blobs, log)
	a.Book = gradebook.New(a.DB, a.Courses, a.Assess, log)
	a.Courses.WithItemCopier(a.Assign).WithItemCopier(a.Book)
	if a.Mailer, err = notify.ParseSMTP(cfg.SMTPURL); err != nil {
		a.Close()
		return nil, fmt.Errorf("--smtp-url (HOCLIEU_SMTP_URL): %w", err)
	}
	if cfg.OIDCIssuer != "" {
		a.SSO, err = sso.New(ctx, sso.Config{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClient, ClientSecret: cfg.OIDCSecret,
			RedirectURL: cfg.BaseURL + "/sso/callback"})
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("--oidc-issuer (HOCLIEU_OIDC_ISSUER): %w", err)
		}
	}
	if err := a.openJobs(work); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// openSearch builds the search backend. search_documents in PostgreSQL is always
// written, in the domains' transactions; with Meilisearch the writes also go to the
// outbox, which StartBackground drains to it.
func (a *App) openSearch(ctx context.Context, migrate bool) error {
	a.PGSearch = search.NewPostgres(a.DB, search.Options{Panels: a.Repo.ReviewPanels, Concurrency: a.cfg.SearchConcurrency})
	a.Search = a.PGSearch
	var index search.Index = a.PGSearch
	if a.cfg.MeiliURL != "" {
		a.Meili = search.NewMeili(search.MeiliConfig{URL: a.cfg.MeiliURL, APIKey: a.cfg.MeiliKey}, search.Options{Panels: a.Repo.ReviewPanels})
		a.Outbox = search.NewOutbox(a.PGSearch)
		a.Search, index = a.Meili, a.Outbox
		// Meilisearch may be down at start: searches fail until it is back, writes
		// wait in the outbox, and the drain applies the settings once it answers.
		if err := a.Meili.Setup(ctx); err != nil {
			a.log.Warn("Meilisearch not ready; changes wait in the outbox", "meili_url", a.cfg.MeiliURL, "err", err)
		}
	}
	a.Repo.WithSearch(index)
	a.Assess.WithSearch(index)
	a.Courses.WithSearch(index)
	a.Catalog.WithSearch(index)
	if !migrate {
		return nil
	}
	counts, err := a.PGSearch.BuildIfEmpty(ctx, a.searchSources()...)
	if err != nil {
		return err
	}
	for t, n := range counts {
		a.log.Info("built the search index", "type", t, "documents", n)
	}
	return nil
}

// searchSources are the domains that feed the search index (for reindex).
func (a *App) searchSources() []search.Source {
	return []search.Source{a.Repo, a.Assess, a.Courses, a.Catalog}
}

// StartBackground starts the job workers and, with Meilisearch, the outbox drain;
// both stop when ctx ends (the jobs through Jobs.Stop).
func (a *App) StartBackground(ctx context.Context) error {
	if err := a.Jobs.Start(ctx); err != nil {
		return err
	}
	if a.Meili != nil {
		go func() {
			for ctx.Err() == nil {
				if err := a.Meili.Setup(ctx); err == nil {
					break
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(10 * time.Second):
				}
			}
			if n, err := a.Meili.RebuildIfEmpty(ctx, a.DB); err != nil {
				a.log.Warn("Meilisearch index not rebuilt", "err", err)
			} else if n > 0 {
				a.log.Info("rebuilt the Meilisearch index", "documents", n)
			}
			a.Outbox.Run(ctx, a.Meili, search.DrainOptions{Log: a.log})
		}()
	}
	return nil
}

// openJobs builds the queue; a working queue registers every domain's workers and
// periodic jobs.
func (a *App) openJobs(work bool) error {
	opts := jobs.Options{Logger: a.log}
	if work {
		workers := river.NewWorkers()
		river.AddWorker(workers, identity.NewCleanupWorker(a.Identity))
		river.AddWorker(workers, repository.NewPurgeWorker(a.Repo, a.Blobs))
		river.AddWorker(workers, repository.NewRemindWorker(a.Repo))
		river.AddWorker(workers, assessment.NewAutoSubmitWorker(a.Assess))
		river.AddWorker(workers, survey.NewMixWorker(a.Surveys))
		river.AddWorker(workers, assessment.NewCloseTestWorker(a.Assess))
		river.AddWorker(workers, catalog.NewImportWorker(a.Catalog))
		opts.Workers = workers
		opts.Periodic = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return identity.CleanupArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return repository.PurgeArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}),
			// Anonymous answers are mixed into a batch within a minute of being written.
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute), func() (river.JobArgs, *river.InsertOpts) {
				return survey.MixArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
				return repository.RemindArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}),
		}
		if a.Mailer != nil {
			river.AddWorker(workers, notify.NewMailWorker(notify.NewDispatcher(a.DB, a.Mailer, a.cfg.BaseURL, a.log)))
			opts.Periodic = append(opts.Periodic, river.NewPeriodicJob(river.PeriodicInterval(time.Minute), func() (river.JobArgs, *river.InsertOpts) {
				return notify.MailArgs{}, nil
			}, &river.PeriodicJobOpts{RunOnStart: true}))
		}
	}
	q, err := jobs.New(a.DB, opts)
	if err != nil {
		return err
	}
	a.Jobs = q
	a.Metrics.MustRegister(q.Collector())
	return nil
}

// appQueue gives the domains the job queue, which is built after them because its
// workers need them.
type appQueue struct{ a *App }

func (q appQueue) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	return q.a.Jobs.InsertTx(ctx, tx, args, opts)
}

func (a *App) ensureBucket(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ok, err := a.Objects.BucketExists(ctx, a.cfg.S3Bucket)
	if err != nil {
		return fmt.Errorf("object storage %s: %w", a.cfg.S3Endpoint, err)
	}
	if !ok {
		if err := a.Objects.MakeBucket(ctx, a.cfg.S3Bucket, minio.MakeBucketOptions{}); err != nil {
			return fmt.Errorf("object storage: create bucket %s: %w", a.cfg.S3Bucket, err)
		}
	}
	return nil
}

// health lists the dependency checks served at /healthz.
func (a *App) health() map[string]web.HealthCheck {
	return map[string]web.HealthCheck{
		"database": func(ctx context.Context) error { return a.DB.Ping(ctx) },

		"objects": func(ctx context.Context) error {
			_, err := a.Objects.BucketExists(ctx, a.cfg.S3Bucket)
			return err
		},
	}
}

// Listen builds the web server and binds the listen address (":0" picks a port).
func (a *App) Listen(ctx context.Context, version string) error {
	wc := web.Config{BaseURL: a.cfg.BaseURL, Version: version, Logger: a.log, Sessions: a.DB,
		Identity: a.Identity, Importer: a.Identity, Resources: a.Repo, Blobs: a.Blobs, Collections: a.Repo, Catalog: a.Catalog, Search: a.Search, Assessment: a.Assess,
		Surveys: a.Surveys, Courses: a.Courses, Assignments: a.Assign, Gradebook: a.Book,
		SSOSignIn: a.Identity, SSOProvision: a.cfg.OIDCAutoProvision, Health: a.health(), Metrics: a.Metrics}
	if a.SSO != nil {
		wc.SSO = a.SSO
	}
	srv, err := web.New(wc)
	if err != nil {
		return err
	}
	a.Web = srv
	if a.listener, err = net.Listen("tcp", a.cfg.Addr); err != nil {
		return fmt.Errorf("listen %s: %w", a.cfg.Addr, err)
	}
	a.http = &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	return nil
}

// Addr is the bound address.
func (a *App) Addr() string { return a.listener.Addr().String() }

// Serve runs the HTTP server until ctx ends, then drains requests for up to 15 s.
func (a *App) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- a.http.Serve(a.listener) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.http.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close releases connections.
func (a *App) Close() {
	if a.DB != nil {
		a.DB.Close()
	}
}
