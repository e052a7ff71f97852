package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// sqlLog writes every distinct statement the searches send, with its arguments
// written in as literals, ready for EXPLAIN (ANALYZE, BUFFERS) or a pgbench script:
// -sql FILE. Only for reading plans; the measured runs do not use it.
type sqlLog struct {
	mu   sync.Mutex
	w    io.Writer
	seen map[string]bool
}

var placeholder = regexp.MustCompile(`\$([0-9]+)`)

func (l *sqlLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	l.write(d.SQL, d.Args)
	return ctx
}

func (l *sqlLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// The searches are sent as batches (search.Postgres.read).
func (l *sqlLog) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (l *sqlLog) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	l.write(d.SQL, d.Args)
}

func (l *sqlLog) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (l *sqlLog) write(sql string, args []any) {
	if !strings.Contains(sql, "search_documents") {
		return
	}
	sql = placeholder.ReplaceAllStringFunc(sql, func(p string) string {
		i, _ := strconv.Atoi(p[1:])
		if i < 1 || i > len(args) {
			return p
		}
		return literal(args[i-1])
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.seen[sql] {
		l.seen[sql] = true
		fmt.Fprintf(l.w, "%s;\n\n", strings.TrimSpace(sql))
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func literal(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case time.Time: // the date windows' bounds
		return quote(v.Format(time.RFC3339Nano))
	case []int64:
		parts := make([]string, len(v))
		for i, n := range v {
			parts[i] = strconv.FormatInt(n, 10)
		}
		return quote("{" + strings.Join(parts, ",") + "}")
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
		}
		return quote("{" + strings.Join(parts, ",") + "}")
	}
	return quote(fmt.Sprint(v))
}
