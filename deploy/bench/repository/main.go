// Command repository measures the learning-resource repository's figures on this
// machine (see deploy/bench/README.md): upload throughput of one large file through
// `hoclieu serve` (multipart form and resumable chunks) against a direct minio-go
// PUT, the server's memory while 20 large files upload at once, and the catalogue
// page's latency at 10,000 resources under 100 concurrent users (vegeta).
//
// It starts a private PostgreSQL and MinIO (deploy/devstack) in a temporary
// directory, seeds the demo accounts, and runs the hoclieu binary as its own
// process so that its memory is measured apart from the load generator.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/hoclieu/hoclieu/deploy/bench/benchkit"
	"github.com/hoclieu/hoclieu/deploy/devstack"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
	"github.com/hoclieu/hoclieu/repository"

	"github.com/jackc/pgx/v5/pgxpool"
)

const password = "bench-password-123"

type config struct {
	hoclieu, vegeta   string
	bigSize           int64
	parallel          int
	parallelSize      int64
	resources         int
	users             int
	duration          time.Duration
	skipUpload, skipC bool
	hold              bool
}

func main() {
	var c config
	flag.StringVar(&c.hoclieu, "hoclieu", "./bin/hoclieu", "the hoclieu binary")
	flag.StringVar(&c.vegeta, "vegeta", "./bin/vegeta", "the vegeta binary")
	flag.Int64Var(&c.bigSize, "size", 1<<30, "bytes of the large upload")
	flag.IntVar(&c.parallel, "parallel", 20, "uploads at once for the memory figure")
	flag.Int64Var(&c.parallelSize, "parallel-size", 200<<20, "bytes of each parallel upload")
	flag.IntVar(&c.resources, "resources", 10000, "published resources in the catalogue")
	flag.IntVar(&c.users, "users", 100, "concurrent catalogue users")
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "length of each catalogue load run")
	flag.BoolVar(&c.skipUpload, "skip-upload", false, "skip the upload figures")
	flag.BoolVar(&c.skipC, "skip-catalogue", false, "skip the catalogue figure")
	flag.BoolVar(&c.hold, "hold", false, "after the run, print the database URL and keep everything up until interrupted (to read query plans)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, c); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, c config) error {
	for _, exe := range []string{c.hoclieu, c.vegeta} {
		if _, err := os.Stat(exe); err != nil {
			return fmt.Errorf("%s not found: run `make build bin/vegeta` first", exe)
		}
	}
	dir, err := os.MkdirTemp("", "hoclieu-repobench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	_ = os.Chmod(dir, 0o755)
	stack, err := devstack.Start(ctx, devstack.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		return err
	}
	defer stack.Stop()
	dsn, err := prepareDB(ctx, stack.Postgres)
	if err != nil {
		return err
	}
	s3, err := minio.New(stack.Minio.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(stack.Minio.AccessKey, stack.Minio.SecretKey, "")})
	if err != nil {
		return err
	}
	srv, err := startServe(ctx, c.hoclieu, dir, dsn, stack.Minio)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Printf("machine: %d cores (GOMAXPROCS %d), %s, load average %s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0),
		memTotal(), loadAvg(), runtime.Version())
	var rows []string
	if !c.skipUpload {
		r, err := uploadFigures(ctx, c, srv, s3)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	if !c.skipC {
		r, err := catalogueFigure(ctx, c, srv, dsn)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	fmt.Println("\n| figure | measured | target |\n| --- | --- | --- |")
	for _, r := range rows {
		fmt.Println(r)
	}
	if c.hold {
		benchkit.Hold(ctx, "database: "+dsn+" server: "+srv.base)
	}
	return nil
}

// prepareDB creates the database, applies the migrations and seeds the demo.
func prepareDB(ctx context.Context, pg *devstack.Postgres) (string, error) {
	c, err := pgx.Connect(ctx, pg.URL("postgres"))
	if err != nil {
		return "", err
	}
	_, err = c.Exec(ctx, "CREATE DATABASE repobench")
	c.Close(ctx)
	if err != nil {
		return "", err
	}
	dsn := pg.URL("repobench")
	if _, err := schema.Up(ctx, dsn); err != nil {
		return "", err
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer pool.Close()
	if _, err := identity.New(pool, nil).SeedDemo(ctx, password); err != nil {
		return "", err
	}
	return dsn, repository.New(pool, nil, nil).SeedDemo(ctx)
}

type server struct {
	cmd           *exec.Cmd
	base          string
	bin, dir, dsn string
	minio         *devstack.Minio
}

// restart stops the server and starts a fresh one on another port.
func (s *server) restart(ctx context.Context) error {
	s.stop()
	n, err := startServe(ctx, s.bin, s.dir, s.dsn, s.minio)
	if err != nil {
		return err
	}
	*s = *n
	return nil
}

func startServe(ctx context.Context, bin, dir, dsn string, m *devstack.Minio) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", addr)
	cmd.Env = append(os.Environ(), "HOCLIEU_DATABASE_URL="+dsn, "HOCLIEU_S3_ENDPOINT="+m.Endpoint,
		"HOCLIEU_S3_ACCESS_KEY="+m.AccessKey, "HOCLIEU_S3_SECRET_KEY="+m.SecretKey)
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, bin: bin, dir: dir, dsn: dsn, minio: m}
	if err := s.waitHealthy(ctx, 60*time.Second); err != nil {
		s.stop()
		out, _ := os.ReadFile(logf.Name())
		return nil, fmt.Errorf("%w\n%s", err, out)
	}
	return s, nil
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
	}
}

// rssKiB reads a field (VmRSS, VmHWM) of the server's /proc status.
func (s *server) rssKiB(field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			var n int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, field+":")), "%d", &n)
			return n
		}
	}
	return 0
}

func memTotal() string {
	b, _ := os.ReadFile("/proc/meminfo")
	var kib int64
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "MemTotal:")), "%d", &kib)
		}
	}
	return fmt.Sprintf("%.1f GiB RAM", float64(kib)/(1<<20))
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
