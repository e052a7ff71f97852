package search

import (
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

// dateWindows are the windows a search sorted by date reads, newest first: this
// month and the next (a document stamped by a clock a little ahead, at the turn of
// a month), then windows of one, two, four... months back, 63 months in all. Each
// is twice the one before, so when the matches are spread evenly over time the
// windows read hold at most about twice the candidates needed, however old the
// newest matches are. What lies outside them (older, or stamped more than a month
// ahead) is read last, by updated_at on the rows.
func dateWindows(now time.Time) []dateWindow {
	cur := monthOf(now)
	ws := []dateWindow{{cur, cur + 2}}
	to := cur
	for n := month(1); n <= 32; n *= 2 {
		ws = append(ws, dateWindow{to - n, to})
		to -= n
	}
	return ws
}

// byDate is the candidates of a search sorted by date (the newest limit matches,
// columns cols) and their order: the windows' matches, window after window (each
// sorted, read bucket after bucket), then the matches outside the windows. An
// Append under the LIMIT runs them in order and stops once it has limit rows, so a
// common word reads the matches of its newest months, not all of them. Each row
// carries its part's number, first in the order: a document stamped far ahead is
// read with the rest, and must stay there on every page.
func byDate(b *sqlb, cols, where, query, limit string, now time.Time) (sql, order string) {
	const within = "updated_at DESC, doc_id DESC"
	ws := dateWindows(now)
	var parts []string
	part := func(where string) {
		parts = append(parts, fmt.Sprintf("(SELECT *, %d AS part FROM (%s) p)", len(parts), bucketedOrder(cols, where, within, limit)))
	}
	for _, w := range ws {
		part(where + " AND " + b.tsq(query+" & "+dateQuery(w.from, w.to)))
	}
	oldest, end := ws[len(ws)-1].from.start(), ws[0].to.start()
	part(fmt.Sprintf("%s AND %s AND (d.updated_at < %s OR d.updated_at >= %s)", where, b.tsq(query), b.arg(oldest), b.arg(end)))
	return "SELECT * FROM (" + strings.Join(parts, "\n\tUNION ALL ") + ") w LIMIT " + limit, "part, " + within
}
