// Package refclock checks the server's own clock, the reference every
// visitor's clock is judged against (GET /api/time), so that a server whose
// clock drifted does not tell everyone that theirs is wrong.
//
// Two independent sources, kept current by a Checker:
//
//   - the kernel's own view (Linux: adjtimex, read-only): whether the clock
//     is synchronised (STA_UNSYNC) and its estimated error; elsewhere, or
//     when the call is refused, "unknown";
//   - the Date headers of the answers the vantage probe receives from WPS's
//     hosts (1 s resolution): per host, the offset WPS − server at the middle
//     of the request's window (see vantage.DateSample), and the median over
//     the hosts that answered, bounded by the half window plus half a second.
//
// The verdict is suspect when the Date median is off by more than
// MaxOffset, or when the kernel has said "unsynchronised" for longer than
// KernelGrace; synced when the Date median agrees or the kernel says
// synchronised; unknown otherwise (too few Date sources and no word from the
// kernel), and then the page judges visitors' clocks as it always did.
//
// The hot path (AppendTimeJSON, called by every /api/time answer) only
// loads an atomic pointer to bytes encoded when the state was last
// computed.
package refclock

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock"
	"wpscheck/server/vantage"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultMaxOffset   = 10 * time.Second
	DefaultKernelGrace = 15 * time.Minute
	DefaultMinSources  = 3
	DefaultInterval    = 60 * time.Second
	DefaultMaxAge      = 15 * time.Minute
)

// The reasons a Status gives for its state.
const (
	ReasonDatesAgree     = "date_headers_agree"    // synced: the Date median is within MaxOffset
	ReasonKernelSynced   = "kernel_synced"         // synced: the kernel says synchronised (too few Date sources)
	ReasonDatesDisagree  = "date_headers_disagree" // suspect: the Date median is beyond MaxOffset
	ReasonKernelUnsynced = "kernel_unsynced"       // suspect: unsynchronised for longer than KernelGrace
	ReasonTooFewSources  = "too_few_sources"       // unknown: fewer Date sources than MinSources, no word from the kernel
)

// Options configures a Checker; every field is optional.
type Options struct {
	// MaxOffset is how far the Date median may be off before the server's
	// clock is suspect (DefaultMaxOffset when zero).
	MaxOffset time.Duration
	// KernelGrace is how long the kernel may say "unsynchronised" before the
	// server's clock is suspect (DefaultKernelGrace when zero): time for an
	// NTP client to converge after boot. It counts from the first reading
	// that said so.
	KernelGrace time.Duration
	// MinSources is the number of WPS hosts whose Date headers a Date
	// estimate needs (DefaultMinSources when zero).
	MinSources int
	// Interval is how often the kernel is read and the state recomputed
	// (DefaultInterval when zero); Date estimates arrive with Observe.
	Interval time.Duration
	// MaxAge drops a Date estimate older than this (DefaultMaxAge when zero).
	MaxAge time.Duration
	// Kernel reads the kernel's view (ReadKernel when nil; NoKernel to
	// ignore it).
	Kernel func() Kernel
	// Clock is the server's clock, the one GET /api/time answers with; it
	// also schedules the kernel reads (clock.Real() when nil).
	Clock clock.Clock
	// Logger receives a line whenever the state changes (slog.Default() when nil).
	Logger *slog.Logger
	// OnChange, when set, is called after every change of state, outside
	// the Checker's lock; a metric of the state hooks in here.
	OnChange func(prev, next wire.ServerClockStatus)
}

// Kernel is the kernel's view of its clock.
type Kernel struct {
	// Known is false where the kernel cannot be asked.
	Known bool
	// Synced is true when the kernel considers its clock synchronised.
	Synced bool
	// EstError and MaxError are the kernel's estimated and maximum error.
	EstError, MaxError time.Duration
}

// NoKernel is a Kernel reader that always answers "unknown", for servers
// whose kernel's flag does not mean what it says (some sandboxes emulate
// adjtimex and always answer "unsynchronised").
func NoKernel() Kernel { return Kernel{} }

// DateEstimate is the server clock's offset against the Date headers of
// one vantage round.
type DateEstimate struct {
	// Sources is the number of hosts with a usable Date header.
	Sources int
	// OffsetMS is the median over the hosts of WPS − server, in ms.
	OffsetMS int64
	// BoundMS bounds |true offset − OffsetMS| when the median host's clock
	// is right: the mean of the bounds of the one or two middle hosts
	// (a half second for the header's resolution plus half the window).
	BoundMS int64
}

// EstimateDates estimates the server clock's offset from Date samples: one
// per host (the narrowest window when a host answered several probes),
// each read as diagnosis.EstimateFromDateHeader reads a same-origin Date
// header (WPS playing the server, this server the client), then the median
// over the hosts. Unparsable headers and implausible windows are skipped.
func EstimateDates(samples []vantage.DateSample) DateEstimate {
	type one struct{ off, bound int64 }
	best := map[string]one{}
	for _, s := range samples {
		e := diagnosis.EstimateFromDateHeader(s.Date, s.Sent.UnixMilli(), s.Received.UnixMilli())
		if !e.Known {
			continue
		}
		if b, ok := best[s.Host]; !ok || e.UncertaintyMS < b.bound {
			best[s.Host] = one{e.OffsetMS, e.UncertaintyMS}
		}
	}
	if len(best) == 0 {
		return DateEstimate{}
	}
	all := make([]one, 0, len(best))
	for _, o := range best {
		all = append(all, o)
	}
	slices.SortFunc(all, func(a, b one) int {
		if a.off != b.off {
			return cmpInt64(a.off, b.off)
		}
		return cmpInt64(a.bound, b.bound)
	})
	lo, hi := all[(len(all)-1)/2], all[len(all)/2]
	return DateEstimate{Sources: len(all), OffsetMS: halfSum(lo.off, hi.off), BoundMS: (lo.bound + hi.bound + 1) / 2}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// halfSum returns (a+b)/2 rounded half away from zero.
func halfSum(a, b int64) int64 {
	s := a + b
	if s >= 0 {
		return (s + 1) / 2
	}
	return -((-s + 1) / 2)
}

// Checker keeps the verdict on the server's clock current. Build it with
// New, feed it every vantage round with Observe, and Run it for the kernel
// readings. A nil *Checker answers "unknown".
type Checker struct {
	opts Options
	wire atomic.Pointer[[]byte] // `,"server_clock":{…}}` + "\n", for AppendTimeJSON

	mu            sync.Mutex
	kernel        Kernel
	unsyncedSince time.Time // first reading of the current unsynchronised spell; zero otherwise
	dates         DateEstimate
	datesAt       time.Time // when dates arrived; zero without one
	status        wire.ServerClockStatus
	judged        bool // a state other than the initial unknown has been reached
}

// New returns a Checker in the unknown state.
func New(opts Options) *Checker {
	if opts.MaxOffset <= 0 {
		opts.MaxOffset = DefaultMaxOffset
	}
	if opts.KernelGrace <= 0 {
		opts.KernelGrace = DefaultKernelGrace
	}
	if opts.MinSources <= 0 {
		opts.MinSources = DefaultMinSources
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.Kernel == nil {
		opts.Kernel = ReadKernel
	}
	if opts.Clock == nil {
		opts.Clock = clock.Real()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	c := &Checker{opts: opts}
	c.status = wire.ServerClockStatus{State: diagnosis.ServerClockUnknown, Reason: ReasonTooFewSources,
		Kernel: wire.KernelClock{State: "unknown"}, Since: opts.Clock.Now()}
	c.wire.Store(encodeWire(c.status.Compact()))
	return c
}

// Run reads the kernel at once and then every Interval, recomputing the
// state each time, until ctx is done.
func (c *Checker) Run(ctx context.Context) {
	for {
		c.ReadKernel()
		t := c.opts.Clock.NewTimer(c.opts.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
	}
}

// ReadKernel reads the kernel's view now and recomputes the state (Run
// calls it on its schedule).
func (c *Checker) ReadKernel() {
	k := c.opts.Kernel()
	c.mu.Lock()
	now := c.opts.Clock.Now()
	c.kernel = k
	switch {
	case !k.Known || k.Synced:
		c.unsyncedSince = time.Time{}
	case c.unsyncedSince.IsZero():
		c.unsyncedSince = now
	}
	c.updateLocked(now)
}

// Observe takes the Date headers of a vantage round (vantage.Options.OnResult
// calls it) and recomputes the state.
func (c *Checker) Observe(res vantage.Result) {
	est := EstimateDates(res.Dates)
	c.mu.Lock()
	now := c.opts.Clock.Now()
	c.dates, c.datesAt = est, now
	c.updateLocked(now)
}

// updateLocked recomputes the state at now, stores the encoded answer and
// reports a change; it is called with c.mu held and releases it.
func (c *Checker) updateLocked(now time.Time) {
	prev := c.status
	next := c.judge(now)
	changed := next.State != prev.State
	if changed {
		next.Since = now
	} else {
		next.Since = prev.Since
	}
	c.status = next
	first := changed && !c.judged
	c.judged = c.judged || changed
	if next.Compact() != prev.Compact() {
		c.wire.Store(encodeWire(next.Compact()))
	}
	c.mu.Unlock()
	if !changed {
		return
	}
	level, msg := slog.LevelWarn, "server clock: state changed"
	switch {
	case next.State == diagnosis.ServerClockSuspect:
		msg = "server clock: suspect; the page will not judge visitors' clocks against it until this clears"
	case first && next.State == diagnosis.ServerClockSynced:
		level, msg = slog.LevelInfo, "server clock: synced"
	}
	c.opts.Logger.Log(context.Background(), level, msg,
		"state", next.State, "previous", prev.State, "reason", next.Reason,
		"offset_ms", next.OffsetMS, "bound_ms", next.BoundMS, "sources", next.Sources,
		"kernel", next.Kernel.State, "kernel_unsynced_seconds", next.Kernel.UnsyncedSeconds)
	if c.opts.OnChange != nil {
		c.opts.OnChange(prev, next)
	}
}

// judge computes the Status at now from the latest readings.
func (c *Checker) judge(now time.Time) wire.ServerClockStatus {
	o := c.opts
	s := wire.ServerClockStatus{Kernel: wire.KernelClock{State: "unknown"}}
	k := c.kernel
	if k.Known {
		s.Kernel = wire.KernelClock{State: "synced", EstErrorMS: k.EstError.Milliseconds(), MaxErrorMS: k.MaxError.Milliseconds()}
		if !k.Synced {
			s.Kernel.State = "unsynced"
			s.Kernel.UnsyncedSeconds = int64(max(now.Sub(c.unsyncedSince), 0) / time.Second)
		}
	}
	d := c.dates
	if !c.datesAt.IsZero() && now.Sub(c.datesAt) > o.MaxAge {
		d = DateEstimate{} // stale: the vantage probe stopped answering
	}
	s.Sources = d.Sources
	haveDates := d.Sources >= o.MinSources
	if haveDates {
		s.OffsetMS, s.BoundMS = d.OffsetMS, d.BoundMS
		age := int64(max(now.Sub(c.datesAt), 0) / time.Second)
		s.DatesAgeSeconds = &age
	}
	unsynced := k.Known && !k.Synced && now.Sub(c.unsyncedSince) >= o.KernelGrace
	switch {
	case haveDates && abs(d.OffsetMS) > o.MaxOffset.Milliseconds():
		s.State, s.Reason = diagnosis.ServerClockSuspect, ReasonDatesDisagree
	case unsynced:
		s.State, s.Reason = diagnosis.ServerClockSuspect, ReasonKernelUnsynced
	case haveDates:
		s.State, s.Reason = diagnosis.ServerClockSynced, ReasonDatesAgree
	case k.Known && k.Synced:
		s.State, s.Reason = diagnosis.ServerClockSynced, ReasonKernelSynced
	default:
		s.State, s.Reason = diagnosis.ServerClockUnknown, ReasonTooFewSources
	}
	return s
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Status returns the current verdict; nil for a nil Checker.
func (c *Checker) Status() *wire.ServerClockStatus {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.status
	return &s
}

// unknownWire is what a nil Checker appends.
var unknownWire = encodeWire(diagnosis.ServerClock{State: diagnosis.ServerClockUnknown})

// encodeWire returns `,"server_clock":{…}}` and a newline: the end of the
// /api/time answer after its unix_ms.
func encodeWire(w diagnosis.ServerClock) *[]byte {
	js, err := json.Marshal(w)
	if err != nil { // a struct of strings and integers always encodes
		panic(err)
	}
	b := make([]byte, 0, len(js)+20)
	b = append(b, `,"server_clock":`...)
	b = append(b, js...)
	b = append(b, "}\n"...)
	return &b
}

// AppendTimeJSON appends the end of the /api/time answer to b, which holds
// `{"unix_ms":N`: `,"server_clock":{"state":…}}` and a newline. It only
// loads a pointer: safe and cheap on the hot path, and on a nil Checker
// (state unknown).
func (c *Checker) AppendTimeJSON(b []byte) []byte {
	if c == nil {
		return append(b, *unknownWire...)
	}
	return append(b, *c.wire.Load()...)
}
