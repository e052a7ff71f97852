package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
)

const killPassword = "demo-password-123"

// serveProcess is a real `hoclieu serve` child process.
type serveProcess struct {
	cmd  *exec.Cmd
	base string
	out  *bytes.Buffer
}

// buildHoclieu compiles this command once into dir.
func buildHoclieu(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hoclieu")
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startServe(t *testing.T, bin string, env []string) *serveProcess {
	t.Helper()
	addr := freeAddr(t)
	p := &serveProcess{base: "http://" + addr, out: &bytes.Buffer{}}
	p.cmd = exec.Command(bin, "serve", "--addr", addr)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(p.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("hoclieu serve not healthy:\n%s", p.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type apiClient struct {
	t    *testing.T
	http *http.Client
	base string
}

func newAPIClient(t *testing.T, base, user string) *apiClient {
	jar, _ := cookiejar.New(nil)
	c := &apiClient{t: t, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}, base: base}
	if st, body, err := c.do("POST", "/api/v1/session", fmt.Sprintf(`{"username":%q,"password":%q}`, user, killPassword), nil); err != nil || st != 200 {
		t.Fatalf("login %s: %d %s %v", user, st, body, err)
	}
	return c
}

func (c *apiClient) do(method, path, body string, out any) (int, string, error) {
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, string(raw), err
		}
	}
	return resp.StatusCode, string(raw), nil
}

func (c *apiClient) must(method, path, body string, out any) {
	c.t.Helper()
	if st, raw, err := c.do(method, path, body, out); err != nil || st >= 300 {
		c.t.Fatalf("%s %s: %d %s %v", method, path, st, raw, err)
	}
}

// TestAcknowledgedAutosaveSurvivesKill: students' pages autosave answers to a real
// `hoclieu serve` process, which is killed with SIGKILL right after it acknowledged
// the 300th answer. Every acknowledged answer (the newest sequence number of each
// item, with its content) must be in PostgreSQL, and a new process serves the
// attempt with them.
func TestAcknowledgedAutosaveSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	svc := devtest.Start(t)
	pool, dsn := devtest.Pool(t)
	ctx := context.Background()
	if _, err := identity.New(pool, nil).SeedDemo(ctx, killPassword); err != nil {
		t.Fatal(err)
	}
	_, bucket := devtest.Bucket(t)
	env := []string{"HOCLIEU_DATABASE_URL=" + dsn, "HOCLIEU_S3_ENDPOINT=" + svc.S3Endpoint, "HOCLIEU_S3_ACCESS_KEY=" + svc.S3AccessKey,
		"HOCLIEU_S3_SECRET_KEY=" + svc.S3SecretKey, "HOCLIEU_S3_BUCKET=" + bucket}
	bin := buildHoclieu(t)
	srv := startServe(t, bin, env)

	teacher := newAPIClient(t, srv.base, "teacher1")
	var classes struct {
		Classes []struct {
			ID int64 `json:"id"`
		} `json:"classes"`
	}
	teacher.must("GET", "/api/v1/classes", "", &classes)
	const items = 8
	var ids []string
	for i := range items {
		var q struct {
			ID int64 `json:"id"`
		}
		teacher.must("POST", "/api/v1/questions", fmt.Sprintf(`{"type":"short_text","stem":"Câu %d: viết số %d bằng chữ","accepted":["x"],"subject":"toan","grade":10,"level":"recognition"}`, i, i), &q)
		ids = append(ids, fmt.Sprint(q.ID))
	}
	var test struct {
		ID int64 `json:"id"`
	}
	teacher.must("POST", "/api/v1/tests", fmt.Sprintf(`{"title":"Bền vững","class_ids":[%d],"question_ids":[%s],"time_limit_minutes":30}`,
		classes.Classes[0].ID, strings.Join(ids, ",")), &test)
	student := newAPIClient(t, srv.base, "student1")
	var att struct {
		ID int64 `json:"id"`
	}
	student.must("POST", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), "", &att)

	// One writer per item, each sending its answers in order as a page would.
	const killAfter = 300
	var acks atomic.Int64
	acked := make([]atomic.Int64, items) // newest acknowledged seq per item
	var killOnce sync.Once
	var wg sync.WaitGroup
	for i := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := int64(1); ; seq++ {
				st, body, err := student.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%s", att.ID, ids[i]),
					fmt.Sprintf(`{"response":"trả lời %d","seq":%d}`, seq, seq), nil)
				if err != nil {
					return // the server is gone
				}
				if st != 200 {
					t.Errorf("autosave: %d %s", st, body)
					return
				}
				acked[i].Store(seq)
				if acks.Add(1) == killAfter {
					killOnce.Do(func() { _ = srv.cmd.Process.Signal(syscall.SIGKILL) })
				}
			}
		}()
	}
	wg.Wait()
	err := srv.cmd.Wait()
	if ws, ok := srv.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("hoclieu serve did not die of SIGKILL: %v", err)
	}
	total := int64(0)
	for i := range items {
		want := acked[i].Load()
		total += want
		var seq int64
		var resp string
		err := pool.QueryRow(ctx, `SELECT seq, response #>> '{}' FROM assessment_answers WHERE attempt_id = $1 AND item_id = $2`, att.ID, ids[i]).Scan(&seq, &resp)
		if errors.Is(err, pgx.ErrNoRows) && want == 0 {
			continue // on a busy machine this writer got no answer before the kill: nothing was promised
		}
		if err != nil {
			t.Fatalf("item %s: acknowledged seq %d, nothing stored: %v", ids[i], want, err)
		}
		// A request in flight at the kill may have committed without its answer
		// reaching us, so the stored seq may be one newer, never older.
		if seq < want || seq > want+1 || resp != fmt.Sprintf("trả lời %d", seq) {
			t.Fatalf("item %s: acknowledged seq %d, stored seq %d %q", ids[i], want, seq, resp)
		}
	}
	if total < killAfter {
		t.Fatalf("only %d answers acknowledged before the kill", total)
	}
	t.Logf("%d autosaves acknowledged before SIGKILL; every one is in PostgreSQL", total)

	// A new process serves the same session and attempt with those answers.
	srv2 := startServe(t, bin, env)
	student.base = srv2.base
	var view struct {
		Items []struct {
			ID  int64 `json:"id"`
			Seq int64 `json:"seq"`
		} `json:"items"`
	}
	student.must("GET", fmt.Sprintf("/api/v1/attempts/%d", att.ID), "", &view)
	for _, it := range view.Items {
		for i, id := range ids {
			if fmt.Sprint(it.ID) == id && it.Seq < acked[i].Load() {
				t.Fatalf("after restart item %s shows seq %d, acknowledged %d", id, it.Seq, acked[i].Load())
			}
		}
	}
}
