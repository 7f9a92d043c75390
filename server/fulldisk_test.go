package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/internal/diskfree"
	"wpscheck/server/internal/tmpfs"
)

// TestFullDiskBinary runs the server binary on a real 4 MiB file system.
// With no floor the disk fills to the last byte: uploads answer 503 with
// Retry-After (never 500), /readyz says not ready while /healthz stays
// 200, and once space is freed /readyz turns ready by itself and uploads
// work again. With a 1 MiB floor uploads are refused before the disk is
// full. Every report acknowledged with 201 is readable at the end.
func TestFullDiskBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	mnt := tmpfs.Mount(t, "4m")
	dir := t.TempDir()
	bin := buildServer(t, dir)
	const token = "full-disk-agent-token-0123456789"
	sum := sha256.Sum256([]byte(token))
	config := func(floorMB int) string {
		p := filepath.Join(dir, fmt.Sprintf("config-%d.json", floorMB))
		require.NoError(t, os.WriteFile(p, []byte(fmt.Sprintf(`{
			"reports": {"data_dir": %q, "min_free_mb": %d, "rate_limit": {"per_minute": 100000, "burst": 10000}},
			"vantage": {"enabled": false}, "server_clock": {"kernel": false},
			"agents": {"token_sha256": [%q]}}`, filepath.Join(mnt, "data"), floorMB, hex.EncodeToString(sum[:]))), 0o600))
		return p
	}
	client := &http.Client{Timeout: 30 * time.Second}
	get := func(url string) (int, string) {
		code, b := agentGet(t, client, url, token, "")
		return code, string(b)
	}
	var acked []string
	// fill uploads until the first answer that is not 201 and returns it.
	fill := func(url string) *http.Response {
		for i := range 5000 {
			resp, err := client.Post(url+"/api/reports", "application/json", bytes.NewReader(reportBody(t, fmt.Sprintf("T-%d", i))))
			require.NoError(t, err)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", b)
				var e struct {
					Error struct{ Code, Message string }
				}
				require.NoError(t, json.Unmarshal(b, &e), "%s", b)
				assert.Equal(t, "unavailable", e.Error.Code)
				t.Logf("after %d reports: %d %s (Retry-After %s)", len(acked), resp.StatusCode, b, resp.Header.Get("Retry-After"))
				return resp
			}
			var a struct{ ID string }
			require.NoError(t, json.Unmarshal(b, &a))
			acked = append(acked, a.ID)
		}
		t.Fatal("the disk never filled")
		return nil
	}

	// No floor: the disk really fills (a filler leaves 768 KiB).
	srv := startServer(t, bin, "-config", config(0))
	filler := filepath.Join(mnt, "filler")
	free, err := diskfree.Bytes(mnt)
	require.NoError(t, err)
	tmpfs.Fill(t, filler, int(free)-768<<10)
	code, _ := get(srv.url + "/readyz")
	require.Equal(t, http.StatusOK, code)
	resp := fill(srv.url)
	assert.Equal(t, "60", resp.Header.Get("Retry-After"))
	require.NotEmpty(t, acked)
	code, body := get(srv.url + "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, code, body)
	code, _ = get(srv.url + "/healthz")
	assert.Equal(t, http.StatusOK, code, "liveness is not readiness")
	code, _ = get(srv.url + "/api/reports/" + acked[0])
	assert.Equal(t, http.StatusOK, code, "reports are read on a full disk")

	require.NoError(t, os.Remove(filler))
	code, body = get(srv.url + "/readyz")
	assert.Equal(t, http.StatusOK, code, "ready again as soon as space is back: %s", body)
	resp, err = client.Post(srv.url+"/api/reports", "application/json", bytes.NewReader(reportBody(t, "T-after")))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", b)
	var a struct{ ID string }
	require.NoError(t, json.Unmarshal(b, &a))
	acked = append(acked, a.ID)
	srv.kill(t)

	// A 1 MiB floor: refused before the disk is full, with the floor's reason.
	srv = startServer(t, bin, "-config", config(1))
	before := len(acked)
	resp = fill(srv.url)
	assert.Greater(t, len(acked), before, "reports are taken down to the floor")
	assert.Equal(t, "300", resp.Header.Get("Retry-After"))
	code, body = get(srv.url + "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, body, "nearly full")
	free, err = diskfree.Bytes(mnt)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, free, uint64(512<<10), "refused with room to spare")

	for _, id := range acked {
		code, body := get(srv.url + "/api/reports/" + id)
		require.Equal(t, http.StatusOK, code, "acknowledged %s: %s", id, body)
	}
	t.Logf("%d acknowledged reports all readable", len(acked))
}
