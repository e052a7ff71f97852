// Command search measures the PostgreSQL search backend on a generated Vietnamese
// corpus: indexing throughput, index size, and query latency (p50/p95/p99) for
// one-word, three-word unaccented and filtered queries at 1 and 20 concurrent
// clients, through the same Search call the web layer makes (permission filter,
// facets, highlights included).
//
//	go run ./deploy/bench/search -docs 100000
//
// Without -database-url it starts a private PostgreSQL under a temporary directory
// (the local PostgreSQL binaries, as `hoclieu dev` does) and removes it afterwards.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/bench/benchkit"
	"github.com/hoclieu/hoclieu/deploy/devstack"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/schema"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/lms/platform/search/corpus"
)

func main() {
	docs := flag.Int("docs", 100_000, "documents to generate and index")
	dsn := flag.String("database-url", "", "PostgreSQL URL of an empty database (empty: start a private cluster)")
	writers := flag.Int("writers", 2, "concurrent indexing transactions")
	batch := flag.Int("batch", 500, "documents per indexing transaction")
	queries := flag.Int("queries", 400, "queries per set and concurrency level")
	clients := flag.String("clients", "1,20", "concurrency levels of the closed-loop runs (clients that never pause)")
	open := flag.String("open", "0.5,0.8", "open-loop runs: rates as fractions of the closed-loop capacity at the last -clients level (empty: none)")
	sentences := flag.String("sentences", "../shared/fixtures/vietnamese/vi_vtb_train_sentences.txt", "extra Vietnamese sentences, one a line (skipped when missing)")
	durable := flag.Bool("durable", false, "keep fsync on in the private cluster (slower indexing, as in production)")
	concurrency := flag.Int("concurrency", 2*runtime.NumCPU(), "searches run in PostgreSQL at once (search.Options.Concurrency, as hoclieu serve --search-concurrency; 0: no bound)")
	reindex := flag.Bool("rebuild-indexes", true, "after indexing, rebuild the buckets' GIN indexes (REINDEX), as after a bulk load")
	keep := flag.String("dir", "", "keep the private cluster in this directory and reuse it (with -docs 0: measure queries only)")
	var settings settingsFlag
	flag.Var(&settings, "pg", "a server setting of the private cluster, name=value (repeatable; e.g. -pg shared_buffers=6GB)")
	sqlFile := flag.String("sql", "", "write each distinct search statement, arguments written in, to this file (to read plans)")
	hold := flag.Bool("hold", false, "keep the private cluster up after the run, print its URL and wait for Ctrl-C (to read plans)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the query phase (this process: the Go side of Search) to this file")
	prewarm := flag.Bool("prewarm", true, "read the table and its indexes into PostgreSQL's buffers (pg_prewarm) before the queries, as they are on a server that has been running")
	flag.Parse()
	// The flags are checked before the corpus is built.
	var levels []int
	for _, c := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil {
			log.Fatalf("-clients: %v", err)
		}
		levels = append(levels, n)
	}
	var fractions []float64
	for _, f := range strings.Split(*open, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v <= 0 {
			log.Fatalf("-open: %q is not a positive fraction", f)
		}
		fractions = append(fractions, v)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *dsn == "" {
		dir := *keep
		if dir == "" {
			tmp, err := os.MkdirTemp("", "hoclieu-searchbench-")
			if err != nil {
				log.Fatal(err)
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		_ = os.Chmod(dir, 0o755)
		pg, err := devstack.StartPostgres(ctx, devstack.PostgresOptions{Dir: dir, Ephemeral: !*durable, Settings: settings})
		if err != nil {
			log.Fatal(err)
		}
		defer pg.Stop()
		if err := createDB(ctx, pg.URL("postgres"), "searchbench"); err != nil && !strings.Contains(err.Error(), "already exists") {
			log.Fatal(err)
		}
		*dsn = pg.URL("searchbench")
	}
	if _, err := schema.Up(ctx, *dsn); err != nil {
		log.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(*dsn)
	if err != nil {
		log.Fatal(err)
	}
	cfg.MaxConns = 40
	if *sqlFile != "" {
		f, err := os.Create(*sqlFile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		cfg.ConnConfig.Tracer = &sqlLog{w: f, seen: map[string]bool{}}
	}
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	b := &bench{db: db, ix: search.NewPostgres(db, search.Options{Concurrency: *concurrency}), ids: identity.New(db, nil)}
	if err := b.setup(ctx); err != nil {
		log.Fatal(err)
	}
	gen := corpus.New(42)
	if err := gen.Load(*sentences); err != nil {
		log.Printf("no extra sentences (%v); using the built-in ones", err)
	}
	fmt.Printf("# Search benchmark: %d documents, PostgreSQL backend\n\n", *docs)
	if *docs > 0 {
		if err := b.index(ctx, gen, *docs, *writers, *batch); err != nil {
			log.Fatal(err)
		}
		if *reindex {
			if err := b.rebuildBuckets(ctx); err != nil {
				log.Fatal(err)
			}
		}
	}
	if err := b.sizes(ctx); err != nil {
		log.Fatal(err)
	}
	if *prewarm {
		if err := b.prewarm(ctx); err != nil {
			log.Fatal(err)
		}
	}
	stopProfile, err := benchkit.CPUProfile(*cpuProfile)
	if err != nil {
		log.Fatal(err)
	}
	b.queries(ctx, levels, *queries, fractions)
	stopProfile()
	if *hold {
		benchkit.Hold(ctx, "database: "+*dsn)
	}
}

// settingsFlag collects repeated -pg name=value flags.
type settingsFlag []string

func (s *settingsFlag) String() string { return strings.Join(*s, " ") }

func (s *settingsFlag) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want name=value, got %q", v)
	}
	*s = append(*s, v)
	return nil
}

func createDB(ctx context.Context, adminURL, name string) error {
	c, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, "CREATE DATABASE "+name)
	return err
}

type bench struct {
	db      *pgxpool.Pool
	ix      *search.Postgres
	ids     *identity.Service
	student *identity.Actor
	city    int64
	// districts and schools: the demo's real ones first, then made-up ids (the
	// index has no foreign keys), about a city's worth: 24 districts, 2,000 schools.
	districts []int64
	schools   [][2]int64 // district, school
}

const password = "bench-password-123"

func (b *bench) setup(ctx context.Context) error {
	if _, err := b.ids.SeedDemo(ctx, password); err != nil {
		return err
	}
	var err error
	if b.student, err = b.ids.Authenticate(ctx, "student1", password, "127.0.0.1"); err != nil {
		return err
	}
	var path []int64
	if err := b.db.QueryRow(ctx, `SELECT path FROM organizations WHERE code = $1`, identity.DemoOrgCodes.School1).Scan(&path); err != nil {
		return err
	}
	b.city = path[0]
	b.districts = []int64{path[1]}
	b.schools = [][2]int64{{path[1], path[2]}}
	for i := 1; i < 24; i++ {
		b.districts = append(b.districts, 1_000_000+int64(i))
	}
	for i := 1; i < 2000; i++ {
		b.schools = append(b.schools, [2]int64{b.districts[i%24], 2_000_000 + int64(i)})
	}
	return nil
}

var scopes = []string{"school", "school", "school", "school", "school", "school", "school", "school", "school", "school",
	"district", "district", "district", "district", "city", "city", "public", "public", "public", "private"}

func (b *bench) doc(id int, g *corpus.Generator) search.Document {
	c := g.Next()
	s := b.schools[id%len(b.schools)]
	d := search.Document{Type: search.TypeResource, ID: int64(id), OrgID: s[1], OrgName: fmt.Sprintf("Trường %d", s[1]),
		OrgPath: []int64{b.city, s[0], s[1]}, OwnerID: 5_000_000 + int64(id%50_000), Scope: scopes[id%len(scopes)],
		Title: c.Title, Description: c.Description, Body: c.Body, Kind: c.Kind, Subject: c.Subject, Grades: []int{c.Grade},
		Licence: "CC BY 4.0", Language: "vi", ReviewStatus: "published", Published: id%10 != 0,
		UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(id%1500) * 24 * time.Hour)}
	if !d.Published {
		d.ReviewStatus = "draft"
	}
	switch d.Scope {
	case "school":
		d.ScopeRoot = &d.OrgPath[2]
	case "district":
		d.ScopeRoot = &d.OrgPath[1]
	case "city":
		d.ScopeRoot = &d.OrgPath[0]
	}
	return d
}

func (b *bench) index(ctx context.Context, g *corpus.Generator, n, writers, batch int) error {
	work := make(chan []search.Document, writers)
	var wg sync.WaitGroup
	var failed atomic.Value
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for docs := range work {
				err := b.indexBatch(ctx, docs)
				if err != nil {
					failed.Store(err)
				}
			}
		}()
	}
	start := time.Now()
	next := start
	for i := 1; i <= n; i += batch {
		docs := make([]search.Document, 0, batch)
		for id := i; id < i+batch && id <= n; id++ {
			docs = append(docs, b.doc(id, g))
		}
		work <- docs
		if time.Since(next) > 30*time.Second {
			next = time.Now()
			log.Printf("indexed about %d documents (%.0f docs/s)", i, float64(i)/time.Since(start).Seconds())
		}
	}
	close(work)
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("## Indexing\n\n%d documents in %s with %d writers, %d per transaction: **%.0f docs/s** (generation included)\n\n",
		n, took.Round(time.Millisecond), writers, batch, float64(n)/took.Seconds())
	for _, sql := range []string{`VACUUM ANALYZE search_documents`, `VACUUM ANALYZE search_terms`} {
		if _, err := b.db.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

// indexBatch indexes docs in one transaction, again when it lost a deadlock: two
// writers adding new words to search_terms in different orders may wait on each
// other, and PostgreSQL then aborts one of them.
// rebuildBuckets rebuilds the buckets' GIN indexes. Built row by row (through GIN's
// pending list) they come out about a third larger than built at once and queries
// read them about 1.7 times slower (measured at 1 M documents); after a bulk load an
// operator rebuilds them, REINDEX INDEX CONCURRENTLY in production.
func (b *bench) rebuildBuckets(ctx context.Context) error {
	start := time.Now()
	for i := range search.Buckets {
		if _, err := b.db.Exec(ctx, fmt.Sprintf("REINDEX INDEX search_documents_match_%d_idx", i)); err != nil {
			return err
		}
	}
	fmt.Printf("The %d buckets' GIN indexes rebuilt after the load in %s.\n\n", search.Buckets, time.Since(start).Round(time.Second))
	return nil
}

func (b *bench) indexBatch(ctx context.Context, docs []search.Document) error {
	for try := 0; ; try++ {
		err := pgx.BeginFunc(ctx, b.db, func(tx pgx.Tx) error {
			for _, d := range docs {
				if err := b.ix.Upsert(ctx, tx, d); err != nil {
					return err
				}
			}
			return nil
		})
		var pe *pgconn.PgError
		if err == nil || try == 5 || !errors.As(err, &pe) || pe.Code != "40P01" {
			return err
		}
	}
}

// prewarm reads search_documents' heap and indexes into shared buffers (not its
// TOAST, most of the 14 GB at a million documents, of which a search reads the
// bodies of its page of hits only): the private cluster starts with empty buffers,
// and the page cache of our build machines kept little of the files between runs
// (18 of 24 GiB free an hour after reading them; kdamond, the kernel's DAMON
// reclaim, runs there), so the first queries read from disk (vmstat: 14 MB/s in),
// which a server that has been running would not.
func (b *bench) prewarm(ctx context.Context) error {
	t0 := time.Now()
	if _, err := b.db.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_prewarm`); err != nil {
		return fmt.Errorf("prewarm: %w", err)
	}
	var blocks int64
	err := b.db.QueryRow(ctx, `SELECT sum(pg_prewarm(c.oid))::bigint FROM pg_class c
		WHERE c.oid = 'search_documents'::regclass
		   OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'search_documents'::regclass)`).Scan(&blocks)
	if err != nil {
		return fmt.Errorf("prewarm: %w", err)
	}
	log.Printf("prewarmed search_documents and its indexes: %s in %s", mb(blocks*8192), time.Since(t0).Round(time.Second))
	return nil
}

func (b *bench) sizes(ctx context.Context) error {
	var table, toast, idx, total, terms, termsTotal int64
	err := b.db.QueryRow(ctx, `SELECT pg_relation_size('search_documents'),
		pg_total_relation_size('search_documents') - pg_relation_size('search_documents') - pg_indexes_size('search_documents'),
		pg_indexes_size('search_documents'), pg_total_relation_size('search_documents'),
		(SELECT count(*) FROM search_terms), pg_total_relation_size('search_terms')`).Scan(&table, &toast, &idx, &total, &terms, &termsTotal)
	if err != nil {
		return err
	}
	// The buckets' partial GIN indexes are one line.
	rows, err := b.db.Query(ctx, `SELECT CASE WHEN name ~ '^search_documents_match_[0-9]+_idx$'
			THEN 'search_documents_match_*_idx (one GIN per bucket)' ELSE name END AS part, sum(size)::bigint
		FROM (SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS size FROM pg_index
			WHERE indrelid = 'search_documents'::regclass) i GROUP BY 1 ORDER BY 2 DESC`)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Printf("## Index size\n\n| part | size |\n|---|---|\n| table (heap) | %s |\n| TOAST (long text and vectors) | %s |\n| all indexes | %s |\n",
		mb(table), mb(toast), mb(idx))
	for rows.Next() {
		var name string
		var size int64
		if err := rows.Scan(&name, &size); err != nil {
			return err
		}
		fmt.Printf("| · %s | %s |\n", name, mb(size))
	}
	fmt.Printf("| **total search_documents** | **%s** |\n| search_terms (%d words, trigram index) | %s |\n\n", mb(total), terms, mb(termsTotal))
	return rows.Err()
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// querySets are what users type: one word (marked, as most users type), three words
// without marks, and words with filters.
var querySets = []struct {
	name    string
	queries []search.Query
}{
	{"1 word", []search.Query{{Text: "newton"}, {Text: "kiều"}, {Text: "python"}, {Text: "polime"}, {Text: "phương"},
		{Text: "quang"}, {Text: "điện"}, {Text: "thí nghiệm"}, {Text: "học"}, {Text: "enzim"}}},
	{"3 words, no marks", []search.Query{{Text: "phuong trinh bac"}, {Text: "dinh luat newton"}, {Text: "quang hop thuc"},
		{Text: "bang tuan hoan"}, {Text: "dao dong dieu"}, {Text: "co so du"}, {Text: "hoc sinh can"}, {Text: "de kiem tra"},
		{Text: "truyen kieu lop"}, {Text: "chien dich dien"}}},
	{"filtered", []search.Query{{Text: "phương trình", Subject: "toan", Grade: 10}, {Text: "bai tap", Subject: "vat-ly"},
		{Text: "de kiem tra", Grade: 12}, {Text: "truyen", Subject: "ngu-van", Grade: 11}, {Text: "tế bào", Subject: "sinh-hoc"},
		{Text: "lap trinh", Subject: "tin-hoc", Kind: "Bài giảng"}, {Text: "khi hau", Subject: "dia-ly", Grade: 12},
		{Text: "hoc sinh", Subject: "toan", Grade: 9}, {Text: "oxi hoa", Subject: "hoa-hoc"}, {Text: "chien dich", Subject: "lich-su"}}},
}

func (b *bench) queries(ctx context.Context, levels []int, perSet int, open []float64) {
	fmt.Printf("## Query latency (student1's permission filter, facets and highlights included)\n\n")
	fmt.Printf("| queries | clients | p50 | p95 | p99 | max | queries/s | mean hits |\n|---|---|---|---|---|---|---|---|\n")
	// Warm the caches once, as a running server would be.
	for _, set := range querySets {
		for _, q := range set.queries {
			_, _ = b.ix.Search(ctx, b.student, q)
		}
	}
	capacity := map[string]float64{}
	for _, set := range querySets {
		for _, c := range levels {
			lat, qps, hits := b.closedLoop(ctx, set.queries, c, perSet)
			capacity[set.name] = qps
			fmt.Printf("| %s | %d | %s | %.0f | %d |\n", set.name, c, percentiles(lat), qps, hits)
		}
	}
	fmt.Println()
	if len(open) > 0 {
		// Clients that never pause measure the machine's capacity: with c of them
		// always waiting, mean latency is c / throughput (Little's law). People pause
		// between searches; so the open-loop runs send searches at a fixed rate, a
		// fraction of that capacity, whoever is still waiting: the latency a user
		// sees on a busy but not saturated server.
		fmt.Printf("### Open loop (searches arriving at a fixed rate, a fraction of the capacity at %d clients)\n\n", levels[len(levels)-1])
		fmt.Printf("| queries | rate | p50 | p95 | p99 | max | queries/s | mean hits |\n|---|---|---|---|---|---|---|---|\n")
		for _, set := range querySets {
			for _, f := range open {
				rate := f * capacity[set.name]
				lat, qps, hits := b.openLoop(ctx, set.queries, rate, perSet)
				fmt.Printf("| %s | %.0f/s (%.0f %%) | %s | %.0f | %d |\n", set.name, rate, 100*f, percentiles(lat), qps, hits)
			}
		}
		fmt.Println()
	}
	b.perQuery(ctx)
}

// percentiles formats p50, p95, p99 and max of sorted latencies as table cells.
func percentiles(lat []time.Duration) string {
	pct := func(p float64) string { return ms(lat[min(len(lat)-1, int(p*float64(len(lat))))]) }
	return fmt.Sprintf("%s | %s | %s | %s", pct(0.50), pct(0.95), pct(0.99), ms(lat[len(lat)-1]))
}

// closedLoop runs n searches from c clients that each send the next as soon as
// they have the answer; it returns the sorted latencies, queries/s and mean total.
func (b *bench) closedLoop(ctx context.Context, queries []search.Query, c, n int) ([]time.Duration, float64, int64) {
	lat := make([]time.Duration, n)
	var total, next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				lat[i] = b.one(ctx, queries[i%len(queries)], &total)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	slices.Sort(lat)
	return lat, float64(n) / took.Seconds(), total.Load() / int64(n)
}

// openLoop starts n searches at a fixed rate (per second), each in its own
// goroutine, whether or not the earlier ones have finished.
func (b *bench) openLoop(ctx context.Context, queries []search.Query, rate float64, n int) ([]time.Duration, float64, int64) {
	lat := make([]time.Duration, n)
	var total atomic.Int64
	var wg sync.WaitGroup
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[i] = b.one(ctx, queries[i%len(queries)], &total)
		}()
	}
	wg.Wait()
	took := time.Since(start)
	slices.Sort(lat)
	return lat, float64(n) / took.Seconds(), total.Load() / int64(n)
}

func (b *bench) one(ctx context.Context, q search.Query, total *atomic.Int64) time.Duration {
	t0 := time.Now()
	res, err := b.ix.Search(ctx, b.student, q)
	took := time.Since(t0)
	if err != nil {
		log.Fatalf("%q: %v", q.Text, err)
	}
	total.Add(int64(res.Total))
	return took
}

// perQuery prints each query's median of 5 runs at one client, with its total: the
// slow ones of a set's p95 are named.
func (b *bench) perQuery(ctx context.Context) {
	fmt.Printf("## Each query (1 client, median of 5)\n\n| query | filters | median | total |\n|---|---|---|---|\n")
	extra := []search.Query{{Text: "phuong trinh", Sort: "date"}, {Text: "học", Page: 3}, {Text: "\"định luật newton\""},
		{Text: "newton enzim polime kiều"}, {Text: "phuong trin"}}
	for _, set := range append(querySets, struct {
		name    string
		queries []search.Query
	}{"other", extra}) {
		for _, q := range set.queries {
			lat := make([]time.Duration, 5)
			var total int
			for i := range lat {
				t0 := time.Now()
				res, err := b.ix.Search(ctx, b.student, q)
				lat[i] = time.Since(t0)
				if err != nil {
					log.Fatalf("%q: %v", q.Text, err)
				}
				total = res.Total
			}
			slices.Sort(lat)
			f := strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %s %s", q.Subject, q.Kind, map[bool]string{true: fmt.Sprintf("grade %d", q.Grade)}[q.Grade != 0],
				map[bool]string{true: "by date"}[q.Sort == "date"], map[bool]string{true: fmt.Sprintf("page %d", q.Page)}[q.Page > 1])), " ")
			fmt.Printf("| %s | %s | %s | %d |\n", q.Text, f, ms(lat[2]), total)
		}
	}
	fmt.Println()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
