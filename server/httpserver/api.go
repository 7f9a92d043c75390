package httpserver

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"wpscheck/server/config"
	"wpscheck/server/reports"
	"wpscheck/server/vantage"
	"wpscheck/server/webhook"
)

// api serves the report, status and config endpoints. It is built
// by registerAPI from the Server's Options.
type api struct {
	s       *Server
	log     *slog.Logger
	now     func() time.Time
	cfg     *config.Config
	store   reports.Store
	vantage *vantage.Prober
	limiter *rateLimiter
	// cursorKey signs the page cursors of GET /api/reports: derived from
	// the agent tokens, so every replica of one configuration reads the
	// others' cursors.
	cursorKey []byte
	// authFails counts failed agent authentications per client address;
	// refusals logs them, sampled.
	authFails *rateLimiter
	refusals  *refusalLog
	webhook   *webhook.Webhook // nil: off
}

func newAPI(s *Server) *api {
	cfg := s.opts.Config // New defaults it
	rl, fa := cfg.Reports.RateLimit, cfg.Agents.FailedAuth
	return &api{
		s:         s,
		log:       s.log,
		now:       s.now,
		cfg:       cfg,
		store:     s.opts.Reports,
		vantage:   s.opts.Vantage,
		limiter:   newRateLimiter(rl.PerMinute/60, rl.Burst, s.now),
		authFails: newRateLimiter(fa.PerMinute/60, fa.Burst, s.now),
		refusals:  newRefusalLog(s.log, s.now),
		webhook:   s.opts.Webhook,

		cursorKey: cfg.AgentKey("report list cursor v1"),
	}
}

// routes registers the endpoints on mux. Patterns name no method so that a
// wrong method gets this package's JSON 405, not the mux's plain-text one.
func (a *api) routes(mux *http.ServeMux) {
	mux.HandleFunc("/api/config", a.handleConfig)
	mux.HandleFunc("/api/status", a.handleStatus)
	mux.HandleFunc("/api/reports", a.handleReports)
	mux.HandleFunc("/api/reports/{id}", a.handleReport)
	mux.HandleFunc("/api/reports.csv", a.handleCSV)
	mux.HandleFunc("/api/stats", a.handleStats)
	mux.HandleFunc("/api/link", a.handleLink)
	mux.HandleFunc("/api/webhook/deliveries", a.handleDeliveries)
	mux.HandleFunc("/api/webhook/deliveries/{id}/retry", a.handleRetryDelivery)
}

// clientAddr is the address a request comes from: the TCP peer, or, when the
// peer is a trusted proxy (config trusted_proxies), the right-most address of
// X-Forwarded-For that is not itself a trusted proxy.
func (a *api) clientAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	peer := ap.Addr().Unmap()
	if !a.cfg.TrustedProxy(peer) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	var list []string
	for _, h := range hops {
		list = append(list, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(list) - 1; i >= 0; i-- {
		addr, err := netip.ParseAddr(strings.TrimSpace(list[i]))
		if err != nil {
			break // a malformed hop: trust nothing to its left
		}
		client = addr.Unmap()
		if !a.cfg.TrustedProxy(client) {
			break
		}
	}
	return client
}
