package httpserver

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/server/prom"
	"wpscheck/server/refclock"
	"wpscheck/server/vantage"
)

// Load settings of BenchmarkAPITimeLoopback (go test -bench flags of this package).
var (
	benchLoadTime = flag.Duration("load.time", 3*time.Second, "BenchmarkAPITimeLoopback: load time per handler (split into load.rounds alternating rounds)")
	benchLoadConc = flag.Int("load.conc", 8, "BenchmarkAPITimeLoopback: concurrent keep-alive clients")
	benchRounds   = flag.Int("load.rounds", 6, "BenchmarkAPITimeLoopback: alternating rounds (server, bare, server, …)")
)

// bareServerClock is the end of the /api/time answer of benchServerClock's
// state (synced on 8 WPS hosts), written by bareTime as a constant.
var bareServerClock = []byte(`,"server_clock":{"state":"synced","offset_ms":500,"bound_ms":500,"sources":8}}` + "\n")

// benchServerClock returns a checker in the state the benchmarks serve:
// synced on the Date headers of 8 WPS hosts.
func benchServerClock() *refclock.Checker {
	c := refclock.New(refclock.Options{Kernel: refclock.NoKernel, Logger: slog.New(slog.DiscardHandler)})
	at := time.Unix(1_800_000_000, 0)
	res := vantage.Result{CheckedAt: at}
	for i := range 8 {
		res.Dates = append(res.Dates, vantage.DateSample{Host: fmt.Sprintf("h%d.wps.cn", i), Date: at.UTC().Format(http.TimeFormat), Sent: at, Received: at})
	}
	c.Observe(res)
	return c
}

// bareTime is the baseline: a bare net/http handler answering the same JSON
// as handleTime (same bytes, same two headers), with nothing in front of it.
func bareTime(w http.ResponseWriter, r *http.Request) {
	var buf [128]byte
	b := append(buf[:0], `{"unix_ms":`...)
	b = strconv.AppendInt(b, time.Now().UnixMilli(), 10)
	b = append(b, bareServerClock...)
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// productionHandler wraps the server as server/main.go does: the access log
// (JSON, at info, so the per-request debug line is filtered) around the
// security headers and the mux, with a check of the server's clock.
func productionHandler(tb testing.TB, mutate ...func(*Options)) http.Handler {
	s := newTestServer(tb, append([]func(*Options){func(o *Options) { o.ServerClock = benchServerClock() }}, mutate...)...)
	log := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return AccessLog(s, log)
}

// withMetrics turns the server's Prometheus metrics on (-metrics-addr).
func withMetrics(o *Options) { o.Metrics = prom.New("bench") }

// BenchmarkAPITime is GET /api/time in process (no network): the full server
// handler (access log + security headers + mux + handleTime), without and
// with metrics, against the bare handler, for ns/op and allocs/op.
func BenchmarkAPITime(b *testing.B) {
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"server", productionHandler(b)}, {"server+metrics", productionHandler(b, withMetrics)}, {"bare", http.HandlerFunc(bareTime)}} {
		b.Run(c.name, func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/api/time", nil)
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				c.h.ServeHTTP(w, req)
			}
			if w.status != http.StatusOK {
				b.Fatalf("status %d", w.status)
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps only the status, so that the
// in-process benchmark measures the handler, not a recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

// loadResult is what one handler served under load.
type loadResult struct {
	requests  int64
	elapsed   time.Duration
	latencies []time.Duration
}

func (r loadResult) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func (r loadResult) p(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	slices.Sort(r.latencies)
	return r.latencies[min(len(r.latencies)-1, int(q*float64(len(r.latencies))))]
}

// serveLoopback serves h on 127.0.0.1 with the server binary's settings.
func serveLoopback(tb testing.TB, h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// load sends GET url from conc keep-alive clients for d and records every
// request's latency. It is bounded: the clients stop at the deadline, and the
// only traffic is to the loopback URL.
func load(tb testing.TB, client *http.Client, url string, conc int, d time.Duration) loadResult {
	return loadFunc(tb, conc, d, func(ctx context.Context, _, _ int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
		}
		return nil
	})
}

// BenchmarkAPITimeLoopback compares GET /api/time through the full server
// handler with the bare handler over real loopback HTTP, in the same run:
// conc keep-alive clients for load.time per handler, in alternating rounds
// so that both see the same background load. It reports requests/s, p50 and
// p99 of each, and ratio = server req/s ÷ bare req/s (target ≥ 0.8); the
// server with metrics on (-metrics-addr) runs in the same rounds, as
// metrics-req/s, metrics-p99-µs and metrics-ratio.
//
//	go test ./server/httpserver -run '^$' -bench APITimeLoopback -benchtime 1x
func BenchmarkAPITimeLoopback(b *testing.B) {
	server := serveLoopback(b, productionHandler(b)) + "/api/time"
	metered := serveLoopback(b, productionHandler(b, withMetrics)) + "/api/time"
	bare := serveLoopback(b, http.HandlerFunc(bareTime)) + "/api/time"
	conc, rounds := *benchLoadConc, max(1, *benchRounds)
	per := *benchLoadTime / time.Duration(rounds)
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns:        2 * conc,
		MaxIdleConnsPerHost: conc,
		DisableCompression:  true,
		Proxy:               nil, // loopback only, whatever the environment says
	}}
	defer client.CloseIdleConnections()

	var s, m, r loadResult
	add := func(to *loadResult, x loadResult) {
		to.requests, to.elapsed, to.latencies = to.requests+x.requests, to.elapsed+x.elapsed, append(to.latencies, x.latencies...)
	}
	for range b.N {
		// Warm them (connections, the prerender cache is not involved).
		for _, u := range []string{server, metered, bare} {
			load(b, client, u, conc, 100*time.Millisecond)
		}
		for range rounds {
			add(&s, load(b, client, server, conc, per))
			add(&m, load(b, client, metered, conc, per))
			add(&r, load(b, client, bare, conc, per))
		}
	}
	b.ReportMetric(s.rps(), "server-req/s")
	b.ReportMetric(r.rps(), "bare-req/s")
	b.ReportMetric(s.rps()/r.rps(), "ratio")
	b.ReportMetric(float64(s.p(0.5).Microseconds()), "server-p50-µs")
	b.ReportMetric(float64(r.p(0.5).Microseconds()), "bare-p50-µs")
	b.ReportMetric(float64(s.p(0.99).Microseconds()), "server-p99-µs")
	b.ReportMetric(float64(r.p(0.99).Microseconds()), "bare-p99-µs")
	b.ReportMetric(m.rps(), "metrics-req/s")
	b.ReportMetric(m.rps()/r.rps(), "metrics-ratio")
	b.ReportMetric(float64(m.p(0.99).Microseconds()), "metrics-p99-µs")
	b.ReportMetric(0, "ns/op") // one iteration is seconds of load: ns/op means nothing here
	b.Logf("GET /api/time, %d keep-alive clients, %v per handler in %d alternating rounds: server %.0f req/s (p50 %v, p99 %v), server with metrics %.0f req/s (p50 %v, p99 %v), bare %.0f req/s (p50 %v, p99 %v), ratio %.2f (with metrics %.2f)",
		conc, per*time.Duration(rounds), rounds, s.rps(), s.p(0.5), s.p(0.99), m.rps(), m.p(0.5), m.p(0.99), r.rps(), r.p(0.5), r.p(0.99), s.rps()/r.rps(), m.rps()/r.rps())
}

// BenchmarkPages serves the prerendered pages in process, brotli as a
// browser asks for them: the check page and report pages of ever new ids
// (each kept compressed per language, rendered once).
func BenchmarkPages(b *testing.B) {
	s := newTestServer(b)
	for _, p := range []struct{ name, path string }{{"check", "/?lang=zh"}, {"report", "/support/R-%04d-0000-0000-0?lang=zh"}} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				target := p.path
				if strings.Contains(target, "%") {
					target = fmt.Sprintf(target, i%10000)
				}
				rec := do(s, http.MethodGet, target, map[string]string{"Accept-Encoding": "br"})
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", target, rec.Code)
				}
			}
		})
	}
}
