// Package e2e drives the real page in Debian's Chromium (headless) against the
// server running in this process on loopback. It needs the built wasm
// (`make build`); `make test` builds it first.
package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"wpscheck/app/ui"
	"wpscheck/server/httpserver"
)

// chromiumPath is the browser the tests drive; CHROMIUM overrides it.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// staticDir is the repository's static/ directory (holding web/app.wasm).
func staticDir(t testing.TB) string {
	d, err := filepath.Abs("../../static")
	require.NoError(t, err)
	return d
}

var routesOnce sync.Once

// requireBrowser skips (loudly) when there is no Chromium and CI is unset;
// under CI a missing browser, or a missing wasm build, fails the test.
func requireBrowser(t testing.TB) string {
	t.Helper()
	p := chromiumPath()
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but no Chromium was found (install Debian's chromium or set CHROMIUM)")
		}
		t.Skip("\n\n*** SKIPPING BROWSER TESTS: no Chromium found. Install Debian's `chromium` (make deps) to run them. ***\n")
	}
	if _, err := os.Stat(filepath.Join(staticDir(t), "web", "app.wasm")); err != nil {
		t.Fatal("static/web/app.wasm is missing: run `make build` (make test does) before the browser tests")
	}
	return p
}

// appOptions change the server a test runs.
type appOptions struct {
	// ClockSkew shifts the server's /api/time (plays a wrong device clock).
	ClockSkew time.Duration
	// Mutate may change the httpserver options before the server is built.
	Mutate func(*httpserver.Options)
	// Wrap may put a handler in front of the server (e.g. to drop requests).
	Wrap func(http.Handler) http.Handler
	// StaticDir serves the static files from this directory instead of the
	// repository's static/ (e.g. with another wasm).
	StaticDir string
}

// testApp is the server under test on a loopback port.
type testApp struct {
	URL     string
	Version string
	srv     *http.Server
	ln      net.Listener
}

// startApp runs the self-check server on 127.0.0.1 with the built static files.
func startApp(t testing.TB, o appOptions) *testApp {
	t.Helper()
	routesOnce.Do(ui.Routes)
	dir := o.StaticDir
	if dir == "" {
		dir = staticDir(t)
	}
	files := os.DirFS(dir)
	version, err := httpserver.ContentVersion("e2e", files)
	require.NoError(t, err)
	opts := httpserver.Options{Version: version, Static: files}
	if o.ClockSkew != 0 {
		opts.Now = func() time.Time { return time.Now().Add(o.ClockSkew) }
	}
	if o.Mutate != nil {
		o.Mutate(&opts)
	}
	s, err := httpserver.New(opts)
	require.NoError(t, err)
	var h http.Handler = s
	if o.Wrap != nil {
		h = o.Wrap(h)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	a := &testApp{URL: "http://" + ln.Addr().String(), Version: version, ln: ln, srv: &http.Server{Handler: h}}
	go func() { _ = a.srv.Serve(ln) }()
	t.Cleanup(a.Stop)
	return a
}

// Stop closes the server and every connection: the network is gone for the
// page (connection refused), as when a device loses its link.
func (a *testApp) Stop() {
	_ = a.srv.Close()
}

// browserOptions change how Chromium starts.
type browserOptions struct {
	Width, Height int64 // viewport; zero means the phone size 390×844
	Mobile        bool
	UserAgent     string
	ExtraFlags    map[string]any // e.g. host-resolver-rules, ignore-certificate-errors
	Env           []string       // e.g. TZ=Asia/Shanghai
	Lang          string         // --lang and Accept-Language, e.g. "zh-CN" or "en-US"

	// UAMetadata goes with UserAgent: the client hints of a Chromium-based
	// browser (navigator.userAgentData and Sec-CH-UA-*). With a UserAgent
	// and no UAMetadata the page sees no navigator.userAgentData at all, as
	// in Safari, Firefox, ArkWeb and Android WebViews; Chromium would
	// otherwise keep reporting its own Linux hints under any user agent.
	UAMetadata *emulation.UserAgentMetadata
	// NavigatorPlatform is navigator.platform with a UserAgent (e.g. "iPhone").
	NavigatorPlatform string
	// NoTemporal removes Temporal, as in browsers that do not have it yet:
	// the page then reads the time zone from Intl.DateTimeFormat.
	NoTemporal bool
	// TouchPoints, when positive, turns touch emulation on with that many
	// points (navigator.maxTouchPoints): phones and tablets report 5.
	TouchPoints int64
}

// phone and desktop are the two sizes every page test runs at.
var (
	phone   = browserOptions{Width: 390, Height: 844, Mobile: true}
	desktop = browserOptions{Width: 1280, Height: 800}
)

// testBrowser is one headless Chromium with one tab and its console record.
type testBrowser struct {
	t   testing.TB
	ctx context.Context

	// close ends Chromium and removes its profile (once; cleanup calls it).
	close func()

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// startBrowser starts Chromium with the flags CONTRIBUTING.md names and a
// fresh profile, and records the tab's console from the start.
func startBrowser(t testing.TB, o browserOptions) *testBrowser {
	t.Helper()
	path := requireBrowser(t)
	if o.Width == 0 {
		o.Width, o.Height, o.Mobile = phone.Width, phone.Height, true
	}
	// A fresh profile, removed after Chromium has exited: t.TempDir's own
	// cleanup fails the test when Chromium still writes to it while closing.
	profile, err := os.MkdirTemp("", "e2e-chromium-")
	require.NoError(t, err)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(int(o.Width), int(o.Height)),
	}
	if o.UserAgent != "" {
		opts = append(opts, chromedp.UserAgent(o.UserAgent))
	}
	if o.Lang != "" {
		opts = append(opts, chromedp.Flag("lang", o.Lang), chromedp.Flag("accept-lang", o.Lang))
	}
	if _, ok := o.ExtraFlags["host-resolver-rules"]; !ok {
		// Traffic only to loopback: with no fake world, no name resolves
		// but the page server's own (the page's probes fail fast).
		opts = append(opts, chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"))
	}
	for k, v := range o.ExtraFlags {
		opts = append(opts, chromedp.Flag(k, v))
	}
	if len(o.Env) > 0 {
		opts = append(opts, chromedp.Env(o.Env...))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	b := &testBrowser{t: t, ctx: ctx}
	b.close = sync.OnceFunc(func() {
		tctx, tcancel := context.WithTimeout(ctx, 15*time.Second)
		_ = chromedp.Cancel(tctx) // closes Chromium and waits for it
		tcancel()
		cancelCtx()
		cancelAlloc()
		for range 20 { // a closing Chromium may still write for a moment
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove the Chromium profile %s", profile)
	})
	t.Cleanup(b.close)

	require.NoError(t, chromedp.Do(ctx), "starting Chromium")
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	require.NoError(t, chromedp.Do(ctx, viewport(o)))
	if o.TouchPoints > 0 {
		_, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: o.TouchPoints})
		require.NoError(t, err)
	}
	if o.UserAgent != "" {
		_, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
			UserAgent: o.UserAgent, AcceptLanguage: o.Lang, Platform: o.NavigatorPlatform, UserAgentMetadata: o.UAMetadata,
		})
		require.NoError(t, err)
		if o.UAMetadata == nil {
			b.addScript(`delete Navigator.prototype.userAgentData; delete navigator.userAgentData;`)
		}
	}
	if o.NoTemporal {
		b.addScript(`delete globalThis.Temporal;`)
	}
	b.addScript(instrumentJS)
	return b
}

// viewport emulates o's window on a tab: its size, and on a phone its
// pixel ratio and touch-first mobile mode.
func viewport(o browserOptions) chromedp.Action[chromedp.Void] {
	var vopts []chromedp.EmulateViewportOption
	if o.Mobile {
		vopts = append(vopts, chromedp.EmulateScale(3), chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(o.Width, o.Height, vopts...)
}

// addScript runs src in every document the tab opens from now on, before
// the page's own scripts (DevTools injects it: the page's CSP does not apply).
func (b *testBrowser) addScript(src string) {
	b.t.Helper()
	_, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
	require.NoError(b.t, err)
}

// h1TextJS is the page heading as a person reads it: whitespace collapsed
// (the server's prerender puts the heading's parts on lines of their own).
const h1TextJS = `document.querySelector("h1").textContent.replace(/\s+/g, " ").trim()`

// instrumentJS records, in window.__e2e, every value data-check-state takes
// on <html> in order (states) and when (marks, performance.now() ms since
// navigation start): the first "running", the first "done", "live" (the
// wasm component mounted) and "wasmStart" (the wasm instance is ready and
// go.run starts, taken by wrapping WebAssembly.instantiate*); in wasm the
// Resource Timing of the app.wasm download; in longTasks every main-thread
// task over 50 ms as [start, duration].
const instrumentJS = `(() => {
  if (window.__e2e) return;
  const e2e = window.__e2e = {states: [], marks: {}};
  const note = () => {
    const root = document.documentElement;
    if (!root) return;
    const s = root.dataset.checkState;
    if (s && e2e.states[e2e.states.length - 1] !== s) {
      e2e.states.push(s);
      if (!(s in e2e.marks)) e2e.marks[s] = performance.now();
    }
    if (root.dataset.app === "live" && !("live" in e2e.marks)) e2e.marks.live = performance.now();
  };
  new MutationObserver(note).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-check-state", "data-app"]});
  // The page may clear the Resource Timing buffer; an observer keeps the
  // wasm download's entry anyway.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name.endsWith(".wasm")) e2e.wasm = {duration: e.duration, bytes: e.transferSize, end: e.responseEnd};
      }
    }).observe({type: "resource", buffered: true});
  } catch (e) {}
  // Main-thread tasks over 50 ms, for the benchmark's blocking time.
  e2e.longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) e2e.longTasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (e) {}
  for (const k of ["instantiateStreaming", "instantiate"]) {
    const f = WebAssembly[k];
    if (!f) continue;
    WebAssembly[k] = function (...args) {
      return f.apply(this, args).then((r) => {
        if (!("wasmStart" in e2e.marks)) e2e.marks.wasmStart = performance.now();
        return r;
      });
    };
  }
})();`

// do runs actions with a deadline, failing the test on error.
func (b *testBrowser) do(timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	require.NoError(b.t, chromedp.Do(ctx, actions...))
}

// eval evaluates a JS expression (promises awaited) into T.
func eval[T any](b *testBrowser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(b.t, err, "evaluating %s", expr)
	return v
}

// waitFor polls a JS predicate until it is truthy (event-driven by the
// browser's animation frames, not a sleep), failing after timeout.
func (b *testBrowser) waitFor(expr string, timeout time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
	require.NoError(b.t, err, "waiting for %s; console:\n%s", expr, b.consoleText())
}

// navigate opens url and waits for the load event.
func (b *testBrowser) navigate(url string) {
	b.t.Helper()
	b.do(60*time.Second, chromedp.Navigate(url))
}

// consoleText returns everything the page wrote to its console.
func (b *testBrowser) consoleText() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var sb strings.Builder
	for _, m := range b.console {
		fmt.Fprintf(&sb, "  [%s %s] %s (%s:%d)\n", m.Type, m.Source, m.Text, m.URL, m.Line+1)
		if m.Type == chromedp.ConsoleError || m.IsException() {
			writeStack(&sb, m.Stack)
		}
	}
	return sb.String()
}

// writeStack writes a JS stack (and its async parents) a few frames deep.
func writeStack(sb *strings.Builder, st *runtime.StackTrace) {
	for depth := 0; st != nil && depth < 4; depth, st = depth+1, st.Parent {
		if st.Description != "" {
			fmt.Fprintf(sb, "      -- %s --\n", st.Description)
		}
		for i, f := range st.CallFrames {
			if i == 6 {
				fmt.Fprintf(sb, "      …\n")
				break
			}
			fmt.Fprintf(sb, "      at %s (%s:%d)\n", f.FunctionName, f.URL, f.LineNumber+1)
		}
	}
}

// problems returns console errors, exceptions and CSP violations; allow
// filters out messages a test provokes on purpose (e.g. a refused probe).
func (b *testBrowser) problems(allow ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
next:
	for _, m := range b.console {
		bad := m.Type == chromedp.ConsoleError || m.IsException() ||
			strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy")
		if !bad {
			continue
		}
		for _, a := range allow {
			if strings.Contains(m.Text, a) || strings.Contains(m.URL, a) {
				continue next
			}
		}
		out = append(out, fmt.Sprintf("[%s %s] %s (%s)", m.Type, m.Source, m.Text, m.URL))
	}
	return out
}

// screenshot saves a PNG of the viewport to $E2E_SCREENSHOTS/name.png when
// that directory is set (for people to look at; nothing asserts on pixels).
func (b *testBrowser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 90*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(b.t, err)
	require.NoError(b.t, os.MkdirAll(dir, 0o755))
	name = strings.NewReplacer("/", "_", " ", "_").Replace(name)
	require.NoError(b.t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}

// watchDialogs records (and dismisses, so the page never hangs) every
// alert, confirm or prompt the tab opens from now on; call the returned func
// for the messages seen so far.
func (b *testBrowser) watchDialogs() func() []string {
	var mu sync.Mutex
	var seen []string
	events := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, string(ev.Type)+": "+ev.Message)
			mu.Unlock()
			_, _ = chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}
