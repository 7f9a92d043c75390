package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/app/wire"
	"wpscheck/server/config"
	"wpscheck/server/reports/sqlite"
)

// loadFunc runs do from conc goroutines until d has passed and records the
// latency of every successful call. Bounded in time; do only talks to loopback.
func loadFunc(tb testing.TB, conc int, d time.Duration, do func(ctx context.Context, worker, i int) error) loadResult {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		total    atomic.Int64
		failures atomic.Int64
		firstErr atomic.Value
		all      []time.Duration
	)
	start := time.Now()
	for w := range conc {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 1<<12)
			for i := 0; ctx.Err() == nil; i++ {
				t0 := time.Now()
				if err := do(ctx, w, i); err != nil {
					if ctx.Err() == nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err)
					}
					continue
				}
				lat = append(lat, time.Since(t0))
				total.Add(1)
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if n := failures.Load(); n > 0 {
		tb.Fatalf("%d failed requests, first: %v", n, firstErr.Load())
	}
	return loadResult{requests: total.Load(), elapsed: time.Since(start), latencies: all}
}

// uploadClient is a keep-alive client for conc concurrent uploaders,
// closed when the benchmark ends.
func uploadClient(tb testing.TB, conc int) *http.Client {
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: 4 * conc, MaxIdleConnsPerHost: 2 * conc, DisableCompression: true, Proxy: nil,
	}}
	tb.Cleanup(client.CloseIdleConnections)
	return client
}

// uploadBodies returns 64 valid reports (about 2 KB each) to upload.
func uploadBodies(tb testing.TB) [][]byte {
	bodies := make([][]byte, 64)
	for i := range bodies {
		bodies[i] = validReport(tb, fmt.Sprintf("LOAD-%d", i))
	}
	return bodies
}

// uploadFunc returns a loadFunc body that POSTs one of bodies to
// /api/reports, worker w always to the same one of bases (round robin over
// the workers, as a load balancer spreads connections), and checks for 201
// with an id.
func uploadFunc(client *http.Client, bases []string, bodies [][]byte) func(ctx context.Context, w, i int) error {
	return func(ctx context.Context, w, i int) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, bases[w%len(bases)]+"/api/reports", bytes.NewReader(bodies[(w*7+i)%len(bodies)]))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("POST /api/reports: %d %s", resp.StatusCode, data)
		}
		var ans wire.Uploaded
		if err := json.Unmarshal(data, &ans); err != nil || ans.ID == "" {
			return fmt.Errorf("POST /api/reports: bad answer %q", data)
		}
		return nil
	}
}

// BenchmarkLoadReportsLoopback is the load test of the report API over real
// loopback HTTP, with the production handler (access log, headers, mux) and
// a real SQLite store (WAL, synchronous=FULL: every 201 waited for fsync) in
// a temporary directory:
//
//   - upload: load.conc clients POST /api/reports (a 2 KB report) for load.time;
//   - time-under-upload: the same uploads run while load.conc other clients
//     GET /api/time, to show the clock reference stays fast while reports
//     are being written.
//
// It reports requests/s, p50 and p99 of each. Run it with
//
//	go test ./server/httpserver -run '^$' -bench LoadReportsLoopback -benchtime 1x
func BenchmarkLoadReportsLoopback(b *testing.B) {
	store, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "reports.db"))
	require.NoError(b, err)
	defer store.Close()
	cfg := config.Default()
	cfg.Reports.RateLimit = config.RateLimit{PerMinute: 1e9, Burst: 1e6} // one client address: no limit here
	cfg.Vantage.Enabled = false
	s := newTestServer(b, func(o *Options) { o.Config = cfg; o.Reports = store })
	base := serveLoopback(b, AccessLog(s, discardLogger()))
	conc := *benchLoadConc
	client := uploadClient(b, conc)
	post := uploadFunc(client, []string{base}, uploadBodies(b))
	get := func(ctx context.Context, _, _ int) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/time", nil)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET /api/time: %d", resp.StatusCode)
		}
		return nil
	}

	d := *benchLoadTime
	var up, mixedUp, mixedTime loadResult
	for range b.N {
		loadFunc(b, conc, 100*time.Millisecond, post) // warm up
		up = loadFunc(b, conc, d, post)
		var wg sync.WaitGroup
		wg.Go(func() { mixedUp = loadFunc(b, conc, d, post) })
		wg.Go(func() { mixedTime = loadFunc(b, conc, d, get) })
		wg.Wait()
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(up.rps(), "upload-req/s")
	b.ReportMetric(ms(up.p(0.5)), "upload-p50-ms")
	b.ReportMetric(ms(up.p(0.99)), "upload-p99-ms")
	b.ReportMetric(mixedTime.rps(), "time-under-upload-req/s")
	b.ReportMetric(ms(mixedTime.p(0.99)), "time-under-upload-p99-ms")
	b.ReportMetric(0, "ns/op")
	b.Logf("POST /api/reports, %d clients for %v: %.0f req/s, p50 %v, p99 %v", conc, d, up.rps(), up.p(0.5), up.p(0.99))
	b.Logf("mixed, %d upload + %d time clients for %v: uploads %.0f req/s (p99 %v); GET /api/time %.0f req/s, p50 %v, p99 %v",
		conc, conc, d, mixedUp.rps(), mixedUp.p(0.99), mixedTime.rps(), mixedTime.p(0.5), mixedTime.p(0.99))
}
