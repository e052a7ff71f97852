// Command hoclieu is the whole platform in one binary: the web server, the workers,
// the embedded development stack, migrations and seeding.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `hoclieu — the city learning platform

Usage: hoclieu <command> [flags]

Commands:
  dev            run everything locally: private PostgreSQL + MinIO under --data-dir, web and workers
  serve          run the web server against external PostgreSQL / S3 (see hoclieu serve --help)
  worker         run background job workers against external services
  migrate up     apply pending database migrations
  migrate status list migrations and whether each is applied
  search reindex rebuild the search index from the source tables
  import resources DIR --org CODE
                 load a folder of learning resources described by DIR/resources.csv
  import catalog FILE --org CODE [--scope city]
                 load a MARC file (ISO 2709 or MARCXML) into a library's catalog
  seed demo      create the demo city, schools, classes and accounts (only on an empty database)
  version        print the version

Every flag can also be set with its HOCLIEU_* environment variable.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1], os.Args[2:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hoclieu:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cmd string, args []string) error {
	switch cmd {
	case "dev":
		return runDev(ctx, args)
	case "serve":
		return runServe(ctx, args)
	case "worker":
		return runWorker(ctx, args)
	case "migrate":
		return runMigrate(ctx, args)
	case "seed":
		return runSeed(ctx, args)
	case "search":
		return runSearch(ctx, args)
	case "import":
		return runImport(ctx, args)
	case "version", "--version", "-v":
		fmt.Println("hoclieu", version)
		return nil
	case "help", "--help", "-h":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// parse parses a subcommand's flags and validates the groups it uses.
func parse(name string, args []string, groups ...string) (*Config, []string, error) {
	cfg := &Config{}
	fs := flag.NewFlagSet("hoclieu "+name, flag.ContinueOnError)
	cfg.register(fs, groups...)
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if err := cfg.validate(groups...); err != nil {
		return nil, nil, err
	}
	return cfg, fs.Args(), nil
}
