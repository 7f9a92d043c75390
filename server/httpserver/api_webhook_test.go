package httpserver

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/reports"
	"wpscheck/server/tickets"
	"wpscheck/server/webhook"
	"wpscheck/server/webhook/webhooktest"
)

var hookSecret = []byte("9c1f6a0d3e8b47a2b5c4d7e6f9a8b3c2-httpserver")

// hookEnv is the API with the webhook on: a local receiver, and the
// worker on a fake clock (the server's own clock is env.now).
type hookEnv struct {
	*apiEnv
	recv  *webhooktest.Receiver
	clock *clocktest.Fake
	hook  *webhook.Webhook
}

func newHookEnv(t *testing.T, mutate ...func(*webhook.Options)) *hookEnv {
	t.Helper()
	return newHookEnvConfig(t, testConfig(""), mutate...)
}

// newHookEnvConfig is newHookEnv with the server's config cfg.
func newHookEnvConfig(t *testing.T, cfg string, mutate ...func(*webhook.Options)) *hookEnv {
	t.Helper()
	e := &hookEnv{clock: clocktest.New(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))}
	e.recv = webhooktest.NewReceiver(t, hookSecret, e.clock.Now)
	e.apiEnv = newAPIEnv(t, cfg, func(o *Options) {
		wo := webhook.Options{URL: e.recv.URL(), Secret: hookSecret, AgentURL: "https://check.example.com/support/",
			Store: o.Reports, Clock: e.clock, Poll: 48 * time.Hour, RetryFor: 2 * time.Hour,
			Rand: func() float64 { return 0.5 }, Logger: discardLogger()}
		for _, m := range mutate {
			m(&wo)
		}
		var err error
		e.hook, err = webhook.New(wo)
		require.NoError(t, err)
		o.Webhook = e.hook
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.hook.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return e
}

func (e *hookEnv) deliveries(t *testing.T, query string) wire.WebhookDeliveries {
	t.Helper()
	rec := e.do(req{method: http.MethodGet, target: "/api/webhook/deliveries" + query, header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var out wire.WebhookDeliveries
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
	return out
}

// TestUploadSendsTheWebhook: a report answered 201 reaches the receiver,
// announced with the id and support code the uploader was given, and the
// link for agents comes from the configuration, whatever Host the upload
// named.
func TestUploadSendsTheWebhook(t *testing.T) {
	e := newHookEnv(t)
	body := validReport(t, "T-77")
	rec := e.do(req{method: http.MethodPost, target: "/api/reports", body: body,
		header: map[string]string{"Content-Type": "application/json", "Host": "evil.example", "X-Forwarded-Host": "evil.example"}})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var up wire.Uploaded
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &up))

	e.recv.WaitFor(t, 30*time.Second, "the delivery", func(a []webhooktest.Arrival) bool { return len(a) == 1 })
	a := e.recv.Arrivals()[0]
	require.NoError(t, a.Err)
	rep, err := report.Parse(body)
	require.NoError(t, err)
	assert.Equal(t, up.ID, a.Event.ReportID)
	assert.Equal(t, up.SupportCode, a.Event.SupportCode)
	assert.Equal(t, "T-77", a.Event.Ticket)
	assert.False(t, a.Event.TicketVerified, "this server has no ticket secret: no ticket is verified")
	assert.Equal(t, rep.Findings, a.Event.Findings)
	assert.Equal(t, e.now, a.Event.CreatedAt, "the time the report was stored")
	assert.Equal(t, "https://check.example.com/support/"+up.ID, a.Event.AgentURL)

	e.clock.WaitForTimers(t, 1) // the round is over
	list := e.deliveries(t, "?report_id="+up.ID)
	assert.True(t, list.Enabled)
	require.Len(t, list.Deliveries, 1)
	d := list.Deliveries[0]
	assert.Equal(t, a.Delivery, d.ID)
	assert.Equal(t, "delivered", d.State)
	assert.Equal(t, 1, d.Attempts)
	assert.Equal(t, 204, d.LastStatus)
	assert.NotNil(t, d.DeliveredAt)
	assert.Nil(t, d.NextAttemptAt)
}

// TestDeadDeliveryListedAndRetried: against a receiver that answers 500,
// the delivery is retried until its window ends, then dead; an agent lists
// it (?state=dead) and retries it once the receiver is fixed; it arrives
// with the same delivery id.
func TestDeadDeliveryListedAndRetried(t *testing.T) {
	e := newHookEnv(t)
	e.recv.AnswerWith(func(int) int { return http.StatusInternalServerError })
	require.Equal(t, http.StatusCreated, e.upload(validReport(t, "T-9"), "").Code)
	for {
		wait := e.clock.WaitForTimers(t, 1)[0] // the round is over
		if len(e.deliveries(t, "?state=dead").Deliveries) == 1 {
			break
		}
		e.clock.Advance(wait)
	}
	failed := len(e.recv.Arrivals())
	dead := e.deliveries(t, "?state=dead").Deliveries[0]
	assert.Equal(t, "dead", dead.State)
	assert.Equal(t, failed, dead.Attempts)
	assert.Equal(t, 500, dead.LastStatus)
	assert.Equal(t, "answered 500", dead.LastError)
	assert.Nil(t, dead.NextAttemptAt)
	assert.Empty(t, e.deliveries(t, "?state=pending").Deliveries)
	t.Logf("dead after %d attempts", failed)

	e.recv.AnswerWith(nil) // fixed
	rec := e.do(req{method: http.MethodPost, target: "/api/webhook/deliveries/" + dead.ID + "/retry", header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var again wire.WebhookDelivery
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &again))
	assert.Equal(t, "pending", again.State)
	require.NotNil(t, again.NextAttemptAt)
	assert.Equal(t, e.now, *again.NextAttemptAt, "due at once (on the server's clock)")

	e.recv.WaitFor(t, 30*time.Second, "the retried delivery", func(a []webhooktest.Arrival) bool { return len(a) == failed+1 })
	e.clock.WaitForTimers(t, 1)
	events := e.recv.Events()
	require.Len(t, events, 1, "one delivery id throughout: a deduplicating receiver acts once")
	assert.Equal(t, dead.ID, events[0].ID)
	assert.Empty(t, e.deliveries(t, "?state=dead").Deliveries)
	assert.Equal(t, "delivered", e.deliveries(t, "").Deliveries[0].State)
}

func TestWebhookEndpointsErrors(t *testing.T) {
	e := newHookEnv(t)
	off := newAPIEnv(t, testConfig(""))
	did := reports.NewDeliveryID(time.Now())
	retry := "/api/webhook/deliveries/" + did + "/retry"
	tests := []struct {
		name   string
		env    *apiEnv
		r      req
		status int
		code   string
		field  string
	}{
		{"list without a token", e.apiEnv, req{method: http.MethodGet, target: "/api/webhook/deliveries"}, 401, "unauthorized", ""},
		{"list with a wrong token", e.apiEnv, req{method: http.MethodGet, target: "/api/webhook/deliveries", header: bearer("nope")}, 401, "unauthorized", ""},
		{"retry without a token", e.apiEnv, req{method: http.MethodPost, target: retry}, 401, "unauthorized", ""},
		{"bad state", e.apiEnv, req{method: http.MethodGet, target: "/api/webhook/deliveries?state=lost", header: bearer(agentToken)}, 400, "invalid", "state"},
		{"bad limit", e.apiEnv, req{method: http.MethodGet, target: "/api/webhook/deliveries?limit=0", header: bearer(agentToken)}, 400, "invalid", "limit"},
		{"bad report id", e.apiEnv, req{method: http.MethodGet, target: "/api/webhook/deliveries?report_id=hello", header: bearer(agentToken)}, 400, "invalid", "report_id"},
		{"list by POST", e.apiEnv, req{method: http.MethodPost, target: "/api/webhook/deliveries", header: bearer(agentToken)}, 405, "method", ""},
		{"retry by GET", e.apiEnv, req{method: http.MethodGet, target: retry, header: bearer(agentToken)}, 405, "method", ""},
		{"retry a bad id", e.apiEnv, req{method: http.MethodPost, target: "/api/webhook/deliveries/D-1/retry", header: bearer(agentToken)}, 400, "invalid", "id"},
		{"retry an unknown id", e.apiEnv, req{method: http.MethodPost, target: retry, header: bearer(agentToken)}, 404, "not_found", ""},
		{"retry with the webhook off", off, req{method: http.MethodPost, target: retry, header: bearer(agentToken)}, 503, "unavailable", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.env.do(tt.r)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			got := decodeError(t, rec)
			assert.Equal(t, tt.code, string(got.Error.Code))
			assert.Equal(t, tt.field, got.Error.Field)
		})
	}

	// With the webhook off the list still answers, and says so.
	rec := off.do(req{method: http.MethodGet, target: "/api/webhook/deliveries?state=dead", header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `{"enabled": false, "deliveries": []}`, rec.Body.String())
	assert.NotContains(t, e.logs.String(), agentToken, "tokens never in the log")
}

// TestWebhookCarriesTheVerifiedTicket: with a ticket secret, the payload's
// ticket_verified says whether the upload carried the ticket's signature,
// as the stored report does.
func TestWebhookCarriesTheVerifiedTicket(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "ticket-secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(ticketSecret+"\n"), 0o600))
	e := newHookEnvConfig(t, testConfig(`{"tickets": {"secret_file": "`+secretFile+`"}}`))
	signer, err := tickets.NewSigner([]byte(ticketSecret))
	require.NoError(t, err)
	verified := map[string]bool{}
	for _, tc := range []struct{ ticket, sig string }{{"T-123", signer.Sign("T-123")}, {"T-124", signer.Sign("T-123")}, {"T-125", ""}} {
		h := map[string]string{"Content-Type": "application/json"}
		if tc.sig != "" {
			h[wire.TicketSigHeader] = tc.sig
		}
		rec := e.do(req{method: http.MethodPost, target: "/api/reports", body: validReport(t, tc.ticket), header: h})
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var up wire.Uploaded
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &up))
		stored, err := e.store.Get(t.Context(), up.ID)
		require.NoError(t, err)
		verified[tc.ticket] = stored.TicketVerified
	}
	e.recv.WaitFor(t, 30*time.Second, "the three deliveries", func(a []webhooktest.Arrival) bool { return len(a) == 3 })
	got := map[string]bool{}
	for _, ev := range e.recv.Events() {
		got[ev.Ticket] = ev.TicketVerified
	}
	assert.Equal(t, map[string]bool{"T-123": true, "T-124": false, "T-125": false}, got)
	assert.Equal(t, verified, got, "the payload says what the stored report says")
}

// TestWebhookEndpointsThrottleFailedAuth: the agents' webhook endpoints
// share the per-address throttle of failed authentications: after the
// burst of wrong tokens the address is refused with 429 and Retry-After,
// even with the right token, while another address is still served.
func TestWebhookEndpointsThrottleFailedAuth(t *testing.T) {
	e := newHookEnvConfig(t, testConfig(`{"agents": {"token_sha256": ["`+tokenHash(agentToken)+`"], "failed_auth": {"per_minute": 1, "burst": 4}}}`))
	const addr = "198.51.100.7:40000"
	for i := range 4 {
		target := "/api/webhook/deliveries"
		method := http.MethodGet
		if i%2 == 1 {
			target, method = "/api/webhook/deliveries/D-0000000000000000000000000A/retry", http.MethodPost
		}
		rec := e.do(req{method: method, target: target, header: bearer("wrong-token"), remote: addr})
		require.Equal(t, http.StatusUnauthorized, rec.Code, "attempt %d", i+1)
	}
	for _, r := range []req{
		{method: http.MethodGet, target: "/api/webhook/deliveries?state=dead", header: bearer(agentToken), remote: addr},
		{method: http.MethodPost, target: "/api/webhook/deliveries/D-0000000000000000000000000A/retry", header: bearer(agentToken), remote: addr},
	} {
		rec := e.do(r)
		assert.Equal(t, http.StatusTooManyRequests, rec.Code, r.target)
		assert.NotEmpty(t, rec.Header().Get("Retry-After"), r.target)
	}
	rec := e.do(req{method: http.MethodGet, target: "/api/webhook/deliveries", header: bearer(agentToken), remote: "203.0.113.9:40000"})
	assert.Equal(t, http.StatusOK, rec.Code, "another address")
}
