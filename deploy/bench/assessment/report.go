package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

func (r *report) integrityOK() bool {
	return r.check.lost == 0 && r.check.misordered == 0 && r.n.staleBad.Load() == 0
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func rss(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	var cur, peak string
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			cur = f[1]
		}
		if len(f) >= 2 && f[0] == "VmHWM:" {
			peak = f[1]
		}
	}
	mib := func(kib string) string {
		var k float64
		fmt.Sscan(kib, &k)
		return fmt.Sprintf("%.0f MiB", k/1024)
	}
	return mib(cur) + " (peak " + mib(peak) + ")"
}

func (r *report) markdown(o options) string {
	var b strings.Builder
	p := func(f string, args ...any) { fmt.Fprintf(&b, f+"\n", args...) }
	load, _ := os.ReadFile("/proc/loadavg")
	p("# Assessment load test, %s", time.Now().Format("2006-01-02 15:04 MST"))
	p("")
	p("- machine: %d cores, load average before the report %s; the generator, `hoclieu serve`, `hoclieu worker`, PostgreSQL and MinIO share them over loopback", runtime.NumCPU(), strings.Join(strings.Fields(string(load))[:3], " "))
	p("- %d students in %d classes start one %d-item test (three in four single choice, the rest multiple response) at uniformly random moments within %s, then each autosaves one answer every %s for %s until the test closes (the issue's 20 minutes compressed; concurrency kept); one save in ten is followed by a late replay of an older seq that must be refused", o.students, o.classes, o.items, o.rush, o.interval, o.duration)
	p("- PostgreSQL durable (fsync, synchronous commit): %v; serve's pool: 20 connections; the worker auto-submits with River at the deadline + 15 s grace", o.durable)
	p("")
	p("## Summary")
	p("")
	p("| figure | measured | target | |")
	p("| --- | --- | --- | --- |")
	p("| attempt start p99 during the rush (%d starts) | %s ms | < 1000 ms | %s |", r.start.n, ms(r.start.p99), verdict(r.start.p99 < time.Second && r.started == r.students))
	all := r.save.p99
	p("| autosave p99 after the rush (%d saves) | %s ms | < 100 ms | %s |", r.save.n, ms(all), verdict(all < 100*time.Millisecond))
	p("| autosave p99 during the rush (%d saves) | %s ms | < 100 ms | %s |", r.saveRush.n, ms(r.saveRush.p99), verdict(r.saveRush.p99 < 100*time.Millisecond))
	c := r.check
	p("| lost / misordered acknowledged answers (of %d checked against the database) | %d / %d | 0 / 0 | %s |", c.acked, c.lost, c.misordered, verdict(c.lost == 0 && c.misordered == 0))
	p("| late replays of an older seq refused as stale | %d of %d | all | %s |", r.n.staleOK.Load(), r.n.staleOK.Load()+r.n.staleBad.Load(), verdict(r.n.staleBad.Load() == 0))
	sc := r.scoring
	p("| scoring of all %d attempts after the close (from deadline + grace until none is open) | %.1f s (auto-submits themselves spread over %.1f s) | < 10 s | %s |", sc.attempts, sc.done.Seconds(), sc.span.Seconds(), verdict(!sc.timedOut && sc.done < 10*time.Second))
	p("| errors | %d of %d starts, %d autosaves | 0 | %s |", r.n.startErrs.Load(), r.students, r.n.saveErrs.Load(), verdict(r.n.startErrs.Load()+r.n.saveErrs.Load() == 0))
	p("")
	p("## Latency (ms)")
	p("")
	p("| request | count | p50 | p95 | p99 | max |")
	p("| --- | --- | --- | --- | --- | --- |")
	for _, x := range []struct {
		name string
		q    quantiles
	}{{"POST /api/v1/tests/{id}/attempts (start)", r.start}, {"PUT …/answers/{item} during the rush", r.saveRush}, {"PUT …/answers/{item} after the rush", r.save}} {
		p("| %s | %d | %s | %s | %s | %s |", x.name, x.q.n, ms(x.q.p50), ms(x.q.p95), ms(x.q.p99), ms(x.q.max))
	}
	p("")
	p("## CPU and PostgreSQL load")
	p("")
	p("| phase | seconds | cores: serve / worker / postgres / generator / rest | commits/s | rows inserted/s | updated/s | fetched/s | WAL MiB/s | buffer hit ratio | active backends mean / max |")
	p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, x := range r.phases {
		p("| %s | %.0f | %.2f / %.2f / %.2f / %.2f / %.2f | %.0f | %.0f | %.0f | %.0f | %.2f | %.4f | %.1f / %.0f |", x.name, x.secs, x.serve, x.worker, x.postgres, x.self, x.rest,
			x.commits, x.inserted, x.updated, x.fetched, x.wal/(1<<20), x.hitRatio, x.activeMean, x.activeMax)
	}
	p("")
	p("- students who started: %d of %d; attempts %d, scored (submitted with a score) %d; the analysis counts %d attempts", r.started, r.students, sc.attempts, sc.scored, sc.analysisAttempts)
	p("- answers checked: %d acknowledged, %d identical in the database, %d saved by a request the client saw fail (not an error)", c.acked, c.matched, c.unackedSaved)
	p("- RSS of `hoclieu serve` at the close: %s", r.serveRSS)
	p("- rest: kernel work for loopback traffic, MinIO, and any other process on the machine (shared with other work)")
	p("")
	p("## Plans of the per-autosave statements (EXPLAIN ANALYZE, after the run)")
	b.WriteString(r.plans)
	if len(r.n.errSamples) > 0 {
		p("")
		p("Errors (first few):")
		for _, e := range r.n.errSamples {
			p("- `%s`", e)
		}
	}
	if len(c.samples) > 0 {
		p("")
		p("Answer mismatches (first few):")
		for _, s := range c.samples {
			p("- %s", s)
		}
	}
	return b.String()
}
