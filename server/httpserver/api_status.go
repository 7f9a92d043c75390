package httpserver

import (
	"net/http"

	"wpscheck/server/refclock"
	"wpscheck/server/vantage"
)

// statusAnswer is the /api/status answer: the vantage result and the
// server's verdict on its own clock.
type statusAnswer struct {
	vantage.Status
	ServerClock *refclock.Status `json:"server_clock,omitempty"`
}

// handleStatus answers GET /api/status with the server's own latest probe of
// the WPS endpoints (vantage.Status) and its verdict on its own clock
// (refclock.Status, for operators; the page reads that from /api/time):
//
//	{"known":true,"age_seconds":12,"checked_at":"…","endpoints":{"login_cn":{"status":"ok","latency_ms":85,"http_status":200}},
//	 "server_clock":{"state":"synced","reason":"date_headers_agree","offset_ms":-40,"bound_ms":560,"sources":8,…}}
//
// When vantage is off, or before its first round completes, "known" is
// false and the endpoints are absent: "the server does not know" is an
// answer the page handles (diagnosis.ParseVantage), not an error. Never
// cached.
func (a *api) handleStatus(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, statusAnswer{Status: a.vantage.Status(), ServerClock: a.s.opts.ServerClock.Status()})
}
