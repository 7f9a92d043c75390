package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunRejectsBadConfig: a bad config file stops the server before it
// listens, with a message naming the field and the problem.
func TestRunRejectsBadConfig(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, json, want string }{
		{"bad value", `{"vantage": {"interval_seconds": 1}}`, "config: vantage.interval_seconds: must be between 10 and 3600"},
		{"typo", `{"reports": {"retension_days": 7}}`, `config: reports.retension_days: unknown field (line 1); did you mean "retention_days"?`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(dir, "bad.json")
			require.NoError(t, os.WriteFile(cfg, []byte(tt.json), 0o600))
			m := NewMain()
			m.Stderr = io.Discard
			require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg}, func(string) string { return "" }))
			err := m.Run(context.Background())
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.Nil(t, m.ln, "nothing listens")
		})
	}
}

// TestRunServesTheAPI runs the program with a config and checks that the
// API is wired: the public config, a status that is off, the check of the
// server's clock (here with neither source: vantage off, kernel ignored),
// and an upload stored in the configured data directory.
func TestRunServesTheAPI(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{
		"vantage": {"enabled": false},
		"server_clock": {"kernel": false},
		"reports": {"data_dir": "`+filepath.Join(dir, "var", "data")+`"},
		"notice": {"zh": "维护", "en": "Maintenance", "expires": "2999-01-01T00:00:00Z"}}`), 0o600))
	m := NewMain()
	m.Stderr = io.Discard
	require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg}, func(string) string { return "" }))
	require.NoError(t, m.Run(context.Background()))
	url := "http://" + m.ln.Addr().String()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, m.Close(ctx))
	}()

	get := func(path string) (int, string) {
		resp, err := http.Get(url + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get("/api/config")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `"Maintenance"`)
	code, body = get("/api/status")
	assert.Equal(t, http.StatusOK, code)
	var status struct {
		Known       bool `json:"known"`
		ServerClock struct {
			State, Reason string
			Kernel        struct{ State string }
		} `json:"server_clock"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &status), body)
	assert.False(t, status.Known)
	assert.Equal(t, "unknown", status.ServerClock.State, body)
	assert.Equal(t, "too_few_sources", status.ServerClock.Reason)
	assert.Equal(t, "unknown", status.ServerClock.Kernel.State, "kernel: false")
	code, body = get("/api/time")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `,"server_clock":{"state":"unknown","sources":0}}`)

	resp, err := http.Post(url+"/api/reports", "application/json", bytesReader(reportBody(t, "T-1")))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	_, err = os.Stat(filepath.Join(dir, "var", "data", "reports.db"))
	assert.NoError(t, err, "the data directory is created on start")
}

// TestRunKeepsTheStorageLimits runs the program with a daily cap of two
// and the database outside the data directory: the third upload answers
// 503 with Retry-After (until midnight UTC), /readyz stays ready (the cap
// is no fault of the store), both directories are created and the
// database is readable by its owner only.
func TestRunKeepsTheStorageLimits(t *testing.T) {
	dir := t.TempDir()
	dataDir, dbPath := filepath.Join(dir, "data"), filepath.Join(dir, "db", "reports.db")
	m := runMain(t, `{"vantage": {"enabled": false}, "server_clock": {"kernel": false},
		"reports": {"data_dir": "`+dataDir+`", "sqlite_path": "`+dbPath+`", "max_per_day": 2, "min_free_mb": 1}}`)
	url := "http://" + m.ln.Addr().String()

	for i := range 3 {
		resp, err := http.Post(url+"/api/reports", "application/json", bytesReader(reportBody(t, "T-1")))
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if i < 2 {
			assert.Equal(t, http.StatusCreated, resp.StatusCode, "upload %d: %s", i, body)
			continue
		}
		assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", body)
		midnight := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
		retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		require.NoError(t, err)
		assert.InDelta(t, time.Until(midnight).Seconds(), retry, 5, "come back at midnight UTC")
		var e struct {
			Error struct{ Code, Message string }
		}
		require.NoError(t, json.Unmarshal(body, &e))
		assert.Equal(t, "unavailable", e.Error.Code)
	}
	resp, err := http.Get(url + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	fi, err := os.Stat(dataDir)
	require.NoError(t, err, "the data directory is created even with the database elsewhere")
	assert.True(t, fi.IsDir())
	fi, err = os.Stat(dbPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

// runMain runs the program on a free loopback port with the config cfgJSON
// until the test ends.
func runMain(t *testing.T, cfgJSON string) *Main {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(cfgJSON), 0o600))
	m := NewMain()
	m.Stderr = io.Discard
	require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg}, func(string) string { return "" }))
	require.NoError(t, m.Run(context.Background()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, m.Close(ctx))
	})
	return m
}
