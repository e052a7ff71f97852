// Package devtest is the integration-test harness: it starts one real PostgreSQL and
// one real MinIO per test binary (or reuses the ones named by HOCLIEU_TEST_DATABASE_URL
// and HOCLIEU_TEST_S3_*), and gives each test its own freshly migrated database and
// its own bucket, removed when the test ends.
//
// A package that uses it calls devtest.Main from TestMain so that the services it
// started are stopped when the package's tests end.
package devtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/hoclieu/hoclieu/deploy/devstack"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
)

// Services are the addresses of the real parts tests run against.
type Services struct {
	AdminURL    string // a PostgreSQL URL of a superuser connected to database "postgres"
	S3Endpoint  string
	S3AccessKey string
	S3SecretKey string
	template    string
}

var (
	once     sync.Once
	started  *devstack.Stack
	services *Services
	startErr error
	tmpDir   string
)

// Main runs the package's tests and stops the services the harness started.
func Main(m *testing.M) {
	code := m.Run()
	if started != nil {
		started.Stop()
	}
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// Start returns the shared services, starting them on first use.
func Start(t testing.TB) *Services {
	t.Helper()
	once.Do(func() { services, startErr = start() })
	if startErr != nil {
		t.Fatalf("devtest: %v", startErr)
	}
	return services
}

func start() (*Services, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s := &Services{}
	if u := os.Getenv("HOCLIEU_TEST_DATABASE_URL"); u != "" {
		s.AdminURL = u
		s.S3Endpoint = os.Getenv("HOCLIEU_TEST_S3_ENDPOINT")
		s.S3AccessKey = os.Getenv("HOCLIEU_TEST_S3_ACCESS_KEY")
		s.S3SecretKey = os.Getenv("HOCLIEU_TEST_S3_SECRET_KEY")
	} else {
		var err error
		tmpDir, err = os.MkdirTemp("", "hoclieu-test-")
		if err != nil {
			return nil, err
		}
		if err := os.Chmod(tmpDir, 0o755); err != nil {
			return nil, err
		}
		stack, err := devstack.Start(ctx, devstack.Options{DataDir: tmpDir, Ephemeral: true, MinioBinary: minioBinary()})
		if err != nil {
			return nil, err
		}
		started = stack
		s.AdminURL = stack.Postgres.URL("postgres")
		s.S3Endpoint, s.S3AccessKey, s.S3SecretKey = stack.Minio.Endpoint, stack.Minio.AccessKey, stack.Minio.SecretKey
	}
	// One migrated template per test binary; each test's database is a cheap copy.
	s.template = "tpl_" + randomName()
	if err := exec(ctx, s.AdminURL, "CREATE DATABASE "+s.template); err != nil {
		return nil, err
	}
	if _, err := schema.Up(ctx, withDB(s.AdminURL, s.template)); err != nil {
		return nil, err
	}
	return s, nil
}

// minioBinary finds bin/minio at the module root when tests run from a package dir.
func minioBinary() string {
	dir, _ := os.Getwd()
	for range 6 {
		p := filepath.Join(dir, "bin", "minio")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// Database creates a fresh migrated database for the test and returns its URL.
func Database(t testing.TB) string {
	t.Helper()
	s := Start(t)
	name := "t_" + randomName()
	ctx := context.Background()
	if err := exec(ctx, s.AdminURL, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, s.template)); err != nil {
		t.Fatalf("devtest: create database: %v", err)
	}
	t.Cleanup(func() {
		_ = exec(context.Background(), s.AdminURL, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDB(s.AdminURL, name)
}

// Pool returns a connection pool to a fresh database, closed when the test ends.
func Pool(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	dsn := Database(t)
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatalf("devtest: pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool, dsn
}

// Bucket creates an empty bucket for the test, emptied and removed when it ends.
func Bucket(t testing.TB) (*minio.Client, string) {
	t.Helper()
	s := Start(t)
	client, err := minio.New(s.S3Endpoint, &minio.Options{Creds: credentials.NewStaticV4(s.S3AccessKey, s.S3SecretKey, "")})
	if err != nil {
		t.Fatalf("devtest: minio client: %v", err)
	}
	name := "t-" + randomName()
	ctx := context.Background()
	if err := client.MakeBucket(ctx, name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("devtest: make bucket: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		for obj := range client.ListObjects(ctx, name, minio.ListObjectsOptions{Recursive: true}) {
			if obj.Err == nil {
				_ = client.RemoveObject(ctx, name, obj.Key, minio.RemoveObjectOptions{})
			}
		}
		_ = client.RemoveBucket(ctx, name)
	})
	return client, name
}

func exec(ctx context.Context, dsn, sql string) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("devtest: connect: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql); err != nil {
		return fmt.Errorf("devtest: %s: %w", strings.Fields(sql)[0], err)
	}
	return nil
}

func withDB(dsn, db string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + db
	return u.String()
}

func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
