package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/deploy/devstack"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// runDev supervises a private PostgreSQL and MinIO under the data directory and runs
// the web server and workers in this process. Ctrl-C stops the server first, then the
// services.
func runDev(ctx context.Context, args []string) error {
	start := time.Now()
	cfg, _, err := parse("dev", args, "web", "dev")
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat)
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("--data-dir (HOCLIEU_DATA_DIR) %s: %w", cfg.DataDir, err)
	}
	// The data directory must be traversable by the unprivileged PostgreSQL user.
	_ = os.Chmod(cfg.DataDir, 0o755)
	stack, err := devstack.Start(ctx, devstack.Options{DataDir: cfg.DataDir, MinioBinary: cfg.MinioBinary})
	if err != nil {
		return err
	}
	defer stack.Stop()
	if err := ensureDatabase(ctx, stack.Postgres.URL("postgres"), "hoclieu"); err != nil {
		return err
	}
	cfg.DatabaseURL = stack.Postgres.URL("hoclieu")
	cfg.S3Endpoint, cfg.S3AccessKey, cfg.S3SecretKey = stack.Minio.Endpoint, stack.Minio.AccessKey, stack.Minio.SecretKey
	app, err := Open(ctx, *cfg, log, true, true)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.StartBackground(ctx); err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = app.Jobs.Stop(stopCtx)
	}()
	created, err := seedDemo(ctx, app.Identity, filepath.Join(cfg.DataDir, "demo-password"))
	if err != nil {
		return err
	}
	if err := app.Repo.SeedDemo(ctx); err != nil {
		return err
	}
	if err := seedDemoSurvey(ctx, app); err != nil {
		return err
	}
	if err := seedDemoCatalog(ctx, app); err != nil {
		return err
	}
	if err := app.Listen(ctx, version); err != nil {
		return err
	}
	fmt.Printf("\nHoclieu is running at %s  (ready in %.1fs; Ctrl-C stops it)\n", cfg.BaseURL, time.Since(start).Seconds())
	if !created {
		fmt.Printf("Demo accounts: %s\n", strings.Join(identity.DemoAccounts, ", "))
		fmt.Printf("Password: HOCLIEU_DEMO_PASSWORD, or the one printed at the first start (saved in %s)\n",
			filepath.Join(cfg.DataDir, "demo-password"))
	}
	fmt.Printf("PostgreSQL: 127.0.0.1:%d  MinIO: %s  logs: %s\n\n", stack.Postgres.Port, stack.Minio.Endpoint, filepath.Join(cfg.DataDir, "log"))
	err = app.Serve(ctx)
	log.Info("stopping services")
	return err
}

// ensureDatabase creates the application database on first start.
func ensureDatabase(ctx context.Context, adminURL, name string) error {
	c, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer c.Close(ctx)
	var exists bool
	if err := c.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := c.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("postgres: create database: %w", err)
		}
	}
	return nil
}
