package main

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Config is every setting, parsed once from flags and HOCLIEU_* environment variables
// (a flag wins over its variable).
type Config struct {
	Addr              string
	DataDir           string
	BaseURL           string
	DatabaseURL       string
	S3Endpoint        string
	S3AccessKey       string
	S3SecretKey       string
	S3Bucket          string
	S3UseSSL          bool
	MeiliURL          string
	MeiliKey          string
	SearchConcurrency int
	SMTPURL           string
	OIDCIssuer        string
	OIDCClient        string
	OIDCSecret        string
	OIDCAutoProvision bool
	MinioBinary       string
	LogFormat         string
}

// setting describes one flag with its environment variable, for --help.
type setting struct{ flag, env, help string }

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// register adds the settings a subcommand uses to fs. which lists groups: "web",
// "services", "dev".
func (c *Config) register(fs *flag.FlagSet, groups ...string) {
	has := func(g string) bool {
		for _, x := range groups {
			if x == g {
				return true
			}
		}
		return false
	}
	str := func(p *string, name, envName, def, help string) {
		fs.StringVar(p, name, env(envName, def), help+" (env "+envName+")")
	}
	integer := func(p *int, name, envName string, def int, help string) {
		v := def
		if s, ok := os.LookupEnv(envName); ok {
			v = -1 // validate refuses it: not a whole number of 0 or more
			if n, err := strconv.Atoi(s); err == nil && n >= 0 {
				v = n
			}
		}
		fs.IntVar(p, name, v, help+" (env "+envName+")")
	}
	boolean := func(p *bool, name, envName string, help string) {
		fs.BoolVar(p, name, env(envName, "") == "true" || env(envName, "") == "1", help+" (env "+envName+")")
	}
	str(&c.LogFormat, "log-format", "HOCLIEU_LOG_FORMAT", "text", "log format: text or json")
	if has("web") {
		str(&c.Addr, "addr", "HOCLIEU_ADDR", "127.0.0.1:8080", "listen address host:port")
		str(&c.BaseURL, "base-url", "HOCLIEU_BASE_URL", "", "public URL of the site, e.g. https://hoclieu.example.edu.vn (default http://<addr>)")
		str(&c.OIDCIssuer, "oidc-issuer", "HOCLIEU_OIDC_ISSUER", "", "OpenID Connect issuer URL of the city SSO (empty: SSO off)")
		str(&c.OIDCClient, "oidc-client-id", "HOCLIEU_OIDC_CLIENT_ID", "", "OIDC client ID")
		str(&c.OIDCSecret, "oidc-client-secret", "HOCLIEU_OIDC_CLIENT_SECRET", "", "OIDC client secret")
		boolean(&c.OIDCAutoProvision, "oidc-auto-provision", "HOCLIEU_OIDC_AUTO_PROVISION", "create unknown SSO users instead of refusing them")
	}
	if has("services") {
		str(&c.DatabaseURL, "database-url", "HOCLIEU_DATABASE_URL", "", "PostgreSQL URL, e.g. postgres://user:pass@db:5432/hoclieu")
		str(&c.S3Endpoint, "s3-endpoint", "HOCLIEU_S3_ENDPOINT", "", "S3/MinIO endpoint host:port (prefix https:// for TLS)")
		str(&c.S3AccessKey, "s3-access-key", "HOCLIEU_S3_ACCESS_KEY", "", "S3 access key")
		str(&c.S3SecretKey, "s3-secret-key", "HOCLIEU_S3_SECRET_KEY", "", "S3 secret key")
	}
	if has("services") || has("dev") {
		str(&c.S3Bucket, "s3-bucket", "HOCLIEU_S3_BUCKET", "hoclieu", "bucket for all objects")
		str(&c.MeiliURL, "meili-url", "HOCLIEU_MEILI_URL", "", "Meilisearch URL (empty: PostgreSQL full-text search)")
		str(&c.MeiliKey, "meili-key", "HOCLIEU_MEILI_KEY", "", "Meilisearch API key")
		integer(&c.SearchConcurrency, "search-concurrency", "HOCLIEU_SEARCH_CONCURRENCY", defaultSearchConcurrency,
			"PostgreSQL searches run at once; the others wait their turn (0: no bound)")
		str(&c.SMTPURL, "smtp-url", "HOCLIEU_SMTP_URL", "", "SMTP server for e-mail copies of notifications, e.g. smtp://user:pass@mail:587?from=no-reply@school.edu.vn (empty: no e-mail)")
	}
	if has("dev") {
		str(&c.DataDir, "data-dir", "HOCLIEU_DATA_DIR", "./var", "where hoclieu dev keeps PostgreSQL, MinIO and logs")
		str(&c.MinioBinary, "minio-binary", "HOCLIEU_MINIO_BINARY", "", "MinIO server binary (default ./bin/minio, then $PATH)")
	}
}

// validate checks the settings a subcommand uses; each message names the setting.
func (c *Config) validate(groups ...string) error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, g := range groups {
		switch g {
		case "web":
			if _, _, err := net.SplitHostPort(c.Addr); err != nil {
				bad("--addr (HOCLIEU_ADDR) %q is not host:port", c.Addr)
			}
			if c.BaseURL == "" {
				c.BaseURL = "http://" + c.Addr
			}
			if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("--base-url (HOCLIEU_BASE_URL) %q must be an absolute http(s) URL", c.BaseURL)
			}
			c.BaseURL = strings.TrimRight(c.BaseURL, "/")
			if c.OIDCIssuer != "" {
				if u, err := url.Parse(c.OIDCIssuer); err != nil || u.Host == "" {
					bad("--oidc-issuer (HOCLIEU_OIDC_ISSUER) %q is not a URL", c.OIDCIssuer)
				}
				if c.OIDCClient == "" {
					bad("--oidc-client-id (HOCLIEU_OIDC_CLIENT_ID) is required when --oidc-issuer is set")
				}
			}
		case "services":
			if c.DatabaseURL == "" {
				bad("--database-url (HOCLIEU_DATABASE_URL) is required")
			} else if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
				bad("--database-url (HOCLIEU_DATABASE_URL) must be a postgres:// URL")
			}
			if c.S3Endpoint == "" {
				bad("--s3-endpoint (HOCLIEU_S3_ENDPOINT) is required")
			}
			if c.S3AccessKey == "" || c.S3SecretKey == "" {
				bad("--s3-access-key and --s3-secret-key (HOCLIEU_S3_ACCESS_KEY, HOCLIEU_S3_SECRET_KEY) are required")
			}
			fallthrough
		case "dev":
			if c.S3Bucket == "" {
				bad("--s3-bucket (HOCLIEU_S3_BUCKET) must not be empty")
			}
			if c.SearchConcurrency < 0 {
				bad("--search-concurrency (HOCLIEU_SEARCH_CONCURRENCY) must be a whole number, 0 or more")
			}
			if c.MeiliURL != "" {
				if u, err := url.Parse(c.MeiliURL); err != nil || u.Host == "" {
					bad("--meili-url (HOCLIEU_MEILI_URL) %q is not a URL", c.MeiliURL)
				}
			}
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("--log-format (HOCLIEU_LOG_FORMAT) must be text or json")
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	if strings.HasPrefix(c.S3Endpoint, "https://") {
		c.S3UseSSL = true
	}
	c.S3Endpoint = strings.TrimPrefix(strings.TrimPrefix(c.S3Endpoint, "https://"), "http://")
	return nil
}

// defaultSearchConcurrency bounds the PostgreSQL searches run at once: two per core of
// this host (the database is usually this host or a larger one). See
// search.Options.Concurrency and deploy/bench/README.md for the measured effect.
var defaultSearchConcurrency = 2 * runtime.NumCPU()
