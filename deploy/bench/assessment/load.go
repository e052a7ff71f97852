package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// client speaks the JSON API with one student's session cookie.
type client struct {
	http  *http.Client
	base  string
	token string
}

func newTransport(conns int) *http.Transport {
	return &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: 5 * time.Minute,
		DisableCompression: true}
}

// do sends a JSON request and decodes a 2xx answer into out; other statuses are errors.
func (c *client) do(ctx context.Context, method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.AddCookie(&http.Cookie{Name: "hoclieu_session", Value: c.token})
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %.200s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(b, out)
	}
	return resp.StatusCode, nil
}

// createTest adds the items to the bank as the teacher (three in four single choice,
// the rest multiple response) and sets a test for every bench class that closes at
// closesAt.
func createTest(ctx context.Context, c *client, e *env, items int, closesAt time.Time) (int64, error) {
	var ids []int64
	for i := range items {
		q := map[string]any{"type": "single_choice", "stem": fmt.Sprintf("Câu %d: chọn đáp án đúng của phép tính %d + %d.", i+1, i, 2*i+1),
			"subject": "toan", "grade": 10, "level": []string{"recognition", "comprehension", "application", "high_application"}[i%4],
			"topic": fmt.Sprintf("Chủ đề %d", i%5+1)}
		opts := []map[string]any{}
		for k := range 4 {
			opts = append(opts, map[string]any{"text": fmt.Sprintf("%d", 3*i+1+k-1), "correct": k == 1 || (i%4 == 3 && k == 3)})
		}
		if i%4 == 3 {
			q["type"] = "multiple_response"
		}
		q["options"] = opts
		var out struct {
			ID int64 `json:"id"`
		}
		if _, err := c.do(ctx, "POST", "/api/v1/questions", q, &out); err != nil {
			return 0, fmt.Errorf("create question %d: %w", i+1, err)
		}
		ids = append(ids, out.ID)
	}
	var out struct {
		ID int64 `json:"id"`
	}
	_, err := c.do(ctx, "POST", "/api/v1/tests", map[string]any{"title": "Kiểm tra giữa kỳ (bench)", "class_ids": e.classes,
		"question_ids": ids, "closes_at": closesAt.UTC().Format(time.RFC3339)}, &out)
	if err != nil {
		return 0, fmt.Errorf("create test: %w", err)
	}
	return out.ID, nil
}

type presented struct {
	ID      int64    `json:"id"`
	Type    string   `json:"type"`
	Options []string `json:"options"`
}

type attempt struct {
	ID       int64       `json:"id"`
	Deadline time.Time   `json:"deadline"`
	Items    []presented `json:"items"`
}

type ack struct {
	Item  int64 `json:"item"`
	Seq   int64 `json:"seq"`
	Stale bool  `json:"stale"`
}

// acked is the newest answer the server acknowledged for one item.
type acked struct {
	seq  int64
	resp string // canonical JSON
}

// sim is one simulated student.
type sim struct {
	c       client
	attempt attempt
	started bool
	last    map[int64]acked
	// unsure are items whose last request failed without an answer: the server may
	// or may not have saved it, so a newer seq in the database is not an error.
	unsure map[int64]int64
}

// counters are shared by every simulated student.
type counters struct {
	startErrs, saveErrs, staleOK, staleBad, saves atomic.Int64
	errMu                                         sync.Mutex
	errSamples                                    []string
}

func (n *counters) sample(err error) {
	n.errMu.Lock()
	defer n.errMu.Unlock()
	if len(n.errSamples) < 8 {
		n.errSamples = append(n.errSamples, err.Error())
	}
}

// run is one student's session: start at startAt, then an autosave every interval
// (first one a random part of the interval after starting) until stopAt.
func (s *sim) run(ctx context.Context, testID int64, startAt, rushEnd, stopAt time.Time, interval time.Duration, rec *recorders, n *counters) {
	rng := rand.New(rand.NewPCG(uint64(startAt.UnixNano()), uint64(s.c.token[0])))
	if !sleepUntil(ctx, startAt) {
		return
	}
	for try := 0; try < 3 && !s.started; try++ {
		t0 := time.Now()
		_, err := s.c.do(ctx, "POST", fmt.Sprintf("/api/v1/tests/%d/attempts", testID), nil, &s.attempt)
		if err != nil {
			n.startErrs.Add(1)
			n.sample(err)
			if !sleepUntil(ctx, time.Now().Add(2*time.Second)) {
				return
			}
			continue
		}
		rec.start.add(t0, time.Since(t0))
		s.started = true
	}
	if !s.started || len(s.attempt.Items) == 0 {
		return
	}
	var seq int64
	next := time.Now().Add(time.Duration(rng.Int64N(int64(interval))))
	for next.Before(stopAt) {
		if !sleepUntil(ctx, next) {
			return
		}
		next = next.Add(interval)
		it := s.attempt.Items[rng.IntN(len(s.attempt.Items))]
		seq++
		resp := answerFor(it, rng)
		s.save(ctx, it.ID, seq, resp, rec, rushEnd, n)
		// One in ten saves is followed by a late, older copy of the answer (a retry
		// that lost the race): it must be refused as stale.
		if s.last[it.ID].seq == seq && rng.IntN(10) == 0 {
			s.replay(ctx, it.ID, seq-1, resp, n)
		}
	}
}

func answerFor(it presented, rng *rand.Rand) json.RawMessage {
	if it.Type == "multiple_response" {
		a, b := rng.IntN(len(it.Options)), rng.IntN(len(it.Options))
		if a == b {
			b = (a + 1) % len(it.Options)
		}
		out, _ := json.Marshal([]int{min(a, b), max(a, b)})
		return out
	}
	out, _ := json.Marshal(rng.IntN(len(it.Options)))
	return out
}

// save autosaves; a failure is retried once with the same seq, as the page does.
func (s *sim) save(ctx context.Context, item, seq int64, resp json.RawMessage, rec *recorders, rushEnd time.Time, n *counters) {
	path := fmt.Sprintf("/api/v1/attempts/%d/answers/%d", s.attempt.ID, item)
	body := map[string]any{"response": resp, "seq": seq}
	for try := 0; try < 2; try++ {
		var a ack
		t0 := time.Now()
		_, err := s.c.do(ctx, "PUT", path, body, &a)
		if err != nil {
			n.saveErrs.Add(1)
			n.sample(err)
			s.unsure[item] = max(s.unsure[item], seq)
			continue
		}
		d := time.Since(t0)
		if t0.Before(rushEnd) {
			rec.saveRush.add(t0, d)
		} else {
			rec.save.add(t0, d)
		}
		n.saves.Add(1)
		if a.Stale || a.Seq != seq {
			n.staleBad.Add(1) // nothing newer was ever sent: this is misordering
			return
		}
		s.last[item] = acked{seq: seq, resp: canonical(resp)}
		delete(s.unsure, item)
		return
	}
}

// replay sends an older seq for the item; the server must keep the newer answer.
func (s *sim) replay(ctx context.Context, item, oldSeq int64, resp json.RawMessage, n *counters) {
	if oldSeq < 1 {
		return
	}
	var a ack
	path := fmt.Sprintf("/api/v1/attempts/%d/answers/%d", s.attempt.ID, item)
	if _, err := s.c.do(ctx, "PUT", path, map[string]any{"response": resp, "seq": oldSeq}, &a); err != nil {
		n.saveErrs.Add(1)
		n.sample(err)
		return
	}
	if a.Stale && a.Seq == s.last[item].seq {
		n.staleOK.Add(1)
	} else {
		n.staleBad.Add(1)
	}
}

func canonical(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}
