package e2e

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/ui"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/reports/sqlite"
)

// exportSite exports the page built in this checkout (static/) as
// `server -export` does and returns the directory.
func exportSite(t testing.TB, x httpserver.ExportOptions, cfg *config.Config) string {
	t.Helper()
	routesOnce.Do(ui.Routes)
	files := os.DirFS(staticDir(t))
	version, err := httpserver.ContentVersion("e2e", files)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "site")
	_, err = httpserver.Export(httpserver.Options{Version: version, Static: files, Config: cfg}, dir, x)
	require.NoError(t, err)
	return dir
}

// staticSite is a plain static file server (net/http's FileServer) on
// loopback: no /api, none of the project's headers. It counts what it is
// asked for.
type staticSite struct {
	URL string
	srv *http.Server

	mu   sync.Mutex
	hits map[string]int // by method + " " + path
}

// serveStatic serves dir on ln (a fresh loopback listener when nil);
// wrap may stand in front of the file server (a CDN's cache, say).
func serveStatic(t testing.TB, ln net.Listener, dir string, wrap func(http.Handler) http.Handler) *staticSite {
	t.Helper()
	if ln == nil {
		var err error
		ln, err = net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
	}
	s := &staticSite{URL: "http://" + ln.Addr().String(), hits: map[string]int{}}
	var h http.Handler = http.FileServer(http.Dir(dir))
	if wrap != nil {
		h = wrap(h)
	}
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.Method+" "+r.URL.Path]++
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	})}
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(s.Stop)
	return s
}

// Stop closes the host and every connection: the network is gone.
func (s *staticSite) Stop() { _ = s.srv.Close() }

// hitsUnder counts the requests for paths under prefix.
func (s *staticSite) hitsUnder(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, v := range s.hits {
		if _, p, _ := strings.Cut(k, " "); strings.HasPrefix(p, prefix) {
			n += v
		}
	}
	return n
}

// cdnCache plays a CDN that kept config.json for age: the origin's Date is
// that old, and the cache says so in Age.
func cdnCache(age time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == ui.SnapshotPath {
				w.Header().Set("Date", time.Now().Add(-age).UTC().Format(http.TimeFormat))
				w.Header().Set("Age", strconv.Itoa(int(age.Seconds())))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestStaticExport opens the exported page served by a plain static file
// server, with no /api at all: the fakes all answer, so nothing is wrong;
// the clock is known from the Date of the snapshot (less Age when a CDN
// kept it); the server's own view is unknown and nothing offers to send a
// report; the console stays clean (no 404 of an API it does not have).
func TestStaticExport(t *testing.T) {
	requireBrowser(t)
	dir := exportSite(t, httpserver.ExportOptions{}, nil)
	for _, tc := range []struct {
		name    string
		size    browserOptions
		path    string
		lang    i18n.Lang
		wrap    func(http.Handler) http.Handler
		offline bool // then the host goes away: the page opens from the worker
	}{
		{"file server, phone, zh", phone, "/", i18n.ZH, nil, true},
		// A CDN kept the snapshot 10 minutes: without its Age the device
		// would read 10 minutes fast.
		{"cdn kept config 10 min, desktop, /en/", desktop, "/en/", i18n.EN, cdnCache(10 * time.Minute), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site := serveStatic(t, nil, dir, tc.wrap)
			wps := startFakeWPS(t)
			o := tc.size
			o.Lang = "zh-CN"
			o.ExtraFlags = wps.flags(allAnswer)
			r := &checkRun{t: t, wps: wps, b: startBrowser(t, o)}

			// Each language's page is prerendered in it: no negotiation.
			res, err := http.Get(site.URL + tc.path)
			require.NoError(t, err)
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			assert.Contains(t, string(page), `<html lang="`+tc.lang.Tag()+`">`)

			r.b.navigate(site.URL + tc.path)
			r.waitDone()
			r.explainLatency()
			r.assertHealthy()
			assert.Equal(t, tc.lang, r.rep.Lang)
			assert.Equal(t, diagnosis.ClockSourceDateHeader, r.rep.Clock.Source, "the clock is known from Date")
			assert.Equal(t, diagnosis.ClockOK, r.rep.Clock.Verdict, "offset %d ± %d ms", r.rep.Clock.OffsetMS, r.rep.Clock.UncertaintyMS)
			assert.Less(t, abs(r.rep.Clock.OffsetMS), int64(2500), "offset (ms)")
			if tc.wrap != nil {
				assert.GreaterOrEqual(t, r.rep.Clock.UncertaintyMS, int64(1000), "a cached Date is known to two seconds")
			}
			r.assertConsistent()

			text := r.bodyText()
			assert.Contains(t, text, map[i18n.Lang]string{i18n.ZH: "本检测服务器暂未提供它自己的检测结果", i18n.EN: "Our server has no check of its own"}[tc.lang],
				"the server's own view is shown as unknown")
			assert.False(t, eval[bool](r.b, `!!document.querySelector("#send-report")`), "no server: nothing offers to send a report")
			assert.True(t, eval[bool](r.b, `!!document.querySelector("#copy-report")`), "the report can still be copied")
			assert.Zero(t, site.hitsUnder("/api/"), "the page asks a static host for no API")
			assert.Positive(t, site.hitsUnder(ui.SnapshotPath), "the snapshot was read")
			assert.Empty(t, r.b.problems(), "console errors or CSP violations:\n%s", r.b.consoleText())
			r.b.screenshot("static-export-" + strings.NewReplacer(" ", "-", ",", "", "/", "").Replace(tc.name))
			if !tc.offline {
				return
			}

			// The worker keeps the shell, the hashed wasm among it; with the
			// host gone the page still opens, checks and guides.
			require.True(t, eval[bool](r.b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))
			cached := eval[[]string](r.b, `caches.keys().then(ks => caches.open(ks[0])).then(c => c.keys()).then(rs => rs.map(r => new URL(r.url).pathname))`)
			assert.Contains(t, cached, "/")
			assert.Condition(t, func() bool {
				for _, p := range cached {
					if strings.HasPrefix(p, "/web/app.") && strings.HasSuffix(p, ".wasm") {
						return true
					}
				}
				return false
			}, "the hashed wasm is in the worker's cache: %v", cached)
			site.Stop()
			r.b.navigate(site.URL + tc.path)
			r.waitDone()
			assert.True(t, eval[bool](r.b, `navigator.serviceWorker.controller !== null`), "the page comes from the worker")
			assert.Equal(t, diagnosis.StatusFail, r.status(diagnosis.EndpointControl).Status, "the page's own host is gone")
			assert.Contains(t, r.rep.Findings, diagnosis.FindingCheckerUnreachable)
			assert.Equal(t, diagnosis.ClockUnknown, r.rep.Clock.Verdict, "no Date to read")
			r.assertConsistent()
		})
	}
}

// TestStaticExportWithAPI: the page exported with an API origin (the real
// server on a second loopback origin, listing the page's origin in
// page_origins) takes its clock, config and status from that server across
// origins, and a report sent from the static page lands in that server's
// store.
func TestStaticExportWithAPI(t *testing.T) {
	requireBrowser(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	pageOrigin := "http://" + ln.Addr().String()
	cfg, err := config.Parse([]byte(`{"reports": {"upload": true}, "page_origins": ["` + pageOrigin + `"]}`))
	require.NoError(t, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })

	var mu sync.Mutex
	apiHits := map[string]int{}
	api := startApp(t, appOptions{
		Mutate: func(o *httpserver.Options) { o.Config, o.Reports = cfg, store },
		Wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				apiHits[r.Method+" "+r.URL.Path]++
				mu.Unlock()
				next.ServeHTTP(w, r)
			})
		},
	})
	apiOrigin, err := config.ParseOrigin(api.URL)
	require.NoError(t, err)
	site := serveStatic(t, ln, exportSite(t, httpserver.ExportOptions{APIOrigin: apiOrigin}, config.Default()), nil)

	wps := startFakeWPS(t)
	o := phone
	o.Lang, o.ExtraFlags = "en-US", wps.flags(allAnswer)
	r := &checkRun{t: t, wps: wps, b: startBrowser(t, o)}
	r.b.navigate(site.URL + "/?ticket=T-CDN")
	r.waitDone()
	r.assertTop(diagnosis.FindingNoIssueFound)
	assert.Equal(t, diagnosis.ClockSourceTimeAPI, r.rep.Clock.Source, "the clock samples the API's /api/time across origins")
	assert.Equal(t, diagnosis.ClockOK, r.rep.Clock.Verdict)
	r.assertConsistent()

	r.b.waitFor(`!!document.querySelector("#send-report")`, 10*time.Second)
	r.b.do(10*time.Second, chromedpClick(`#send-report`))
	r.b.waitFor(`!!document.querySelector("#consent-send")`, 10*time.Second)
	r.b.do(10*time.Second, chromedpClick(`#consent-send`))
	r.b.waitFor(`!!document.querySelector("#report-id") || !!document.querySelector(".upload-error")`, 20*time.Second)
	require.False(t, eval[bool](r.b, `!!document.querySelector(".upload-error")`), "upload failed: %s\nconsole:\n%s",
		eval[string](r.b, `(document.querySelector(".upload-error") || {}).textContent || ""`), r.b.consoleText())
	id := eval[string](r.b, `document.querySelector("#report-id").textContent`)
	rec, err := store.Get(context.Background(), id)
	require.NoError(t, err, "the report %s is in the API's store", id)
	assert.Equal(t, "T-CDN", rec.Ticket)
	assert.Contains(t, string(rec.JSON), `"ticket":"T-CDN"`)
	r.b.screenshot("static-export-api-sent-en-phone")

	mu.Lock()
	for _, k := range []string{"GET /api/time", "GET /api/config", "GET /api/status", "OPTIONS /api/reports", "POST /api/reports"} {
		assert.Positive(t, apiHits[k], "the API saw %s (%v)", k, apiHits)
	}
	mu.Unlock()
	assert.Zero(t, site.hitsUnder("/api/"), "the static host is asked for no API")
	assert.Empty(t, r.b.problems(), "console errors or CSP violations:\n%s", r.b.consoleText())
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
