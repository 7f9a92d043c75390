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
	files := os.DirFS(staticDir(t))
	version, err := httpserver.ContentVersion("e2e", files)
	require.NoError(t, err)
	opts := httpserver.Options{Version: version, Static: files}
	if o.ClockSkew != 0 {
		opts.Now = func() time.Time { return time.Now().Add(o.ClockSkew) }
	}
	if o.Mutate != nil {
		o.Mutate(&opts)
	}
	h, err := httpserver.New(opts)
	require.NoError(t, err)
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

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// startBrowser starts Chromium with the flags DEVELOPERS.md requires and a
// fresh profile, and records the tab's console from the start.
func startBrowser(t testing.TB, o browserOptions) *testBrowser {
	t.Helper()
	path := requireBrowser(t)
	if o.Width == 0 {
		o.Width, o.Height, o.Mobile = phone.Width, phone.Height, true
	}
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
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(o.Width), int(o.Height)),
	}
	if o.UserAgent != "" {
		opts = append(opts, chromedp.UserAgent(o.UserAgent))
	}
	if o.Lang != "" {
		opts = append(opts, chromedp.Flag("lang", o.Lang), chromedp.Flag("accept-lang", o.Lang))
	}
	for k, v := range o.ExtraFlags {
		opts = append(opts, chromedp.Flag(k, v))
	}
	if len(o.Env) > 0 {
		opts = append(opts, chromedp.Env(o.Env...))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })

	b := &testBrowser{t: t, ctx: ctx}
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
	vopts := []chromedp.EmulateViewportOption{}
	if o.Mobile {
		vopts = append(vopts, chromedp.EmulateScale(3), chromedp.EmulateMobile)
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(o.Width, o.Height, vopts...)))
	return b
}

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
	}
	return sb.String()
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
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(b.t, err)
	require.NoError(b.t, os.MkdirAll(dir, 0o755))
	name = strings.NewReplacer("/", "_", " ", "_").Replace(name)
	require.NoError(b.t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}
