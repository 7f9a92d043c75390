package webhook_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/webhook"
	"wpscheck/server/webhook/webhooktest"
)

var secret = []byte("0123456789abcdef0123456789abcdef-test-secret")

// env is a webhook worker on a real SQLite store, a local receiver, and a
// fake clock that moves only when the test advances it.
type env struct {
	store   *sqlite.Store
	clock   *clocktest.Fake
	recv    *webhooktest.Receiver
	hook    *webhook.Webhook
	metrics *countMetrics
	stop    func() // stops the worker and waits for it
}

type countMetrics struct {
	sent, failed, dead atomic.Int64
	mu                 sync.Mutex
	pending            []int
	ages               []time.Duration
}

func (m *countMetrics) Sent()   { m.sent.Add(1) }
func (m *countMetrics) Failed() { m.failed.Add(1) }
func (m *countMetrics) Dead()   { m.dead.Add(1) }
func (m *countMetrics) Queue(pending int, oldest time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending = append(m.pending, pending)
	m.ages = append(m.ages, oldest)
}

var start = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)

func newEnv(t *testing.T, mutate ...func(*webhook.Options)) *env {
	t.Helper()
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	e := &env{store: store, clock: clocktest.New(start), metrics: &countMetrics{}}
	e.recv = webhooktest.NewReceiver(t, secret, e.clock.Now)
	o := webhook.Options{
		URL: e.recv.URL(), Secret: secret, AgentURL: "https://check.example.com/support/",
		Store: store, Clock: e.clock, Timeout: 5 * time.Second,
		Poll:   48 * time.Hour, // one worker: it needs no polling, and the test sees each backoff as one timer
		Rand:   func() float64 { return 0.5 },
		Logger: slog.New(slog.DiscardHandler), Metrics: e.metrics,
	}
	for _, m := range mutate {
		m(&o)
	}
	e.hook, err = webhook.New(o)
	require.NoError(t, err)
	return e
}

// run starts the worker; it is stopped when the test ends (or by e.stop).
func (e *env) run(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.hook.Run(ctx)
	}()
	e.stop = func() { cancel(); <-done }
	t.Cleanup(e.stop)
}

// testReport is a report as the page builds it: WPS's login host failing
// while the control answers, on Windows in Chrome.
func testReport(t *testing.T, ticket string) (report.Report, []byte) {
	t.Helper()
	in := diagnosis.Input{
		Probes: []diagnosis.ProbeObservation{
			{EndpointID: diagnosis.EndpointControl, Started: true, Resolved: true, ElapsedMS: 40},
			{EndpointID: diagnosis.EndpointAccountCN, Started: true, Error: "TypeError: Failed to fetch", ElapsedMS: 120},
		},
		Env: diagnosis.Environment{UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"},
	}
	rep := report.Build(report.Meta{AppVersion: "test-1", ClientTimeMS: start.UnixMilli(), Ticket: ticket, Lang: i18n.ZH}, in, diagnosis.Diagnose(in))
	body, err := json.Marshal(rep)
	require.NoError(t, err)
	return rep, body
}

// upload stores a report with its delivery, as the upload handler does.
func (e *env) upload(t *testing.T, id, ticket string) (reports.Record, report.Report) {
	t.Helper()
	rep, body := testReport(t, ticket)
	rec := reports.Record{ID: id, Ticket: ticket, TicketVerified: ticket != "", SupportCode: report.EncodeSupportCode(rep),
		CreatedAt: e.clock.Now(), JSON: body}
	rec.Delivery = e.hook.Delivery(rec, rep)
	require.NoError(t, e.store.Put(t.Context(), rec))
	e.hook.Notify()
	return rec, rep
}

func (e *env) delivery(t *testing.T, reportID string) reports.Delivery {
	t.Helper()
	ds, err := e.store.Deliveries(t.Context(), reports.DeliveryFilter{ReportID: reportID, Limit: 10})
	require.NoError(t, err)
	require.Len(t, ds, 1, "one delivery per report")
	return ds[0]
}

// TestSignedPayload: the receiver gets one POST per report, signed as the
// documentation says, with the documented payload, and the outbox records
// it delivered.
func TestSignedPayload(t *testing.T) {
	e := newEnv(t)
	rec, rep := e.upload(t, "R-7K3Q-M2XD-9FAB-T", "T-20419")
	e.run(t)
	e.recv.WaitFor(t, 30*time.Second, "the delivery", func(a []webhooktest.Arrival) bool { return len(a) == 1 })
	e.settle(t)

	a := e.recv.Arrivals()[0]
	require.NoError(t, a.Err, "the signature verifies (webhooktest.Verify, the documented recipe)")
	assert.Equal(t, "application/json", a.ContentType)
	assert.Equal(t, strconv.FormatInt(start.Unix(), 10), a.Timestamp, "signed when sent, in unix seconds")
	assert.Equal(t, webhook.Sign(secret, start.Unix(), a.Body), a.Signature)
	require.NoError(t, webhooktest.Verify(secret, a.Timestamp, a.Signature, a.Body, start))
	assert.Error(t, webhooktest.Verify([]byte("another secret, of the right length!"), a.Timestamp, a.Signature, a.Body, start), "another key")
	assert.Error(t, webhooktest.Verify(secret, a.Timestamp, a.Signature, append([]byte(" "), a.Body...), start), "a changed body")
	assert.Error(t, webhooktest.Verify(secret, a.Timestamp, a.Signature, a.Body, start.Add(6*time.Minute)), "a replay six minutes later")

	var payload map[string]any
	require.NoError(t, json.Unmarshal(a.Body, &payload))
	assert.ElementsMatch(t, []string{"id", "event", "created_at", "report_id", "ticket", "ticket_verified", "support_code",
		"top_finding", "findings", "platform", "agent_url"}, keys(payload), "the documented fields, nothing of the report itself")
	ev := a.Event
	require.NotEmpty(t, rep.Findings)
	assert.Equal(t, wire.WebhookEvent{
		ID: a.Delivery, Event: "report.created", CreatedAt: start, ReportID: rec.ID, Ticket: "T-20419", TicketVerified: true,
		SupportCode: rec.SupportCode, TopFinding: rep.Findings[0], Findings: rep.Findings, Platform: rep.Platform,
		AgentURL: "https://check.example.com/support/R-7K3Q-M2XD-9FAB-T",
	}, ev)
	assert.Equal(t, diagnosis.OSWindows, ev.Platform.OS)
	assert.Less(t, len(a.Body), 1024, "the payload is small")

	e.stop()
	d := e.delivery(t, rec.ID)
	assert.Equal(t, reports.DeliveryDelivered, d.State)
	assert.Equal(t, a.Delivery, d.ID)
	assert.Equal(t, 1, d.Attempts)
	assert.Equal(t, 204, d.LastStatus)
	assert.Equal(t, int64(1), e.metrics.sent.Load())
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestSign pins the signature to a value computed independently:
// printf '%s' '1780000000.{"id":"D-1"}' | openssl dgst -sha256 -hmac "$secret"
func TestSign(t *testing.T) {
	assert.Equal(t, "sha256=6eadc782e2e14b0a61bbbf8608844aa076ea06cc48019a794694a5692db23db6",
		webhook.Sign(secret, 1780000000, []byte(`{"id":"D-1"}`)))
}

// TestOnlyWithTicket: with only_with_ticket, a report without a ticket
// gets no delivery; one with a ticket does.
func TestOnlyWithTicket(t *testing.T) {
	e := newEnv(t, func(o *webhook.Options) { o.OnlyWithTicket = true })
	rep, _ := testReport(t, "")
	assert.Nil(t, e.hook.Delivery(reports.Record{ID: "R-0000-0000-0000-1", CreatedAt: start}, rep))
	assert.NotNil(t, e.hook.Delivery(reports.Record{ID: "R-0000-0000-0000-2", Ticket: "T-1", CreatedAt: start}, rep))
	var off *webhook.Webhook
	assert.Nil(t, off.Delivery(reports.Record{ID: "R-0000-0000-0000-3", Ticket: "T-1"}, rep), "a nil Webhook is off")
	off.Notify()
}

// settle waits until the worker has finished its round (it then arms a
// timer for the next) and returns the timer's duration.
func (e *env) settle(t *testing.T) time.Duration {
	t.Helper()
	return e.clock.WaitForTimers(t, 1)[0]
}

// advance waits until the worker has armed its timer and moves the fake
// clock to it; it returns how far it moved.
func (e *env) advance(t *testing.T) time.Duration {
	t.Helper()
	d := e.clock.WaitForTimers(t, 1)[0]
	e.clock.Advance(d)
	return d
}

// TestReceiverDownThenBack: while the receiver is down the attempts fail
// and are spaced out; once it is back, the next attempt delivers it, once.
func TestReceiverDownThenBack(t *testing.T) {
	e := newEnv(t)
	e.recv.Down()
	rec, _ := e.upload(t, "R-DOWN-0000-0000-0", "T-1")
	e.run(t)
	var waited time.Duration
	for range 4 {
		waited += e.advance(t)
	}
	e.settle(t)
	d := e.delivery(t, rec.ID)
	assert.Equal(t, reports.DeliveryPending, d.State)
	assert.Equal(t, 5, d.Attempts, "the first attempt and one after each backoff")
	assert.Contains(t, d.LastError, "connection refused")
	assert.Zero(t, d.LastStatus)
	assert.Empty(t, e.recv.Arrivals())
	assert.Equal(t, int64(5), e.metrics.failed.Load())

	e.recv.Up(t)
	waited += e.advance(t)
	e.recv.WaitFor(t, 30*time.Second, "the delivery after the receiver came back", func(a []webhooktest.Arrival) bool { return len(a) == 1 })
	e.settle(t)
	t.Logf("delivered after %v of fake time with the receiver down", waited)
	e.stop()
	d = e.delivery(t, rec.ID)
	assert.Equal(t, reports.DeliveryDelivered, d.State)
	assert.Equal(t, 6, d.Attempts)
	require.Len(t, e.recv.Events(), 1)
	assert.Equal(t, d.ID, e.recv.Events()[0].ID)
	assert.Equal(t, rec.ID, e.recv.Events()[0].ReportID)
	assert.NoError(t, e.recv.Arrivals()[0].Err)
}

// TestFailingReceiverBacksOffThenDead: a receiver that always answers 500
// gets attempts with growing gaps (jittered), for the whole retry window
// and not beyond; then the delivery is dead and listed as such.
func TestFailingReceiverBacksOffThenDead(t *testing.T) {
	var r float64
	rnd := func() float64 { r = 0.999 - r; return r } // alternate the jitter's extremes
	e := newEnv(t, func(o *webhook.Options) { o.Rand = rnd; o.RetryFor = 24 * time.Hour })
	e.recv.AnswerWith(func(int) int { return http.StatusInternalServerError })
	rec, _ := e.upload(t, "R-FAIL-0000-0000-0", "T-1")
	e.run(t)
	for {
		if d := e.delivery(t, rec.ID); d.State == reports.DeliveryDead {
			break
		}
		e.advance(t)
	}
	e.stop()

	arrivals := e.recv.Arrivals()
	var gaps []time.Duration
	for i, a := range arrivals {
		require.NoError(t, a.Err, "every attempt is signed afresh, at its own time")
		assert.Equal(t, arrivals[0].Delivery, a.Delivery, "one delivery id throughout")
		if i > 0 {
			gaps = append(gaps, a.At.Sub(arrivals[i-1].At))
		}
	}
	t.Logf("%d attempts; gaps %v", len(arrivals), gaps)
	require.Greater(t, len(gaps), 10)
	assert.GreaterOrEqual(t, gaps[0], 5*time.Second)
	assert.LessOrEqual(t, gaps[0], 10*time.Second)
	for i := 1; i < len(gaps); i++ {
		if gaps[i-1] < 30*time.Minute { // below the cap each gap is at least the one before
			assert.GreaterOrEqual(t, gaps[i], gaps[i-1], "gap %d", i)
		}
		assert.LessOrEqual(t, gaps[i], time.Hour, "gap %d is capped", i)
	}
	assert.Greater(t, gaps[8], 16*gaps[0], "the gaps grow exponentially")
	last := arrivals[len(arrivals)-1].At
	assert.LessOrEqual(t, last.Sub(start), 24*time.Hour, "no attempt after the window")
	assert.Greater(t, last.Sub(start), 23*time.Hour, "retried for (nearly) the whole window")

	dead, err := e.store.Deliveries(t.Context(), reports.DeliveryFilter{State: reports.DeliveryDead, Limit: 10})
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.Equal(t, arrivals[0].Delivery, dead[0].ID)
	assert.Equal(t, len(arrivals), dead[0].Attempts)
	assert.Equal(t, 500, dead[0].LastStatus)
	assert.Equal(t, "answered 500", dead[0].LastError)
	assert.Equal(t, int64(1), e.metrics.dead.Load())
	assert.Equal(t, int64(len(arrivals)-1), e.metrics.failed.Load())
	assert.Zero(t, e.metrics.sent.Load())
}

// TestLeaseOutlivesADeadWorker: a delivery claimed by a server that died
// before it could send is sent by another once the claim's lease ends,
// not before, and once.
func TestLeaseOutlivesADeadWorker(t *testing.T) {
	e := newEnv(t)
	rec, _ := e.upload(t, "R-LOST-0000-0000-0", "T-1")
	claimed, err := e.store.ClaimDeliveries(t.Context(), start, e.hook.Lease(), 10) // the server that died
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	e.run(t)
	waited := e.advance(t)
	assert.Equal(t, e.hook.Lease(), waited, "the worker waits for the lease, no longer")
	e.recv.WaitFor(t, 30*time.Second, "the delivery after the lease", func(a []webhooktest.Arrival) bool { return len(a) == 1 })
	e.settle(t)
	e.stop()
	d := e.delivery(t, rec.ID)
	assert.Equal(t, reports.DeliveryDelivered, d.State)
	assert.Equal(t, 2, d.Attempts)
	assert.Equal(t, claimed[0].ID, e.recv.Arrivals()[0].Delivery)
}

// TestShutdownLeavesTheDeliveryDue: a worker stopped mid-send does not
// count that attempt against the receiver and leaves the delivery due at
// once for the next start.
func TestShutdownLeavesTheDeliveryDue(t *testing.T) {
	e := newEnv(t)
	e.recv.Hold()
	rec, _ := e.upload(t, "R-STOP-0000-0000-0", "T-1")
	e.run(t)
	e.recv.WaitFor(t, 30*time.Second, "the attempt", func(a []webhooktest.Arrival) bool { return len(a) == 1 })
	e.stop()
	d := e.delivery(t, rec.ID)
	assert.Equal(t, reports.DeliveryPending, d.State)
	assert.Equal(t, start, d.NextAt, "due at once")
	assert.Zero(t, e.metrics.failed.Load())
}

// TestNoRedirects: a receiver that redirects, even to a host that would
// accept, is a failed attempt; the redirect is never followed.
func TestNoRedirects(t *testing.T) {
	var followed atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		followed.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer other.Close()
	moved := httptest.NewServer(http.RedirectHandler(other.URL+"/elsewhere", http.StatusTemporaryRedirect))
	defer moved.Close()
	e := newEnv(t, func(o *webhook.Options) { o.URL = moved.URL + "/hook?token=receivers-own-token" })
	rec, _ := e.upload(t, "R-MOVE-0000-0000-0", "T-1")
	e.run(t)
	e.settle(t) // the attempt is over: the worker waits for the backoff
	e.stop()
	d := e.delivery(t, rec.ID)
	assert.Equal(t, reports.DeliveryPending, d.State)
	assert.Equal(t, 307, d.LastStatus)
	assert.Equal(t, "answered 307: redirects are not followed (configure the final URL)", d.LastError)
	assert.Zero(t, followed.Load(), "the redirect was not followed")
}

// TestErrorsNeverShowTheURLsSecrets: a failure's reason names the host,
// never the path or query of the URL (they may hold the receiver's token).
func TestErrorsNeverShowTheURLsSecrets(t *testing.T) {
	e := newEnv(t, func(o *webhook.Options) { o.URL = "http://127.0.0.1:1/hook?token=receivers-own-token" })
	rec, _ := e.upload(t, "R-REFU-0000-0000-0", "T-1")
	e.run(t)
	e.settle(t)
	e.stop()
	d := e.delivery(t, rec.ID)
	assert.Contains(t, d.LastError, "connection refused")
	assert.NotContains(t, d.LastError, "receivers-own-token")
	assert.NotContains(t, d.LastError, "/hook")
}
