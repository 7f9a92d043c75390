package httpserver

import "net/http"

// handleStatus answers GET /api/status with the server's own latest probe of
// the WPS endpoints (vantage.Status):
//
//	{"known":true,"age_seconds":12,"checked_at":"…","endpoints":{"login_cn":{"status":"ok","latency_ms":85,"http_status":200}}}
//
// When vantage is off, or before its first round completes, it answers 200
// with {"known":false}: "the server does not know" is an answer the page
// handles (diagnosis.ParseVantage), not an error. Never cached.
func (a *api) handleStatus(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, a.vantage.Status())
}
