package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// login signs in students bs1..bsN through the API, four at a time (password
// hashing is deliberately slow), and returns one HTTP client per session.
func login(ctx context.Context, base string, n int) ([]*http.Client, error) {
	tr := &http.Transport{MaxIdleConns: n + 10, MaxIdleConnsPerHost: n + 10, IdleConnTimeout: time.Minute}
	out := make([]*http.Client, n)
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := atomic.Int64{}
	start := time.Now()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				jar, _ := cookiejar.New(nil)
				c := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second}
				body := fmt.Sprintf(`{"username":"bs%d","password":%q}`, i+1, password)
				resp, err := c.Post(base+"/api/v1/session", "application/json", bytes.NewBufferString(body))
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("login bs%d: %s", i+1, resp.Status)
					}
				}
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				out[i] = c
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	fmt.Printf("logged in %d students in %s\n\n", n, time.Since(start).Round(time.Millisecond))
	return out, ctx.Err()
}

type result struct {
	lat    []time.Duration
	errors int64
	took   time.Duration
	bytes  int64
}

// load has every client load /study for d, each waiting for its page and then
// pausing uniformly between 0 and 2*think (0: back to back) before the next. The
// first load of each client is spread over the first think period.
func load(ctx context.Context, base string, clients []*http.Client, d, think time.Duration) *result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	res := &result{}
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			pause := func(max time.Duration) {
				if max > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(rand.N(max)):
					}
				}
			}
			pause(think)
			for ctx.Err() == nil {
				t := time.Now()
				resp, err := c.Get(base + "/study")
				if err != nil {
					if ctx.Err() == nil {
						atomic.AddInt64(&res.errors, 1)
					}
					continue
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					atomic.AddInt64(&res.errors, 1)
					continue
				}
				mine = append(mine, time.Since(t))
				atomic.AddInt64(&res.bytes, n)
				pause(2 * think)
			}
			mu.Lock()
			res.lat = append(res.lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}

func (r *result) print(clients int, think time.Duration) {
	slices.Sort(r.lat)
	q := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))].Round(100 * time.Microsecond)
	}
	avg := int64(0)
	if len(r.lat) > 0 {
		avg = r.bytes / int64(len(r.lat))
	}
	fmt.Println("| clients | mean think | requests | errors | req/s | p50 | p95 | p99 | max | page bytes | target p95 |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	fmt.Printf("| %d | %s | %d | %d | %.0f | %s | %s | %s | %s | %d | < 30 ms |\n", clients, think, len(r.lat), r.errors,
		float64(len(r.lat))/r.took.Seconds(), q(0.50), q(0.95), q(0.99), q(1), avg)
}
