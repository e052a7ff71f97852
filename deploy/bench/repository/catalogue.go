package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/jackc/pgx/v5"
)

// seedCatalogue inserts n published resources of school 1 (a third public), with
// varied subjects, grades and types, in one statement each for resources and
// versions.
func seedCatalogue(ctx context.Context, dsn string, n int) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, `
		WITH t AS (SELECT u.id AS owner, o.id AS org, o.path FROM users u JOIN organizations o ON o.id = u.home_org_id WHERE u.username = 'teacher1'),
		subj AS (SELECT array_agg(code ORDER BY code) AS codes FROM curriculum_subjects),
		ins AS (
			INSERT INTO resources (org_id, org_path, owner_id, type, title, description, subject, grades, licence, scope, scope_root)
			SELECT t.org, t.path, t.owner, (ARRAY['lesson','slides','worksheet','video','reference'])[1 + g % 5],
				'Học liệu số ' || g || ': ' || (ARRAY['Hàm số','Vectơ','Động học','Thơ Đường luật','Tế bào'])[1 + g % 5],
				'Mô tả ' || g, subj.codes[1 + g % array_length(subj.codes, 1)], ARRAY[1 + g % 12], 'CC BY 4.0',
				CASE WHEN g % 3 = 0 THEN 'public' ELSE 'school' END, CASE WHEN g % 3 = 0 THEN NULL ELSE t.path[3] END
			FROM generate_series(1, $1) g, t, subj RETURNING id, owner_id)
		INSERT INTO resource_versions (resource_id, number, status, created_by, submitted_at, published_at)
		SELECT id, 1, 'published', owner_id, now(), now() FROM ins`, n)
	if err != nil {
		return err
	}
	// Autovacuum analyzes the tables within a minute of such a bulk insert; the run
	// starts at once, so without this it would measure plans made for empty tables.
	_, err = c.Exec(ctx, `ANALYZE resources, resource_versions`)
	return err
}

// vegeta runs one load test of GET path with the session cookie and returns the
// JSON report.
func vegeta(ctx context.Context, cf config, target, cookie, rate string) (map[string]any, error) {
	attack := exec.CommandContext(ctx, cf.vegeta, "attack", "-rate="+rate, fmt.Sprintf("-workers=%d", cf.users),
		fmt.Sprintf("-max-workers=%d", cf.users), "-duration="+cf.duration.String(), "-timeout=10s", "-redirects=0",
		"-header", "Cookie: "+cookie)
	attack.Stdin = strings.NewReader("GET " + target + "\n")
	bin, err := attack.Output()
	if err != nil {
		return nil, fmt.Errorf("vegeta attack: %w", err)
	}
	report := exec.CommandContext(ctx, cf.vegeta, "report", "-type=json")
	report.Stdin = strings.NewReader(string(bin))
	out, err := report.Output()
	if err != nil {
		return nil, fmt.Errorf("vegeta report: %w", err)
	}
	var rep map[string]any
	return rep, json.Unmarshal(out, &rep)
}

func catalogueFigure(ctx context.Context, cf config, srv *server, dsn string) ([]string, error) {
	if err := seedCatalogue(ctx, dsn, cf.resources); err != nil {
		return nil, fmt.Errorf("seed catalogue: %w", err)
	}
	c, err := login(ctx, srv.base, "student1")
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(srv.base)
	var cookie string
	for _, ck := range c.http.Jar.Cookies(u) {
		cookie = ck.Name + "=" + ck.Value
	}
	var rows []string
	for _, run := range []struct{ name, path, rate string }{
		{"catalogue, closed loop", "/resources", "0"},
		{fmt.Sprintf("catalogue, %d users × 1 page/s", cf.users), "/resources", fmt.Sprintf("%d/1s", cf.users)},
		{fmt.Sprintf("catalogue filtered (subject toan, grade 10), %d users × 1 page/s", cf.users), "/resources?subject=toan&grade=10", fmt.Sprintf("%d/1s", cf.users)},
	} {
		rep, err := vegeta(ctx, cf, srv.base+run.path, cookie, run.rate)
		if err != nil {
			return nil, err
		}
		lat, _ := rep["latencies"].(map[string]any)
		ms := func(k string) float64 { v, _ := lat[k].(float64); return v / 1e6 }
		fmt.Fprintf(os.Stdout, "%s: %.0f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, success %.3f, status %v\n", run.name,
			rep["throughput"], ms("50th"), ms("95th"), ms("99th"), rep["success"], rep["status_codes"])
		rows = append(rows, fmt.Sprintf("| %s at %d resources, %d clients | p95 %.1f ms (p50 %.1f, %.0f req/s, success %.3f) | < 50 ms |",
			run.name, cf.resources, cf.users, ms("95th"), ms("50th"), rep["throughput"], rep["success"]))
	}
	return rows, nil
}
