package devstack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgresOptions configures a private PostgreSQL cluster.
type PostgresOptions struct {
	Dir  string // the cluster's data directory (created with initdb when empty)
	Port int    // 0: a free port
	// Ephemeral turns off durability (fsync, full-page writes) for throw-away test
	// clusters. Never set it for data anyone cares about.
	Ephemeral bool
	Log       io.Writer // where the server's output goes; nil: discarded
	// Settings are extra server settings (name=value, as postgres -c takes them),
	// applied after the defaults so they override them: a benchmark sizes
	// shared_buffers to its machine, as an operator would.
	Settings []string
}

// Postgres is a running private cluster.
type Postgres struct {
	proc     *process
	Port     int
	Password string
	dir      string
}

// URL returns the connection URL of database db as the superuser.
func (p *Postgres) URL(db string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("hoclieu", p.Password),
		Host: "127.0.0.1:" + strconv.Itoa(p.Port), Path: "/" + db, RawQuery: "sslmode=disable"}
	return u.String()
}

// Stop shuts the cluster down with a fast shutdown (open transactions roll back,
// committed data is safe).
func (p *Postgres) Stop() { p.proc.stop(syscall.SIGINT, 30*time.Second) }

// pgBinDir finds the directory of the local PostgreSQL server binaries.
func pgBinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(r), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("devstack: PostgreSQL server binaries not found (apt-get install postgresql postgresql-contrib)")
}

func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// StartPostgres initializes the cluster if needed and starts it.
func StartPostgres(ctx context.Context, o PostgresOptions) (*Postgres, error) {
	bin, err := pgBinDir()
	if err != nil {
		return nil, err
	}
	cred, err := unprivileged()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	password, err := ensureCluster(ctx, bin, dir, cred)
	if err != nil {
		return nil, err
	}
	port := o.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	args := []string{"-D", filepath.Join(dir, "data"), "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "max_connections=300", "-c", "shared_buffers=256MB"}
	if o.Ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	for _, s := range o.Settings {
		args = append(args, "-c", s)
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	proc, err := startProcess("postgres", cmd, o.Log)
	if err != nil {
		return nil, err
	}
	pg := &Postgres{proc: proc, Port: port, Password: password, dir: dir}
	err = waitFor(ctx, proc, "postgres", func(ctx context.Context) error {
		c, err := pgx.Connect(ctx, pg.URL("postgres"))
		if err != nil {
			return err
		}
		return c.Close(ctx)
	})
	if err != nil {
		pg.Stop()
		return nil, err
	}
	return pg, nil
}

// ensureCluster runs initdb once; the superuser password is generated then and kept
// (mode 0600) beside the data directory.
func ensureCluster(ctx context.Context, bin, dir string, cred *syscall.Credential) (string, error) {
	pwPath := filepath.Join(dir, "superuser.password")
	data := filepath.Join(dir, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err == nil {
		pw, err := os.ReadFile(pwPath)
		if err != nil {
			return "", fmt.Errorf("devstack: cluster exists but its password file is missing: %w", err)
		}
		return string(pw), nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("devstack: create %s: %w", dir, err)
	}
	_ = os.RemoveAll(data)
	if err := os.Mkdir(data, 0o700); err != nil {
		return "", fmt.Errorf("devstack: create %s: %w", data, err)
	}
	password := randomHex(16)
	tmpPw := filepath.Join(dir, "initdb.pw")
	if err := os.WriteFile(tmpPw, []byte(password+"\n"), 0o600); err != nil {
		return "", err
	}
	defer os.Remove(tmpPw)
	if cred != nil {
		for _, p := range []string{data, tmpPw} {
			if err := os.Chown(p, int(cred.Uid), int(cred.Gid)); err != nil {
				return "", fmt.Errorf("devstack: chown %s: %w", p, err)
			}
		}
	}
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "hoclieu",
		"--pwfile", tmpPw, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-instructions")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Dir = "/"
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("devstack: initdb: %w\n%s", err, out)
	}
	if err := os.WriteFile(pwPath, []byte(password), 0o600); err != nil {
		return "", err
	}
	return password, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
