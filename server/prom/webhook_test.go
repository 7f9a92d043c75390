package prom_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/prom"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/webhook"
)

// TestWebhookScraped runs the webhook worker on a real SQLite outbox with a
// local receiver that accepts one report's delivery and answers 500 to the
// other's, and scrapes what it counted: one sent, one failed attempt, and
// the waiting delivery's age; then, after the backoff, that delivery dead
// and the queue empty.
func TestWebhookScraped(t *testing.T) {
	m := prom.New("v")
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	defer db.Close()
	const good, bad = "R-Z62M-XVM4-D06W-P", "R-7KQ2-M4XD-9TBF-3"
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if bytes.Contains(body, []byte(good)) {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer recv.Close()
	start := time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
	clk := clocktest.New(start)
	hook, err := webhook.New(webhook.Options{
		URL: recv.URL, Secret: []byte("0123456789abcdef0123456789abcdef-prom"), AgentURL: "https://check.example.com/support/",
		Store: db, Clock: clk, Rand: func() float64 { return 0.5 }, Poll: 48 * time.Hour, RetryFor: 3 * time.Minute,
		Logger: slog.New(slog.DiscardHandler), Metrics: m.Webhook(),
	})
	require.NoError(t, err)
	// The bad one was stored 90 s ago, while no worker ran.
	for id, at := range map[string]time.Time{good: start, bad: start.Add(-90 * time.Second)} {
		rec := reports.Record{ID: id, SupportCode: "X", CreatedAt: at, JSON: []byte(`{}`)}
		rec.Delivery = hook.Delivery(rec, report.Report{})
		require.NoError(t, db.Put(t.Context(), rec))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); hook.Run(ctx) }()
	defer func() { cancel(); <-done }()

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	scrape := func(sent, failed, dead, pending, age string) {
		t.Helper()
		expected := `
# HELP wpscheck_webhook_deliveries_total Webhook attempts by outcome: sent (the receiver answered 2xx), failed (no 2xx; the delivery is tried again after a backoff), dead (failed for the whole retry window; an agent may retry it).
# TYPE wpscheck_webhook_deliveries_total counter
wpscheck_webhook_deliveries_total{outcome="dead"} ` + dead + `
wpscheck_webhook_deliveries_total{outcome="failed"} ` + failed + `
wpscheck_webhook_deliveries_total{outcome="sent"} ` + sent + `
# HELP wpscheck_webhook_queue_pending Webhook deliveries waiting in the outbox (due, in flight or backing off), as this server last looked; replicas on one database share the outbox and report the same queue.
# TYPE wpscheck_webhook_queue_pending gauge
wpscheck_webhook_queue_pending ` + pending + `
# HELP wpscheck_webhook_queue_age_seconds Age of the oldest webhook delivery still waiting in the outbox (0 when none is), as this server last looked.
# TYPE wpscheck_webhook_queue_age_seconds gauge
wpscheck_webhook_queue_age_seconds ` + age + `
`
		require.NoError(t, testutil.ScrapeAndCompare(srv.URL, strings.NewReader(expected),
			"wpscheck_webhook_deliveries_total", "wpscheck_webhook_queue_pending", "wpscheck_webhook_queue_age_seconds"))
	}

	// The first round: the good one sent, the bad one failed and waiting
	// for its backoff ((90 s + 10 s) × 0.75).
	wait := clk.WaitForTimers(t, 1)[0]
	require.Equal(t, 75*time.Second, wait)
	scrape("1", "1", "0", "1", "90")

	// The second attempt fails too; the next would come after the 3-minute
	// window: dead, and the queue is empty.
	clk.Advance(wait)
	clk.WaitForTimers(t, 1)
	scrape("1", "1", "1", "0", "0")
}
