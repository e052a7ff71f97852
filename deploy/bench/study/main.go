// Command study measures the student home page (/study: what is due, progress per
// course, recent grades and feedback, announcements) under many concurrent students,
// on one node over loopback, against a seeded school: by default 1,500 students in
// 40 classes, 60 courses of 10 items (4 assignments, 2 tests), 20,000 submissions,
// half of them graded.
//
//	go run ./deploy/bench/study -clients 1000 -duration 20s
//
// It starts a private PostgreSQL and MinIO (deploy/devstack) under a temporary
// directory, seeds them, serves the real web.Server on 127.0.0.1, logs every client
// in through the JSON API (its own session cookie), then has each client load /study
// in a loop, pausing a random time around -think between loads (students read the page;
// -think 0 measures capacity back to back), and prints p50/p95/p99 latency and throughput.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/deploy/bench/benchkit"
	"github.com/hoclieu/hoclieu/deploy/devstack"
	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/web"
)

const password = "bench-password-123"

func main() {
	students := flag.Int("students", 1500, "students in the seeded school")
	courses := flag.Int("courses", 60, "courses")
	subs := flag.Int("submissions", 20000, "submissions")
	clients := flag.Int("clients", 1000, "concurrent students loading their home page")
	duration := flag.Duration("duration", 20*time.Second, "length of the load run")
	think := flag.Duration("think", 10*time.Second, "mean pause of a student between two loads of the page (0: back to back)")
	hold := flag.Bool("hold", false, "after the run, print the database URL and keep everything up until interrupted (to inspect query plans)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the load run to this file")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *clients > *students {
		log.Fatal("-clients must not exceed -students")
	}
	dir, err := os.MkdirTemp("", "hoclieu-studybench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	_ = os.Chmod(dir, 0o755)
	stack, err := devstack.Start(ctx, devstack.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		log.Fatal(err)
	}
	defer stack.Stop()
	srv, db, err := build(ctx, stack, *students, *courses, *subs)
	if err != nil {
		log.Print(err)
		return
	}
	defer db.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Print(err)
		return
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	fmt.Printf("# Student home page: %d students, %d courses, %d submissions; %d clients for %s on %s\n\n",
		*students, *courses, *subs, *clients, *duration, base)
	sessions, err := login(ctx, base, *clients)
	if err != nil {
		log.Print(err)
		return
	}
	stopProfile, err := benchkit.CPUProfile(*cpuprofile)
	if err != nil {
		log.Print(err)
		return
	}
	res := load(ctx, base, sessions, *duration, *think)
	stopProfile()
	res.print(*clients, *think)
	if *hold {
		benchkit.Hold(ctx, "database: "+stack.Postgres.URL("postgres"))
	}
}

// build starts nothing itself: it migrates, seeds and wires the web server the way
// cmd/hoclieu does for the parts the page needs.
func build(ctx context.Context, stack *devstack.Stack, students, courses, subs int) (*web.Server, *pgxpool.Pool, error) {
	dsn := stack.Postgres.URL("postgres")
	if _, err := schema.Up(ctx, dsn); err != nil {
		return nil, nil, err
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, nil, err
	}
	cfg.MaxConns = 40
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	s3, err := minio.New(stack.Minio.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(stack.Minio.AccessKey, stack.Minio.SecretKey, "")})
	if err != nil {
		return nil, nil, err
	}
	if err := s3.MakeBucket(ctx, "hoclieu", minio.MakeBucketOptions{}); err != nil {
		return nil, nil, err
	}
	ids := identity.New(db, nil)
	if _, err := ids.SeedDemo(ctx, password); err != nil {
		return nil, nil, err
	}
	blobs := blob.New(db, s3, "hoclieu")
	repo := repository.New(db, blobs, nil)
	if err := repo.SeedDemo(ctx); err != nil {
		return nil, nil, err
	}
	start := time.Now()
	if err := seedSchool(ctx, db, students, courses, subs); err != nil {
		return nil, nil, err
	}
	if _, err := db.Exec(ctx, "ANALYZE"); err != nil {
		return nil, nil, err
	}
	log.Printf("seeded in %s", time.Since(start).Round(time.Millisecond))
	queue, err := jobs.New(db, jobs.Options{})
	if err != nil {
		return nil, nil, err
	}
	cs := course.New(db, nil).WithResources(repo)
	as := assessment.New(db, queue, nil).WithSubmitObserver(cs)
	srv, err := web.New(web.Config{Sessions: db, Identity: ids, Importer: ids, Resources: repo, Blobs: blobs, SSOSignIn: ids,
		Assessment: as, Courses: cs, Assignments: assignment.New(db, cs, blobs, nil), Gradebook: gradebook.New(db, cs, as, nil),
		Version: "bench", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return srv, db, err
}
