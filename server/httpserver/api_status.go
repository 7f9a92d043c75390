package httpserver

import (
	"net/http"
)

// handleStatus answers GET /api/status (wire.Status) with the server's own
// latest probe of the WPS endpoints and its verdict on its own clock (in
// detail, for operators; the page reads the compact form from /api/time):
//
//	{"known":true,"age_seconds":12,"checked_at":"…","endpoints":{"login_cn":{"status":"ok","latency_ms":85,"http_status":200}},
//	 "server_clock":{"state":"synced","reason":"date_headers_agree","offset_ms":-40,"bound_ms":560,"sources":8,…}}
//
// When vantage is off, or before its first round completes, "known" is
// false and the endpoints are absent: "the server does not know" is an
// answer the page handles (wire.ParseStatus), not an error. Never
// cached.
func (a *api) handleStatus(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) {
		return
	}
	st := a.vantage.Status()
	st.ServerClock = a.s.opts.ServerClock.Status()
	writeJSON(w, http.StatusOK, st)
}
