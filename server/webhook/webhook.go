// Package webhook sends a signed webhook for every stored report, at least
// once: the delivery is queued in the report store's outbox by the report's
// own Put (Delivery builds it), and a worker (Run) claims due deliveries,
// POSTs each to the one configured URL with an HMAC-SHA256 signature, and
// records the outcome. A 2xx answer delivers it; anything else (no answer,
// a redirect, 4xx, 5xx) is tried again after a growing, jittered wait
// until the retry window has passed; then the delivery is dead, listed for
// agents who may retry it.
//
// With several servers on one PostgreSQL store each claim holds its
// deliveries for a lease, so each attempt is made by one server, and a
// server that died mid-send holds nothing once its lease ends. The server
// never follows a redirect and never sends anywhere but the configured URL.
// The receiver's side (verify, reject old timestamps, deduplicate by the
// delivery id) is in docs/webhook.md.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/report"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock"
	"wpscheck/server/reports"
)

// The request headers of a delivery.
const (
	HeaderDelivery  = "X-Wpscheck-Delivery"
	HeaderEvent     = "X-Wpscheck-Event"
	HeaderTimestamp = "X-Wpscheck-Timestamp"
	HeaderSignature = "X-Wpscheck-Signature"
)

// UserAgent identifies the sender to receivers.
const UserAgent = "wpscheck-webhook/1"

// Defaults of Options.
const (
	DefaultTimeout        = 10 * time.Second
	DefaultRetryFor       = 24 * time.Hour
	DefaultInitialBackoff = 10 * time.Second
	DefaultMaxBackoff     = time.Hour
	DefaultPoll           = 5 * time.Second
	DefaultBatch          = 32
	DefaultConcurrency    = 8
)

// Metrics receives what the worker does, for the server's metrics; every
// method must be cheap and safe for concurrent use.
type Metrics interface {
	// Sent counts a delivery the receiver accepted (2xx).
	Sent()
	// Failed counts a failed attempt whose delivery will be tried again.
	Failed()
	// Dead counts a delivery given up after its retry window.
	Dead()
	// Queue reports, after every look at the outbox, how many deliveries
	// are pending and the age of the oldest (0 when none).
	Queue(pending int, oldest time.Duration)
}

// Options configure a Webhook. URL, Secret, AgentURL and Store are required.
type Options struct {
	// URL receives every delivery; nothing a client sends changes it.
	URL string
	// Secret signs every delivery (HMAC-SHA256).
	Secret []byte
	// AgentURL is the agents' report page without the id, e.g.
	// https://check.example.com/support/; a payload's agent_url is
	// AgentURL + report id.
	AgentURL string
	// OnlyWithTicket queues deliveries only for reports with a ticket.
	OnlyWithTicket bool
	// Store holds the outbox.
	Store reports.Outbox
	// Timeout bounds one attempt (DefaultTimeout when zero).
	Timeout time.Duration
	// RetryFor is how long a delivery is retried before it is dead
	// (DefaultRetryFor when zero), from its creation or an agent's retry.
	RetryFor time.Duration
	// InitialBackoff and MaxBackoff bound the wait between attempts
	// (DefaultInitialBackoff, DefaultMaxBackoff when zero).
	InitialBackoff, MaxBackoff time.Duration
	// Poll is the longest the worker waits before looking at the outbox
	// again (DefaultPoll when zero): other servers' deliveries are found so.
	Poll time.Duration
	// Batch is how many deliveries one claim takes, Concurrency how many are
	// sent at once (DefaultBatch, DefaultConcurrency when zero).
	Batch, Concurrency int
	// Clock is the worker's clock (the real one when nil); tests drive a fake.
	Clock clock.Clock
	// Rand returns a number in [0, 1) for the jitter (math/rand/v2 when nil).
	Rand func() float64
	// Transport sends the requests (a clone of http.DefaultTransport when nil:
	// the environment's proxy settings apply).
	Transport http.RoundTripper
	// Logger receives failures and dead deliveries (slog.Default() when nil).
	Logger *slog.Logger
	// Metrics, when set, receives the worker's counts.
	Metrics Metrics
}

// Webhook builds deliveries and sends them. A nil *Webhook (webhook off)
// builds none and ignores Notify.
type Webhook struct {
	o      Options
	client *http.Client
	lease  time.Duration
	wake   chan struct{}
	host   string // scheme://host of URL, for logs
}

// New returns a Webhook for o. It fails when a required option is missing.
func New(o Options) (*Webhook, error) {
	u, err := url.Parse(o.URL)
	switch {
	case err != nil || u.Host == "":
		return nil, errors.New("webhook: URL must be an absolute URL")
	case len(o.Secret) == 0:
		return nil, errors.New("webhook: a secret is required")
	case o.Store == nil:
		return nil, errors.New("webhook: a store is required")
	case o.AgentURL == "":
		return nil, errors.New("webhook: AgentURL is required")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Timeout, DefaultTimeout)
	def(&o.RetryFor, DefaultRetryFor)
	def(&o.InitialBackoff, DefaultInitialBackoff)
	def(&o.MaxBackoff, DefaultMaxBackoff)
	def(&o.Poll, DefaultPoll)
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Clock == nil {
		o.Clock = clock.Real()
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = o.Concurrency
		t.MaxResponseHeaderBytes = 64 << 10
		o.Transport = t
	}
	w := &Webhook{
		o: o,
		client: &http.Client{
			Transport: o.Transport,
			// Never follow a redirect: the answer is the 3xx itself, a
			// failure. No Jar: no cookies. No Timeout: each attempt carries
			// a context deadline.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		wake: make(chan struct{}, 1),
		host: u.Scheme + "://" + u.Host,
	}
	// A claim holds its deliveries while every one of them may be sent, one
	// wave of Concurrency after the other, each wave within Timeout.
	waves := (o.Batch + o.Concurrency - 1) / o.Concurrency
	w.lease = time.Duration(waves)*o.Timeout + 15*time.Second
	return w, nil
}

// Lease is how long a claim holds its deliveries.
func (w *Webhook) Lease() time.Duration { return w.lease }

// Delivery returns the delivery announcing rec (whose ID is set), with rep
// the report it holds, to be stored with it (rec.Delivery); nil when w is
// nil or rec is not announced (OnlyWithTicket and no ticket).
func (w *Webhook) Delivery(rec reports.Record, rep report.Report) *reports.Delivery {
	if w == nil || (w.o.OnlyWithTicket && rec.Ticket == "") {
		return nil
	}
	ev := wire.WebhookEvent{
		ID:             reports.NewDeliveryID(rec.CreatedAt),
		Event:          wire.EventReportCreated,
		CreatedAt:      rec.CreatedAt.UTC().Truncate(time.Millisecond),
		ReportID:       rec.ID,
		Ticket:         rec.Ticket,
		TicketVerified: rec.TicketVerified,
		SupportCode:    rec.SupportCode,
		Findings:       rep.Findings,
		Platform:       rep.Platform,
		AgentURL:       w.o.AgentURL + rec.ID,
	}
	if len(ev.Findings) > 0 {
		ev.TopFinding = ev.Findings[0]
	} else {
		ev.Findings = []diagnosis.FindingID{}
	}
	body, err := json.Marshal(ev)
	if err != nil { // plain strings, numbers and lists: cannot happen
		panic(fmt.Sprintf("webhook: encode payload: %v", err))
	}
	return &reports.Delivery{ID: ev.ID, ReportID: rec.ID, Event: ev.Event, CreatedAt: rec.CreatedAt, Payload: body}
}

// Notify tells the worker that a delivery was queued, so it looks at the
// outbox now rather than at its next poll. It never blocks.
func (w *Webhook) Notify() {
	if w == nil {
		return
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Sign returns the X-Wpscheck-Signature value of body sent at timestamp
// (unix seconds): "sha256=" and the hex HMAC-SHA256, keyed with secret, of
// "<timestamp>.<body>".
func Sign(secret []byte, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(strconv.AppendInt(nil, timestamp, 10))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Run sends due deliveries until ctx ends: at once, then whenever Notify is
// called, a backoff ends, or Poll has passed. On cancellation the attempts
// in flight are abandoned and their deliveries left due at once.
func (w *Webhook) Run(ctx context.Context) {
	storeDown := false
	for ctx.Err() == nil {
		// This round's claim covers every delivery queued before it: a
		// Notify from before it needs no round of its own.
		select {
		case <-w.wake:
		default:
		}
		n, err := w.round(ctx)
		if ctx.Err() != nil {
			return
		}
		wait := w.o.Poll
		if err == nil && n == w.o.Batch {
			wait = 0 // a full claim: more may be due
		} else if err == nil {
			wait, err = w.nextWait(ctx)
		}
		switch {
		case err != nil && !storeDown:
			storeDown = true
			w.o.Logger.WarnContext(ctx, "webhook: cannot read or write the outbox; deliveries wait until it answers", "err", err)
		case err == nil && storeDown:
			storeDown = false
			w.o.Logger.InfoContext(ctx, "webhook: the outbox answers again")
		}
		if wait <= 0 && n == 0 {
			wait = minWait
		}
		if wait <= 0 {
			continue
		}
		t := w.o.Clock.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		case <-w.wake:
			t.Stop()
		}
	}
}

// nextWait looks at the outbox: how long until the next pending delivery
// is due, at most Poll (and tells Metrics about the queue).
func (w *Webhook) nextWait(ctx context.Context) (time.Duration, error) {
	st, err := w.o.Store.OutboxStats(ctx)
	if err != nil {
		return w.o.Poll, err
	}
	now := w.o.Clock.Now()
	if m := w.o.Metrics; m != nil {
		var age time.Duration
		if st.Pending > 0 {
			age = max(0, now.Sub(st.OldestCreatedAt))
		}
		m.Queue(st.Pending, age)
	}
	if st.Pending == 0 {
		return w.o.Poll, nil
	}
	return min(w.o.Poll, max(0, st.NextDueAt.Sub(now))), nil
}

// round claims the due deliveries (up to Batch), sends them, Concurrency at
// a time, and records every outcome in one write. It returns how many it
// claimed.
func (w *Webhook) round(ctx context.Context) (int, error) {
	claimed, err := w.o.Store.ClaimDeliveries(ctx, w.o.Clock.Now(), w.lease, w.o.Batch)
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	outcomes := make([]reports.Outcome, len(claimed))
	sem := make(chan struct{}, w.o.Concurrency)
	var wg sync.WaitGroup
	for i, d := range claimed {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			outcomes[i] = w.attempt(ctx, d)
		})
	}
	wg.Wait()
	// Record the outcomes even when ctx ended meanwhile (shutdown): a
	// delivery left claimed would wait for its lease.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := w.o.Store.FinishDeliveries(fctx, outcomes); err != nil {
		return len(claimed), err
	}
	for _, o := range outcomes {
		w.report(ctx, claimed, o)
	}
	return len(claimed), nil
}

// interrupted is the error of an attempt cut short by the server's shutdown.
const interrupted = "interrupted: the server was stopping"

// minWait is the least the worker waits after a round that claimed nothing
// although the outbox said a delivery was due (another server held it).
const minWait = 50 * time.Millisecond

// attempt sends d once and returns the outcome.
func (w *Webhook) attempt(ctx context.Context, d reports.Delivery) reports.Outcome {
	status, err := w.send(ctx, d)
	end := w.o.Clock.Now()
	o := reports.Outcome{ID: d.ID, Attempt: d.Attempts, At: end, Status: status}
	switch {
	case err == nil && status >= 200 && status <= 299:
		o.State = reports.DeliveryDelivered
		return o
	case ctx.Err() != nil:
		// Stopped by our own shutdown, not by the receiver: due again at once.
		o.State, o.NextAt, o.Error = reports.DeliveryPending, end, interrupted
		return o
	}
	o.Error = w.reason(status, err)
	next := end.Add(w.backoff(end.Sub(d.WindowStart)))
	if next.After(d.WindowStart.Add(w.o.RetryFor)) {
		o.State = reports.DeliveryDead
	} else {
		o.State, o.NextAt = reports.DeliveryPending, next
	}
	return o
}

// backoff is the wait after a failed attempt of a delivery that has been
// failing for age: age + InitialBackoff (at most MaxBackoff) times a random
// factor in [0.5, 1). Without the factor the gaps double (10 s, 20 s,
// 40 s, …); with it, each gap is still at least as long as the one before
// (it is at least half of age + InitialBackoff, which exceeds twice the
// gap before) until they reach MaxBackoff/2 … MaxBackoff.
func (w *Webhook) backoff(age time.Duration) time.Duration {
	base := min(max(age, 0)+w.o.InitialBackoff, w.o.MaxBackoff)
	return time.Duration(float64(base) * (0.5 + w.o.Rand()/2))
}

// send POSTs d's payload, signed now, and returns the answer's status.
func (w *Webhook) send(ctx context.Context, d reports.Delivery) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, w.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.o.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return 0, err
	}
	ts := w.o.Clock.Now().Unix()
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", UserAgent)
	h.Set(HeaderDelivery, d.ID)
	h.Set(HeaderEvent, d.Event)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(HeaderSignature, Sign(w.o.Secret, ts, d.Payload))
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read a little of the answer so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// reason says why an attempt failed, for agents and logs: never the URL's
// path or query (they may hold the receiver's token) nor the secret.
func (w *Webhook) reason(status int, err error) string {
	var msg string
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		msg = fmt.Sprintf("no answer within %v", w.o.Timeout)
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		msg = strings.ReplaceAll(err.Error(), w.o.URL, w.host)
	case status >= 300 && status <= 399:
		msg = fmt.Sprintf("answered %d: redirects are not followed (configure the final URL)", status)
	default:
		msg = fmt.Sprintf("answered %d", status)
	}
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}

// report logs a finished attempt and counts it.
func (w *Webhook) report(ctx context.Context, claimed []reports.Delivery, o reports.Outcome) {
	var d reports.Delivery
	for _, c := range claimed {
		if c.ID == o.ID {
			d = c
		}
	}
	log, m := w.o.Logger, w.o.Metrics
	attrs := []any{"delivery", o.ID, "report", d.ReportID, "attempt", o.Attempt, "receiver", w.host}
	switch o.State {
	case reports.DeliveryDelivered:
		log.DebugContext(ctx, "webhook: delivered", append(attrs, "status", o.Status)...)
		if m != nil {
			m.Sent()
		}
	case reports.DeliveryDead:
		log.ErrorContext(ctx, "webhook: delivery dead: retried for the whole window; an agent can retry it",
			append(attrs, "status", o.Status, "error", o.Error, "retry_window", w.o.RetryFor)...)
		if m != nil {
			m.Dead()
		}
	default:
		if o.Error == interrupted {
			return
		}
		log.WarnContext(ctx, "webhook: delivery failed; will retry",
			append(attrs, "status", o.Status, "error", o.Error, "next_attempt_at", o.NextAt)...)
		if m != nil {
			m.Failed()
		}
	}
}
