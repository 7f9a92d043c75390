package httpserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/vantage"
)

func TestAPIStatusVantageOff(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	rec := env.do(req{method: http.MethodGet, target: "/api/status"})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `{"known":false}`, rec.Body.String())
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.False(t, wire.ParseStatus(rec.Body.Bytes()).Known)

	rec = env.do(req{method: http.MethodDelete, target: "/api/status"})
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	decodeError(t, rec)
}

func TestAPIStatusServesLatestRound(t *testing.T) {
	wps := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer wps.Close()
	clk := clocktest.New(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	rounds := make(chan vantage.Result, 1)
	p := vantage.New(vantage.Options{
		Catalog: []diagnosis.Endpoint{
			{ID: "login_cn", URL: wps.URL + "/", Role: diagnosis.RoleLogin},
			{ID: "cloud_drive", URL: wps.URL + "/down", Role: diagnosis.RoleCloud},
		},
		Transport: wps.Client().Transport, Clock: clk, Logger: discardLogger(),
		OnResult: func(r vantage.Result) { rounds <- r },
	})
	env := newAPIEnv(t, testConfig(""), func(o *Options) { o.Vantage = p })

	rec := env.do(req{method: http.MethodGet, target: "/api/status"})
	assert.JSONEq(t, `{"known":false}`, rec.Body.String(), "before the first round")

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go p.Run(ctx)
	<-rounds
	clk.Advance(7 * time.Second)

	rec = env.do(req{method: http.MethodGet, target: "/api/status"})
	require.Equal(t, http.StatusOK, rec.Code)
	v := wire.ParseStatus(rec.Body.Bytes())
	assert.True(t, v.Known)
	assert.Equal(t, int64(7), v.AgeSeconds)
	assert.Equal(t, map[string]diagnosis.ProbeStatus{"login_cn": diagnosis.StatusOK, "cloud_drive": diagnosis.StatusFail}, v.Endpoints)
	assert.Contains(t, rec.Body.String(), `"checked_at":"2026-06-01T12:00:00Z"`)
	assert.Contains(t, rec.Body.String(), `"error":"http_5xx"`)
}
