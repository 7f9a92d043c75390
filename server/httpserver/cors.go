package httpserver

import (
	"net/http"

	"wpscheck/server/config"
)

// corsMethods are the endpoints a page exported to another host (a CDN)
// calls on this server, with the methods it uses. Nothing else answers
// across origins: not the agents' report reads (a bearer token in a
// browser on another origin is not a use this server supports), not the
// pages or files.
var corsMethods = map[string]string{
	"/api/time":    "GET, HEAD",
	"/api/config":  "GET, HEAD",
	"/api/status":  "GET, HEAD",
	"/api/reports": "POST",
}

// corsMaxAge is how long a browser may keep a preflight's answer (Chromium
// keeps it two hours at most).
const corsMaxAge = "7200"

var varyOrigin = []string{"Origin"}

// withCORS lets the pages of config's page_origins call the endpoints of
// corsMethods: the answer names the page's origin in
// Access-Control-Allow-Origin, and a preflight (OPTIONS with
// Access-Control-Request-Method) is answered 204 with the methods and the
// one header (Content-Type) the page sends. Credentials are never allowed
// (the page sends none). Any other origin gets no CORS header, so its
// browser hides the answer; the request itself is handled as any other
// (a preflight from it gets the endpoint's 405). With no page_origins this
// is next itself: nothing on the hot path.
func withCORS(next http.Handler, cfg *config.Config) http.Handler {
	if cfg == nil || !cfg.CORSEnabled() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		methods, ok := corsMethods[r.URL.Path]
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		// The answer depends on Origin: a shared cache must key on it.
		h["Vary"] = varyOrigin[:1:1]
		origin := r.Header.Get("Origin")
		if origin == "" || !cfg.PageOriginAllowed(origin) {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Methods", methods)
			h.Set("Access-Control-Allow-Headers", "Content-Type")
			h.Set("Access-Control-Max-Age", corsMaxAge)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.URL.Path != "/api/reports" || r.Method == http.MethodPost {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		next.ServeHTTP(w, r)
	})
}
