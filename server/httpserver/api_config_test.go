package httpserver

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/config"
)

func TestAPIConfig(t *testing.T) {
	env := newAPIEnv(t, testConfig(`{
		"notice": {"zh": "6 月 1 日维护", "en": "Maintenance on 1 June", "level": "warn", "expires": "2026-06-01T13:00:00Z"},
		"probe": {"slow_ms": 1500, "timeout_ms": 6000}}`))

	rec := env.do(req{method: http.MethodGet, target: "/api/config"})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-cache", rec.Header().Get("Cache-Control"))
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
	etag := rec.Header().Get("ETag")
	require.NotEmpty(t, etag)

	pc := wire.ParseConfig(rec.Body.Bytes())
	assert.Equal(t, diagnosis.DefaultCatalog(), pc.Catalog)
	assert.Equal(t, int64(1500), pc.Thresholds.SlowMS)
	assert.Equal(t, int64(6000), pc.Thresholds.TimeoutMS)
	require.NotNil(t, pc.Banner, "the notice is active until 13:00")
	assert.Equal(t, "warn", pc.Banner.Level)
	assert.Equal(t, "6 月 1 日维护", pc.Banner.Text.ZH)
	assert.True(t, pc.UploadEnabled)
	assert.NotContains(t, rec.Body.String(), "token", "nothing private in the public config")
	assert.NotContains(t, rec.Body.String(), "data_dir")

	// Revalidation: the same answer is a 304 without a body.
	rec = env.do(req{method: http.MethodGet, target: "/api/config", header: map[string]string{"If-None-Match": etag}})
	assert.Equal(t, http.StatusNotModified, rec.Code)
	assert.Empty(t, rec.Body.String())

	// After the notice expires the answer changes, and so does the ETag.
	env.now = time.Date(2026, 6, 1, 13, 0, 0, 0, time.UTC)
	rec = env.do(req{method: http.MethodGet, target: "/api/config", header: map[string]string{"If-None-Match": etag}})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotEqual(t, etag, rec.Header().Get("ETag"))
	var raw map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &raw))
	assert.Nil(t, raw["banner"])

	rec = env.do(req{method: http.MethodHead, target: "/api/config"})
	assert.Equal(t, http.StatusOK, rec.Code)

	rec = env.do(req{method: http.MethodPost, target: "/api/config"})
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "method", decodeError(t, rec).Error.Code)
}

func TestAPIConfigUploadFlag(t *testing.T) {
	env := newAPIEnv(t, testConfig(`{"reports": {"upload": false}}`))
	rec := env.do(req{method: http.MethodGet, target: "/api/config"})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.False(t, wire.ParseConfig(rec.Body.Bytes()).UploadEnabled)

	env = newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = nil })
	rec = env.do(req{method: http.MethodGet, target: "/api/config"})
	assert.False(t, wire.ParseConfig(rec.Body.Bytes()).UploadEnabled, "no store: upload is off")
}

func TestAPIConfigDefaultsWithoutConfig(t *testing.T) {
	s := newTestServer(t) // no Config: the compiled-in defaults
	rec := do(s, http.MethodGet, "/api/config", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	var got wire.Config
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Equal(t, config.Default().Catalog, got.Catalog)
	assert.Equal(t, diagnosis.DefaultThresholds(), got.Thresholds)
	assert.Nil(t, got.Banner)
	assert.False(t, got.UploadEnabled, "no store configured")
}
