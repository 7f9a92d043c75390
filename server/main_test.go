package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlags(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    Main
		wantErr string
	}{
		{name: "defaults", want: Main{Addr: "localhost:8080", LogLevel: "info"}},
		{name: "flags", args: []string{"-addr", ":9000", "-log-level", "debug", "-static-dir", "/srv/static"},
			want: Main{Addr: ":9000", LogLevel: "debug", StaticDir: "/srv/static"}},
		{name: "environment", env: map[string]string{"WPSCHECK_ADDR": "0.0.0.0:80", "WPSCHECK_LOG_LEVEL": "warn", "WPSCHECK_POSTGRES_URL": "postgres://app@db/reports"},
			want: Main{Addr: "0.0.0.0:80", LogLevel: "warn", PostgresURL: "postgres://app@db/reports"}},
		{name: "flag beats environment", args: []string{"-addr", "127.0.0.1:1"}, env: map[string]string{"WPSCHECK_ADDR": "0.0.0.0:80"},
			want: Main{Addr: "127.0.0.1:1", LogLevel: "info"}},
		{name: "tls pair", args: []string{"-tls-cert", "c.pem", "-tls-key", "k.pem"},
			want: Main{Addr: "localhost:8080", LogLevel: "info", TLSCert: "c.pem", TLSKey: "k.pem"}},
		{name: "cert without key", args: []string{"-tls-cert", "c.pem"}, wantErr: "go together"},
		{name: "bad level", args: []string{"-log-level", "loud"}, wantErr: `"loud" is not one of`},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected arguments: serve"},
		{name: "unknown flag", args: []string{"-port", "1"}, wantErr: "flag provided but not defined"},
		{name: "export", args: []string{"-export", "/tmp/site", "-export-api-origin", "HTTPS://API.example:443/"},
			want: Main{Addr: "localhost:8080", LogLevel: "info", ExportDir: "/tmp/site", ExportAPIOrigin: "https://api.example"}},
		{name: "api origin alone", args: []string{"-export-api-origin", "https://api.example"}, wantErr: "-export-api-origin goes with -export"},
		{name: "api origin with a path", args: []string{"-export", "d", "-export-api-origin", "https://api.example/v1"},
			wantErr: `-export-api-origin "https://api.example/v1": must be an origin`},
		{name: "api origin not a URL", args: []string{"-export", "d", "-export-api-origin", "api.example"},
			wantErr: `-export-api-origin "api.example": must be an origin`},
		{name: "metrics", args: []string{"-metrics-addr", "127.0.0.1:9100"},
			want: Main{Addr: "localhost:8080", LogLevel: "info", MetricsAddr: "127.0.0.1:9100"}},
		{name: "metrics from environment", env: map[string]string{"WPSCHECK_METRICS_ADDR": ":9100"},
			want: Main{Addr: "localhost:8080", LogLevel: "info", MetricsAddr: ":9100"}},
		{name: "metrics without a port", args: []string{"-metrics-addr", "localhost"}, wantErr: `-metrics-addr "localhost": address localhost: missing port`},
		{name: "metrics on the public address", args: []string{"-addr", ":8080", "-metrics-addr", "127.0.0.1:8080"},
			wantErr: `-metrics-addr "127.0.0.1:8080": must not be the public address (-addr ":8080")`},
		{name: "metrics on the public port", args: []string{"-addr", "localhost:8080", "-metrics-addr", "localhost:8080"},
			wantErr: "must not be the public address"},
		{name: "metrics beside the public port", args: []string{"-addr", "10.0.0.1:8080", "-metrics-addr", "127.0.0.1:8080"},
			want: Main{Addr: "10.0.0.1:8080", LogLevel: "info", MetricsAddr: "127.0.0.1:8080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env = tt.env
			m := NewMain()
			m.Stderr = io.Discard
			err := m.ParseFlags(tt.args, getenv)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want.Addr, m.Addr)
			assert.Equal(t, tt.want.LogLevel, m.LogLevel)
			assert.Equal(t, tt.want.StaticDir, m.StaticDir)
			assert.Equal(t, tt.want.TLSCert, m.TLSCert)
			assert.Equal(t, tt.want.TLSKey, m.TLSKey)
			assert.Equal(t, tt.want.PostgresURL, m.PostgresURL)
			assert.Equal(t, tt.want.ExportDir, m.ExportDir)
			assert.Equal(t, tt.want.ExportAPIOrigin, m.ExportAPIOrigin)
			assert.Equal(t, tt.want.MetricsAddr, m.MetricsAddr)
		})
	}
}

// TestExportCommand: -export writes the page for a static host from the
// operator's config, opens no database and serves nothing; a bad config
// stops it with the field named.
func TestExportCommand(t *testing.T) {
	tmp := t.TempDir()
	staticDir := filepath.Join(tmp, "static")
	require.NoError(t, os.MkdirAll(filepath.Join(staticDir, "web"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(staticDir, "web", "app.wasm"), bytes.Repeat([]byte("\x00asm"), 1000), 0o644))
	cfg := filepath.Join(tmp, "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"reports": {"data_dir": "`+tmp+`/data"}, "probe": {"slow_ms": 1500}}`), 0o600))

	var out bytes.Buffer
	m := NewMain()
	m.Stderr = &out
	site := filepath.Join(tmp, "site")
	require.NoError(t, m.ParseFlags([]string{"-export", site, "-static-dir", staticDir, "-config", cfg}, func(string) string { return "" }))
	require.NoError(t, m.Export())
	assert.Contains(t, out.String(), "a page with no API")
	for _, f := range []string{"index.html", "en/index.html", "zh/index.html", "app.js", "app-worker.js", "config.json", "_headers"} {
		assert.FileExists(t, filepath.Join(site, f))
	}
	snap, err := os.ReadFile(filepath.Join(site, "config.json"))
	require.NoError(t, err)
	assert.Contains(t, string(snap), `"slow_ms":1500`, "the snapshot is the operator's public config")
	assert.NoDirExists(t, filepath.Join(tmp, "data"), "no database is opened")

	require.NoError(t, os.WriteFile(cfg, []byte(`{"page_origins": ["check.example.com"]}`), 0o600))
	m = NewMain()
	m.Stderr = io.Discard
	require.NoError(t, m.ParseFlags([]string{"-export", filepath.Join(tmp, "site2"), "-static-dir", staticDir, "-config", cfg}, func(string) string { return "" }))
	err = m.Export()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "page_origins[0]")
}

// TestRunServesAndShutsDownGracefully starts the real program on a free
// loopback port, serves a request, and stops it; the log is structured JSON.
func TestRunServesAndShutsDownGracefully(t *testing.T) {
	var logs bytes.Buffer
	m := NewMain()
	m.Stderr = &logs
	// A config that keeps the test's data in its temporary directory and the
	// vantage probe off (tests send traffic only to loopback).
	cfg := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"vantage": {"enabled": false}, "reports": {"data_dir": "`+filepath.Dir(cfg)+`/data"}}`), 0o600))
	require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg}, func(string) string { return "" }))
	require.NoError(t, m.Run(context.Background()))
	url := "http://" + m.ln.Addr().String()

	res, err := http.Get(url + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), `"status":"ok"`)
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, m.Close(ctx))
	_, err = http.Get(url + "/healthz")
	assert.Error(t, err, "the listener is closed after Close")
	assert.True(t, strings.Contains(logs.String(), `"msg":"listening"`), logs.String())
	assert.Contains(t, logs.String(), `"msg":"shutting down"`)
}

// TestRunServesMetricsApart: with -metrics-addr the metrics answer on their
// own listener, move with the public traffic, and are not on the public one.
func TestRunServesMetricsApart(t *testing.T) {
	m := NewMain()
	m.Stderr = io.Discard
	cfg := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"vantage": {"enabled": false}, "reports": {"data_dir": "`+filepath.Dir(cfg)+`/data"}}`), 0o600))
	require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0", "-config", cfg}, func(string) string { return "" }))
	require.NoError(t, m.Run(context.Background()))
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, m.Close(ctx))
	}()
	public := "http://" + m.ln.Addr().String()
	metrics := "http://" + m.metrics.ln.Addr().String() + "/metrics"

	get := func(url string) (int, string) {
		res, err := http.Get(url)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for range 3 {
		get(public + "/api/time")
	}
	status, body := get(metrics)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `wpscheck_http_requests_total{code="200",route="/api/time"} 3`)
	assert.Contains(t, body, `wpscheck_server_clock_state{state="unknown"} 1`)
	assert.Contains(t, body, "go_goroutines ")
	status, body = get(public + "/metrics")
	assert.Equal(t, http.StatusNotFound, status)
	assert.NotContains(t, body, "wpscheck_", "no metrics on the public listener")
}

// TestRunFailsOnABadMetricsAddress: a metrics address that cannot be
// listened on stops the start, naming the flag.
func TestRunFailsOnABadMetricsAddress(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	m := NewMain()
	m.Stderr = io.Discard
	cfg := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"vantage": {"enabled": false}, "reports": {"data_dir": "`+filepath.Dir(cfg)+`/data"}}`), 0o600))
	require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-metrics-addr", busy.Addr().String(), "-config", cfg}, func(string) string { return "" }))
	err = m.Run(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-metrics-addr "+busy.Addr().String())
}

// TestRunFailsOnABadCertificate: a TLS certificate or key that cannot be
// read stops the start with an error naming it, before anything listens
// (the process then exits non-zero instead of serving nothing).
func TestRunFailsOnABadCertificate(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"vantage": {"enabled": false}, "reports": {"data_dir": "`+dir+`/data"}}`), 0o600))
	for _, tt := range []struct{ name, cert, key string }{
		{"missing files", filepath.Join(dir, "nope.pem"), filepath.Join(dir, "nope.key")},
		{"not PEM", cfg, cfg},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMain()
			m.Stderr = io.Discard
			require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg, "-tls-cert", tt.cert, "-tls-key", tt.key}, func(string) string { return "" }))
			err := m.Run(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "-tls-cert")
			assert.Nil(t, m.ln, "nothing listens")
		})
	}
}

// TestRunFailsOnABadDatabaseURL: a malformed or unreachable PostgreSQL URL,
// from the environment or the config, stops the start with an error that
// names where it came from and what is wrong, and never the password;
// nothing listens and no SQLite file is made instead.
func TestRunFailsOnABadDatabaseURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	require.NoError(t, ln.Close())
	dir := t.TempDir()
	for _, tt := range []struct{ name, env, cfg, want string }{
		{"env not a URL", "host=db password=s3cret-pw", "",
			"report storage: WPSCHECK_POSTGRES_URL: must be a libpq URL starting with postgres://"},
		{"env bad port", "postgres://app:s3cret-pw@db:port/reports", "",
			"report storage (WPSCHECK_POSTGRES_URL): postgres: cannot parse the URL: invalid port"},
		{"env unreachable", "postgres://app:s3cret-pw@" + closed + "/reports", "",
			"report storage (WPSCHECK_POSTGRES_URL): postgres: cannot reach postgres://app@" + closed + "/reports: "},
		{"config unreachable", "", "postgres://app:s3cret-pw@" + closed + "/reports",
			"report storage (config reports.postgres_url): postgres: cannot reach postgres://app@" + closed + "/reports: "},
		{"config malformed", "", "pgsql://app:s3cret-pw@db/reports",
			"config: reports.postgres_url: must be a libpq URL starting with postgres://"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "config.json")
			require.NoError(t, os.WriteFile(cfg, []byte(`{"vantage": {"enabled": false}, "reports": {"data_dir": "`+dir+`/data", "postgres_url": "`+tt.cfg+`"}}`), 0o600))
			var logs bytes.Buffer
			m := NewMain()
			m.Stderr = &logs
			require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg}, func(k string) string {
				if k == "WPSCHECK_POSTGRES_URL" {
					return tt.env
				}
				return ""
			}))
			err := m.Run(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "s3cret-pw")
			assert.NotContains(t, logs.String(), "s3cret-pw")
			assert.Nil(t, m.ln, "nothing listens")
			assert.NoDirExists(t, filepath.Join(dir, "data"), "no SQLite store instead")
		})
	}
}
