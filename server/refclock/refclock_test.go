package refclock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/refclock"
	"wpscheck/server/vantage"
)

// trueStart is the true time when a test starts.
var trueStart = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// wpsRound is a vantage round whose answers came from hosts with correct
// clocks, read by a server whose clock is serverAhead fast: each request
// took rtt on the server's clock, and WPS stamped its Date in the middle.
func wpsRound(serverNow time.Time, serverAhead time.Duration, rtt time.Duration, hosts ...string) vantage.Result {
	res := vantage.Result{CheckedAt: serverNow}
	for _, h := range hosts {
		sent := serverNow.Add(-rtt)
		stamped := sent.Add(rtt / 2).Add(-serverAhead) // true time at the middle
		res.Dates = append(res.Dates, vantage.DateSample{EndpointID: h, Host: h, Date: stamped.UTC().Format(http.TimeFormat),
			Sent: sent, Received: serverNow})
	}
	return res
}

var sevenHosts = []string{"account.wps.cn", "account.wps.com", "www.wps.cn", "www.kdocs.cn", "drive.wps.cn", "qing.wps.cn", "www.wps.com"}

// fakeKernel is a kernel whose answer the test sets.
type fakeKernel struct {
	mu sync.Mutex
	k  refclock.Kernel
	n  int
}

func (f *fakeKernel) set(k refclock.Kernel) { f.mu.Lock(); f.k = k; f.mu.Unlock() }
func (f *fakeKernel) read() refclock.Kernel {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	return f.k
}
func (f *fakeKernel) reads() int { f.mu.Lock(); defer f.mu.Unlock(); return f.n }

// logLines collects the checker's log as JSON lines.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}
func (l *logLines) lines(t *testing.T) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, s := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if s == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &m))
		out = append(out, m)
	}
	return out
}

type env struct {
	clk    *clocktest.Fake
	kernel *fakeKernel
	log    *logLines
	c      *refclock.Checker
	mu     sync.Mutex
	change [][2]diagnosis.ServerClockState
}

// newEnv runs a checker on a fake clock serverAhead fast, with a kernel
// that says nothing until the test sets it.
func newEnv(serverAhead time.Duration) *env {
	e := &env{clk: clocktest.New(trueStart.Add(serverAhead)), kernel: &fakeKernel{}, log: &logLines{}}
	e.c = refclock.New(refclock.Options{
		Kernel: e.kernel.read, Clock: e.clk,
		Logger: slog.New(slog.NewJSONHandler(e.log, nil)),
		OnChange: func(prev, next wire.ServerClockStatus) {
			e.mu.Lock()
			e.change = append(e.change, [2]diagnosis.ServerClockState{prev.State, next.State})
			e.mu.Unlock()
		},
	})
	return e
}

// timeAnswer is the /api/time answer's server_clock as the page reads it.
func timeAnswer(t *testing.T, c *refclock.Checker) diagnosis.ServerClock {
	t.Helper()
	b := c.AppendTimeJSON([]byte(`{"unix_ms":1`))
	require.True(t, bytes.HasSuffix(b, []byte("}\n")))
	var ans struct {
		UnixMS      int64                 `json:"unix_ms"`
		ServerClock diagnosis.ServerClock `json:"server_clock"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&ans), "%s", b)
	return ans.ServerClock
}

func TestServerThreeMinutesFastIsSuspect(t *testing.T) {
	e := newEnv(3 * time.Minute)
	e.c.Observe(wpsRound(e.clk.Now(), 3*time.Minute, 80*time.Millisecond, sevenHosts...))
	s := e.c.Status()
	assert.Equal(t, diagnosis.ServerClockSuspect, s.State)
	assert.Equal(t, refclock.ReasonDatesDisagree, s.Reason)
	assert.Equal(t, 7, s.Sources)
	assert.InDelta(t, -180_000, s.OffsetMS, 1000, "WPS − server")
	assert.LessOrEqual(t, s.BoundMS, int64(600))
	w := timeAnswer(t, e.c)
	assert.Equal(t, s.Compact(), w)
	assert.Equal(t, diagnosis.ServerClockSuspect, w.State)

	lines := e.log.lines(t)
	require.Len(t, lines, 1)
	assert.Equal(t, "WARN", lines[0]["level"])
	assert.Equal(t, "suspect", lines[0]["state"])
	assert.Equal(t, "unknown", lines[0]["previous"])
	assert.Equal(t, [][2]diagnosis.ServerClockState{{"unknown", "suspect"}}, e.change)

	// The next round sees the same: no new line.
	e.clk.Advance(time.Minute)
	e.c.Observe(wpsRound(e.clk.Now(), 3*time.Minute, 80*time.Millisecond, sevenHosts...))
	assert.Len(t, e.log.lines(t), 1)

	// The clock is set right: synced, and the change is a warning too.
	e.clk.Advance(-3 * time.Minute)
	e.c.Observe(wpsRound(e.clk.Now(), 0, 80*time.Millisecond, sevenHosts...))
	assert.Equal(t, diagnosis.ServerClockSynced, e.c.Status().State)
	lines = e.log.lines(t)
	require.Len(t, lines, 2)
	assert.Equal(t, "WARN", lines[1]["level"])
	assert.Equal(t, "synced", lines[1]["state"])
}

func TestServerRightIsSynced(t *testing.T) {
	e := newEnv(0)
	e.c.Observe(wpsRound(e.clk.Now(), 0, 300*time.Millisecond, sevenHosts...))
	s := e.c.Status()
	assert.Equal(t, diagnosis.ServerClockSynced, s.State)
	assert.Equal(t, refclock.ReasonDatesAgree, s.Reason)
	assert.InDelta(t, 0, s.OffsetMS, 1000)
	lines := e.log.lines(t)
	require.Len(t, lines, 1)
	assert.Equal(t, "INFO", lines[0]["level"], "the first verdict, synced, is not a warning")
	// 9 s off is within the 10 s default threshold; 11 s is not.
	e.c.Observe(wpsRound(e.clk.Now(), 9*time.Second, 0, sevenHosts...))
	assert.Equal(t, diagnosis.ServerClockSynced, e.c.Status().State)
	e.c.Observe(wpsRound(e.clk.Now(), -11*time.Second, 0, sevenHosts...))
	assert.Equal(t, diagnosis.ServerClockSuspect, e.c.Status().State)
	assert.InDelta(t, 11_000, e.c.Status().OffsetMS, 1000, "the server is slow: WPS − server is positive")
}

func TestTooFewSourcesIsUnknown(t *testing.T) {
	e := newEnv(3 * time.Minute)
	e.c.Observe(wpsRound(e.clk.Now(), 3*time.Minute, 80*time.Millisecond, "account.wps.cn", "www.wps.cn"))
	s := e.c.Status()
	assert.Equal(t, diagnosis.ServerClockUnknown, s.State)
	assert.Equal(t, refclock.ReasonTooFewSources, s.Reason)
	assert.Equal(t, 2, s.Sources)
	assert.Equal(t, diagnosis.ServerClock{State: diagnosis.ServerClockUnknown, Sources: 2}, timeAnswer(t, e.c), "no offset without enough hosts")
	assert.Empty(t, e.log.lines(t), "unknown → unknown is no change")

	// Several answers from one host count once.
	e.c.Observe(wpsRound(e.clk.Now(), 3*time.Minute, 0, "www.wps.cn", "www.wps.cn", "www.wps.cn", "www.wps.cn"))
	assert.Equal(t, 1, e.c.Status().Sources)
	assert.Equal(t, diagnosis.ServerClockUnknown, e.c.Status().State)

	var nilChecker *refclock.Checker
	assert.Equal(t, diagnosis.ServerClock{State: diagnosis.ServerClockUnknown}, timeAnswer(t, nilChecker))
	assert.Nil(t, nilChecker.Status())
}

func TestKernelUnsynchronisedAfterGrace(t *testing.T) {
	e := newEnv(0)
	e.kernel.set(refclock.Kernel{Known: true, Synced: false, EstError: 16 * time.Second, MaxError: 16 * time.Second})
	e.c.ReadKernel()
	s := e.c.Status()
	assert.Equal(t, diagnosis.ServerClockUnknown, s.State, "within the grace period")
	assert.Equal(t, wire.KernelClock{State: "unsynced", EstErrorMS: 16000, MaxErrorMS: 16000}, s.Kernel)

	e.clk.Advance(refclock.DefaultKernelGrace - time.Second)
	e.c.ReadKernel()
	assert.Equal(t, diagnosis.ServerClockUnknown, e.c.Status().State)
	e.clk.Advance(time.Second)
	e.c.ReadKernel()
	s = e.c.Status()
	assert.Equal(t, diagnosis.ServerClockSuspect, s.State)
	assert.Equal(t, refclock.ReasonKernelUnsynced, s.Reason)
	assert.Equal(t, int64(refclock.DefaultKernelGrace/time.Second), s.Kernel.UnsyncedSeconds)

	// Date headers that agree do not clear it: the kernel's word stands.
	e.c.Observe(wpsRound(e.clk.Now(), 0, 0, sevenHosts...))
	assert.Equal(t, diagnosis.ServerClockSuspect, e.c.Status().State)
	assert.True(t, timeAnswer(t, e.c).HasEstimate(), "the page still gets the offset against WPS")

	// An NTP client takes over.
	e.kernel.set(refclock.Kernel{Known: true, Synced: true, EstError: 2 * time.Millisecond, MaxError: 40 * time.Millisecond})
	e.c.ReadKernel()
	assert.Equal(t, diagnosis.ServerClockSynced, e.c.Status().State)

	// Kernel synchronised, no Date source (vantage off): synced on the kernel's word.
	e2 := newEnv(0)
	e2.kernel.set(refclock.Kernel{Known: true, Synced: true})
	e2.c.ReadKernel()
	assert.Equal(t, diagnosis.ServerClockSynced, e2.c.Status().State)
	assert.Equal(t, refclock.ReasonKernelSynced, e2.c.Status().Reason)
	assert.False(t, timeAnswer(t, e2.c).HasEstimate())

	// NoKernel ignores a kernel that always says "unsynchronised".
	assert.Equal(t, refclock.Kernel{}, refclock.NoKernel())
}

func TestStaleDatesAreDropped(t *testing.T) {
	e := newEnv(3 * time.Minute)
	e.c.Observe(wpsRound(e.clk.Now(), 3*time.Minute, 0, sevenHosts...))
	require.Equal(t, diagnosis.ServerClockSuspect, e.c.Status().State)
	e.clk.Advance(refclock.DefaultMaxAge)
	e.c.ReadKernel()
	assert.Equal(t, diagnosis.ServerClockSuspect, e.c.Status().State)
	assert.Equal(t, int64(refclock.DefaultMaxAge/time.Second), *e.c.Status().DatesAgeSeconds)
	e.clk.Advance(time.Second)
	e.c.ReadKernel()
	assert.Equal(t, diagnosis.ServerClockUnknown, e.c.Status().State, "the vantage probe stopped answering: no evidence left")
	assert.Equal(t, 0, e.c.Status().Sources)
}

func TestRunReadsTheKernelOnSchedule(t *testing.T) {
	e := newEnv(0)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { e.c.Run(ctx); close(done) }()
	assert.Equal(t, []time.Duration{refclock.DefaultInterval}, e.clk.WaitForTimers(t, 1))
	assert.Equal(t, 1, e.kernel.reads())
	e.kernel.set(refclock.Kernel{Known: true, Synced: true})
	e.clk.Advance(refclock.DefaultInterval)
	e.clk.WaitForTimers(t, 1)
	assert.Equal(t, 2, e.kernel.reads())
	assert.Equal(t, diagnosis.ServerClockSynced, e.c.Status().State)
	cancel()
	<-done
}

func TestEstimateDates(t *testing.T) {
	at := time.Date(2026, 6, 1, 12, 0, 10, 0, time.UTC)
	sample := func(host string, dateSec int, sentMS, recvMS int) vantage.DateSample {
		return vantage.DateSample{Host: host, Date: at.Add(time.Duration(dateSec) * time.Second).Format(http.TimeFormat),
			Sent: at.Add(time.Duration(sentMS) * time.Millisecond), Received: at.Add(time.Duration(recvMS) * time.Millisecond)}
	}
	// Stamped in second +0 while the server's window is [0, 200] ms: the
	// offset is (0 + 500) − 100 = +400 ms, bound 500 + 100.
	got := refclock.EstimateDates([]vantage.DateSample{sample("a", 0, 0, 200)})
	assert.Equal(t, refclock.DateEstimate{Sources: 1, OffsetMS: 400, BoundMS: 600}, got)

	got = refclock.EstimateDates([]vantage.DateSample{
		sample("a", 0, 0, 0), sample("b", 2, 0, 0), sample("c", -300, 0, 0), // one host far off: the median ignores it
		sample("a", 5, 0, 2000), // a second answer of a, with a wider window: the narrower one counts
		{Host: "d", Date: "yesterday", Sent: at, Received: at},
	})
	assert.Equal(t, refclock.DateEstimate{Sources: 3, OffsetMS: 500, BoundMS: 500}, got)

	got = refclock.EstimateDates([]vantage.DateSample{sample("a", 0, 0, 0), sample("b", 1, 0, 400), sample("c", 9, 0, 0), sample("d", -9, 0, 0)})
	assert.Equal(t, refclock.DateEstimate{Sources: 4, OffsetMS: 900, BoundMS: 600}, got, "even: the mean of the middle two, and of their bounds")
	assert.Equal(t, refclock.DateEstimate{}, refclock.EstimateDates(nil))
}

// BenchmarkAppendTimeJSON is the checker's share of every /api/time answer.
func BenchmarkAppendTimeJSON(b *testing.B) {
	e := newEnv(0)
	e.c.Observe(wpsRound(e.clk.Now(), 0, 80*time.Millisecond, sevenHosts...))
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		buf = e.c.AppendTimeJSON(buf[:0])
	}
}
