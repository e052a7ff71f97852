package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/lms/identity"
)

func newFlagSet(name string) *flag.FlagSet {
	return flag.NewFlagSet("hoclieu "+name, flag.ContinueOnError)
}

func runSeed(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "demo" {
		return errors.New("usage: hoclieu seed demo [--database-url URL]")
	}
	fs := newFlagSet("seed demo")
	dsn := fs.String("database-url", env("HOCLIEU_DATABASE_URL", ""), "PostgreSQL URL (env HOCLIEU_DATABASE_URL)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *dsn == "" {
		return errors.New("--database-url (HOCLIEU_DATABASE_URL) is required")
	}
	pool, err := pgxpool.New(ctx, *dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	_, err = seedDemo(ctx, identity.New(pool, nil), "")
	return err
}

// seedDemo creates the demo data on an empty database and prints the logins. The
// password is HOCLIEU_DEMO_PASSWORD when set, otherwise generated, printed once and
// saved (mode 0600) in saveTo when given.
func seedDemo(ctx context.Context, id *identity.Service, saveTo string) (bool, error) {
	pw := os.Getenv("HOCLIEU_DEMO_PASSWORD")
	generated := pw == ""
	if generated {
		pw = generatePassword()
	}
	created, err := id.SeedDemo(ctx, pw)
	if err != nil || !created {
		return created, err
	}
	fmt.Println("\nDemo data created. Log in at the address below with any of these accounts:")
	fmt.Println("  " + strings.Join(identity.DemoAccounts, ", "))
	if generated {
		fmt.Printf("  password (shown once): %s\n", pw)
		if saveTo != "" {
			if err := os.WriteFile(saveTo, []byte(pw+"\n"), 0o600); err != nil {
				return true, err
			}
			fmt.Printf("  (also saved in %s, readable only by you)\n", saveTo)
		}
	} else {
		fmt.Println("  password: the value of HOCLIEU_DEMO_PASSWORD")
	}
	return true, nil
}

func generatePassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	var b strings.Builder
	for i := range 16 {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}
