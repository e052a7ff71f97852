package web

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"
)

// healthz checks every dependency in parallel with a short deadline and answers 503
// naming the failing check when one is down. Failure details are logged, not shown.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	names := make([]string, 0, len(s.cfg.Health))
	for name := range s.cfg.Health {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			state := "ok"
			if err := s.cfg.Health[name](ctx); err != nil {
				state = "down"
				s.log.Warn("health check failed", "check", name, "err", err)
			}
			mu.Lock()
			checks[name] = state
			mu.Unlock()
		}()
	}
	wg.Wait()
	status, code := "ok", http.StatusOK
	for _, v := range checks {
		if v != "ok" {
			status, code = "down", http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "checks": checks, "version": s.cfg.Version})
}
