package search

import (
	"context"
	"log/slog"
	"time"
)

// DrainOptions tune Outbox.Run.
type DrainOptions struct {
	Batch int           // changes per call to the sink; default 500
	Idle  time.Duration // pause when nothing is due; default 1 s
	Log   *slog.Logger
}

// Run drains the outbox into sink until ctx ends: batch after batch while changes
// are due, then every Idle. A failing sink leaves the changes in the outbox (Drain
// backs them off, up to ten minutes) and is logged once per failure streak, so an
// engine that is down loses nothing and floods nothing. Several processes may run
// it: the advisory lock in Drain lets one of them work at a time, which keeps each
// document's changes in order.
func (o *Outbox) Run(ctx context.Context, sink Sink, opts DrainOptions) {
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.Idle <= 0 {
		opts.Idle = time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	failing := false
	for {
		n, err := o.Drain(ctx, sink, opts.Batch)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && !failing:
			opts.Log.Warn("search index not updated; changes kept in the outbox", "err", err)
			failing = true
		case err == nil && failing:
			opts.Log.Info("search index reachable again")
			failing = false
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(opts.Idle):
		}
	}
}
