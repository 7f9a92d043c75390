// Package clocktest provides a fake clock.Clock for tests: time moves only
// when the test calls Advance, and the test can wait, without sleeping, until
// the code under test has armed its timers.
package clocktest

import (
	"sync"
	"testing"
	"time"

	"wpscheck/server/internal/clock"
)

// Fake is a manually advanced clock. The zero value is not usable; call New.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	changed chan struct{} // closed and replaced whenever the set of timers changes
}

// New returns a fake clock that reads start until advanced.
func New(start time.Time) *Fake {
	return &Fake{now: start, changed: make(chan struct{})}
}

var _ clock.Clock = (*Fake)(nil)

// Now returns the fake current time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// NewTimer arms a timer that fires when the fake time reaches Now()+d.
func (f *Fake) NewTimer(d time.Duration) clock.Timer {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{f: f, when: f.now.Add(d), d: d, c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- f.now
		return t
	}
	f.timers = append(f.timers, t)
	f.notifyLocked()
	return t
}

// Advance moves the fake time forward by d and fires every timer that is due.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	kept := f.timers[:0]
	for _, t := range f.timers {
		if !t.when.After(f.now) {
			t.c <- f.now
			continue
		}
		kept = append(kept, t)
	}
	f.timers = kept
	f.notifyLocked()
}

// Pending returns the durations the pending timers were armed with, oldest first.
func (f *Fake) Pending() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]time.Duration, len(f.timers))
	for i, t := range f.timers {
		out[i] = t.d
	}
	return out
}

// WaitForTimers blocks until at least n timers are pending and returns their
// durations. It fails the test if that does not happen within a generous
// safety limit (a guard against a hang, not a synchronisation delay).
func (f *Fake) WaitForTimers(tb testing.TB, n int) []time.Duration {
	tb.Helper()
	guard := time.NewTimer(30 * time.Second)
	defer guard.Stop()
	for {
		f.mu.Lock()
		if len(f.timers) >= n {
			out := make([]time.Duration, len(f.timers))
			for i, t := range f.timers {
				out[i] = t.d
			}
			f.mu.Unlock()
			return out
		}
		ch := f.changed
		f.mu.Unlock()
		select {
		case <-ch:
		case <-guard.C:
			tb.Fatalf("clocktest: timed out waiting for %d pending timer(s)", n)
			return nil
		}
	}
}

func (f *Fake) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

type fakeTimer struct {
	f    *Fake
	when time.Time
	d    time.Duration
	c    chan time.Time
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	for i, x := range t.f.timers {
		if x == t {
			t.f.timers = append(t.f.timers[:i], t.f.timers[i+1:]...)
			t.f.notifyLocked()
			return true
		}
	}
	return false
}
