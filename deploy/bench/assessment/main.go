// Command assessment is the load test of the assessment issue: N simulated students
// (default 5,000) start the same 40-item test within one minute against one
// `hoclieu serve` node on loopback with a private, durable PostgreSQL (and MinIO,
// which serve needs), and each autosaves an answer every 10 s until the test closes
// (the 20 minutes compressed to -duration, the concurrency kept). At the
// close a `hoclieu worker` auto-submits and scores every attempt.
//
//	go run ./deploy/bench/assessment -hoclieu ./bin/hoclieu -students 5000 -duration 4m
//
// It reports p50/p95/p99 of attempt start (during the rush) and of autosave, the
// errors, the CPU used by serve, PostgreSQL and the generator itself, PostgreSQL's
// work (transactions, rows, WAL, busy backends), then checks every student's last
// acknowledged answer against the database (lost or misordered answers) and times
// the scoring of all attempts after the close. Everything runs on 127.0.0.1, is
// bounded by -duration and stops by itself; the data directory is removed.
//
// The students are created in SQL and given sessions directly in the session table
// (the scs encoding the web layer reads), because 5,000 argon2id logins would cost
// minutes of CPU that the figure is not about; each student's first request
// still makes the node load and re-commit that session, as a fresh login would.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type options struct {
	hoclieu  string
	students int
	items    int
	classes  int
	rush     time.Duration
	duration time.Duration
	interval time.Duration
	durable  bool
	keep     bool
	out      string
}

func main() {
	var o options
	flag.StringVar(&o.hoclieu, "hoclieu", "./bin/hoclieu", "the hoclieu binary to run as serve and worker")
	flag.IntVar(&o.students, "students", 5000, "simulated students")
	flag.IntVar(&o.items, "items", 40, "items of the test")
	flag.IntVar(&o.classes, "classes", 125, "classes the students are spread over")
	flag.DurationVar(&o.rush, "rush", time.Minute, "window in which every student starts")
	flag.DurationVar(&o.duration, "duration", 4*time.Minute, "autosaving after the rush, until the test closes (the issue's 20 minutes, compressed)")
	flag.DurationVar(&o.interval, "interval", 10*time.Second, "time between one student's autosaves")
	flag.BoolVar(&o.durable, "durable", true, "keep fsync and synchronous commit on in PostgreSQL (as in production)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary data directory")
	flag.StringVar(&o.out, "out", "deploy/bench/results-assessment-"+time.Now().Format("2006-01-02-1504")+".md", "where the report is written (ignored by git)")
	flag.Parse()
	// Bounded: whatever happens, the run ends.
	limit := o.rush + o.duration + 10*time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := run(ctx, o)
	if err != nil {
		log.Fatalf("assessment bench: %v", err)
	}
	text := rep.markdown(o)
	fmt.Println(text)
	if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
		log.Fatalf("assessment bench: %v", err)
	}
	log.Printf("written to %s", o.out)
	if !rep.integrityOK() {
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[assess-bench %s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
