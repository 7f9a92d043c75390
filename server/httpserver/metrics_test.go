package httpserver

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/server/prom"
	"wpscheck/server/prom/promtest"
)

// TestMetricsCountWhatThePageDoes: requests are counted by route (the mux
// pattern, or page/asset/preflight/other: never a raw path) and status,
// uploads by outcome, stored reports by top finding; a scrape of it all
// parses.
func TestMetricsCountWhatThePageDoes(t *testing.T) {
	m := prom.New("test")
	env := newAPIEnv(t, testConfig(`{"reports": {"rate_limit": {"per_minute": 60, "burst": 2}}, "page_origins": ["`+pageOrigin+`"]}`),
		func(o *Options) { o.Metrics = m })

	for _, target := range []string{"/", "/?lang=en", "/en/", "/web/app.wasm", "/app.js", "/api/time", "/api/time", "/api/config", "/api/status",
		"/nope/secret-token-in-path", "/web/missing.css", "/api/unknown", "/api/reports/R-0000-0000-0000-0"} {
		env.do(req{method: http.MethodGet, target: target})
	}
	env.do(req{method: http.MethodOptions, target: "/api/reports", header: map[string]string{"Origin": pageOrigin, "Access-Control-Request-Method": "POST"}})
	good := validReport(t, "T-M")
	top, err := report.Parse(good)
	require.NoError(t, err)
	json := map[string]string{"Content-Type": "application/json"}
	env.do(req{method: http.MethodPost, target: "/api/reports", body: good, header: json})              // accepted
	env.do(req{method: http.MethodPost, target: "/api/reports", body: []byte(`{"x":1}`), header: json}) // invalid
	env.do(req{method: http.MethodPost, target: "/api/reports", body: good})                            // media_type
	env.do(req{method: http.MethodPost, target: "/api/reports", body: good, header: json})              // rate_limited (burst 2 used)

	expected := `
# HELP wpscheck_report_uploads_total Report uploads (POST /api/reports): accepted, or refused with the error code (invalid, too_large, media_type, rate_limited, unavailable, internal, ...).
# TYPE wpscheck_report_uploads_total counter
wpscheck_report_uploads_total{outcome="accepted"} 1
wpscheck_report_uploads_total{outcome="invalid"} 1
wpscheck_report_uploads_total{outcome="media_type"} 1
wpscheck_report_uploads_total{outcome="rate_limited"} 1
# HELP wpscheck_reports_total Reports stored, by their top finding; a rise of wps_blocked or wps_service_issue across many reports is how an outage or an ISP block shows.
# TYPE wpscheck_reports_total counter
wpscheck_reports_total{top_finding="` + string(top.Findings[0]) + `"} 1
`
	require.NoError(t, testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(expected), "wpscheck_report_uploads_total", "wpscheck_reports_total"))

	got := promtest.Values(t, m.Gatherer(), "wpscheck_http_requests_total", "route", "code")
	for k, want := range map[string]float64{
		"page 200": 3, "asset 200": 2, "/api/time 200": 2, "/api/config 200": 1, "/api/status 200": 1,
		"other 404": 2, "/api/ 404": 1, "/api/reports/{id} 401": 1, "preflight 204": 1,
		"/api/reports 201": 1, "/api/reports 400": 1, "/api/reports 415": 1, "/api/reports 429": 1,
	} {
		assert.Equal(t, want, got[k], "requests %s; all: %v", k, got)
	}
	for k := range got {
		assert.NotContains(t, k, "secret", "a raw path never becomes a label")
		assert.NotContains(t, k, "R-0000", "a raw path never becomes a label")
	}
}

func TestUploadOutcome(t *testing.T) {
	for status, want := range map[int]string{201: "accepted", 400: "invalid", 413: "too_large", 415: "media_type",
		429: "rate_limited", 503: "unavailable", 500: "internal", 405: "method", 418: "other"} {
		assert.Equal(t, want, uploadOutcome(status), "%d", status)
	}
}
