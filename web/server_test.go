package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/web"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const demoPassword = "demo-password-123"

// testServer is the real web server on a loopback port over a fresh seeded database.
type testServer struct {
	*httptest.Server
	Identity *identity.Service
	Pool     *pgxpool.Pool
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, nil)
}

// newTestServerWith lets a test adjust the configuration once the server's address
// is known (single sign-on needs its callback URL).
func newTestServerWith(t *testing.T, adjust func(cfg *web.Config, baseURL string)) *testServer {
	t.Helper()
	return newTestServerOpts(t, testOptions{adjust: adjust})
}

// testOptions tune newTestServerOpts.
type testOptions struct {
	adjust func(cfg *web.Config, baseURL string)
	blobs  blob.Options                    // the blob store's options (chunk size of resumable uploads)
	wrap   func(http.Handler) http.Handler // around the server, e.g. to drop connections
	// catalogJobs works the catalog's import jobs with a real River worker (other
	// tests leave imports queued).
	catalogJobs bool
}

func newTestServerOpts(t *testing.T, o testOptions) *testServer {
	t.Helper()
	adjust := o.adjust
	pool, _ := devtest.Pool(t)
	id := identity.New(pool, nil)
	if _, err := id.SeedDemo(context.Background(), demoPassword); err != nil {
		t.Fatal(err)
	}
	s3, bucket := devtest.Bucket(t)
	blobs := blob.NewWithOptions(pool, s3, bucket, o.blobs)
	repo := repository.New(pool, blobs, nil)
	if err := repo.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	index := search.NewPostgres(pool, search.Options{Panels: repo.ReviewPanels})
	repo.WithSearch(index)
	queue, err := jobs.New(pool, jobs.Options{}) // inserts only: tests run the jobs they need
	if err != nil {
		t.Fatal(err)
	}
	cat := newTestCatalog(t, pool, blobs, index, queue, o.catalogJobs)
	cfg := web.Config{Sessions: pool, Identity: id, Importer: id, Resources: repo, Blobs: blobs, Collections: repo, SSOSignIn: id, Search: index,
		Catalog:    cat,
		Assessment: assessment.New(pool, queue, nil).WithSearch(index),
		Surveys:    survey.New(pool, nil),
		Version:    "test", Logger: testLogger(),
		Health: map[string]web.HealthCheck{"database": func(ctx context.Context) error { return pool.Ping(ctx) }}}
	ts := httptest.NewUnstartedServer(nil)
	if adjust != nil {
		adjust(&cfg, "http://"+ts.Listener.Addr().String())
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	if o.wrap != nil {
		ts.Config.Handler = o.wrap(srv)
	}
	ts.Start()
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, Identity: id, Pool: pool}
}

// client is an API client with its own cookie jar.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func (ts *testServer) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: ts.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login logs in through the JSON API and fails the test if it does not work.
func (ts *testServer) login(t *testing.T, username string) *client {
	t.Helper()
	c := ts.client(t)
	if st, body := c.do("POST", "/api/v1/session", map[string]string{"username": username, "password": demoPassword}, nil); st != 200 {
		t.Fatalf("login %s: %d %s", username, st, body)
	}
	return c
}

// do sends a request (JSON-encoding body unless it is a string or []byte) and
// decodes a JSON answer into out when given.
func (c *client) do(method, path string, body any, out any, headers ...string) (int, string) {
	c.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/x-www-form-urlencoded"
	case []byte:
		rd = bytes.NewReader(b)
	default:
		js, _ := json.Marshal(b)
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode, string(raw)
}

// testLogger discards the server's logs unless HOCLIEU_TEST_LOG=1.
func testLogger() *slog.Logger {
	if os.Getenv("HOCLIEU_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}
