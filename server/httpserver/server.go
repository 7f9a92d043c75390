// Package httpserver is the HTTP adapter of the self-check server: it serves
// the go-app page (prerendered, zoomable, in the visitor's language), the
// static files and go-app's generated files precompressed, the small JSON
// API, and the security headers every response carries.
package httpserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/i18n"
	"wpscheck/app/ui"
	"wpscheck/app/wire"
	"wpscheck/server/config"
	"wpscheck/server/refclock"
	"wpscheck/server/reports"
	"wpscheck/server/vantage"
	"wpscheck/server/webhook"
)

// Options are what a Server is built from.
type Options struct {
	// Version identifies the build; it becomes go-app's Version, the service
	// worker's cache name and every ETag. See ContentVersion.
	Version string
	// Static holds web/... (icons, CSS, app.wasm and its .br/.gz siblings).
	Static fs.FS
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock /api/time answers with; nil means time.Now. Tests
	// skew it to play a device whose clock is wrong (or, with a ServerClock
	// that reads the same skewed clock, a server whose clock is wrong).
	Now func() time.Time
	// ServerClock is the server's check of its own clock: /api/time and
	// /api/status carry its verdict. Nil answers "unknown" in /api/time
	// and leaves it out of /api/status.
	ServerClock *refclock.Checker
	// HSTS adds Strict-Transport-Security (set when serving TLS).
	HSTS bool

	// ---- dependencies of the report, status and config API ----

	// Config is the operator configuration behind /api/config, the upload
	// switch and rate limit, the agent tokens and the trusted proxies; nil
	// means config.Default().
	Config *config.Config
	// Reports stores uploaded reports; nil makes uploads and agent reads
	// answer 503.
	Reports reports.Store
	// Vantage is the server's own probe of the WPS endpoints; nil (vantage
	// off) makes /api/status answer {"known":false}.
	Vantage *vantage.Prober
	// Webhook queues a signed delivery with every stored report and is
	// told to send it; nil means no webhook. Its outbox is Reports'.
	Webhook *webhook.Webhook

	// Metrics counts requests, uploads and reports (server/prom); nil
	// counts nothing.
	Metrics Metrics
}

// Server serves the self-check. Build it with New; it is an http.Handler.
type Server struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	goapp   *app.Handler
	assets  map[string]*asset // by URL path: static files and go-app's files
	etag    string
	pages   sync.Map     // "lang page" -> *asset: every page, once per language (see page)
	renders atomic.Int64 // pages rendered by go-app (for tests)
	// preconnect is the self-check pages' preconnect links to the probed
	// hosts of the configured catalog (preconnectLinks).
	preconnect []byte
	handler    http.Handler
}

// New builds a Server. It reads the static files and prerenders nothing yet;
// go-app's generated files are captured and compressed here, once.
func New(opts Options) (*Server, error) {
	if opts.Version == "" {
		return nil, errors.New("httpserver: Options.Version is required (it versions caches and ETags)")
	}
	if opts.Static == nil {
		return nil, errors.New("httpserver: Options.Static is required")
	}
	if opts.Config == nil {
		opts.Config = config.Default()
	}
	s := &Server{opts: opts, log: opts.Logger, now: opts.Now, etag: `"` + opts.Version + `"`}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	assets, err := loadStatic(opts.Static)
	if err != nil {
		return nil, fmt.Errorf("httpserver: reading static files: %w", err)
	}
	if _, ok := assets[checkWasm]; !ok {
		s.log.Warn("static files have no web/app.wasm: the page will not boot; run `make build`")
	}
	if _, ok := assets[consoleWasm]; !ok {
		s.log.Warn("static files have no web/console.wasm: the support console will not boot; run `make build`")
	}
	s.goapp = newGoappHandler(opts.Version)
	s.preconnect = preconnectLinks(opts.Config.Catalog)
	for _, p := range goappResources {
		status, h, body := capture(s.goapp, p, nil)
		if status != http.StatusOK {
			return nil, fmt.Errorf("httpserver: go-app did not generate %s (status %d)", p, status)
		}
		if p == "/app.js" {
			orig := body
			if body, err = fixAppJS(orig, checkWasm); err == nil {
				body, err = workerAfterVerdict(body)
			}
			if err == nil {
				body, err = warmFirst(body)
			}
			if err != nil {
				return nil, err
			}
			console, err := fixAppJS(orig, consoleWasm)
			if err == nil {
				console, err = withoutWorker(console)
			}
			if err != nil {
				return nil, err
			}
			assets[consoleJS] = newAsset("text/javascript; charset=utf-8", console, nil, nil, brotli.BestCompression)
		}
		ct := h.Get("Content-Type")
		if strings.HasSuffix(p, ".js") {
			ct = "text/javascript; charset=utf-8"
		} else if strings.HasSuffix(p, ".css") {
			ct = "text/css; charset=utf-8"
		}
		assets[p] = newAsset(ct, body, nil, nil, brotli.BestCompression)
	}
	manifest := newAsset("application/manifest+json", manifestJSON(), nil, nil, brotli.BestCompression)
	assets["/manifest.webmanifest"] = manifest
	assets["/manifest.json"] = manifest
	if a, ok := assets["/web/robots.txt"]; ok {
		assets["/robots.txt"] = a
	}
	s.assets = assets

	mux := http.NewServeMux()
	mux.HandleFunc("/api/time", s.handleTime)
	mux.HandleFunc("/healthz", s.handleHealth)
	mux.HandleFunc("/readyz", s.handleReady)
	s.registerAPI(mux)
	mux.HandleFunc("/api/", s.handleAPINotFound)
	mux.HandleFunc("/", s.handleApp)
	s.handler = securityHeaders(s.instrument(withCORS(mux, opts.Config)), opts.HSTS)
	return s, nil
}

// registerAPI is where the report, status and config endpoints are added.
func (s *Server) registerAPI(mux *http.ServeMux) {
	newAPI(s).routes(mux) // api.go: /api/config, /api/status, /api/reports, /api/reports/{id}, /api/webhook/…
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// ContentVersion derives the build's version from the git description given
// at link time and a hash of every static file (the wasm included), so that
// caches and ETags change exactly when what is served changes.
func ContentVersion(build string, static fs.FS) (string, error) {
	h := sha256.New()
	var names []string
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(static, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	if build == "" {
		build = "dev"
	}
	return build + "+" + hex.EncodeToString(h.Sum(nil))[:12], nil
}

// allowGet answers 405 for anything but GET and HEAD.
func (s *Server) allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	s.writeError(w, r, Errorf(wire.CodeMethod, "method not allowed"))
	return false
}

var (
	noStore  = []string{"no-store"}
	noCache  = []string{"no-cache"}
	jsonType = []string{"application/json; charset=utf-8"}
)

// handleTime answers {"unix_ms": N, "server_clock": {...}}: the reference of
// the clock check and what the server knows about its own clock (see
// refclock.Checker.AppendTimeJSON). It is on the hot path of every check
// (five samples), so it builds the answer in one buffer from bytes encoded
// beforehand and sets headers without allocating.
func (s *Server) handleTime(w http.ResponseWriter, r *http.Request) {
	if !s.allowGet(w, r) {
		return
	}
	var buf [128]byte
	b := append(buf[:0], `{"unix_ms":`...)
	b = strconv.AppendInt(b, s.now().UnixMilli(), 10)
	b = s.opts.ServerClock.AppendTimeJSON(b)
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// handleHealth answers 200 while the server runs (liveness).
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if !s.allowGet(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, wire.Health{Status: "ok", Version: s.opts.Version})
}

// readyTimeout bounds the report store's readiness check.
const readyTimeout = 3 * time.Second

// handleReady answers 200 while reports can be stored and 503 (a JSON
// error with Retry-After) while they cannot: the store asks itself
// (reports.Store.Ready; the server's reports.Guard adds the free-space
// floor), so the answer turns back to 200 by itself once the cause is gone.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if !s.allowGet(w, r) {
		return
	}
	if st := s.opts.Reports; st != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := st.Ready(ctx); err != nil {
			if !errors.Is(err, reports.ErrUnavailable) {
				err = &reports.UnavailableError{Reason: "report storage is not ready", Err: err}
			}
			s.writeError(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, wire.Health{Status: "ready", Version: s.opts.Version})
}

// handleAPINotFound answers unknown /api/ paths with a JSON 404, never the page.
func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, Errorf(wire.CodeNotFound, "no such API endpoint"))
}

// handleApp serves static files, go-app's files and the prerendered pages.
func (s *Server) handleApp(w http.ResponseWriter, r *http.Request) {
	if !s.allowGet(w, r) {
		return
	}
	h := w.Header()
	h["Cache-Control"] = noCache
	if a, ok := s.assets[r.URL.Path]; ok {
		if s.notModified(w, r, s.etag) {
			return
		}
		serveAsset(w, r, a)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/web/") || strings.Contains(r.URL.Path, ".") {
		http.NotFound(w, r)
		return
	}
	page, ok := ui.PageFor(r.URL.Path)
	if !ok {
		http.NotFound(w, r) // before If-None-Match: no page, no 304
		return
	}
	lang := pageLang(r)
	h.Add("Vary", "Accept-Language")
	etag := `"` + s.opts.Version + "-" + string(lang) + `"`
	if s.notModified(w, r, etag) {
		return
	}
	a, err := s.page(page, lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	serveAsset(w, r, a)
}

// page returns the prerendered page (a path ui.PageFor gave) in lang,
// rendering and compressing it the first time: every page is kept per
// language, so a page costs its rendering once per language and version.
func (s *Server) page(page string, lang i18n.Lang) (*asset, error) {
	key := string(lang) + " " + page
	if a, ok := s.pages.Load(key); ok {
		return a.(*asset), nil
	}
	status, body := s.renderPage(page, lang)
	if status != http.StatusOK {
		return nil, fmt.Errorf("httpserver: go-app rendered %s with status %d", page, status)
	}
	a, _ := s.pages.LoadOrStore(key, newAsset("text/html; charset=utf-8", body, nil, nil, brotli.BestCompression))
	return a.(*asset), nil
}

// notModified answers 304 when the client holds this version.
func (s *Server) notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	w.Header().Set("ETag", etag)
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if strings.TrimSpace(t) == etag {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}
