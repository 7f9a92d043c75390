package refclock_test

import (
	"context"
	"crypto/tls"
	"flag"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/server/refclock"
	"wpscheck/server/vantage"
)

var accuracyRounds = flag.Int("accuracy.rounds", 40, "BenchmarkDateEstimateAccuracy: vantage rounds per delay profile")

// delays is how one fake WPS host answers: it waits before stamping its
// Date (the request on its way, or a busy server), then after it (the
// answer on its way back).
type delays struct{ before, after time.Duration }

// profiles are the fake WPS worlds the estimate is measured in: host name →
// delays. "mixed" has one host per kind of delay; "one-sided" makes every
// host stamp late, the worst case for a midpoint estimate.
var profiles = map[string]map[string]delays{
	"mixed": {
		"account.wps.cn": {0, 0}, "account.wps.com": {5 * time.Millisecond, 5 * time.Millisecond},
		"www.wps.cn": {50 * time.Millisecond, 0}, "www.kdocs.cn": {0, 50 * time.Millisecond},
		"drive.wps.cn": {200 * time.Millisecond, 0}, "qing.wps.cn": {0, 200 * time.Millisecond},
		"api.wps.cn": {100 * time.Millisecond, 100 * time.Millisecond}, "www.wps.com": {400 * time.Millisecond, 0},
	},
	"one-sided": {
		"account.wps.cn": {300 * time.Millisecond, 0}, "account.wps.com": {300 * time.Millisecond, 0},
		"www.wps.cn": {300 * time.Millisecond, 0}, "www.kdocs.cn": {300 * time.Millisecond, 0},
		"drive.wps.cn": {300 * time.Millisecond, 0}, "qing.wps.cn": {300 * time.Millisecond, 0},
		"api.wps.cn": {300 * time.Millisecond, 0}, "www.wps.com": {300 * time.Millisecond, 0},
	},
}

// fakeWPSWorld serves every host of a profile from one TLS server whose
// Date headers come from a clock shifted by *shift against this machine's
// real clock (the server's clock under test). The vantage probe reaches
// it under the hosts' names.
type fakeWPSWorld struct {
	shift  atomic.Int64 // time.Duration
	prober *vantage.Prober
}

func newFakeWPSWorld(tb testing.TB, profile map[string]delays) *fakeWPSWorld {
	w := &fakeWPSWorld{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		d := profile[r.TLS.ServerName]
		wait(r.Context(), d.before)
		rw.Header().Set("Date", time.Now().Add(time.Duration(w.shift.Load())).UTC().Format(http.TimeFormat))
		wait(r.Context(), d.after)
		rw.WriteHeader(http.StatusNoContent)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	tb.Cleanup(srv.Close)
	var catalog []diagnosis.Endpoint
	for h := range profile {
		catalog = append(catalog, diagnosis.Endpoint{ID: strings.ReplaceAll(h, ".", "_"), URL: "https://" + h + "/", Role: diagnosis.RoleWeb})
	}
	dialer := &net.Dialer{}
	w.prober = vantage.New(vantage.Options{
		Catalog: catalog, Concurrency: len(catalog), Timeout: 5 * time.Second, Logger: slog.New(slog.DiscardHandler),
		Transport: &http.Transport{
			DisableKeepAlives: true,
			TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, // httptest's certificate, under WPS's names
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, srv.Listener.Addr().String())
			},
		},
	})
	return w
}

func wait(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// accuracy is what rounds of the fake world measured.
type accuracy struct {
	errs, bounds, hostErrs []float64 // |estimate − true| and bounds of the median (ms); |error| of single hosts
	outside                int       // rounds whose true offset was outside estimate ± bound
	hostOutside            int       // single-host estimates outside their own bound
	states                 map[diagnosis.ServerClockState]int
}

// measure runs rounds of the world with WPS's clock shift + a phase that
// walks through the second (the Date header's truncation matters), and
// compares each round's estimate with the true offset.
func measure(tb testing.TB, w *fakeWPSWorld, shift time.Duration, rounds int) accuracy {
	a := accuracy{states: map[diagnosis.ServerClockState]int{}}
	c := refclock.New(refclock.Options{Kernel: refclock.NoKernel, Logger: slog.New(slog.DiscardHandler)})
	for i := range rounds {
		sh := shift + time.Duration(i*379%1000)*time.Millisecond
		w.shift.Store(int64(sh))
		want := sh.Milliseconds() // WPS − server
		res := w.prober.Check(tb.Context())
		require.Len(tb, res.Dates, len(res.Endpoints), "every fake host answered with a Date")
		est := refclock.EstimateDates(res.Dates)
		require.Equal(tb, len(res.Endpoints), est.Sources)
		err := est.OffsetMS - want
		a.errs = append(a.errs, absF(err))
		a.bounds = append(a.bounds, float64(est.BoundMS))
		if absF(err) > float64(est.BoundMS) {
			a.outside++
		}
		for _, s := range res.Dates {
			e := diagnosis.EstimateFromDateHeader(s.Date, s.Sent.UnixMilli(), s.Received.UnixMilli())
			a.hostErrs = append(a.hostErrs, absF(e.OffsetMS-want))
			if absInt(e.OffsetMS-want) > e.UncertaintyMS {
				a.hostOutside++
			}
		}
		c.Observe(res)
		a.states[c.Status().State]++
	}
	return a
}

func absF(v int64) float64 { return float64(absInt(v)) }

func absInt(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func stats(xs []float64) (mean, p50, p95, maxv float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	for _, x := range s {
		mean += x
	}
	mean /= float64(len(s))
	return mean, s[len(s)/2], s[min(len(s)-1, len(s)*95/100)], s[len(s)-1]
}

// TestDateEstimateAccuracy checks, over fake WPS hosts answering after
// various delays with Date headers from a clock 3 min ahead, that the true
// offset always lies within the estimate's bound and that the verdict is
// suspect; -v logs the errors.
func TestDateEstimateAccuracy(t *testing.T) {
	for name, p := range profiles {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := measure(t, newFakeWPSWorld(t, p), 3*time.Minute, 5)
			assert.Zero(t, a.outside, "rounds whose true offset fell outside the bound")
			assert.Zero(t, a.hostOutside, "single-host estimates outside their bound")
			assert.Equal(t, map[diagnosis.ServerClockState]int{diagnosis.ServerClockSuspect: 5}, a.states)
			mean, _, _, mx := stats(a.errs)
			t.Logf("%s: |error| mean %.0f ms, max %.0f ms; bound mean %.0f ms", name, mean, mx, mean2(a.bounds))
		})
	}
}

func mean2(xs []float64) float64 { m, _, _, _ := stats(xs); return m }

// BenchmarkDateEstimateAccuracy measures the Date-header estimate against
// the server's real clock over the fake hosts (accuracy.rounds rounds per
// profile, WPS's clock 3 min ahead plus a phase walking through the second):
//
//	go test ./server/refclock -run '^$' -bench DateEstimateAccuracy -benchtime 1x -v
func BenchmarkDateEstimateAccuracy(b *testing.B) {
	for _, name := range []string{"mixed", "one-sided"} {
		b.Run(name, func(b *testing.B) {
			w := newFakeWPSWorld(b, profiles[name])
			var a accuracy
			for range b.N {
				a = measure(b, w, 3*time.Minute, *accuracyRounds)
			}
			mean, p50, p95, mx := stats(a.errs)
			bMean, _, _, bMax := stats(a.bounds)
			hMean, _, hP95, hMax := stats(a.hostErrs)
			b.ReportMetric(mean, "err-mean-ms")
			b.ReportMetric(p95, "err-p95-ms")
			b.ReportMetric(mx, "err-max-ms")
			b.ReportMetric(bMean, "bound-mean-ms")
			b.ReportMetric(float64(a.outside), "outside-bound")
			b.ReportMetric(hMean, "host-err-mean-ms")
			b.ReportMetric(hMax, "host-err-max-ms")
			b.ReportMetric(0, "ns/op")
			b.Logf("%s, %d rounds × %d hosts: median |error| mean %.0f, p50 %.0f, p95 %.0f, max %.0f ms; bound mean %.0f, max %.0f ms; "+
				"true offset outside the bound in %d rounds; single host |error| mean %.0f, p95 %.0f, max %.0f ms (outside its own bound: %d); states %v",
				name, len(a.errs), len(profiles[name]), mean, p50, p95, mx, bMean, bMax, a.outside, hMean, hP95, hMax, a.hostOutside, a.states)
		})
	}
}
