// Package prom is the Prometheus adapter of the server's metrics: it keeps
// the wpscheck_… series (requests, uploads, reports by top finding, store
// errors, the vantage result, the state of the server's clock, the
// webhook's deliveries and queue) beside the Go runtime's and the process's
// standard collectors in a registry of its own, served by Handler on a
// listener apart from the public one. The HTTP server counts through
// httpserver.Metrics, which *Metrics implements; the webhook worker
// through Webhook.
//
// Every label is bounded: routes are the server's mux patterns (a few more
// names for pages and files), never raw paths; outcomes are error codes;
// findings, endpoints and clock states come from closed sets (the
// endpoints from the operator's catalog, at most 64).
//
// A nil *Metrics counts nothing, so callers need not check.
package prom

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
	"wpscheck/server/vantage"
)

// Metrics holds the server's metrics. Build it with New.
type Metrics struct {
	reg *prometheus.Registry

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	uploads     *prometheus.CounterVec
	reports     *prometheus.CounterVec
	storeErrors *prometheus.CounterVec
	vantage     *prometheus.GaugeVec
	latency     *prometheus.GaugeVec
	round       prometheus.Gauge
	clock       *prometheus.GaugeVec
	hook        *webhookMetrics

	// byRoute keeps the series of each (route, status) met so far: the
	// request path (/api/time on every check) then costs one map read, not
	// a label lookup and a number formatted.
	byRoute sync.Map // routeStatus -> *routeSeries
}

type routeStatus struct {
	route  string
	status int
}

type routeSeries struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// requestBuckets are the latency histogram's buckets, in seconds: /api/time
// answers in well under a millisecond, an upload commits in milliseconds, a
// first prerender of a page takes tens of them.
var requestBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// vantageStatuses are the outcomes a vantage probe gives an endpoint.
var vantageStatuses = []diagnosis.ProbeStatus{diagnosis.StatusOK, diagnosis.StatusSlow, diagnosis.StatusFail, diagnosis.StatusTimeout}

// clockStates are the states of the server's clock.
var clockStates = []diagnosis.ServerClockState{diagnosis.ServerClockSynced, diagnosis.ServerClockSuspect, diagnosis.ServerClockUnknown}

// New returns the metrics of a server of version, registered with the Go
// runtime's and the process's collectors.
func New(version string) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpscheck_http_requests_total",
			Help: "HTTP requests answered, by route (the mux pattern, or page, asset, preflight, other) and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wpscheck_http_request_duration_seconds",
			Help:    "Time from a request's arrival to the end of its answer, by route.",
			Buckets: requestBuckets,
		}, []string{"route"}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpscheck_report_uploads_total",
			Help: "Report uploads (POST /api/reports): accepted, or refused with the error code (invalid, too_large, media_type, rate_limited, unavailable, internal, ...).",
		}, []string{"outcome"}),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpscheck_reports_total",
			Help: "Reports stored, by their top finding; a rise of wps_blocked or wps_service_issue across many reports is how an outage or an ISP block shows.",
		}, []string{"top_finding"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wpscheck_store_errors_total",
			Help: "Failed calls of the report store, by operation (put, get, list, purge, ready) and kind (unavailable, canceled, other); not-found and id collisions are not errors.",
		}, []string{"op", "kind"}),
		vantage: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "wpscheck_vantage_status",
			Help: "The server's own latest probe of each WPS endpoint: 1 for the endpoint's status (ok, slow, fail, timeout), 0 for the others.",
		}, []string{"endpoint", "status"}),
		latency: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "wpscheck_vantage_latency_seconds",
			Help: "Latency of the server's latest probe of each WPS endpoint (to the answer's headers, the failure or the timeout).",
		}, []string{"endpoint"}),
		round: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "wpscheck_vantage_last_round_timestamp_seconds",
			Help: "When the server's latest probe round of the WPS endpoints started (Unix time).",
		}),
		clock: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "wpscheck_server_clock_state",
			Help: "The server's verdict on its own clock: 1 for the current state (synced, suspect, unknown), 0 for the others. While suspect, the page judges no visitor's clock.",
		}, []string{"state"}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "wpscheck_build_info",
		Help:        "Always 1; the version label is the build's version.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	build.Set(1)
	m.reg.MustRegister(m.requests, m.duration, m.uploads, m.reports, m.storeErrors, m.vantage, m.latency, m.round, m.clock, build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.hook = newWebhookMetrics(m.reg)
	m.setClock(diagnosis.ServerClockUnknown) // as a refclock.Checker starts
	return m
}

// Handler serves the metrics in the Prometheus exposition formats (text,
// or OpenMetrics when asked) at any path it is mounted on.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, EnableOpenMetrics: true})
}

// Gatherer is the registry, for tests.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// ObserveRequest counts one answered request of route with its status and
// duration (httpserver.Metrics).
func (m *Metrics) ObserveRequest(route string, status int, d time.Duration) {
	if m == nil {
		return
	}
	k := routeStatus{route, status}
	s, ok := m.byRoute.Load(k)
	if !ok {
		s, _ = m.byRoute.LoadOrStore(k, &routeSeries{
			count:    m.requests.WithLabelValues(route, strconv.Itoa(status)),
			duration: m.duration.WithLabelValues(route),
		})
	}
	rs := s.(*routeSeries)
	rs.count.Inc()
	rs.duration.Observe(d.Seconds())
}

// ObserveUpload counts one report upload: "accepted", or the error code it
// was refused with (httpserver.Metrics).
func (m *Metrics) ObserveUpload(outcome string) {
	if m == nil {
		return
	}
	m.uploads.WithLabelValues(outcome).Inc()
}

// ObserveReport counts one stored report by its top finding
// (httpserver.Metrics).
func (m *Metrics) ObserveReport(top diagnosis.FindingID) {
	if m == nil {
		return
	}
	if top == "" {
		top = "none"
	}
	m.reports.WithLabelValues(string(top)).Inc()
}

// ObserveVantage takes a round of the server's probe of the WPS endpoints
// (vantage.Options.OnResult).
func (m *Metrics) ObserveVantage(res vantage.Result) {
	if m == nil {
		return
	}
	for id, st := range res.Endpoints {
		for _, s := range vantageStatuses {
			v := 0.0
			if s == st.Status {
				v = 1
			}
			m.vantage.WithLabelValues(id, string(s)).Set(v)
		}
		m.latency.WithLabelValues(id).Set(float64(st.LatencyMS) / 1000)
	}
	if !res.CheckedAt.IsZero() {
		m.round.Set(float64(res.CheckedAt.UnixMilli()) / 1000)
	}
}

// ObserveServerClock takes a change of state of the server's clock
// (refclock.Options.OnChange).
func (m *Metrics) ObserveServerClock(_, next wire.ServerClockStatus) {
	if m == nil {
		return
	}
	m.setClock(next.State)
}

func (m *Metrics) setClock(state diagnosis.ServerClockState) {
	for _, s := range clockStates {
		v := 0.0
		if s == state {
			v = 1
		}
		m.clock.WithLabelValues(string(s)).Set(v)
	}
}

// Store returns s with its failures counted in wpscheck_store_errors_total;
// a nil *Metrics returns s itself.
func (m *Metrics) Store(s reports.Store) reports.Store {
	if m == nil {
		return s
	}
	return &countingStore{Store: s, m: m}
}

// countingStore counts the failures of the Store it wraps.
type countingStore struct {
	reports.Store
	m *Metrics
}

func (c *countingStore) count(op string, err error) error {
	if err == nil || errors.Is(err, reports.ErrNotFound) || errors.Is(err, reports.ErrDuplicateID) {
		return err
	}
	kind := "other"
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		kind = "canceled" // checked first: a store may also mark a call its caller gave up on unavailable
	case errors.Is(err, reports.ErrUnavailable):
		kind = "unavailable"
	}
	c.m.storeErrors.WithLabelValues(op, kind).Inc()
	return err
}

func (c *countingStore) Put(ctx context.Context, r reports.Record) error {
	return c.count("put", c.Store.Put(ctx, r))
}

func (c *countingStore) Get(ctx context.Context, id string) (reports.Record, error) {
	r, err := c.Store.Get(ctx, id)
	return r, c.count("get", err)
}

func (c *countingStore) ListByTicket(ctx context.Context, ticket string, limit int) ([]reports.Record, error) {
	rs, err := c.Store.ListByTicket(ctx, ticket, limit)
	return rs, c.count("list", err)
}

func (c *countingStore) PurgeBefore(ctx context.Context, t time.Time) (int, error) {
	n, err := c.Store.PurgeBefore(ctx, t)
	return n, c.count("purge", err)
}

func (c *countingStore) CountSince(ctx context.Context, t time.Time) (int, error) {
	n, err := c.Store.CountSince(ctx, t)
	return n, c.count("count", err)
}

func (c *countingStore) Ready(ctx context.Context) error {
	return c.count("ready", c.Store.Ready(ctx))
}
