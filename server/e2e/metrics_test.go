package e2e

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/prom"
	"wpscheck/server/prom/promtest"
	"wpscheck/server/reports/sqlite"
)

// TestMetricsMoveWhenThePageIsUsed: a person opens the page and sends a
// report; a scrape of the metrics listener then parses and shows the
// report under its top finding, the accepted upload, and the page's
// requests (the page, its files, the clock samples) under their routes.
func TestMetricsMoveWhenThePageIsUsed(t *testing.T) {
	requireBrowser(t)
	cfg, err := config.Parse([]byte(`{"reports": {"upload": true}}`))
	require.NoError(t, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	met := prom.New("e2e")
	scrape := httptest.NewServer(met.Handler())
	t.Cleanup(scrape.Close)

	r := openScenario(t, scenario{
		app:     appOptions{Mutate: func(o *httpserver.Options) { o.Config, o.Reports, o.Metrics = cfg, store, met }},
		world:   wpsRefused,
		browser: browserOptions{Lang: "en-US"},
	})
	r.b.waitFor(`!!document.querySelector("#send-report")`, 10*time.Second)
	r.b.do(10*time.Second, chromedpClick(`#send-report`))
	r.b.waitFor(`!!document.querySelector("#consent-send")`, 10*time.Second)
	r.b.do(10*time.Second, chromedpClick(`#consent-send`))
	r.b.waitFor(`!!document.querySelector("#report-id")`, 20*time.Second)

	top := string(r.top())
	assert.Equal(t, "wps_blocked", top)
	expected := `
# HELP wpscheck_report_uploads_total Report uploads (POST /api/reports): accepted, or refused with the error code (invalid, too_large, media_type, rate_limited, unavailable, internal, ...).
# TYPE wpscheck_report_uploads_total counter
wpscheck_report_uploads_total{outcome="accepted"} 1
# HELP wpscheck_reports_total Reports stored, by their top finding; a rise of wps_blocked or wps_service_issue across many reports is how an outage or an ISP block shows.
# TYPE wpscheck_reports_total counter
wpscheck_reports_total{top_finding="` + top + `"} 1
`
	require.NoError(t, testutil.ScrapeAndCompare(scrape.URL, strings.NewReader(expected), "wpscheck_report_uploads_total", "wpscheck_reports_total"))

	byRoute := promtest.Values(t, met.Gatherer(), "wpscheck_http_requests_total", "route")
	for _, route := range []string{"page", "asset", "/api/time", "/api/config", "/api/status", "/api/reports"} {
		assert.Positive(t, byRoute[route], "requests of route %s: %v", route, byRoute)
	}
	assert.GreaterOrEqual(t, byRoute["/api/time"], 2.0, "the clock takes two samples at least")
}
