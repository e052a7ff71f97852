package web

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// idleStore wraps the PostgreSQL session store so that a page view does not write the
// session row when nothing in it changed but the idle deadline, unless the stored
// deadline is more than `slack` old. scs re-commits every session on every request
// when an idle timeout is set, which would make each page view a database write.
// Skipping is safe: the stored expiry stays at least IdleTimeout-slack ahead, so an
// active session never expires early; an idle one ends at most `slack` sooner.
// Each web node keeps its own memory of what it wrote; a node that has not seen a
// session simply writes it once.
type idleStore struct {
	scs.Store
	slack time.Duration
	max   int // sessions remembered before the memory starts over

	mu      sync.Mutex
	written map[string]writtenSession
}

type writtenSession struct {
	sum    [sha256.Size]byte
	expiry time.Time
}

func newIdleStore(s scs.Store, slack time.Duration) *idleStore {
	return &idleStore{Store: s, slack: slack, max: 200_000, written: map[string]writtenSession{}}
}

func (s *idleStore) Commit(token string, b []byte, expiry time.Time) error {
	sum := sha256.Sum256(b)
	s.mu.Lock()
	w, ok := s.written[token]
	s.mu.Unlock()
	if ok && w.sum == sum && expiry.Sub(w.expiry) < s.slack && expiry.After(w.expiry.Add(-s.slack)) {
		return nil
	}
	if err := s.Store.Commit(token, b, expiry); err != nil {
		return err
	}
	s.mu.Lock()
	if len(s.written) >= s.max {
		s.written = map[string]writtenSession{}
	}
	s.written[token] = writtenSession{sum: sum, expiry: expiry}
	s.mu.Unlock()
	return nil
}

func (s *idleStore) Delete(token string) error {
	s.mu.Lock()
	delete(s.written, token)
	s.mu.Unlock()
	return s.Store.Delete(token)
}
