package httpserver

import (
	"net/http"
	"strings"
)

// cspDirectives are the directives of ContentSecurityPolicy. Only this
// origin may serve scripts, styles, fonts, the manifest and workers; the
// wasm needs 'wasm-unsafe-eval' (never 'unsafe-eval'). The reachability
// probes fetch https: hosts (connect-src) and may load an image from them
// (img-src).
var cspDirectives = []string{
	"default-src 'self'",
	"script-src 'self' 'wasm-unsafe-eval'",
	"style-src 'self'",
	"img-src 'self' https:",
	"connect-src 'self' https:",
	"font-src 'self'",
	"manifest-src 'self'",
	"worker-src 'self'",
	"object-src 'none'",
	"base-uri 'none'",
	"form-action 'self'",
	"frame-ancestors 'none'",
}

// ContentSecurityPolicy is sent with every response.
var ContentSecurityPolicy = strings.Join(cspDirectives, "; ")

// PagePolicy is the Content-Security-Policy of a page whose API is at
// apiOrigin ("": the page's own origin): ContentSecurityPolicy with
// apiOrigin added to connect-src, and nothing else. forMeta leaves out
// frame-ancestors, which a <meta http-equiv> policy cannot carry (browsers
// ignore it there and say so in the console): only a header can forbid
// framing.
func PagePolicy(apiOrigin string, forMeta bool) string {
	out := make([]string, 0, len(cspDirectives))
	for _, d := range cspDirectives {
		switch {
		case forMeta && strings.HasPrefix(d, "frame-ancestors "):
			continue
		case apiOrigin != "" && strings.HasPrefix(d, "connect-src "):
			d += " " + apiOrigin
		}
		out = append(out, d)
	}
	return strings.Join(out, "; ")
}

// fixedHeaders are the security headers of every answer (HSTS aside).
var fixedHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
}

// MaxHeaderBytes bounds a request's header block (http.Server.MaxHeaderBytes
// of the server binary). Beyond it net/http answers by itself, without
// this package's handler and so without the security headers; that was
// checked to matter for no browser (docs/ARCHITECTURE.md, "Errors net/http
// writes itself"), and tests pin it: over HTTP/1.1 the answer is a fixed
// text/plain 431 that echoes nothing, over HTTP/2 the connection closes
// and the browser shows its own error page.
const MaxHeaderBytes = 64 << 10

// securityHeaders sets the headers every response carries; hsts adds
// Strict-Transport-Security (only when this server itself speaks TLS).
func securityHeaders(next http.Handler, hsts bool) http.Handler {
	// The values are built once and shared by every response (nothing in
	// net/http mutates them): /api/time is on the hot path of every check.
	fixed := http.Header{}
	fixed.Set("Content-Security-Policy", ContentSecurityPolicy)
	for _, kv := range fixedHeaders {
		fixed.Set(kv[0], kv[1])
	}
	if hsts {
		fixed.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range fixed {
			h[k] = v[:len(v):len(v)] // capacity capped: an Add elsewhere copies, never writes into the shared array
		}
		next.ServeHTTP(w, r)
	})
}
