package devstack

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Options configures a whole local stack under one data directory.
type Options struct {
	DataDir     string // e.g. ./var
	MinioBinary string
	Ephemeral   bool // tests: no durability for PostgreSQL
	// Logs, when set, receives the services' output; otherwise it goes to
	// DataDir/log/<service>.log.
	Logs io.Writer
}

// Stack is a running PostgreSQL and MinIO pair.
type Stack struct {
	Postgres *Postgres
	Minio    *Minio
	logs     []io.Closer
	once     sync.Once
}

// Start starts PostgreSQL and MinIO in parallel and waits until both answer.
func Start(ctx context.Context, o Options) (*Stack, error) {
	s := &Stack{}
	logFor := func(name string) (io.Writer, error) {
		if o.Logs != nil {
			return o.Logs, nil
		}
		if err := os.MkdirAll(filepath.Join(o.DataDir, "log"), 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(filepath.Join(o.DataDir, "log", name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, fmt.Errorf("devstack: open log: %w", err)
		}
		s.logs = append(s.logs, f)
		return f, nil
	}
	pgLog, err := logFor("postgres")
	if err != nil {
		return nil, err
	}
	minioLog, err := logFor("minio")
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	var pgErr, minioErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.Postgres, pgErr = StartPostgres(ctx, PostgresOptions{Dir: filepath.Join(o.DataDir, "postgres"), Ephemeral: o.Ephemeral, Log: pgLog})
	}()
	go func() {
		defer wg.Done()
		s.Minio, minioErr = StartMinio(ctx, MinioOptions{Dir: filepath.Join(o.DataDir, "minio"), Binary: o.MinioBinary, Log: minioLog})
	}()
	wg.Wait()
	if pgErr != nil || minioErr != nil {
		s.Stop()
		if pgErr != nil {
			return nil, pgErr
		}
		return nil, minioErr
	}
	return s, nil
}

// Stop stops both services (safe to call more than once).
func (s *Stack) Stop() {
	s.once.Do(func() {
		var wg sync.WaitGroup
		if s.Postgres != nil {
			wg.Add(1)
			go func() { defer wg.Done(); s.Postgres.Stop() }()
		}
		if s.Minio != nil {
			wg.Add(1)
			go func() { defer wg.Done(); s.Minio.Stop() }()
		}
		wg.Wait()
		for _, c := range s.logs {
			c.Close()
		}
	})
}
