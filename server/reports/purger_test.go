package reports_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// TestPurgerSchedule runs the purger on the synctest bubble's clock: a
// purge at start, then one an hour, each cutting at its own now.
func TestPurgerSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		store := &cutoffStore{}
		p := &reports.Purger{Logger: discard, Store: store, Retention: 30 * 24 * time.Hour, Interval: time.Hour}
		ctx, cancel := context.WithCancel(t.Context())
		go p.Run(ctx)
		for range 2 {
			synctest.Wait()
			time.Sleep(time.Hour)
		}
		synctest.Wait()
		cancel()

		store.mu.Lock()
		defer store.mu.Unlock()
		require.Len(t, store.cutoffs, 3)
		for i, c := range store.cutoffs {
			assert.Equal(t, start.Add(time.Duration(i)*time.Hour).Add(-30*24*time.Hour), c, "purge %d", i)
		}
	})
}

func TestPurgerKeepsRunningAfterError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &cutoffStore{err: errors.New("disk on fire")}
		var errs []error
		p := &reports.Purger{Logger: discard, Store: store, Retention: time.Hour, Interval: time.Minute,
			OnPurge: func(_ int, err error) { errs = append(errs, err) }}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go p.Run(ctx)
		synctest.Wait()
		time.Sleep(time.Minute)
		synctest.Wait()
		require.Len(t, errs, 2, "a failed purge must not stop the schedule")
		assert.Error(t, errs[1])
	})
}

var discard = slog.New(slog.DiscardHandler)
