package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
)

// env is the running system under test.
type env struct {
	dir     string
	stack   *devstack.Stack
	dbURL   string
	pool    *pgxpool.Pool
	serve   *exec.Cmd
	worker  *exec.Cmd
	base    string
	teacher string // session token
	classes []int64
	// students[i] is the user id and session token of simulated student i.
	students []student
}

type student struct {
	id    int64
	token string
}

func startEnv(ctx context.Context, o options) (*env, error) {
	dir, err := os.MkdirTemp("", "hoclieu-assessbench-")
	if err != nil {
		return nil, err
	}
	_ = os.Chmod(dir, 0o755) // the unprivileged PostgreSQL user must traverse it when we are root
	e := &env{dir: dir}
	logf("starting PostgreSQL (durable=%v) and MinIO in %s", o.durable, dir)
	e.stack, err = devstack.Start(ctx, devstack.Options{DataDir: dir, Ephemeral: !o.durable})
	if err != nil {
		e.close(o)
		return nil, err
	}
	e.dbURL = e.stack.Postgres.URL("hoclieu")
	if err := createDB(ctx, e.stack.Postgres.URL("postgres"), "hoclieu"); err != nil {
		e.close(o)
		return nil, err
	}
	if _, err := schema.Up(ctx, e.dbURL); err != nil {
		e.close(o)
		return nil, err
	}
	if e.pool, err = pgxpool.New(ctx, e.dbURL); err != nil {
		e.close(o)
		return nil, err
	}
	if err := e.seed(ctx, o); err != nil {
		e.close(o)
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := e.startProcesses(ctx, o); err != nil {
		e.close(o)
		return nil, err
	}
	return e, nil
}

func createDB(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}

// seed creates the demo city (for its school and teacher1), the classes, the students
// with their student role and class membership, and a session for each of them.
func (e *env) seed(ctx context.Context, o options) error {
	pw := "Bench-" + randomToken()[:16]
	if _, err := identity.New(e.pool, slog.Default()).SeedDemo(ctx, pw); err != nil {
		return err
	}
	var school, teacher int64
	err := e.pool.QueryRow(ctx, `SELECT o.id, u.id FROM organizations o, users u WHERE o.code = $1 AND u.username = 'teacher1'`,
		identity.DemoOrgCodes.School1).Scan(&school, &teacher)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		for c := range o.classes {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO classes (org_id, name, school_year, grade) VALUES ($1, $2, '2026-2027', 10) RETURNING id`,
				school, fmt.Sprintf("Bench %03d", c+1)).Scan(&id)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO class_members (class_id, user_id, role, subject) VALUES ($1, $2, 'teacher', 'toan')`, id, teacher); err != nil {
				return err
			}
			e.classes = append(e.classes, id)
		}
		rows, err := tx.Query(ctx, `INSERT INTO users (person_id, username, full_name, home_org_id)
			SELECT 'BS' || lpad(g::text, 7, '0'), 'bench' || lpad(g::text, 5, '0'), 'Học sinh ' || g, $1
			FROM generate_series(1, $2) g ORDER BY g RETURNING id`, school, o.students)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, org_id, role) SELECT unnest($1::bigint[]), $2, 'student'`, ids, school); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO class_members (class_id, user_id, role)
			SELECT ($2::bigint[])[1 + (i - 1) % cardinality($2::bigint[])], u, 'student' FROM unnest($1::bigint[]) WITH ORDINALITY AS x(u, i)`,
			ids, e.classes); err != nil {
			return err
		}
		if e.teacher, err = addSession(ctx, tx, teacher); err != nil {
			return err
		}
		for _, id := range ids {
			tok, err := addSession(ctx, tx, id)
			if err != nil {
				return err
			}
			e.students = append(e.students, student{id: id, token: tok})
		}
		return nil
	})
}

// addSession writes a logged-in session for the user as the web layer's session
// manager (scs, gob codec, key "uid") would after a login.
func addSession(ctx context.Context, tx pgx.Tx, userID int64) (string, error) {
	expiry := time.Now().Add(12 * time.Hour)
	data, err := scs.GobCodec{}.Encode(expiry, map[string]any{"uid": userID})
	if err != nil {
		return "", err
	}
	tok := randomToken()
	_, err = tx.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)`, tok, data, expiry)
	return tok, err
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startProcesses starts `hoclieu serve` (the one web node) and `hoclieu worker` (the
// auto-submit jobs) against the cluster.
func (e *env) startProcesses(ctx context.Context, o options) error {
	addr, err := freePort()
	if err != nil {
		return err
	}
	m := e.stack.Minio
	vars := append(os.Environ(), "HOCLIEU_DATABASE_URL="+e.dbURL, "HOCLIEU_S3_ENDPOINT="+m.Endpoint,
		"HOCLIEU_S3_ACCESS_KEY="+m.AccessKey, "HOCLIEU_S3_SECRET_KEY="+m.SecretKey, "HOCLIEU_LOG_FORMAT=json")
	start := func(name string, args ...string) (*exec.Cmd, error) {
		f, err := os.Create(filepath.Join(e.dir, name+".log"))
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(o.hoclieu, args...)
		cmd.Env, cmd.Stdout, cmd.Stderr = vars, f, f
		return cmd, cmd.Start()
	}
	if e.serve, err = start("serve", "serve", "--addr", addr); err != nil {
		return fmt.Errorf("start serve: %w", err)
	}
	e.base = "http://" + addr
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(e.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("serve not healthy (see %s)", filepath.Join(e.dir, "serve.log"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if e.worker, err = start("worker", "worker"); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	logf("serve on %s (pid %d), worker pid %d", addr, e.serve.Process.Pid, e.worker.Process.Pid)
	return nil
}

func (e *env) close(o options) {
	for _, c := range []*exec.Cmd{e.serve, e.worker} {
		if c != nil && c.Process != nil {
			_ = c.Process.Signal(os.Interrupt)
			done := make(chan struct{})
			go func() { _ = c.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = c.Process.Kill()
				<-done
			}
		}
	}
	if e.pool != nil {
		e.pool.Close()
	}
	if e.stack != nil {
		e.stack.Stop()
	}
	if o.keep {
		logf("kept %s", e.dir)
		return
	}
	_ = os.RemoveAll(e.dir)
}
