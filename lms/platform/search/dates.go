package search

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// month is a calendar month in UTC, counted from January of year 0 (year*12 +
// month-1): the unit of the date tokens match_tsv holds (search_date_tokens in the
// migration 20261204090000: "~dy<year>", "~dq<year>-<quarter>", "~dm<year>-<month>").
type month int

func monthOf(t time.Time) month {
	t = t.UTC()
	return month(t.Year()*12 + int(t.Month()) - 1)
}

func (m month) start() time.Time {
	return time.Date(int(m)/12, time.Month(int(m)%12+1), 1, 0, 0, 0, 0, time.UTC)
}

// dateQuery is the tsquery of the documents last updated in the months [from, to):
// the fewest tokens that cover them, a year where a whole year fits, then a
// quarter, then a month.
func dateQuery(from, to month) string {
	var toks []string
	for m := from; m < to; {
		y, mo := int(m)/12, int(m)%12
		switch {
		case mo == 0 && m+12 <= to:
			toks = append(toks, lexeme(fmt.Sprintf("~dy%d", y), false))
			m += 12
		case mo%3 == 0 && m+3 <= to:
			toks = append(toks, lexeme(fmt.Sprintf("~dq%d-%d", y, mo/3+1), false))
			m += 3
		default:
			toks = append(toks, lexeme(fmt.Sprintf("~dm%d-%d", y, mo+1), false))
			m++
		}
	}
	return "(" + strings.Join(toks, " | ") + ")"
}

// dateWindow is a range of months [from, to) a search sorted by date reads at once.
type dateWindow struct{ from, to month }

// dateWindows are the windows a search sorted by date reads, newest first. The
// first runs from the month of the newest document (newest; not after now's month)
// to the end of next month (a document stamped by a clock a little ahead, at the
// turn of a month). The others go back from there: one, two, four... months, 63 in
// all, each twice the one before, so when the matches are spread evenly over time
// the windows read hold at most about twice the candidates needed, however old the
// newest documents are. What lies outside them (older, or stamped more than a
// month ahead) is read last, by updated_at on the rows. newest is only where the
// windows start: any value gives the same results in the same order (a stale one
// costs time, not correctness, as the first window reaches next month anyway).
func dateWindows(now, newest time.Time) []dateWindow {
	cur := monthOf(now)
	anchor := min(cur, monthOf(newest))
	ws := []dateWindow{{anchor, cur + 2}}
	to := anchor
	for n := month(1); n <= 32; n *= 2 {
		ws = append(ws, dateWindow{to - n, to})
		to -= n
	}
	return ws
}

// newestCheck is how long the newest document's time (Postgres.newest) is kept.
const newestCheck = time.Minute

// newestUpdate returns the time of the newest document's last update, read at
// most once a newestCheck (the updated_at index answers it at once); now when the
// index is empty or the read fails, which only makes the first windows empty.
func (p *Postgres) newestUpdate(ctx context.Context) time.Time {
	p.newest.Lock()
	defer p.newest.Unlock()
	if time.Since(p.newest.checked) < newestCheck {
		return p.newest.at
	}
	var at *time.Time
	if err := p.db.QueryRow(ctx, `SELECT max(updated_at) FROM search_documents`).Scan(&at); err != nil || at == nil {
		return time.Now()
	}
	p.newest.at, p.newest.checked = *at, time.Now()
	return *at
}

// byDate is the candidates of a search sorted by date (the newest limit matches,
// columns cols) and their order. It first takes the first limit matches found, as
// a search by relevance does: when there are fewer, they are all the matches, and
// sorting them is the whole answer (a rare word). Otherwise (a common word, where
// sorting every match would read tens of thousands of rows) it reads the windows'
// matches, window after window (each sorted, read bucket after bucket), then those
// outside the windows: an Append under the LIMIT runs them in order and stops once
// it has limit rows, so a common word reads the matches of its newest months. The
// second path runs only when the first found limit matches (a one-time filter on
// the count). Each row carries its part's number, first in the order, the same on
// both paths: a document stamped far ahead is read with those outside the windows,
// and stays there on every page.
func byDate(b *sqlb, cols, where, query, limit string, ws []dateWindow) (sql, order string) {
	const within = "updated_at DESC, doc_id DESC"
	outside := fmt.Sprintf("(d.updated_at < %s OR d.updated_at >= %s)", b.arg(ws[len(ws)-1].from.start()), b.arg(ws[0].to.start()))
	first := bucketed(fmt.Sprintf("%s, %s::int * %d AS part", cols, outside, len(ws)), limit, where+" AND "+b.tsq(query))
	var parts []string
	part := func(where string) {
		parts = append(parts, fmt.Sprintf("(SELECT *, %d AS part FROM (%s) p)", len(parts), bucketedOrder(cols, where, within, limit)))
	}
	for _, w := range ws {
		part(where + " AND " + b.tsq(query+" & "+dateQuery(w.from, w.to)))
	}
	part(where + " AND " + b.tsq(query) + " AND " + outside)
	return fmt.Sprintf(`WITH f AS MATERIALIZED (%s)
	SELECT * FROM f WHERE (SELECT count(*) FROM f) < %s
	UNION ALL SELECT * FROM (SELECT * FROM (%s) w LIMIT %[4]s) w WHERE (SELECT count(*) FROM f) >= %[2]s`,
		first, limit, strings.Join(parts, "\n\tUNION ALL "), limit), "part, " + within
}
