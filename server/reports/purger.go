package reports

import (
	"context"
	"log/slog"
	"time"
)

// DefaultPurgeInterval is how often a Purger runs when Interval is zero.
const DefaultPurgeInterval = time.Hour

// Purger deletes reports older than Retention from Store: once when Run
// starts, then every Interval.
type Purger struct {
	// Store is purged.
	Store Store
	// Retention is how long a report is kept; it must be positive.
	Retention time.Duration
	// Interval is the time between purges (DefaultPurgeInterval when zero).
	Interval time.Duration
	// Logger receives one line per purge that deleted something, and errors
	// (slog.Default() when nil).
	Logger *slog.Logger
	// OnPurge, when set, is called after every purge with its outcome; tests use it.
	OnPurge func(n int, err error)
}

// PurgeOnce deletes the reports created before now minus Retention.
func (p *Purger) PurgeOnce(ctx context.Context) (int, error) {
	cutoff := time.Now().Add(-p.Retention)
	n, err := p.Store.PurgeBefore(ctx, cutoff)
	log := p.logger()
	switch {
	case err != nil:
		log.ErrorContext(ctx, "reports: purge failed", "err", err)
	case n > 0:
		log.InfoContext(ctx, "reports: purged expired reports", "count", n, "cutoff", cutoff)
	}
	if p.OnPurge != nil {
		p.OnPurge(n, err)
	}
	return n, err
}

// Run purges immediately and then every Interval until ctx is done.
func (p *Purger) Run(ctx context.Context) {
	interval := p.Interval
	if interval <= 0 {
		interval = DefaultPurgeInterval
	}
	for {
		if ctx.Err() != nil {
			return
		}
		_, _ = p.PurgeOnce(ctx)
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

func (p *Purger) logger() *slog.Logger {
	if p.Logger == nil {
		return slog.Default()
	}
	return p.Logger
}
