package reports_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/reports"
)

// cutoffStore records the cutoffs it was asked to purge before.
type cutoffStore struct {
	reports.Store
	mu      sync.Mutex
	cutoffs []time.Time
	err     error
}

func (s *cutoffStore) PurgeBefore(_ context.Context, t time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cutoffs = append(s.cutoffs, t)
	return 1, s.err
}

func TestPurgerSchedule(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clk := clocktest.New(start)
	store := &cutoffStore{}
	done := make(chan int, 10)
	p := &reports.Purger{Logger: discard,
		Store:     store,
		Retention: 30 * 24 * time.Hour,
		Interval:  time.Hour,
		Clock:     clk,
		OnPurge:   func(n int, err error) { done <- n },
	}
	ctx, cancel := context.WithCancel(t.Context())
	stopped := make(chan struct{})
	go func() { p.Run(ctx); close(stopped) }()

	<-done // the purge at start
	assert.Equal(t, []time.Duration{time.Hour}, clk.WaitForTimers(t, 1))
	clk.Advance(time.Hour)
	<-done
	clk.WaitForTimers(t, 1)
	clk.Advance(time.Hour)
	<-done
	clk.WaitForTimers(t, 1)
	cancel()
	<-stopped

	store.mu.Lock()
	defer store.mu.Unlock()
	require.Len(t, store.cutoffs, 3)
	for i, c := range store.cutoffs {
		assert.Equal(t, start.Add(time.Duration(i)*time.Hour).Add(-30*24*time.Hour), c, "purge %d", i)
	}
}

func TestPurgerKeepsRunningAfterError(t *testing.T) {
	clk := clocktest.New(time.Unix(1e9, 0))
	store := &cutoffStore{err: errors.New("disk on fire")}
	errs := make(chan error, 10)
	p := &reports.Purger{Logger: discard, Store: store, Retention: time.Hour, Interval: time.Minute, Clock: clk,
		OnPurge: func(_ int, err error) { errs <- err }}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go p.Run(ctx)
	assert.Error(t, <-errs)
	clk.WaitForTimers(t, 1)
	clk.Advance(time.Minute)
	assert.Error(t, <-errs, "a failed purge must not stop the schedule")
}

var discard = slog.New(slog.DiscardHandler)
