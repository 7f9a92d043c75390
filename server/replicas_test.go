package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports/postgres/pgtest"
)

// TestReplicasSharePostgres runs two server binaries, A and B, on one
// throwaway PostgreSQL cluster (the URL, with its password, given in the
// environment as operators would):
//
//   - a report uploaded through A is read by an agent through B, and the
//     other way round;
//   - A is killed with SIGKILL while uploads to both are in flight: every
//     report either acknowledged with 201 is readable through B, byte for
//     byte, and B kept accepting uploads meanwhile;
//   - the database stops: uploads through B are refused with a server
//     error, not acknowledged; it starts again: B takes uploads again
//     without a restart;
//   - neither replica ever logs the password, and neither made a SQLite
//     file.
func TestReplicasSharePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	pg := pgtest.Start(t)
	dbURL := pg.NewDatabase(t)
	dir := t.TempDir()
	bin := buildServer(t, dir)
	const token = "replica-test-agent-token"
	cfgPath := writeTestConfig(t, dir, token) // its data_dir must stay unused
	env := []string{"WPSCHECK_POSTGRES_URL=" + dbURL}
	a := startServerEnv(t, bin, env, "-config", cfgPath)
	b := startServerEnv(t, bin, env, "-config", cfgPath)

	const workers = 4
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 2 * workers}, Timeout: 30 * time.Second}

	// One report each way.
	for _, hop := range []struct {
		name     string
		from, to *serverProc
	}{{"A to B", a, b}, {"B to A", b, a}} {
		body := reportBody(t, "HOP-"+hop.name[:1])
		resp, err := client.Post(hop.from.url+"/api/reports", "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", data)
		var ans struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(data, &ans))
		assert.Zero(t, missingReports(t, client, hop.to.url, token, map[string][]byte{ans.ID: body}), hop.name)
	}

	// SIGKILL A mid-upload while B keeps taking uploads.
	const killAfter = 150
	ctx, stopB := context.WithCancel(t.Context())
	defer stopB()
	upA := startUploads(t.Context(), t, client, a.url, "A", workers, killAfter)
	upB := startUploads(ctx, t, client, b.url, "B", workers, 1)
	select {
	case <-upA.reached:
	case <-a.done:
		t.Fatalf("replica A died on its own:\n%s", a.log(20))
	}
	inflightAtKill := upA.inflight.Load()
	a.kill(t)
	upA.wait()
	// B goes on: as many uploads again after A's death.
	upB2 := startUploads(ctx, t, client, b.url, "B2", workers, killAfter)
	select {
	case <-upB2.reached:
	case <-b.done:
		t.Fatalf("replica B died:\n%s", b.log(20))
	}
	stopB()
	upB.wait()
	upB2.wait()
	t.Logf("SIGKILL of A with %d uploads in flight: A acknowledged %d of %d sent; B %d across the kill and %d after it",
		inflightAtKill, len(upA.acked), upA.sent.Load(), len(upB.acked), len(upB2.acked))
	assert.Positive(t, inflightAtKill, "the kill happened mid-stream")
	assert.Zero(t, missingReports(t, client, b.url, token, upA.acked), "reports acknowledged by A, read through B")
	assert.Zero(t, missingReports(t, client, b.url, token, upB.acked), "reports acknowledged by B across the kill")
	assert.Zero(t, missingReports(t, client, b.url, token, upB2.acked), "reports acknowledged by B after the kill")
	committed := countCommitted(t, client, b.url, token, upA.unacked)
	t.Logf("of the %d uploads to A cut off by the kill, %d had been committed before their answer was lost", len(upA.unacked), committed)

	// The database goes away, and comes back.
	pg.Stop(t)
	resp, err := client.Post(b.url+"/api/reports", "application/json", bytes.NewReader(reportBody(t, "DURING-OUTAGE")))
	require.NoError(t, err, "B still answers")
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// A store out of reach is "try again later": 503 with Retry-After, and
	// the replica says it is not ready (while /healthz stays alive).
	t.Logf("upload while the database is down: %d %s", resp.StatusCode, bytes.TrimSpace(data))
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", data)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	assert.Contains(t, string(data), `"error"`)
	ready, err := client.Get(b.url + "/readyz")
	require.NoError(t, err)
	ready.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, ready.StatusCode, "/readyz while the database is down")
	alive, err := client.Get(b.url + "/healthz")
	require.NoError(t, err)
	alive.Body.Close()
	assert.Equal(t, http.StatusOK, alive.StatusCode, "/healthz while the database is down")
	pg.Resume(t)
	var status int
	for range 10 { // the pool may first meet connections from before the restart
		resp, err := client.Post(b.url+"/api/reports", "application/json", bytes.NewReader(reportBody(t, "AFTER-OUTAGE")))
		require.NoError(t, err)
		resp.Body.Close()
		if status = resp.StatusCode; status == http.StatusCreated {
			break
		}
	}
	assert.Equal(t, http.StatusCreated, status, "B takes uploads again without a restart")
	st, data := agentGet(t, client, b.url, token, "/api/reports?ticket=DURING-OUTAGE")
	require.Equal(t, http.StatusOK, st)
	assert.Contains(t, string(data), `"reports":[]`, "the refused upload was not stored")

	for name, p := range map[string]*serverProc{"A": a, "B": b} {
		logs := p.log(0)
		assert.NotContains(t, logs, pg.Password(), "replica %s logged the database password", name)
		assert.Contains(t, logs, fmt.Sprintf(`"database":"postgres://postgres@127.0.0.1:%d/`, pg.Port()), "replica %s names its database, without the password", name)
	}
	assert.NoDirExists(t, filepath.Join(dir, "data"), "no SQLite store was made")
}
