package httpserver

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const pageOrigin = "https://check.example.com"

// TestCORSForTheExportedPage: a page exported to a CDN calls this server's
// time, config, status and upload across origins; only the configured page
// origins may read the answers, and nothing else answers across origins.
func TestCORSForTheExportedPage(t *testing.T) {
	env := newAPIEnv(t, testConfig(`{"page_origins": ["`+pageOrigin+`"]}`))
	origin := map[string]string{"Origin": pageOrigin}

	for _, path := range []string{"/api/time", "/api/config", "/api/status"} {
		rec := env.do(req{method: http.MethodGet, target: path, header: origin})
		require.Equal(t, http.StatusOK, rec.Code, path)
		assert.Equal(t, pageOrigin, rec.Header().Get("Access-Control-Allow-Origin"), path)
		assert.Contains(t, rec.Header().Values("Vary"), "Origin", path)
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Credentials"), path)
		assert.NotEmpty(t, rec.Header().Get("Content-Security-Policy"), "%s keeps the security headers", path)
	}

	// The upload's preflight, then the upload.
	pre := env.do(req{method: http.MethodOptions, target: "/api/reports", header: map[string]string{
		"Origin": pageOrigin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}})
	require.Equal(t, http.StatusNoContent, pre.Code)
	assert.Equal(t, pageOrigin, pre.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "POST", pre.Header().Get("Access-Control-Allow-Methods"))
	assert.Equal(t, "Content-Type", pre.Header().Get("Access-Control-Allow-Headers"))
	assert.Equal(t, "7200", pre.Header().Get("Access-Control-Max-Age"))
	up := env.do(req{method: http.MethodPost, target: "/api/reports", body: validReport(t, "T-CORS"),
		header: map[string]string{"Origin": pageOrigin, "Content-Type": "application/json"}})
	require.Equal(t, http.StatusCreated, up.Code, up.Body.String())
	assert.Equal(t, pageOrigin, up.Header().Get("Access-Control-Allow-Origin"))
	// A refusal is readable too: the page tells "refused" from "offline".
	bad := env.do(req{method: http.MethodPost, target: "/api/reports", body: []byte(`{}`),
		header: map[string]string{"Origin": pageOrigin, "Content-Type": "application/json"}})
	assert.Equal(t, http.StatusBadRequest, bad.Code)
	assert.Equal(t, pageOrigin, bad.Header().Get("Access-Control-Allow-Origin"))

	// Another origin gets no CORS header (its browser hides the answer),
	// and its preflight is the endpoint's 405.
	for _, o := range []string{"https://evil.example", "null", "https://check.example.com.evil.example", "http://check.example.com"} {
		rec := env.do(req{method: http.MethodGet, target: "/api/time", header: map[string]string{"Origin": o}})
		assert.Equal(t, http.StatusOK, rec.Code, o)
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"), o)
		pre := env.do(req{method: http.MethodOptions, target: "/api/reports", header: map[string]string{"Origin": o, "Access-Control-Request-Method": "POST"}})
		assert.Equal(t, http.StatusMethodNotAllowed, pre.Code, o)
		assert.Empty(t, pre.Header().Get("Access-Control-Allow-Origin"), o)
	}

	// The agents' reads, the pages and files never answer across origins.
	list := env.do(req{method: http.MethodGet, target: "/api/reports?ticket=T-CORS",
		header: map[string]string{"Origin": pageOrigin, "Authorization": "Bearer " + agentToken}})
	assert.Equal(t, http.StatusOK, list.Code)
	assert.Empty(t, list.Header().Get("Access-Control-Allow-Origin"), "agent list")
	for _, path := range []string{"/", "/web/app.wasm", "/healthz", "/api/reports/R-0000-0000-0000-0"} {
		rec := env.do(req{method: http.MethodGet, target: path, header: origin})
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"), path)
	}
	pre = env.do(req{method: http.MethodOptions, target: "/api/reports", header: map[string]string{
		"Origin": pageOrigin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}})
	assert.NotContains(t, pre.Header().Get("Access-Control-Allow-Methods"), "GET", "agents' GET is never allowed across origins")
	assert.NotContains(t, pre.Header().Get("Access-Control-Allow-Headers"), "Authorization")
}

// TestNoCORSWithoutPageOrigins: without page_origins no answer carries a
// CORS header, whatever the Origin.
func TestNoCORSWithoutPageOrigins(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	for _, path := range []string{"/api/time", "/api/config", "/api/status"} {
		rec := env.do(req{method: http.MethodGet, target: path, header: map[string]string{"Origin": pageOrigin}})
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"), path)
		assert.NotContains(t, rec.Header().Values("Vary"), "Origin", path)
	}
	pre := env.do(req{method: http.MethodOptions, target: "/api/reports", header: map[string]string{"Origin": pageOrigin, "Access-Control-Request-Method": "POST"}})
	assert.Equal(t, http.StatusMethodNotAllowed, pre.Code)
}
