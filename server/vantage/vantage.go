// Package vantage is the server's own view of the WPS endpoints: it probes
// the https WPS endpoints of the configured catalog (roles login, web, cloud,
// api and intl; never the control or baseline entries, never a URL a client
// sent) on start and then on a jittered schedule, and keeps the latest result
// for GET /api/status. The page compares it with its own probes to tell "WPS
// itself is failing" (wps_service_issue) from "something between you and WPS
// blocks it" (wps_blocked).
//
// Each probe is a HEAD request (a GET when HEAD answers 405 or 501) with a
// short timeout and no keep-alive, so every round measures a fresh DNS
// lookup, connection and TLS handshake. Redirects are followed only to https
// hosts of the probed endpoints; a redirect anywhere else is not followed
// and the redirect itself counts as the answer. Any HTTP answer below 500
// means the endpoint is up (ok, or slow at or after the slow threshold); a
// 5xx answer, a failed connection and a timeout do not. The default
// transport honours HTTPS_PROXY, for servers whose egress goes through one.
//
// Every answer's Date header is kept too (Result.Dates), with the server's
// own clock readings around the request that brought it: WPS's clocks are
// the reference the server checks its own clock against (server/refclock).
package vantage

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"crypto/tls"
	"crypto/x509"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultInterval    = 60 * time.Second
	DefaultTimeout     = 5 * time.Second
	DefaultConcurrency = 4
	DefaultJitter      = 0.1
	// MaxRedirects bounds the redirects followed within the probed hosts.
	MaxRedirects = 5
	// UserAgent identifies the probe to the WPS servers.
	UserAgent = "wpscheck-vantage/1"
)

// The error classes of an wire.EndpointStatus.
const (
	ErrDNS          = "dns"           // the host name did not resolve
	ErrRefused      = "refused"       // the connection was refused or reset
	ErrConnect      = "connect"       // another connection failure (unreachable, ...)
	ErrTLS          = "tls"           // the TLS handshake or certificate failed
	ErrTimeout      = "timeout"       // no answer within the timeout
	ErrHTTP5xx      = "http_5xx"      // the server answered with a 5xx status
	ErrRedirectLoop = "redirect_loop" // more than MaxRedirects redirects
	ErrOther        = "other"         // anything else
)

// Options configures a Prober. Only Catalog is required.
type Options struct {
	// Catalog is the endpoint catalog; only its https WPS endpoints are probed.
	Catalog []diagnosis.Endpoint
	// Thresholds gives SlowMS, the latency from which an answer is "slow"
	// (zero fields take diagnosis.DefaultThresholds).
	Thresholds diagnosis.Thresholds
	// Interval is the mean time between rounds (DefaultInterval when zero).
	Interval time.Duration
	// Jitter spreads rounds by ±Jitter×Interval (DefaultJitter when zero;
	// negative for none).
	Jitter float64
	// Timeout bounds each endpoint's probe (DefaultTimeout when zero).
	Timeout time.Duration
	// Concurrency bounds how many endpoints are probed at once (DefaultConcurrency when zero).
	Concurrency int
	// Transport sends the requests; nil means a clone of
	// http.DefaultTransport with keep-alives off.
	Transport http.RoundTripper
	// Clock schedules rounds and stamps results (clock.Real() when nil). It
	// is also the server clock the Date headers are read against: the one
	// GET /api/time answers with.
	Clock clock.Clock
	// Rand returns a number in [0, 1) for the jitter (math/rand/v2 when nil).
	Rand func() float64
	// Logger receives one line per round (slog.Default() when nil).
	Logger *slog.Logger
	// OnResult, when set, is called after every round; tests use it.
	OnResult func(Result)
}

// Result is one round of probes.
type Result struct {
	// CheckedAt is when the round started.
	CheckedAt time.Time `json:"checked_at"`
	// Endpoints maps endpoint ids to their outcome.
	Endpoints map[string]wire.EndpointStatus `json:"endpoints"`
	// Dates are the Date headers of the answers, one per endpoint that
	// answered with one (not part of GET /api/status).
	Dates []DateSample `json:"-"`
}

// DateSample is one answer's Date header read against the server's own
// clock (Options.Clock): WPS stamped it between Sent, when the request that
// brought it had been written, and Received, when the first byte of its
// answer arrived (connection set-up and redirects before it excluded).
type DateSample struct {
	// EndpointID is the endpoint whose probe brought the answer.
	EndpointID string
	// Host is the lower-case host name that answered.
	Host string
	// Date is the header as received (RFC 9110 HTTP-date, 1 s resolution).
	Date string
	// Sent and Received bracket the request on the server's clock.
	Sent, Received time.Time
}

// Prober probes the catalog's WPS endpoints and keeps the latest Result.
type Prober struct {
	opts    Options
	targets []diagnosis.Endpoint
	hosts   map[string]bool
	client  *http.Client
	clock   clock.Clock

	mu     sync.Mutex
	latest Result
	have   bool
}

// New returns a Prober for opts; call Run to start probing.
func New(opts Options) *Prober {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Jitter == 0 {
		opts.Jitter = DefaultJitter
	}
	if opts.Jitter < 0 {
		opts.Jitter = 0
	}
	opts.Jitter = min(opts.Jitter, 0.5)
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	opts.Thresholds = opts.Thresholds.Normalized()
	if opts.Clock == nil {
		opts.Clock = clock.Real()
	}
	if opts.Rand == nil {
		opts.Rand = rand.Float64
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DisableKeepAlives = true
		t.MaxResponseHeaderBytes = 64 << 10
		opts.Transport = t
	}
	p := &Prober{opts: opts, hosts: map[string]bool{}, clock: opts.Clock}
	for _, e := range opts.Catalog {
		if !e.Role.IsWPS() {
			continue
		}
		u, err := url.Parse(e.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			continue
		}
		p.targets = append(p.targets, e)
		p.hosts[hostKey(u)] = true
	}
	p.client = &http.Client{
		Transport:     opts.Transport,
		CheckRedirect: p.checkRedirect,
		// No Jar: the probe never stores or sends cookies. No Timeout: each
		// request carries a context deadline instead.
	}
	return p
}

// Targets returns the endpoints the Prober probes, in catalog order.
func (p *Prober) Targets() []diagnosis.Endpoint {
	return append([]diagnosis.Endpoint(nil), p.targets...)
}

// hostKey is a URL's lower-case host with its port (443 when absent).
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

var errTooManyRedirects = errors.New("vantage: too many redirects")

func (p *Prober) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "https" || !p.hosts[hostKey(req.URL)] {
		return http.ErrUseLastResponse // answer with the redirect itself
	}
	if len(via) > MaxRedirects {
		return errTooManyRedirects
	}
	return nil
}

// Run probes once immediately and then every Interval (± jitter) until ctx
// is done. Rounds never overlap.
func (p *Prober) Run(ctx context.Context) {
	for {
		res := p.Check(ctx)
		if ctx.Err() != nil {
			return
		}
		p.mu.Lock()
		p.latest, p.have = res, true
		p.mu.Unlock()
		p.logRound(ctx, res)
		if p.opts.OnResult != nil {
			p.opts.OnResult(res)
		}
		t := p.clock.NewTimer(p.nextDelay())
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
	}
}

func (p *Prober) nextDelay() time.Duration {
	f := 1 + p.opts.Jitter*(2*p.opts.Rand()-1)
	return time.Duration(float64(p.opts.Interval) * f)
}

func (p *Prober) logRound(ctx context.Context, res Result) {
	bad := 0
	var attrs []any
	for id, r := range res.Endpoints {
		if r.Status.Bad() {
			bad++
			attrs = append(attrs, slog.String(id, string(r.Status)+"/"+r.Error))
		}
	}
	p.opts.Logger.InfoContext(ctx, "vantage: round done",
		"endpoints", len(res.Endpoints), "bad", bad, slog.Group("failures", attrs...))
}

// Latest returns the most recent completed round and its age; ok is false
// before the first round completes.
func (p *Prober) Latest() (res Result, age time.Duration, ok bool) {
	p.mu.Lock()
	res, ok = p.latest, p.have
	p.mu.Unlock()
	if !ok {
		return Result{}, 0, false
	}
	age = max(p.clock.Now().Sub(res.CheckedAt), 0)
	return res, age, true
}

// Check runs one round over every target, at most Concurrency at a time,
// and returns it without storing it.
func (p *Prober) Check(ctx context.Context) Result {
	res := Result{CheckedAt: p.clock.Now(), Endpoints: make(map[string]wire.EndpointStatus, len(p.targets))}
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, p.opts.Concurrency)
	)
	for _, e := range p.targets {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return res
		}
		wg.Go(func() {
			defer func() { <-sem }()
			r, date := p.probe(ctx, e.URL)
			mu.Lock()
			res.Endpoints[e.ID] = r
			if date != nil {
				date.EndpointID = e.ID
				res.Dates = append(res.Dates, *date)
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return res
}

// probe checks one URL: HEAD, then GET when HEAD is refused. The Date
// header of the final answer, if any, comes back as a DateSample.
func (p *Prober) probe(parent context.Context, target string) (wire.EndpointStatus, *DateSample) {
	ctx, cancel := context.WithTimeout(parent, p.opts.Timeout)
	defer cancel()
	tr := &dateTrace{clock: p.clock}
	ctx = httptrace.WithClientTrace(ctx, tr.hooks())
	start := time.Now() // latency uses the monotonic wall clock, not the schedule's clock
	code, date, err := p.do(ctx, http.MethodHead, target, tr)
	if err == nil && (code == http.StatusMethodNotAllowed || code == http.StatusNotImplemented) {
		code, date, err = p.do(ctx, http.MethodGet, target, tr)
	}
	elapsed := time.Since(start)
	if err != nil && ctx.Err() == context.DeadlineExceeded && parent.Err() == nil {
		err = context.DeadlineExceeded
	}
	return classify(code, err, elapsed, p.opts.Thresholds), date
}

func (p *Prober) do(ctx context.Context, method, target string, tr *dateTrace) (int, *DateSample, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Cache-Control", "no-cache")
	start := p.clock.Now()
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	date := tr.sample(resp, start, p.clock.Now())
	// Read a little of a GET's body so the server sees a normal client, then hang up.
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	resp.Body.Close()
	return resp.StatusCode, date, nil
}

// dateTrace notes, on the server's clock, when the last request of a probe
// (after any redirect) was written and when its answer's first byte came:
// the answer's Date was stamped in between. Connection set-up (DNS, TCP,
// TLS: keep-alives are off) comes before and is left out of that window.
type dateTrace struct {
	clock clock.Clock

	mu           sync.Mutex
	wrote, first time.Time
}

func (d *dateTrace) hooks() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) {
			t := d.clock.Now()
			d.mu.Lock()
			d.wrote = t
			d.mu.Unlock()
		},
		GotFirstResponseByte: func() {
			t := d.clock.Now()
			d.mu.Lock()
			d.first = t
			d.mu.Unlock()
		},
	}
}

// sample returns the DateSample of resp, whose request started at start and
// whose answer was back by end; nil when it has no Date header. A hook that
// did not fire, or fired out of order (they run on the transport's
// goroutines), widens the window to start or end: wider, never wrong.
func (d *dateTrace) sample(resp *http.Response, start, end time.Time) *DateSample {
	date := resp.Header.Get("Date")
	if date == "" || len(date) > 64 {
		return nil
	}
	d.mu.Lock()
	sent, recv := d.wrote, d.first
	d.mu.Unlock()
	if recv.IsZero() || recv.Before(start) || recv.After(end) {
		recv = end
	}
	if sent.IsZero() || sent.Before(start) || sent.After(recv) {
		sent = start
	}
	return &DateSample{Host: strings.ToLower(resp.Request.URL.Hostname()), Date: date, Sent: sent, Received: recv}
}

// classify turns one probe's outcome into an wire.EndpointStatus.
func classify(code int, err error, elapsed time.Duration, t diagnosis.Thresholds) wire.EndpointStatus {
	r := wire.EndpointStatus{LatencyMS: elapsed.Milliseconds(), HTTPStatus: code}
	switch {
	case err != nil:
		r.Error = errorClass(err)
		r.Status = diagnosis.StatusFail
		if r.Error == ErrTimeout {
			r.Status = diagnosis.StatusTimeout
		}
	case code >= 500:
		r.Status, r.Error = diagnosis.StatusFail, ErrHTTP5xx
	case r.LatencyMS >= t.SlowMS:
		r.Status = diagnosis.StatusSlow
	default:
		r.Status = diagnosis.StatusOK
	}
	return r
}

// errorClass names the kind of a request error.
func errorClass(err error) string {
	var (
		dnsErr   *net.DNSError
		netErr   net.Error
		certErr  *tls.CertificateVerificationError
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		opErr    *net.OpError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return ErrTimeout
	case errors.Is(err, errTooManyRedirects):
		return ErrRedirectLoop
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return ErrTimeout
		}
		return ErrDNS
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &alertErr),
		errors.As(err, &unknown), errors.As(err, &hostErr), errors.As(err, &invalid):
		return ErrTLS
	case errors.As(err, &netErr) && netErr.Timeout():
		return ErrTimeout
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return ErrRefused
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return ErrConnect
	case strings.Contains(err.Error(), "tls: "):
		return ErrTLS
	}
	return ErrOther
}

// Status returns the latest result as the /api/status answer. A nil Prober
// (vantage off) gives {"known":false}.
func (p *Prober) Status() wire.Status {
	if p == nil {
		return wire.Status{}
	}
	res, age, ok := p.Latest()
	if !ok {
		return wire.Status{}
	}
	at := res.CheckedAt.UTC()
	return wire.Status{Known: true, AgeSeconds: int64(age / time.Second), CheckedAt: &at, Endpoints: res.Endpoints}
}
