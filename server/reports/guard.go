package reports

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"wpscheck/server/internal/clock"
)

// UnavailableError is an ErrUnavailable that says why in words a client
// may be shown, and when trying again makes sense.
type UnavailableError struct {
	// Reason is safe to show to anyone, e.g. "the server's disk is nearly full".
	Reason string
	// RetryAfter is when trying again makes sense (0: no hint).
	RetryAfter time.Duration
	// Err is the cause, for the log; it may be nil.
	Err error
}

// Error returns the reason and the cause.
func (e *UnavailableError) Error() string {
	if e.Err == nil {
		return "reports: " + e.Reason
	}
	return "reports: " + e.Reason + ": " + e.Err.Error()
}

// Unwrap returns ErrUnavailable and the cause.
func (e *UnavailableError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrUnavailable}
	}
	return []error{ErrUnavailable, e.Err}
}

// Limits bound what a Guard lets through to its store.
type Limits struct {
	// PerDay caps the reports accepted per UTC day; 0: no cap.
	PerDay int
	// MinFree is the free space, in bytes, each of Dirs must keep: below
	// it Put refuses and Ready says no. 0: no floor.
	MinFree uint64
	// Dirs are the directories whose file systems hold the store (the data
	// directory, the database's directory).
	Dirs []string
	// FreeSpace returns the bytes of dir's file system available to the
	// server; nil turns the floor off. An error wrapping
	// errors.ErrUnsupported (a platform that cannot tell) skips the check.
	FreeSpace func(dir string) (uint64, error)
}

// How long a client is told to wait, by cause.
const (
	// RetryLowSpace: the disk stays full until an operator acts.
	RetryLowSpace = 5 * time.Minute
	// RetryStore: a failed write (a full disk, an I/O error) may pass.
	RetryStore = time.Minute
)

// recount is how often a Guard asks its store for the day's count:
// several servers sharing one database see each other's uploads this late.
const recount = time.Minute

// Guard is a Store that keeps the operator's Limits in front of another
// Store: Put refuses (with an *UnavailableError) once the day's cap is
// reached or a file system is below the free-space floor, and Ready says
// no below the floor, when the store is not ready, or, after a failed
// write, until the store proves it can write again. It logs when storage
// stops and starts taking reports, and once a day when the cap is reached
// — never per refused upload. Set the fields before first use.
type Guard struct {
	// Store keeps the reports.
	Store Store
	// Limits are the operator's bounds.
	Limits Limits
	// Clock tells the time (clock.Real() when nil); the day is UTC.
	Clock clock.Clock
	// Logger receives the state changes (slog.Default() when nil).
	Logger *slog.Logger

	mu      sync.Mutex
	day     time.Time // the UTC day counted
	base    int       // the day's reports as the store last counted them
	mine    int       // reports taken here since that count (reserved before Put)
	counted time.Time // when base was read (zero: not yet for this day)
	capDay  time.Time // the day whose reached cap was logged
	failing error     // why storage refuses, nil while it takes reports
}

var _ Store = (*Guard)(nil)

// Put stores r unless a limit is reached; a failure of the store that is
// not the request's (ErrUnavailable) gets a retry hint.
func (g *Guard) Put(ctx context.Context, r Record) error {
	if err := g.lowSpace(); err != nil {
		g.setState(ctx, err)
		return err
	}
	if err := g.reserve(ctx); err != nil {
		return err
	}
	err := g.Store.Put(ctx, r)
	switch {
	case err == nil:
		g.setState(ctx, nil)
		return nil
	case errors.Is(err, ErrUnavailable):
		var ue *UnavailableError
		if !errors.As(err, &ue) {
			err = &UnavailableError{Reason: "report storage cannot store reports right now", RetryAfter: RetryStore, Err: err}
		}
		g.setState(ctx, err)
	}
	g.release()
	return err
}

// Get returns the record from the store.
func (g *Guard) Get(ctx context.Context, id string) (Record, error) { return g.Store.Get(ctx, id) }

// ListByTicket lists from the store.
func (g *Guard) ListByTicket(ctx context.Context, ticket string, limit int) ([]Record, error) {
	return g.Store.ListByTicket(ctx, ticket, limit)
}

// PurgeBefore purges the store.
func (g *Guard) PurgeBefore(ctx context.Context, t time.Time) (int, error) {
	return g.Store.PurgeBefore(ctx, t)
}

// CountSince asks the guarded store.
func (g *Guard) CountSince(ctx context.Context, t time.Time) (int, error) {
	return g.Store.CountSince(ctx, t)
}

// Ready reports whether a report would be stored now: every file system
// above the floor and the store ready (which, for a store whose last write
// failed, means a test write went through). The day's cap does not make
// the server unready: the page itself stays useful without uploads.
func (g *Guard) Ready(ctx context.Context) error {
	err := g.lowSpace()
	if err == nil {
		err = g.Store.Ready(ctx)
	}
	g.setState(ctx, err)
	return err
}

// lowSpace returns an *UnavailableError when a file system of the store is
// below the floor.
func (g *Guard) lowSpace() error {
	l := g.Limits
	if l.MinFree == 0 || l.FreeSpace == nil {
		return nil
	}
	for _, dir := range l.Dirs {
		free, err := l.FreeSpace(dir)
		switch {
		case errors.Is(err, errors.ErrUnsupported):
			continue
		case err != nil:
			return &UnavailableError{Reason: "the server cannot tell how much disk space is left", RetryAfter: RetryLowSpace, Err: err}
		case free < l.MinFree:
			return &UnavailableError{Reason: "the server's disk is nearly full", RetryAfter: RetryLowSpace,
				Err: fmt.Errorf("%s: %d MiB free, below the floor of %d MiB", dir, free>>20, l.MinFree>>20)}
		}
	}
	return nil
}

// reserve counts one more report for today, or refuses when the cap is
// reached. A Put that then fails gives its place back (release).
func (g *Guard) reserve(ctx context.Context) error {
	if g.Limits.PerDay <= 0 {
		return nil
	}
	now := g.clock().Now().UTC()
	day := now.Truncate(24 * time.Hour) // midnight UTC
	g.mu.Lock()
	defer g.mu.Unlock()
	if !day.Equal(g.day) {
		g.day, g.base, g.mine, g.counted = day, 0, 0, time.Time{}
	}
	if g.counted.IsZero() || now.Sub(g.counted) >= recount {
		if n, err := g.Store.CountSince(ctx, day); err == nil {
			g.base, g.mine, g.counted = n, 0, now
		}
	}
	if g.base+g.mine >= g.Limits.PerDay {
		if !g.capDay.Equal(day) {
			g.capDay = day
			g.logger().WarnContext(ctx, "reports: the daily upload cap is reached; uploads answer 503 until midnight UTC",
				"cap", g.Limits.PerDay)
		}
		return &UnavailableError{Reason: "the server has taken as many reports as it may today",
			RetryAfter: day.Add(24 * time.Hour).Sub(now)}
	}
	g.mine++
	return nil
}

// release gives back a place reserved by a Put that did not store.
func (g *Guard) release() {
	if g.Limits.PerDay <= 0 {
		return
	}
	g.mu.Lock()
	if g.mine > 0 {
		g.mine--
	}
	g.mu.Unlock()
}

// setState records whether storage takes reports (err nil) and logs the
// changes.
func (g *Guard) setState(ctx context.Context, err error) {
	g.mu.Lock()
	was := g.failing
	g.failing = err
	g.mu.Unlock()
	switch {
	case err != nil && was == nil:
		g.logger().WarnContext(ctx, "reports: storage refuses reports; uploads answer 503 and /readyz says not ready", "err", err)
	case err == nil && was != nil:
		g.logger().InfoContext(ctx, "reports: storage takes reports again", "was", was.Error())
	}
}

func (g *Guard) clock() clock.Clock {
	if g.Clock == nil {
		return clock.Real()
	}
	return g.Clock
}

func (g *Guard) logger() *slog.Logger {
	if g.Logger == nil {
		return slog.Default()
	}
	return g.Logger
}
