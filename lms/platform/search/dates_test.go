package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// monthsOf reads the months a dateQuery covers back from its tokens.
func monthsOf(t *testing.T, q string) []month {
	var out []month
	for _, tok := range strings.Split(strings.Trim(q, "()"), " | ") {
		var y, n int
		tok = strings.Trim(tok, "'")
		switch {
		case strings.HasPrefix(tok, "~dy"):
			fmt.Sscanf(tok, "~dy%d", &y)
			for i := range 12 {
				out = append(out, month(y*12+i))
			}
		case strings.HasPrefix(tok, "~dq"):
			fmt.Sscanf(tok, "~dq%d-%d", &y, &n)
			for i := range 3 {
				out = append(out, month(y*12+(n-1)*3+i))
			}
		case strings.HasPrefix(tok, "~dm"):
			fmt.Sscanf(tok, "~dm%d-%d", &y, &n)
			out = append(out, month(y*12+n-1))
		default:
			t.Fatalf("token %q in %s", tok, q)
		}
	}
	return out
}

// TestDateQueryCovers: a window's tokens cover exactly its months, each once, with
// a year or a quarter wherever one fits.
func TestDateQueryCovers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		from := month(2000*12 + r.IntN(400))
		to := from + 1 + month(r.IntN(80))
		q := dateQuery(from, to)
		got := monthsOf(t, q)
		slices.Sort(got)
		var want []month
		for m := from; m < to; m++ {
			want = append(want, m)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("[%v, %v): %s covers %v", from.start(), to.start(), q, got)
		}
		if strings.Count(q, "~dm") > 4 || strings.Count(q, "~dq") > 6 {
			t.Errorf("[%v, %v): %s: more months or quarters than needed", from.start(), to.start(), q)
		}
	}
	if q := dateQuery(monthOf(time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)), monthOf(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))); q != "('~dy2025' | '~dq2026-1' | '~dm2026-4')" {
		t.Errorf("January 2025 to April 2026: %s", q)
	}
}

// TestDateWindows: the windows are contiguous, newest first, from the newest
// document's month (not after now's) to the end of next month, then back 63
// months, each (after the first) twice as long as the one before.
func TestDateWindows(t *testing.T) {
	for _, c := range []struct{ now, newest time.Time }{
		{time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)}, // a clock far ahead
		{time.Date(2026, 3, 1, 6, 0, 0, 0, time.FixedZone("ICT", 7*3600)), time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC)},
	} {
		ws := dateWindows(c.now, c.newest)
		cur, anchor := monthOf(c.now), min(monthOf(c.now), monthOf(c.newest))
		if ws[0] != (dateWindow{anchor, cur + 2}) || ws[len(ws)-1].from != anchor-63 {
			t.Errorf("%v, newest %v: windows %v", c.now, c.newest, ws)
		}
		for i := 1; i < len(ws); i++ {
			if ws[i].to != ws[i-1].from || ws[i].to-ws[i].from != 1<<(i-1) {
				t.Errorf("%v: window %d is %v after %v", c.now, i, ws[i], ws[i-1])
			}
		}
	}
}

// TestDateTokensAgree checks the Go side's date tokens against the database's
// (search_date_tokens, which fills match_tsv): a document matches the window of
// its month, its quarter and its year in UTC, and not the months beside it,
// whatever the session's time zone.
func TestDateTokensAgree(t *testing.T) {
	for _, zone := range []string{"UTC", "Asia/Ho_Chi_Minh", "Pacific/Pago_Pago"} {
		t.Run(zone, func(t *testing.T) { dateTokensAgree(t, zone) })
	}
}

func dateTokensAgree(t *testing.T, zone string) {
	db := newEnv(t).db
	ctx := context.Background()
	conn, err := db.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT set_config('TimeZone', $1, false)", zone); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "RESET TimeZone")
	ict := time.FixedZone("ICT", 7*3600)
	for _, ts := range []time.Time{
		time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 5, 0, 0, 0, ict), // still December 2025 in UTC
		time.Date(2026, 1, 1, 7, 0, 0, 0, ict),
		time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC),  // 2025 in Pago Pago
		time.Date(2026, 3, 31, 20, 0, 0, 0, time.UTC), // April, a new quarter, in Hanoi
		time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC),
		time.Date(1999, 10, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2030, 7, 15, 0, 0, 0, 0, time.FixedZone("west", -11*3600)),
	} {
		m := monthOf(ts)
		y := month(int(m) / 12 * 12)
		q := m - m%3
		for _, c := range []struct {
			from, to month
			want     bool
		}{{m, m + 1, true}, {q, q + 3, true}, {y, y + 12, true}, {m - 1, m, false}, {m + 1, m + 2, false}, {m + 1, m + 13, false}} {
			var got bool
			err := conn.QueryRow(ctx, `SELECT array_to_tsvector(search_date_tokens($1)) @@ $2::tsquery`, ts, dateQuery(c.from, c.to)).Scan(&got)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%v in [%v, %v) (%s): %v, want %v", ts, c.from.start(), c.to.start(), dateQuery(c.from, c.to), got, c.want)
			}
		}
	}
}

// TestDateOrderAcrossWindows: sorted by date, a search with more matches than it
// ranks returns the newest first, across the windows and buckets, page after page;
// matches outside the windows (older than 63 months before the newest document,
// or stamped far ahead) come after, newest first. The same when every document is
// years old (the windows start at the newest), and when a new one comes while the
// newest time read before is kept.
func TestDateOrderAcrossWindows(t *testing.T) {
	for _, age := range []time.Duration{0, 3 * 365 * 24 * time.Hour} {
		e := newEnv(t)
		e.ix.candidates = 6
		now := time.Now()
		newest := now.Add(-age)
		var docs []Document
		ids := rand.New(rand.NewPCG(3, 4)).Perm(130) // storage order (and buckets) unrelated to dates
		for i, id := range ids {
			d := e.doc(int64(id+1), fmt.Sprintf("Hình học %d", i), "", "")
			d.UpdatedAt = newest.Add(-time.Duration(i) * 19 * 24 * time.Hour) // back about 6.7 years
			docs = append(docs, d)
		}
		if age == 0 {
			ahead := e.doc(500, "Hình học ghi ngày sau", "", "")
			ahead.UpdatedAt = now.Add(400 * 24 * time.Hour)
			soon := e.doc(501, "Hình học ghi ngày mai", "", "")
			soon.UpdatedAt = now.Add(20 * time.Hour)
			docs = append(docs, ahead, soon)
			newest = ahead.UpdatedAt
		}
		e.add(docs...)
		ws := dateWindows(now, newest)
		order := func(docs []Document) []int64 {
			inWindows := func(d Document) bool {
				return !d.UpdatedAt.Before(ws[len(ws)-1].from.start()) && d.UpdatedAt.Before(ws[0].to.start())
			}
			docs = slices.Clone(docs)
			slices.SortFunc(docs, func(a, b Document) int {
				if wa, wb := inWindows(a), inWindows(b); wa != wb {
					if wa {
						return -1
					}
					return 1
				}
				return b.UpdatedAt.Compare(a.UpdatedAt)
			})
			var ids []int64
			for _, d := range docs {
				ids = append(ids, d.ID)
			}
			return ids
		}
		want := order(docs)
		if age == 0 && (want[0] != 501 || slices.Index(want, 500) < 60) {
			t.Fatalf("test setup: expected order %v", want)
		}
		var got []int64
		for page := 1; len(got) < len(want); page++ {
			res := e.search(e.as("student1"), Query{Text: "hinh hoc", Sort: "date", Page: page, PerPage: 10})
			if len(res.Hits) == 0 {
				break
			}
			got = append(got, hitIDs(res)...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v old: by date\n got %v\nwant %v", age, got, want)
		}
		// With a filter and a phrase, the same order.
		res := e.search(e.as("student1"), Query{Text: `"hình học"`, Sort: "date", Subject: "toan", PerPage: 10})
		if g := hitIDs(res); !slices.Equal(g, want[:10]) {
			t.Errorf("%v old: phrase and subject by date %v, want %v", age, g, want[:10])
		}
		// A document updated now, while the newest time read above is kept: first.
		fresh := e.doc(600, "Hình học mới", "", "")
		fresh.UpdatedAt = now
		e.add(fresh)
		first := int64(600)
		if age == 0 {
			first = 501 // stamped 20 hours ahead
		}
		if g := hitIDs(e.search(e.as("student1"), Query{Text: "hinh hoc", Sort: "date", PerPage: 10})); len(g) < 2 || g[0] != first || !slices.Contains(g, 600) {
			t.Errorf("%v old: after a new document %v, want %d first and 600 on the page", age, g, first)
		}
	}
}
