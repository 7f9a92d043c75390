package httpserver

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/ui"
)

var routesOnce sync.Once

// wasmBody stands in for the wasm binary: compressible, and big enough that
// the compressed form is clearly smaller.
var wasmBody = bytes.Repeat([]byte("\x00asm wasm body "), 4096)

// consoleWasmBody stands in for the console's wasm.
var consoleWasmBody = bytes.Repeat([]byte("\x00asm console body "), 1024)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"web/app.wasm":           {Data: wasmBody},
		"web/app.wasm.br":        {Data: compressBrotli(wasmBody, 5)},
		"web/console.wasm":       {Data: consoleWasmBody},
		"web/style.css":          {Data: []byte(strings.Repeat("body { color: #111; }\n", 40))},
		"web/icons/icon.svg":     {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">` + strings.Repeat(" ", 400) + `</svg>`)},
		"web/icons/icon-192.png": {Data: []byte("\x89PNG fake")},
		"web/robots.txt":         {Data: []byte("User-agent: *\nAllow: /\n")},
	}
}

// testOptions are the Options of a test server (version test-1, testFS),
// changed by mutate; the routes are registered.
func testOptions(mutate ...func(*Options)) Options {
	routesOnce.Do(ui.Routes)
	opts := Options{Version: "test-1", Static: testFS()}
	for _, m := range mutate {
		m(&opts)
	}
	return opts
}

func newTestServer(t testing.TB, mutate ...func(*Options)) *Server {
	t.Helper()
	s, err := New(testOptions(mutate...))
	require.NoError(t, err)
	return s
}

func do(s http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// decode undoes the response's Content-Encoding.
func decode(t testing.TB, rec *httptest.ResponseRecorder) []byte {
	t.Helper()
	body := rec.Body.Bytes()
	switch rec.Header().Get("Content-Encoding") {
	case "br":
		b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
		require.NoError(t, err)
		return b
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		require.NoError(t, err)
		b, err := io.ReadAll(zr)
		require.NoError(t, err)
		return b
	case "":
		return body
	}
	t.Fatalf("unexpected Content-Encoding %q", rec.Header().Get("Content-Encoding"))
	return nil
}

func TestStaleSiblingsAreNeverServed(t *testing.T) {
	fsys := testFS()
	older := bytes.Repeat([]byte("an older wasm build "), 4096)
	fsys["web/app.wasm.br"] = &fstest.MapFile{Data: compressBrotli(older, 5)}
	fsys["web/app.wasm.gz"] = &fstest.MapFile{Data: compressGzip(older)}
	s, err := New(Options{Version: "v", Static: fsys})
	require.NoError(t, err)
	for _, enc := range []string{"br", "gzip", ""} {
		rec := do(s, http.MethodGet, "/web/app.wasm", map[string]string{"Accept-Encoding": enc})
		assert.Equal(t, wasmBody, decode(t, rec), "Accept-Encoding %q", enc)
	}
}

func TestPrerenderFixesGoAppOutput(t *testing.T) {
	in := []byte(`<meta property="og:url" content="http:///?lang=zh">
<meta content="http:///support/id?lang=zh" property="og:url">
<span class="icon" aria-hidden>x</span><span aria-hidden class="bar"></span><b aria-label="ok">y</b>`)
	out := string(fixPrerender(in))
	assert.NotContains(t, out, "og:url")
	assert.Contains(t, out, `<span class="icon" aria-hidden="true">`)
	assert.Contains(t, out, `<span aria-hidden="true" class="bar">`)
	assert.Contains(t, out, `aria-label="ok"`)
}

// TestWasmLoaderStreamsTheResponseItself checks the app.js the server
// sends: the wasm response goes to instantiateStreaming as it came (no
// synthetic stream pumped in JS), under a service worker it is not even
// counted, and a changed go-app script is refused rather than served with
// the old pump.
func TestWasmLoaderStreamsTheResponseItself(t *testing.T) {
	s := newTestServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/app.js", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	js := rec.Body.String()
	assert.Contains(t, js, `instantiateStreaming(
      wpscheckFetchWasm("/web/app.wasm", showProgress),`)
	assert.NotContains(t, js, `fetchWithProgress("/web/app.wasm"`)
	assert.Contains(t, js, "async function wpscheckFetchWasm(url, progress)")
	assert.Contains(t, js, "response.clone().body.getReader()", "progress counts a clone")
	assert.Contains(t, js, "navigator.serviceWorker.controller) {\n    if (response.ok) progress(100);\n    return response;", "a repeat visit from the worker skips the counting clone")
	assert.Equal(t, 2, strings.Count(js, "return response;"), "the loader hands over the response itself, on both paths")
	assert.NotContains(t, js, "return new Response(", "no synthetic response")

	_, err := fixAppJS([]byte("async function goappInitWebAssembly() { fetch(url) }"), checkWasm)
	assert.ErrorContains(t, err, "fetchWithProgress")

	// A wasm that fails to start is said on the page, not only in the
	// loader's label.
	assert.Contains(t, js, "loaderLabel.innerText = err;\n    wpscheckCannotCheck();\n")
	assert.Contains(t, js, `if (typeof WebAssembly !== "object" && goappCanLoadWebAssembly()) {`)
	_, err = fixAppJS([]byte(`const r = fetchWithProgress("/web/app.wasm", showProgress); } catch (err) { label.textContent = err; }`), checkWasm)
	assert.ErrorContains(t, err, "loaderLabel.innerText = err")
}

// TestWorkerRegisteredAfterTheVerdict checks the self-check's app.js: go-app's
// registration as the script starts is replaced by one that waits for the
// check's verdict (or 10 s after load), and a go-app script that registers
// the worker some other way is refused rather than served registering it
// at once.
func TestWorkerRegisteredAfterTheVerdict(t *testing.T) {
	s := newTestServer(t)
	js := do(s, http.MethodGet, "/app.js", nil).Body.String()
	assert.NotContains(t, js, "\ngoappInitServiceWorker();\n")
	assert.Equal(t, 1, strings.Count(js, "\nwpscheckRegisterWorkerLater();\n"))
	assert.Contains(t, js, "function wpscheckRegisterWorkerLater()")
	assert.Contains(t, js, `root.dataset.checkState === "done"`, "the check page's own signal (app/ui sets data-check-state)")
	assert.Contains(t, js, `setTimeout(start, 10000)`)
	assert.Equal(t, 1, strings.Count(js, "goappInitServiceWorker();"), "one call, inside the delayed start")

	_, err := workerAfterVerdict([]byte("goappInitServiceWorker(); // no longer a statement of its own"))
	assert.ErrorContains(t, err, "does not register the service worker as expected")
}

// TestWarmUpBeforeGo checks the self-check's app.js: the page's Go starts
// after the warm-up worker (or its failure, or its time running out), the
// console's app.js starts its own at once (its wasm has no warm-up), and a
// go-app script that starts Go some other way is refused.
func TestWarmUpBeforeGo(t *testing.T) {
	s := newTestServer(t)
	js := do(s, http.MethodGet, "/app.js", nil).Body.String()
	assert.Equal(t, 1, strings.Count(js, "    await wpscheckWarm(wasm.module);\n    go.run(wasm.instance);\n"))
	assert.Contains(t, js, "function wpscheckWarm(module)")
	assert.Contains(t, js, `return new Worker("/web/warm.js");`)
	assert.Contains(t, js, "setTimeout(() => proceed(\"timeout\"), 2000)")

	console := do(s, http.MethodGet, consoleJS, nil).Body.String()
	assert.Contains(t, console, "    go.run(wasm.instance);\n")
	assert.NotContains(t, console, "wpscheckWarm")

	_, err := warmFirst([]byte("go.run(instance); // not go-app's loader"))
	assert.ErrorContains(t, err, "does not start Go as expected")
}

func TestNewRequiresVersionAndStatic(t *testing.T) {
	_, err := New(Options{Static: testFS()})
	assert.ErrorContains(t, err, "Version")
	_, err = New(Options{Version: "v"})
	assert.ErrorContains(t, err, "Static")
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s := newTestServer(t)
	for _, target := range []string{"/", "/web/app.wasm", "/app.js", "/api/time", "/api/nope", "/healthz", "/web/missing.png", "/nope"} {
		t.Run(target, func(t *testing.T) {
			rec := do(s, http.MethodGet, target, nil)
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			assert.Contains(t, csp, "default-src 'self'")
			assert.Contains(t, csp, "script-src 'self' 'wasm-unsafe-eval'")
			assert.NotContains(t, csp, "'unsafe-eval'")
			assert.NotContains(t, csp, "'unsafe-inline'")
			assert.Contains(t, csp, "frame-ancestors 'none'")
			assert.Contains(t, csp, "connect-src 'self' https:")
			assert.Contains(t, csp, "img-src 'self' https:")
			assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
			assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"))
			assert.Empty(t, h.Get("Strict-Transport-Security"), "no HSTS over plain HTTP")
		})
	}
	tls := newTestServer(t, func(o *Options) { o.HSTS = true })
	assert.Contains(t, do(tls, http.MethodGet, "/", nil).Header().Get("Strict-Transport-Security"), "max-age=")
}

func TestCompressionNegotiation(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name, target, acceptEncoding, wantEncoding, wantType string
	}{
		{"wasm brotli from the build", "/web/app.wasm", "gzip, deflate, br", "br", "application/wasm"},
		{"wasm gzip made at start", "/web/app.wasm", "gzip", "gzip", "application/wasm"},
		{"wasm identity", "/web/app.wasm", "", "", "application/wasm"},
		{"br refused by q=0", "/web/app.wasm", "br;q=0, gzip", "gzip", "application/wasm"},
		{"star accepts br", "/web/app.wasm", "*", "br", "application/wasm"},
		{"star with identity only refused codings", "/web/app.wasm", "*;q=0", "", "application/wasm"},
		{"bogus header", "/web/app.wasm", ";;;q=,,=br;q=zz", "", "application/wasm"},
		{"unknown codings only", "/web/app.wasm", "zstd, compress", "", "application/wasm"},
		{"x-gzip", "/web/style.css", "x-gzip", "gzip", "text/css; charset=utf-8"},
		{"css brotli", "/web/style.css", "br", "br", "text/css; charset=utf-8"},
		{"svg brotli", "/web/icons/icon.svg", "br", "br", "image/svg+xml"},
		{"png never compressed", "/web/icons/icon-192.png", "br, gzip", "", "image/png"},
		{"go-app js brotli", "/app.js", "br", "br", "text/javascript; charset=utf-8"},
		{"service worker gzip", "/app-worker.js", "gzip", "gzip", "text/javascript; charset=utf-8"},
		{"manifest", "/manifest.webmanifest", "br", "br", "application/manifest+json"},
		{"page brotli", "/", "br", "br", "text/html; charset=utf-8"},
		{"page gzip", "/", "gzip", "gzip", "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, http.MethodGet, tt.target, map[string]string{"Accept-Encoding": tt.acceptEncoding})
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, tt.wantEncoding, rec.Header().Get("Content-Encoding"))
			assert.Equal(t, tt.wantType, rec.Header().Get("Content-Type"))
			body := decode(t, rec)
			assert.Equal(t, strconv.Itoa(rec.Body.Len()), rec.Header().Get("Content-Length"))
			assert.Equal(t, strconv.Itoa(len(body)), rec.Header().Get(UncompressedLengthHeader),
				"the uncompressed length drives go-app's progress bar")
			if tt.target != "/web/icons/icon-192.png" {
				assert.Contains(t, rec.Header().Values("Vary"), "Accept-Encoding")
			}
			if tt.target == "/web/app.wasm" {
				assert.Equal(t, wasmBody, body)
			}
		})
	}
}

func TestHeadSendsHeadersOnly(t *testing.T) {
	s := newTestServer(t)
	for _, target := range []string{"/web/app.wasm", "/", "/api/time", "/app.js"} {
		t.Run(target, func(t *testing.T) {
			get := do(s, http.MethodGet, target, map[string]string{"Accept-Encoding": "br"})
			head := do(s, http.MethodHead, target, map[string]string{"Accept-Encoding": "br"})
			assert.Equal(t, http.StatusOK, head.Code)
			assert.Zero(t, head.Body.Len())
			assert.Equal(t, get.Header().Get("Content-Type"), head.Header().Get("Content-Type"))
			assert.Equal(t, get.Header().Get("Content-Encoding"), head.Header().Get("Content-Encoding"))
		})
	}
}

func TestAPITime(t *testing.T) {
	fixed := time.Date(2026, 11, 25, 8, 0, 0, 123_000_000, time.UTC)
	s := newTestServer(t, func(o *Options) { o.Now = func() time.Time { return fixed } })
	rec := do(s, http.MethodGet, "/api/time", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var got struct {
		UnixMS      int64                 `json:"unix_ms"`
		ServerClock diagnosis.ServerClock `json:"server_clock"`
	}
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&got))
	assert.Equal(t, fixed.UnixMilli(), got.UnixMS)
	assert.Equal(t, diagnosis.ServerClock{State: diagnosis.ServerClockUnknown}, got.ServerClock, "no check of the server's clock: unknown")

	live := newTestServer(t)
	before := time.Now().UnixMilli()
	require.NoError(t, json.Unmarshal(do(live, http.MethodGet, "/api/time", nil).Body.Bytes(), &got))
	assert.GreaterOrEqual(t, got.UnixMS, before)
	assert.LessOrEqual(t, got.UnixMS, time.Now().UnixMilli())
}

func TestErrorsAreJSON(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		method, target string
		status         int
		code           string
	}{
		{http.MethodGet, "/api/nope", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/api/", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/api/time/extra", http.StatusNotFound, "not_found"},
		{http.MethodPost, "/api/time", http.StatusMethodNotAllowed, "method"},
		{http.MethodDelete, "/healthz", http.StatusMethodNotAllowed, "method"},
		{http.MethodPost, "/", http.StatusMethodNotAllowed, "method"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := do(s, tt.method, tt.target, nil)
			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
			var body struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
			assert.Equal(t, tt.code, body.Error.Code)
			assert.NotEmpty(t, body.Error.Message)
			assert.NotContains(t, rec.Body.String(), "<html")
		})
	}
}

func TestNotFoundPaths(t *testing.T) {
	s := newTestServer(t)
	for _, target := range []string{"/web/missing.js", "/nope", "/web/app.wasm.br", "/sitemap.xml", "/ads.txt"} {
		rec := do(s, http.MethodGet, target, nil)
		assert.Equal(t, http.StatusNotFound, rec.Code, target)
		assert.NotContains(t, rec.Body.String(), "<html", target)
	}
	assert.Equal(t, http.StatusOK, do(s, http.MethodGet, "/robots.txt", nil).Code)
}

func TestPageIsPrerenderedZoomableAndInTheVisitorsLanguage(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name, target, acceptLanguage, wantLang, wantTitle string
	}{
		{"chinese browser", "/", "zh-CN,zh;q=0.9,en;q=0.8", `lang="zh-CN"`, "WPS 登录自助检测"},
		{"english browser", "/", "en-US,en;q=0.9", `lang="en"`, "WPS login self-check"},
		{"no header", "/", "", `lang="zh-CN"`, "WPS 登录自助检测"},
		{"?lang=en wins", "/?lang=en", "zh-CN", `lang="en"`, "WPS login self-check"},
		{"?lang=zh wins", "/?lang=zh", "en-US", `lang="zh-CN"`, "WPS 登录自助检测"},
		{"bad ?lang ignored", "/?lang=%3Cscript%3E", "en", `lang="en"`, "WPS login self-check"},
		{"other language falls back to english", "/", "fr-FR,de", `lang="en"`, "WPS login self-check"},
		{"/en/ is English whatever the browser says", "/en/", "zh-CN", `lang="en"`, "WPS login self-check"},
		{"/zh/ is Chinese whatever the browser says", "/zh/?lang=en", "en-US", `lang="zh-CN"`, "WPS 登录自助检测"},
		{"/en/ keeps its ticket to the browser", "/en/?ticket=T-1", "", `lang="en"`, "WPS login self-check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, http.MethodGet, tt.target, map[string]string{"Accept-Language": tt.acceptLanguage})
			require.Equal(t, http.StatusOK, rec.Code)
			page := rec.Body.String()
			assert.Contains(t, page, tt.wantLang)
			assert.Contains(t, page, "<title>"+tt.wantTitle+"</title>")
			assert.Contains(t, page, `content="width=device-width, initial-scale=1, viewport-fit=cover"`)
			assert.NotContains(t, page, "user-scalable=0")
			assert.NotContains(t, page, "raw.githubusercontent.com", "icons must be local for offline install")
			assert.Contains(t, rec.Header().Values("Vary"), "Accept-Language")
		})
	}
}

func TestPrerenderNeverEchoesQueryParameters(t *testing.T) {
	s := newTestServer(t)
	rec := do(s, http.MethodGet, "/?ticket=%3Cscript%3Ealert(1)%3C/script%3E&symptom=%3Cb%3E", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, rec.Body.String(), "<script>alert")
	assert.NotContains(t, rec.Body.String(), "<b>")
}

func TestETagFollowsVersion(t *testing.T) {
	s := newTestServer(t)
	first := do(s, http.MethodGet, "/web/app.wasm", nil)
	etag := first.Header().Get("ETag")
	assert.Contains(t, etag, "test-1")
	again := do(s, http.MethodGet, "/web/app.wasm", map[string]string{"If-None-Match": etag})
	assert.Equal(t, http.StatusNotModified, again.Code)
	assert.Zero(t, again.Body.Len())

	page := do(s, http.MethodGet, "/?lang=en", nil)
	assert.Equal(t, http.StatusNotModified, do(s, http.MethodGet, "/?lang=en", map[string]string{"If-None-Match": page.Header().Get("ETag")}).Code)
	assert.Equal(t, http.StatusOK, do(s, http.MethodGet, "/?lang=zh", map[string]string{"If-None-Match": page.Header().Get("ETag")}).Code,
		"a page in another language is another representation")

	next := newTestServer(t, func(o *Options) { o.Version = "test-2" })
	assert.Equal(t, http.StatusOK, do(next, http.MethodGet, "/web/app.wasm", map[string]string{"If-None-Match": etag}).Code)
	assert.Contains(t, do(next, http.MethodGet, "/app-worker.js", nil).Body.String(), `"app-" + "test-2"`)
}

func TestManifest(t *testing.T) {
	s := newTestServer(t)
	var m struct {
		Name, ShortName, ThemeColor, StartURL, Display string
		Icons                                          []struct{ Src, Sizes, Purpose string }
	}
	rec := do(s, http.MethodGet, "/manifest.webmanifest", nil)
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m))
	assert.Equal(t, "WPS 登录自助检测", m.Name)
	var sizes, purposes []string
	for _, ic := range m.Icons {
		sizes = append(sizes, ic.Sizes)
		purposes = append(purposes, ic.Purpose)
		assert.True(t, strings.HasPrefix(ic.Src, "/web/icons/"), ic.Src)
	}
	assert.Contains(t, sizes, "192x192")
	assert.Contains(t, sizes, "512x512")
	assert.Contains(t, sizes, "any")
	assert.Contains(t, purposes, "maskable")
}

func TestServiceWorkerCachesTheShell(t *testing.T) {
	s := newTestServer(t)
	js := do(s, http.MethodGet, "/app-worker.js", nil).Body.String()
	for _, p := range []string{`"/"`, `"/web/app.wasm"`, `"/app.js"`, `"/wasm_exec.js"`, `"/web/style.css"`, `"/web/icons/icon.svg"`, `"/manifest.webmanifest"`, `"/web/warm.js"`} {
		assert.Contains(t, js, p)
	}
	assert.NotContains(t, js, "https://", "nothing off-site in the precache")
}

func TestContentVersion(t *testing.T) {
	a, err := ContentVersion("v1.2.3", testFS())
	require.NoError(t, err)
	b, err := ContentVersion("v1.2.3", testFS())
	require.NoError(t, err)
	assert.Equal(t, a, b, "same files, same version")
	assert.True(t, strings.HasPrefix(a, "v1.2.3+"))

	changed := testFS()
	changed["web/style.css"] = &fstest.MapFile{Data: []byte("body{}")}
	c, err := ContentVersion("v1.2.3", changed)
	require.NoError(t, err)
	assert.NotEqual(t, a, c, "a changed file changes the version")

	d, err := ContentVersion("", testFS())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(d, "dev+"))
}

func TestNegotiate(t *testing.T) {
	both := map[Encoding][]byte{EncIdentity: {}, EncBrotli: {}, EncGzip: {}}
	gzOnly := map[Encoding][]byte{EncIdentity: {}, EncGzip: {}}
	tests := []struct {
		header    string
		available map[Encoding][]byte
		want      Encoding
	}{
		{"", both, EncIdentity},
		{"br", both, EncBrotli},
		{"BR", both, EncBrotli},
		{"gzip;q=1, br;q=0.5", both, EncGzip},
		{"gzip;q=0.5, br;q=0.5", both, EncBrotli},
		{"br", gzOnly, EncIdentity},
		{"gzip, br", gzOnly, EncGzip},
		{"identity", both, EncIdentity},
		{"br;q=2", both, EncIdentity},
		{"br;level=3", both, EncIdentity},
		{"\x00\xff", both, EncIdentity},
		{strings.Repeat("gzip,", 1000), both, EncGzip},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, negotiate(tt.header, tt.available), "%q", tt.header)
	}
}
