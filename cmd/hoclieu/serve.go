package main

import (
	"context"
	"fmt"
	"time"

	"github.com/hoclieu/hoclieu/lms/platform/schema"
)

func runServe(ctx context.Context, args []string) error {
	cfg, _, err := parse("serve", args, "web", "services")
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat)
	app, err := Open(ctx, *cfg, log, true, false)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.Listen(ctx, version); err != nil {
		return err
	}
	log.Info("hoclieu serving", "addr", app.Addr(), "version", version)
	return app.Serve(ctx)
}

func runWorker(ctx context.Context, args []string) error {
	cfg, _, err := parse("worker", args, "services")
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat)
	app, err := Open(ctx, *cfg, log, false, true)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.StartBackground(ctx); err != nil {
		return err
	}
	log.Info("hoclieu worker started")
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return app.Jobs.Stop(stopCtx)
}

func runMigrate(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "up" && args[0] != "status") {
		return fmt.Errorf("usage: hoclieu migrate up|status [--database-url URL]")
	}
	cfg := &Config{}
	fs := newFlagSet("migrate " + args[0])
	fs.StringVar(&cfg.DatabaseURL, "database-url", env("HOCLIEU_DATABASE_URL", ""), "PostgreSQL URL (env HOCLIEU_DATABASE_URL)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return fmt.Errorf("--database-url (HOCLIEU_DATABASE_URL) is required")
	}
	if args[0] == "up" {
		n, err := schema.Up(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		fmt.Printf("applied %d migrations\n", n)
		return nil
	}
	lines, err := schema.Status(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Println(l)
	}
	return nil
}
