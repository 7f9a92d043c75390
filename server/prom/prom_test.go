package prom_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/prom"
	"wpscheck/server/prom/promtest"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/vantage"
)

// TestScrapeParses: what a scrape of Handler returns parses as Prometheus
// text, holds the wpscheck_ series as observed and the Go runtime's and the
// process's standard ones, and passes the library's lint.
func TestScrapeParses(t *testing.T) {
	m := prom.New("v1.2.3")
	m.ObserveRequest("/api/time", 200, 300*time.Microsecond)
	m.ObserveRequest("/api/time", 200, 2*time.Millisecond)
	m.ObserveUpload("accepted")
	m.ObserveUpload("rate_limited")
	m.ObserveReport(diagnosis.FindingWPSBlocked)
	m.ObserveReport(diagnosis.FindingWPSBlocked)
	m.ObserveReport("")
	m.ObserveVantage(vantage.Result{
		CheckedAt: time.Unix(1_800_000_000, 0),
		Endpoints: map[string]wire.EndpointStatus{
			"login_cn": {Status: diagnosis.StatusOK, LatencyMS: 85},
			"web_wps":  {Status: diagnosis.StatusTimeout, LatencyMS: 5000},
		},
	})
	m.ObserveServerClock(wire.ServerClockStatus{State: diagnosis.ServerClockUnknown}, wire.ServerClockStatus{State: diagnosis.ServerClockSuspect})

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	expected := `
# HELP wpscheck_report_uploads_total Report uploads (POST /api/reports): accepted, or refused with the error code (invalid, too_large, media_type, rate_limited, unavailable, internal, ...).
# TYPE wpscheck_report_uploads_total counter
wpscheck_report_uploads_total{outcome="accepted"} 1
wpscheck_report_uploads_total{outcome="rate_limited"} 1
# HELP wpscheck_reports_total Reports stored, by their top finding; a rise of wps_blocked or wps_service_issue across many reports is how an outage or an ISP block shows.
# TYPE wpscheck_reports_total counter
wpscheck_reports_total{top_finding="none"} 1
wpscheck_reports_total{top_finding="wps_blocked"} 2
# HELP wpscheck_server_clock_state The server's verdict on its own clock: 1 for the current state (synced, suspect, unknown), 0 for the others. While suspect, the page judges no visitor's clock.
# TYPE wpscheck_server_clock_state gauge
wpscheck_server_clock_state{state="suspect"} 1
wpscheck_server_clock_state{state="synced"} 0
wpscheck_server_clock_state{state="unknown"} 0
# HELP wpscheck_vantage_latency_seconds Latency of the server's latest probe of each WPS endpoint (to the answer's headers, the failure or the timeout).
# TYPE wpscheck_vantage_latency_seconds gauge
wpscheck_vantage_latency_seconds{endpoint="login_cn"} 0.085
wpscheck_vantage_latency_seconds{endpoint="web_wps"} 5
# HELP wpscheck_vantage_last_round_timestamp_seconds When the server's latest probe round of the WPS endpoints started (Unix time).
# TYPE wpscheck_vantage_last_round_timestamp_seconds gauge
wpscheck_vantage_last_round_timestamp_seconds 1.8e+09
# HELP wpscheck_build_info Always 1; the version label is the build's version.
# TYPE wpscheck_build_info gauge
wpscheck_build_info{version="v1.2.3"} 1
`
	require.NoError(t, testutil.ScrapeAndCompare(srv.URL, strings.NewReader(expected),
		"wpscheck_report_uploads_total", "wpscheck_reports_total", "wpscheck_server_clock_state",
		"wpscheck_vantage_latency_seconds", "wpscheck_vantage_last_round_timestamp_seconds", "wpscheck_build_info"))

	n, err := testutil.GatherAndCount(m.Gatherer(), "wpscheck_vantage_status")
	require.NoError(t, err)
	assert.Equal(t, 8, n, "4 statuses for each of the 2 endpoints")
	n, err = testutil.GatherAndCount(m.Gatherer(), "wpscheck_http_requests_total", "wpscheck_http_request_duration_seconds")
	require.NoError(t, err)
	assert.Equal(t, 2, n, "one counter and one histogram for /api/time 200")
	for _, std := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_cpu_seconds_total"} {
		n, err := testutil.GatherAndCount(m.Gatherer(), std)
		require.NoError(t, err)
		assert.Equal(t, 1, n, "the standard collectors: %s", std)
	}
	problems, err := testutil.GatherAndLint(m.Gatherer())
	require.NoError(t, err)
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "wpscheck_") {
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	}

	// OpenMetrics is offered to scrapers that ask for it.
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Accept", "application/openmetrics-text; version=1.0.0")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Contains(t, res.Header.Get("Content-Type"), "application/openmetrics-text")
}

// TestStoreFailuresCounted: a real SQLite store's failures are counted by
// operation and kind; "not found" is an answer, not a failure.
func TestStoreFailuresCounted(t *testing.T) {
	m := prom.New("v")
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	s := m.Store(db)
	ctx := context.Background()
	rec := reports.Record{ID: reports.NewID(), CreatedAt: time.Now().UTC(), JSON: []byte(`{}`), SupportCode: "X"}
	require.NoError(t, s.Put(ctx, rec))
	_, err = s.Get(ctx, reports.NewID())
	require.ErrorIs(t, err, reports.ErrNotFound)
	assert.ErrorIs(t, s.Put(ctx, rec), reports.ErrDuplicateID)
	n, err := testutil.GatherAndCount(m.Gatherer(), "wpscheck_store_errors_total")
	require.NoError(t, err)
	assert.Zero(t, n, "no failure yet")

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.ListByTicket(canceled, "T-1", 10)
	require.Error(t, err)
	require.NoError(t, db.Close())
	rec.ID = reports.NewID()
	require.Error(t, s.Put(ctx, rec), "a closed store fails")
	_, err = s.PurgeBefore(ctx, time.Now())
	require.Error(t, err)
	require.ErrorIs(t, s.Ready(ctx), reports.ErrUnavailable)

	got := promtest.Values(t, m.Gatherer(), "wpscheck_store_errors_total", "op") // failures, whatever the kind
	kinds := promtest.Values(t, m.Gatherer(), "wpscheck_store_errors_total", "op", "kind")
	assert.Equal(t, map[string]float64{"list": 1, "put": 1, "purge": 1, "ready": 1}, got)
	assert.Equal(t, 1.0, kinds["list canceled"], "%v", kinds)
	assert.Equal(t, 1.0, kinds["ready unavailable"], "%v", kinds)
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *prom.Metrics
	m.ObserveRequest("/api/time", 200, time.Millisecond)
	m.ObserveUpload("accepted")
	m.ObserveReport(diagnosis.FindingWPSBlocked)
	m.ObserveVantage(vantage.Result{})
	m.ObserveServerClock(wire.ServerClockStatus{}, wire.ServerClockStatus{})
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	defer db.Close()
	assert.Same(t, reports.Store(db), m.Store(db))
	assert.Nil(t, m.Webhook(), "no webhook metrics: the worker counts nothing")
}
