package httpserver

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
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
//     signed, to a local receiver that verifies the signature (a light
//     one: it shares the CPUs with the server, which a helpdesk does not),
//     and records the outcome, competing with the uploads for the CPUs and
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
	recv := newBenchReceiver(b, secret)
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
	setups := []uploadSetup{
		{"sqlite-off", []string{serve(openLite(), false)}},
		{"sqlite-on", []string{serve(openLite(), true)}},
		{"pg-off", []string{serve(openPG(), false)}},
		{"pg-on", []string{serve(openPG(), true)}},
	}
	results, total, summary := uploadTurns(b, setups, true)

	// Every report uploaded with the webhook on reaches the receiver: the
	// worker kept up, or catches up now. Polled (the receiver's WaitFor
	// would copy thousands of arrivals at each one), bounded.
	var uploadedOn int64
	for i, s := range setups {
		if strings.HasSuffix(s.name, "-on") {
			uploadedOn += total[i]
		}
	}
	drain := time.Now()
	for recv.distinct() < uploadedOn {
		if time.Since(drain) > 2*time.Minute {
			b.Fatalf("%d of %d deliveries arrived within 2 minutes of the load's end", recv.distinct(), uploadedOn)
		}
		time.Sleep(50 * time.Millisecond) // polling interval, under the deadline above
	}
	lag := time.Since(drain)
	require.Zero(b, recv.bad.Load(), "every delivery verifies")

	sqliteRatio, pgRatio := results[1].rps()/results[0].rps(), results[3].rps()/results[2].rps()
	b.ReportMetric(sqliteRatio, "sqlite-on/off")
	b.ReportMetric(pgRatio, "pg-on/off")
	b.ReportMetric(float64(recv.distinct()), "deliveries")
	b.Logf("POST /api/reports, %s; webhook on ÷ off: SQLite %.3f, PostgreSQL %.3f; %d deliveries verified by the receiver, the last %v after the load ended",
		summary, sqliteRatio, pgRatio, recv.distinct(), lag.Round(time.Millisecond))
}

// benchReceiver is a helpdesk's receiver as docs/webhook.md describes it,
// kept light because it shares this machine with the server under test:
// it verifies each delivery's signature and timestamp (webhooktest.Verify),
// answers 204, and remembers the delivery ids, without decoding or keeping
// the bodies.
type benchReceiver struct {
	secret []byte
	bad    atomic.Int64
	mu     sync.Mutex
	ids    map[string]bool
	url    string
}

func newBenchReceiver(b *testing.B, secret []byte) *benchReceiver {
	r := &benchReceiver{secret: secret, ids: map[string]bool{}}
	r.url = serveLoopback(b, r) + "/hooks/wpscheck"
	return r
}

func (r *benchReceiver) URL() string { return r.url }

func (r *benchReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err == nil {
		err = webhooktest.Verify(r.secret, req.Header.Get(webhook.HeaderTimestamp), req.Header.Get(webhook.HeaderSignature), body, time.Now())
	}
	if err != nil {
		r.bad.Add(1)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.ids[req.Header.Get(webhook.HeaderDelivery)] = true
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// distinct is how many delivery ids arrived.
func (r *benchReceiver) distinct() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int64(len(r.ids))
}
