package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/wire"
	"wpscheck/server/reports/postgres/pgtest"
	"wpscheck/server/webhook/webhooktest"
)

const webhookSecret = "7d9e2c4b8a1f60351e9b7c2d4f8a6e0b3c5d7f9a1b2c4e6d"

// withWebhook adds a webhook member to the config file at path (written by
// writeTestConfig): deliveries to url, one-second attempts, and the
// secret from secretFile ("" leaves it to the environment).
func withWebhook(t *testing.T, path, url, secretFile string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, json.Unmarshal(data, &cfg))
	cfg["webhook"] = map[string]any{"url": url, "secret_file": secretFile, "public_url": "https://check.example.com", "timeout_ms": 1000}
	data, err = json.Marshal(cfg)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))
}

func TestRunFailsOnABadWebhook(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.secret")
	require.NoError(t, os.WriteFile(short, []byte("s3cret-but-short\n"), 0o600))
	for _, tt := range []struct{ name, webhook, env, want string }{
		{"http elsewhere", `{"url": "http://helpdesk.example.com/hook", "public_url": "https://c.example"}`, webhookSecret,
			"config: webhook.url: must start with https:// (plain http only for a loopback address"},
		{"no secret", `{"url": "https://helpdesk.example.com/hook", "public_url": "https://c.example"}`, "",
			"config: webhook.secret_file: is required with webhook.url (or give the secret in WPSCHECK_WEBHOOK_SECRET)"},
		{"short secret file", `{"url": "https://helpdesk.example.com/hook", "public_url": "https://c.example", "secret_file": "` + short + `"}`, "",
			"config: webhook.secret_file: " + short + ": the secret must be 32 to 256 characters"},
		{"short secret in the environment", `{"url": "https://helpdesk.example.com/hook", "public_url": "https://c.example"}`, "s3cret-but-short",
			"config: WPSCHECK_WEBHOOK_SECRET: the secret must be 32 to 256 characters"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "config.json")
			require.NoError(t, os.WriteFile(cfg, []byte(`{"vantage": {"enabled": false}, "reports": {"data_dir": "`+dir+`/data"}, "webhook": `+tt.webhook+`}`), 0o600))
			var logs bytes.Buffer
			m := NewMain()
			m.Stderr = &logs
			require.NoError(t, m.ParseFlags([]string{"-addr", "127.0.0.1:0", "-config", cfg}, func(k string) string {
				if k == "WPSCHECK_WEBHOOK_SECRET" {
					return tt.env
				}
				return ""
			}))
			err := m.Run(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "s3cret")
			assert.Nil(t, m.ln, "nothing listens")
		})
	}
}

// upload posts a report for ticket to the server at base and returns its
// id and body.
func upload(t *testing.T, client *http.Client, base, ticket string) (string, []byte) {
	t.Helper()
	body := reportBody(t, ticket)
	resp, err := client.Post(base+"/api/reports", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", data)
	var ans wire.Uploaded
	require.NoError(t, json.Unmarshal(data, &ans))
	return ans.ID, body
}

// deliveryIDs returns, per report, the delivery ids of the genuine requests
// the receiver got (each id once) and how many requests came per delivery.
func deliveryIDs(t *testing.T, recv *webhooktest.Receiver) (byReport map[string][]string, sends map[string]int) {
	t.Helper()
	byReport, sends = map[string][]string{}, map[string]int{}
	for _, a := range recv.Arrivals() {
		require.NoError(t, a.Err, "every request is genuine")
		if sends[a.Delivery] == 0 {
			byReport[a.Event.ReportID] = append(byReport[a.Event.ReportID], a.Delivery)
		}
		sends[a.Delivery]++
	}
	return byReport, sends
}

// agentDeliveries lists the deliveries of a report through the agents' API.
func agentDeliveries(t *testing.T, client *http.Client, base, token, reportID string) []wire.WebhookDelivery {
	t.Helper()
	status, data := agentGet(t, client, base, token, "/api/webhook/deliveries?report_id="+reportID)
	require.Equal(t, http.StatusOK, status, "%s", data)
	var out wire.WebhookDeliveries
	require.NoError(t, json.Unmarshal(data, &out))
	return out.Deliveries
}

// TestWebhookSurvivesSIGKILL runs the server binary with a webhook to a
// receiver that holds every request unanswered, so deliveries pile up
// committed but not sent (and a few in flight); SIGKILLs it while uploads
// are in flight; restarts it on the same data; and then finds every report
// acknowledged with 201 delivered, with exactly one delivery id per report,
// which a deduplicating receiver acts on once.
func TestWebhookSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	dir := t.TempDir()
	bin := buildServer(t, dir)
	const token = "webhook-crash-agent-token"
	recv := webhooktest.NewReceiver(t, []byte(webhookSecret), nil)
	recv.Hold()
	secretFile := filepath.Join(dir, "webhook.secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(webhookSecret+"\n"), 0o600))
	cfgPath := writeTestConfig(t, dir, token)
	withWebhook(t, cfgPath, recv.URL(), secretFile)

	srv := startServer(t, bin, "-config", cfgPath)
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 8}, Timeout: 30 * time.Second}
	acked := map[string][]byte{}
	for i := range 40 {
		id, body := upload(t, client, srv.url, fmt.Sprintf("BEFORE-%d", i))
		acked[id] = body
	}
	// The worker is stuck sending: what it holds is claimed, the rest waits.
	recv.WaitFor(t, 60*time.Second, "the first attempts", func(a []webhooktest.Arrival) bool { return len(a) > 0 })
	up := startUploads(t.Context(), t, client, srv.url, "DURING", 4, 40)
	select {
	case <-up.reached:
	case <-srv.done:
		t.Fatalf("the server died on its own:\n%s", srv.log(20))
	}
	inflight := up.inflight.Load()
	srv.kill(t)
	up.wait()
	held := len(recv.Arrivals())
	maps.Copy(acked, up.acked)
	t.Logf("SIGKILL with %d uploads in flight and %d deliveries on the wire (held by the receiver); %d reports acknowledged", inflight, held, len(acked))
	assert.Positive(t, inflight, "the kill happened mid-upload")
	assert.Less(t, held, len(acked), "most deliveries were committed and not yet sent")
	recv.Release()

	srv = startServer(t, bin, "-config", cfgPath, "-log-level", "debug")
	recv.WaitFor(t, 120*time.Second, "a delivery of every acknowledged report", func([]webhooktest.Arrival) bool {
		seen := map[string]bool{}
		for _, e := range recv.Events() {
			seen[e.ReportID] = true
		}
		for id := range acked {
			if !seen[id] {
				return false
			}
		}
		return true
	})
	// The outbox agrees once the restarted worker has recorded its rounds.
	first, _ := deliveryIDs(t, recv)
	srv.waitLog(t, 60*time.Second, "every delivery recorded as delivered", func(lines []string) bool {
		d := delivered(lines)
		for id := range acked {
			if len(first[id]) == 0 || !d[first[id][0]] {
				return false
			}
		}
		return true
	})
	byReport, sends := deliveryIDs(t, recv)
	twice := 0
	for id := range acked {
		require.Len(t, byReport[id], 1, "report %s: exactly one delivery id", id)
		if sends[byReport[id][0]] > 1 {
			twice++
		}
	}
	events := recv.Events()
	perReport := map[string]int{}
	for _, e := range events {
		perReport[e.ReportID]++
	}
	for id, n := range perReport {
		assert.Equal(t, 1, n, "the deduplicating receiver acted on report %s once", id)
	}
	committed := len(perReport) - len(acked)
	t.Logf("after the restart: %d requests, %d deliveries acted on; %d sent more than once (on the wire at the kill), the receiver acting once; %d of the %d uploads cut off by the kill had been committed and were announced too",
		len(recv.Arrivals()), len(events), twice, committed, len(up.unacked))
	assert.Equal(t, held > 0, twice > 0, "what was on the wire at the kill was sent again")
	assert.Zero(t, missingReports(t, client, srv.url, token, acked), "acknowledged reports lost")
	for id := range acked {
		ds := agentDeliveries(t, client, srv.url, token, id)
		require.Len(t, ds, 1, "report %s: one delivery in the outbox", id)
		assert.Equal(t, byReport[id][0], ds[0].ID)
		assert.Equal(t, "delivered", ds[0].State)
	}
	assert.NotContains(t, srv.log(0), webhookSecret, "the secret is never logged")
}

// TestReplicasDeliverEachReportOnce runs two server binaries on one
// PostgreSQL database with one webhook receiver: reports uploaded through
// either are delivered once each, never by both replicas; and when the
// receiver was down, both replicas retry the backlog, still once each.
func TestReplicasDeliverEachReportOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	pg := pgtest.Start(t)
	dbURL := pg.NewDatabase(t)
	dir := t.TempDir()
	bin := buildServer(t, dir)
	const token = "replica-webhook-agent-token"
	recv := webhooktest.NewReceiver(t, []byte(webhookSecret), nil)
	cfgPath := writeTestConfig(t, dir, token)
	withWebhook(t, cfgPath, recv.URL(), "") // the secret comes from the environment
	env := []string{"WPSCHECK_POSTGRES_URL=" + dbURL, "WPSCHECK_WEBHOOK_SECRET=" + webhookSecret}
	a := startServerEnv(t, bin, env, "-config", cfgPath)
	b := startServerEnv(t, bin, env, "-config", cfgPath)
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 8}, Timeout: 30 * time.Second}

	uploadSpread := func(tag string, n int) []string {
		var (
			mu  sync.Mutex
			ids []string
			wg  sync.WaitGroup
		)
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < n; i += 4 {
					base := a.url
					if i%2 == 1 {
						base = b.url
					}
					id, _ := upload(t, client, base, fmt.Sprintf("%s-%d", tag, i))
					mu.Lock()
					ids = append(ids, id)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return ids
	}
	waitDelivered := func(what string, ids []string) {
		recv.WaitFor(t, 120*time.Second, what, func([]webhooktest.Arrival) bool {
			seen := map[string]bool{}
			for _, e := range recv.Events() {
				seen[e.ReportID] = true
			}
			for _, id := range ids {
				if !seen[id] {
					return false
				}
			}
			return true
		})
	}

	first := uploadSpread("LIVE", 100)
	waitDelivered("the live deliveries", first)

	// The receiver fails for a while: the backlog's first attempts fail, and
	// both replicas retry it after the backoff.
	recv.AnswerWith(func(int) int { return http.StatusServiceUnavailable })
	backlog := uploadSpread("BACKLOG", 100)
	recv.WaitFor(t, 60*time.Second, "the backlog's first attempts", func(as []webhooktest.Arrival) bool { return len(as) >= 200 })
	recv.AnswerWith(nil)
	waitDelivered("the backlog after the receiver recovered", backlog)

	byReport, _ := deliveryIDs(t, recv)
	accepted := map[string]int{}
	for _, ar := range recv.Arrivals() {
		if ar.Status == http.StatusNoContent {
			accepted[ar.Delivery]++
		}
	}
	for _, id := range append(first, backlog...) {
		require.Len(t, byReport[id], 1, "report %s: one delivery id", id)
		assert.Equal(t, 1, accepted[byReport[id][0]], "report %s: delivered once, by one replica", id)
	}
	assert.Len(t, accepted, 200)
	failedA := strings.Count(a.log(0), "delivery failed; will retry")
	failedB := strings.Count(b.log(0), "delivery failed; will retry")
	t.Logf("200 reports through two replicas, %d requests: 200 accepted, one per delivery; failed attempts while the receiver answered 503: A %d, B %d",
		len(recv.Arrivals()), failedA, failedB)
	assert.Positive(t, failedA)
	assert.Positive(t, failedB)
	for _, id := range []string{first[0], backlog[len(backlog)-1]} {
		ds := agentDeliveries(t, client, b.url, token, id)
		require.Len(t, ds, 1)
		assert.Equal(t, byReport[id][0], ds[0].ID)
	}
	for name, p := range map[string]*serverProc{"A": a, "B": b} {
		assert.NotContains(t, p.log(0), webhookSecret, "replica %s logged the secret", name)
	}
}

// waitLog waits until cond holds for the lines the server has logged; it
// fails the test if the server exits first or after limit, a guard against
// a hang, not a synchronisation delay.
func (p *serverProc) waitLog(t *testing.T, limit time.Duration, what string, cond func(lines []string) bool) {
	t.Helper()
	guard := time.NewTimer(limit)
	defer guard.Stop()
	for {
		p.logMu.Lock()
		ok, ch := cond(p.logs), p.changed
		p.logMu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-p.done:
			t.Fatalf("the server exited before %s:\n%s", what, p.log(20))
		case <-guard.C:
			t.Fatalf("%s did not happen within %v:\n%s", what, limit, p.log(20))
		}
	}
}

// delivered returns the delivery ids of the "webhook: delivered" log lines
// (logged at debug level once the outcome is recorded).
func delivered(lines []string) map[string]bool {
	out := map[string]bool{}
	for _, l := range lines {
		var line struct {
			Msg      string `json:"msg"`
			Delivery string `json:"delivery"`
		}
		if json.Unmarshal([]byte(l), &line) == nil && line.Msg == "webhook: delivered" {
			out[line.Delivery] = true
		}
	}
	return out
}
