package main

import (
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestConfigValidationNamesTheSetting(t *testing.T) {
	for _, tc := range []struct {
		name string
		cmd  string
		args []string
		want string // "" means valid
	}{
		{"serve needs a database", "serve", []string{"--s3-endpoint", "x:1", "--s3-access-key", "a", "--s3-secret-key", "b"}, "--database-url (HOCLIEU_DATABASE_URL) is required"},
		{"bad database scheme", "serve", []string{"--database-url", "mysql://x", "--s3-endpoint", "x:1", "--s3-access-key", "a", "--s3-secret-key", "b"}, "must be a postgres:// URL"},
		{"bad addr", "dev", []string{"--addr", "8080"}, "--addr (HOCLIEU_ADDR)"},
		{"bad base url", "dev", []string{"--base-url", "hoclieu.vn"}, "--base-url (HOCLIEU_BASE_URL)"},
		{"oidc without client", "dev", []string{"--oidc-issuer", "https://sso.example"}, "--oidc-client-id"},
		{"bad log format", "dev", []string{"--log-format", "xml"}, "--log-format"},
		{"negative search concurrency", "dev", []string{"--search-concurrency", "-3"}, "--search-concurrency (HOCLIEU_SEARCH_CONCURRENCY)"},
		{"dev defaults are valid", "dev", nil, ""},
		{"serve complete", "serve", []string{"--database-url", "postgres://u:p@db/h", "--s3-endpoint", "https://s3.example", "--s3-access-key", "a", "--s3-secret-key", "b"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			groups := map[string][]string{"serve": {"web", "services"}, "dev": {"web", "dev"}}[tc.cmd]
			cfg, _, err := parse(tc.cmd, tc.args, groups...)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if tc.cmd == "serve" && (!cfg.S3UseSSL || cfg.S3Endpoint != "s3.example") {
					t.Fatalf("https endpoint not split: %+v", cfg)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestEnvironmentConfiguresAndFlagsWin(t *testing.T) {
	t.Setenv("HOCLIEU_ADDR", "127.0.0.1:9999")
	t.Setenv("HOCLIEU_DATA_DIR", "/tmp/elsewhere")
	cfg, _, err := parse("dev", []string{"--addr", "127.0.0.1:7777"}, "web", "dev")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7777" || cfg.DataDir != "/tmp/elsewhere" || cfg.BaseURL != "http://127.0.0.1:7777" {
		t.Fatalf("got %+v", cfg)
	}
	if _, _, err := parse("serve", []string{"--help"}, "web", "services"); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
}

func TestSearchConcurrencyFromEnvironment(t *testing.T) {
	t.Setenv("HOCLIEU_SEARCH_CONCURRENCY", "6")
	if cfg, _, err := parse("dev", nil, "web", "dev"); err != nil || cfg.SearchConcurrency != 6 {
		t.Fatalf("HOCLIEU_SEARCH_CONCURRENCY=6: %v %d", err, cfg.SearchConcurrency)
	}
	t.Setenv("HOCLIEU_SEARCH_CONCURRENCY", "many")
	if _, _, err := parse("dev", nil, "web", "dev"); err == nil || !strings.Contains(err.Error(), "HOCLIEU_SEARCH_CONCURRENCY") {
		t.Fatalf("HOCLIEU_SEARCH_CONCURRENCY=many: %v", err)
	}
}
