package httpserver

import (
	"net/http"
	"sync"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/report"
	"wpscheck/app/wire"
)

// Metrics receives what the server counts; server/prom implements it for
// Prometheus. Options.Metrics nil counts nothing and costs nothing.
type Metrics interface {
	// ObserveRequest is one answered request: its route (a bounded name:
	// the mux pattern that served it, or page, asset, preflight, other),
	// its status and how long it took.
	ObserveRequest(route string, status int, d time.Duration)
	// ObserveUpload is one POST /api/reports: "accepted", or the error
	// code (wire.ErrorCode) it was refused with.
	ObserveUpload(outcome string)
	// ObserveReport is one stored report's top finding ("" for none).
	ObserveReport(top diagnosis.FindingID)
}

// The route names of requests the mux has no pattern of its own for.
const (
	routePage      = "page"      // a prerendered page
	routeAsset     = "asset"     // a static or generated file
	routePreflight = "preflight" // a CORS preflight (withCORS)
	routeOther     = "other"     // anything else (not found, redirects)
)

// instrument counts every request next answers in s.opts.Metrics; it is
// next itself when there are no metrics. It sits right around the mux,
// which records the pattern it matched in the request (Request.Pattern).
func (s *Server) instrument(next http.Handler) http.Handler {
	m := s.opts.Metrics
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := statusWriters.Get().(*statusWriter)
		sw.ResponseWriter, sw.status, sw.bytes = w, http.StatusOK, 0
		next.ServeHTTP(sw, r)
		status := sw.status
		sw.ResponseWriter = nil // a handler keeps no writer past its return
		statusWriters.Put(sw)
		route := s.routeOf(r, status)
		m.ObserveRequest(route, status, time.Since(start))
		if route == "/api/reports" && r.Method == http.MethodPost {
			m.ObserveUpload(uploadOutcome(status))
		}
	})
}

// statusWriters are reused: /api/time, on every check, then allocates
// nothing more with metrics on than without.
var statusWriters = sync.Pool{New: func() any { return new(statusWriter) }}

// routeOf names the route of a served request, never its raw path: the
// mux's pattern, with the catch-all "/" told apart into pages, files and
// the rest.
func (s *Server) routeOf(r *http.Request, status int) string {
	switch {
	case r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "":
		return routePreflight
	case r.Pattern == "":
		return routeOther
	case r.Pattern != "/":
		return r.Pattern
	}
	if _, ok := s.assets[r.URL.Path]; ok {
		return routeAsset
	}
	if status == http.StatusOK || status == http.StatusNotModified {
		return routePage
	}
	return routeOther
}

// uploadCodes are the codes an upload can be refused with.
var uploadCodes = []wire.ErrorCode{wire.CodeInvalid, wire.CodeTooLarge, wire.CodeMediaType, wire.CodeRateLimited,
	wire.CodeUnavailable, wire.CodeMethod, wire.CodeUnauthorized, wire.CodeNotFound, wire.CodeInternal}

// uploadOutcome names an upload's outcome from its status: "accepted", or
// the error code that status stands for (statusOf).
func uploadOutcome(status int) string {
	if status == http.StatusCreated {
		return "accepted"
	}
	for _, c := range uploadCodes {
		if statusOf(c) == status {
			return string(c)
		}
	}
	return routeOther
}

// countReport counts a stored report by its top finding.
func (s *Server) countReport(rep report.Report) {
	if s.opts.Metrics == nil {
		return
	}
	var top diagnosis.FindingID
	if len(rep.Findings) > 0 {
		top = rep.Findings[0]
	}
	s.opts.Metrics.ObserveReport(top)
}
