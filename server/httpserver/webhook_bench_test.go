package httpserver

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/server/config"
	"wpscheck/server/reports"
	"wpscheck/server/reports/postgres"
	"wpscheck/server/reports/postgres/pgtest"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/webhook"
	"wpscheck/server/webhook/webhooktest"
)

// BenchmarkUploadWebhook measures what the webhook costs uploads: the same
// production handler over real loopback HTTP, on SQLite and on PostgreSQL,
// with the webhook off and on:
//
//   - off: Put stores the report alone;
//   - on: Put stores the report and its delivery in one transaction, and
//     the worker, in the same process, claims the deliveries, POSTs each,
//     signed, to a local receiver that verifies the signature, and
//     records the outcome, competing with the uploads for the CPUs and
//     the store.
//
// Each setup has its own database; they take turns in load.rounds rounds
// (sqlite-off, sqlite-on, pg-off, pg-on, then backwards, …) so that they
// see the same background load, load.time in total each. It reports uploads/s,
// p50 and p99 per setup and the throughput ratio on ÷ off per store; after
// the load it waits (bounded) until every report uploaded with the webhook
// on was delivered. Run it with
//
//	go test ./server/httpserver -run '^$' -bench UploadWebhook -benchtime 1x -args -load.conc 32
func BenchmarkUploadWebhook(b *testing.B) {
	cfg := config.Default()
	cfg.Reports.RateLimit = config.RateLimit{PerMinute: 1e9, Burst: 1e6} // one client address: no limit here
	cfg.Vantage.Enabled = false
	secret := []byte("0b7e1c9d4a2f58e3b6c1d0a9f8e7d6c5-bench")
	recv := webhooktest.NewReceiver(b, secret, nil)
	var hooks []*webhook.Webhook
	serve := func(store reports.Store, on bool) string {
		var hook *webhook.Webhook
		if on {
			var err error
			hook, err = webhook.New(webhook.Options{URL: recv.URL(), Secret: secret,
				AgentURL: "https://check.example.com/support/", Store: store, Logger: discardLogger()})
			require.NoError(b, err)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); hook.Run(ctx) }()
			b.Cleanup(func() { cancel(); <-done })
			hooks = append(hooks, hook)
		}
		s := newTestServer(b, func(o *Options) { o.Config = cfg; o.Reports = store; o.Webhook = hook })
		return serveLoopback(b, AccessLog(s, discardLogger()))
	}
	openLite := func() reports.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "reports.db"))
		require.NoError(b, err)
		b.Cleanup(func() { s.Close() })
		return s
	}
	pg := pgtest.Start(b)
	openPG := func() reports.Store {
		s, err := postgres.Open(context.Background(), pg.NewDatabase(b), postgres.Options{Logger: discardLogger()})
		require.NoError(b, err)
		b.Cleanup(func() { s.Close() })
		return s
	}
	setups := []struct {
		name string
		base string
	}{
		{"sqlite-off", serve(openLite(), false)},
		{"sqlite-on", serve(openLite(), true)},
		{"pg-off", serve(openPG(), false)},
		{"pg-on", serve(openPG(), true)},
	}

	conc, rounds := *benchLoadConc, max(1, *benchRounds)
	per := *benchLoadTime / time.Duration(rounds)
	client := uploadClient(b, conc)
	bodies := uploadBodies(b)
	results := make([]loadResult, len(setups))
	var uploadedOn int64 // every upload with the webhook on, warm-up included
	for range b.N {
		for _, s := range setups { // warm up: connections, statement caches
			r := loadFunc(b, conc, 200*time.Millisecond, uploadFunc(client, []string{s.base}, bodies))
			if strings.HasSuffix(s.name, "-on") {
				uploadedOn += r.requests
			}
		}
		for round := range rounds {
			for k := range setups {
				i := k
				if round%2 == 1 { // every other round backwards: no setup always goes first
					i = len(setups) - 1 - k
				}
				s := setups[i]
				r := loadFunc(b, conc, per, uploadFunc(client, []string{s.base}, bodies))
				results[i].requests += r.requests
				results[i].elapsed += r.elapsed
				results[i].latencies = append(results[i].latencies, r.latencies...)
			}
		}
	}
	// Every report uploaded with the webhook on reaches the receiver: the
	// worker kept up, or catches up now. Polled (the receiver's WaitFor
	// would copy thousands of arrivals at each one), bounded.
	for i, s := range setups {
		if strings.HasSuffix(s.name, "-on") {
			uploadedOn += results[i].requests
		}
	}
	drain := time.Now()
	for int64(len(recv.Events())) < uploadedOn {
		if time.Since(drain) > 2*time.Minute {
			b.Fatalf("%d of %d deliveries arrived within 2 minutes of the load's end", len(recv.Events()), uploadedOn)
		}
		time.Sleep(50 * time.Millisecond) // polling interval, under the deadline above
	}
	lag := time.Since(drain)
	for _, a := range recv.Arrivals() {
		require.NoError(b, a.Err, "every delivery verifies")
	}

	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	var summary []string
	for i, s := range setups {
		r := results[i]
		b.ReportMetric(r.rps(), s.name+"-req/s")
		b.ReportMetric(ms(r.p(0.5)), s.name+"-p50-ms")
		b.ReportMetric(ms(r.p(0.99)), s.name+"-p99-ms")
		summary = append(summary, fmt.Sprintf("%s %.0f uploads/s p50 %v p99 %v", s.name, r.rps(), r.p(0.5), r.p(0.99)))
	}
	sqliteRatio, pgRatio := results[1].rps()/results[0].rps(), results[3].rps()/results[2].rps()
	b.ReportMetric(sqliteRatio, "sqlite-on/off")
	b.ReportMetric(pgRatio, "pg-on/off")
	b.ReportMetric(float64(len(recv.Events())), "deliveries")
	b.ReportMetric(0, "ns/op")
	b.Logf("POST /api/reports, %d clients, %d rounds of %v per setup: %s; webhook on ÷ off: SQLite %.3f, PostgreSQL %.3f; %d deliveries verified by the receiver, the last %v after the load ended",
		conc, rounds, per, strings.Join(summary, "; "), sqliteRatio, pgRatio, len(recv.Events()), lag.Round(time.Millisecond))
}
