package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// importWorld is a seeded demo city on real PostgreSQL and MinIO, and the import
// commands' flags for school 1 on it.
func importWorld(t *testing.T) (*pgxpool.Pool, []string) {
	t.Helper()
	pool, dsn := devtest.Pool(t)
	_, bucket := devtest.Bucket(t)
	s := devtest.Start(t)
	if _, err := identity.New(pool, nil).SeedDemo(context.Background(), "demo-password-123"); err != nil {
		t.Fatal(err)
	}
	return pool, []string{"--org", identity.DemoOrgCodes.School1, "--database-url", dsn,
		"--s3-endpoint", s.S3Endpoint, "--s3-access-key", s.S3AccessKey, "--s3-secret-key", s.S3SecretKey, "--s3-bucket", bucket}
}

// TestImportResourcesCommand runs `hoclieu import resources DIR --org CODE` twice
// against real PostgreSQL and MinIO: the first run creates the good lines and
// names the bad one, the second changes nothing.
func TestImportResourcesCommand(t *testing.T) {
	ctx := context.Background()
	pool, flags := importWorld(t)
	if err := repository.New(pool, nil, nil).SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "de-cuong.pdf"), []byte("%PDF-1.4\n%%EOF\nđề cương"), 0o644)
	os.WriteFile(filepath.Join(dir, "resources.csv"), []byte("title,type,subject,grades,files\n"+
		"Đề cương ôn tập,worksheet,toan,10,de-cuong.pdf\nThiếu tệp,worksheet,toan,10,none.pdf\n"), 0o644)
	args := append([]string{"resources", dir}, flags...)
	for i := range 2 {
		err := run(ctx, "import", args)
		if err == nil || !strings.Contains(err.Error(), "1 lines refused") {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	var n, versions int
	if err := pool.QueryRow(ctx, `SELECT count(*), (SELECT count(*) FROM resource_versions) FROM resources WHERE title = 'Đề cương ôn tập'`).Scan(&n, &versions); err != nil {
		t.Fatal(err)
	}
	if n != 1 || versions != 1 {
		t.Fatalf("%d resources with %d versions after two runs, want 1 and 1", n, versions)
	}
	if err := run(ctx, "import", []string{"resources", dir}); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Fatalf("without --org: %v", err)
	}
}

// TestImportCatalogCommand runs `hoclieu import catalog FILE --org CODE` twice (the
// second run changes nothing) and once with a file that is not MARC.
func TestImportCatalogCommand(t *testing.T) {
	ctx := context.Background()
	pool, flags := importWorld(t)
	data, err := catalog.DemoMARC()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "thu-vien.mrc"), filepath.Join(dir, "ghi-chu.mrc")
	os.WriteFile(good, data, 0o644)
	os.WriteFile(bad, []byte("Danh mục sách\n"), 0o644)
	for i := range 2 {
		if err := run(ctx, "import", append([]string{"catalog", good}, flags...)); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM catalog_records WHERE scope = 'city'`).Scan(&n); err != nil || n != 10 {
		t.Fatalf("%d records after two runs (%v), want 10", n, err)
	}
	if err := run(ctx, "import", append([]string{"catalog", bad}, flags...)); err == nil || !strings.Contains(err.Error(), "not MARC") {
		t.Fatalf("a file that is not MARC: %v", err)
	}
	if err := run(ctx, "import", []string{"catalog", good}); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Fatalf("without --org: %v", err)
	}
}
