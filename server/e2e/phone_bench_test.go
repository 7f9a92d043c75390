package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// phoneRuns is how many first visits one phone benchmark iteration measures
// (PHONE_RUNS overrides it while working). A throttled visit takes ~10 s;
// the metrics are medians of three.
var phoneRuns = envInt("PHONE_RUNS", 3)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// throttle is a network and CPU profile emulated through DevTools on the
// page target, set before the page is opened.
type throttle struct {
	LatencyMS   float64 // added to every request until its response headers
	DownKbit    float64 // download, kbit/s
	UpKbit      float64 // upload, kbit/s
	CPUSlowdown float64 // Emulation.setCPUThrottlingRate
}

// weakPhone is a mid-range phone on a weak mobile network: the profile of
// the phone budget (Lighthouse's mobile throttling, applied for real rather
// than simulated).
var weakPhone = throttle{LatencyMS: 150, DownKbit: 1600, UpKbit: 750, CPUSlowdown: 4}

func (th throttle) String() string {
	return fmt.Sprintf("%.0f ms latency, %.0f/%.0f kbit/s down/up, CPU %g× slower", th.LatencyMS, th.DownKbit, th.UpKbit, th.CPUSlowdown)
}

// apply sets the profile on b's page target
// (Network.emulateNetworkConditionsByRule, Emulation.setCPUThrottlingRate).
// Requests a service worker makes itself are not throttled by it.
func (th throttle) apply(tb testing.TB, b *testBrowser) {
	tb.Helper()
	_, err := chromedp.Call(b.ctx, network.Enable, network.EnableParams{})
	require.NoError(tb, err)
	_, err = chromedp.Call(b.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{
			Latency:            th.LatencyMS,
			DownloadThroughput: th.DownKbit * 1000 / 8,
			UploadThroughput:   th.UpKbit * 1000 / 8,
		}},
	})
	require.NoError(tb, err)
	_, err = chromedp.Call(b.ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: th.CPUSlowdown})
	require.NoError(tb, err)
}

// netRequest is one request of the page target as DevTools saw it; times
// are ms since the document's request was sent (≈ navigation start).
type netRequest struct {
	URL          string
	Start, End   float64 // request sent; loading finished (or failed)
	Headers      float64 // response headers received
	Status       int64
	Bytes        float64 // encoded bytes received
	FromSW       bool    // answered by the service worker
	FromCache    bool    // answered from the memory or disk cache
	Failed       string
	Preload      bool // the request of a <link rel=preload>
	requestStart float64
}

// netLog records the page target's Network events (CDP, in the order the
// browser sent them).
type netLog struct {
	mu   sync.Mutex
	t0   float64 // the document request's timestamp, seconds
	reqs map[network.RequestID]*netRequest
	ids  []network.RequestID
}

// recordNetwork starts recording; call before navigating.
func recordNetwork(tb testing.TB, b *testBrowser) *netLog {
	tb.Helper()
	l := &netLog{reqs: map[network.RequestID]*netRequest{}}
	ms := func(ts float64) float64 { return (ts - l.t0) * 1000 }
	err := chromedp.Listen(b.ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			ts := float64(e.Timestamp)
			if e.Type == network.ResourceTypeDocument && l.t0 == 0 {
				l.t0 = ts
			}
			if _, ok := l.reqs[e.RequestID]; ok { // a redirect: keep the first
				return
			}
			r := &netRequest{URL: e.Request.URL, requestStart: ts,
				Preload: e.Initiator != nil && e.Initiator.Type == network.InitiatorTypePreload}
			l.reqs[e.RequestID] = r
			l.ids = append(l.ids, e.RequestID)
		case *network.EventResponseReceived:
			if r := l.reqs[e.RequestID]; r != nil && e.Response != nil {
				r.Headers = ms(float64(e.Timestamp))
				r.Status = e.Response.Status
				r.FromSW = e.Response.FromServiceWorker
				r.FromCache = e.Response.FromDiskCache
			}
		case *network.EventRequestServedFromCache:
			if r := l.reqs[e.RequestID]; r != nil {
				r.FromCache = true
			}
		case *network.EventLoadingFinished:
			if r := l.reqs[e.RequestID]; r != nil {
				r.End = ms(float64(e.Timestamp))
				r.Bytes = e.EncodedDataLength
			}
		case *network.EventLoadingFailed:
			if r := l.reqs[e.RequestID]; r != nil {
				r.End = ms(float64(e.Timestamp))
				r.Failed = e.ErrorText
				if e.Canceled {
					r.Failed += " (canceled)"
				}
				if e.BlockedReason != "" {
					r.Failed += " (blocked: " + string(e.BlockedReason) + ")"
				}
			}
		}
	})
	require.NoError(tb, err)
	return l
}

// requests returns every request so far, in the order they were sent.
func (l *netLog) requests() []netRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]netRequest, 0, len(l.ids))
	for _, id := range l.ids {
		r := *l.reqs[id]
		r.Start = (r.requestStart - l.t0) * 1000
		out = append(out, r)
	}
	return out
}

// waterfall is the requests as text, one a line, for the benchmark log.
func waterfall(reqs []netRequest, origin string) string {
	var sb strings.Builder
	for _, r := range reqs {
		u := strings.TrimPrefix(r.URL, origin)
		if len(u) > 60 {
			u = u[:60] + "…"
		}
		how := ""
		switch {
		case r.Failed != "":
			how = " failed: " + r.Failed
		case r.FromSW:
			how = " (service worker)"
		case r.FromCache:
			how = " (cache)"
		}
		if r.Preload {
			how += " (preload)"
		}
		fmt.Fprintf(&sb, "    %6.0f → %6.0f ms (headers %6.0f) %3d %9.0f B  %s%s\n", r.Start, r.End, r.Headers, r.Status, r.Bytes, u, how)
	}
	return sb.String()
}

// wasmHits counts, on the server, the answers to GET /web/app.wasm by
// status and the body bytes sent: what actually went over the wire for the
// wasm, whoever asked (the page, a preload, the service worker's precache).
type wasmHits struct {
	mu     sync.Mutex
	status map[int]int
	bytes  int64
}

func (h *wasmHits) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/web/app.wasm" {
			next.ServeHTTP(w, r)
			return
		}
		cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(cw, r)
		h.mu.Lock()
		h.status[cw.status]++
		h.bytes += cw.n
		h.mu.Unlock()
	})
}

// String is "200×1 304×1, 1186924 B".
func (h *wasmHits) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var parts []string
	for s, n := range h.status {
		parts = append(parts, fmt.Sprintf("%d×%d", s, n))
	}
	sort.Strings(parts)
	return fmt.Sprintf("%s, %d B", strings.Join(parts, " "), h.bytes)
}

// full counts the answers that carried the whole wasm.
func (h *wasmHits) full() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status[http.StatusOK]
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *countingWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }
func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

// phaseJS reads the page's own timings (ms since navigation start): the
// document, the wasm download (a PerformanceObserver of the test script
// keeps its entry although the page clears Resource Timing), the wasm
// instance ready (compiled), the page's marks and the test hooks' states.
const phaseJS = `new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))).then(() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const m = (window.__e2e && window.__e2e.marks) || {};
  const w = (window.__e2e && window.__e2e.wasm) || {};
  const mark = (n) => { const e = performance.getEntriesByName(n, "mark")[0]; return e ? e.startTime : -1; };
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const lt = (window.__e2e && window.__e2e.longTasks) || [];
  return {html: nav.responseEnd || -1, fcp: fcp ? fcp.startTime : -1,
    wasmStartFetch: window.__wasmFetchStart ?? -1, wasmEnd: w.end ?? -1, wasmBytes: w.bytes ?? -1,
    instance: m.wasmStart ?? -1, warmed: mark("wpscheck:warmed"), main: mark("wpscheck:main"), probesOut: mark("wpscheck:probes-out"),
    mounted: mark("wpscheck:mounted"), live: m.live ?? -1, done: m.done ?? -1,
    longTasks: lt, marks: performance.getEntriesByType("mark").map(e => e.name + "@" + e.startTime.toFixed(0)).join(" ")};
})`

// phases are the page's own timings of one throttled first visit.
type phases struct {
	HTML           float64      `json:"html"`
	FCP            float64      `json:"fcp"`
	WasmStartFetch float64      `json:"wasmStartFetch"`
	WasmEnd        float64      `json:"wasmEnd"`
	WasmBytes      float64      `json:"wasmBytes"`
	Instance       float64      `json:"instance"`
	Warmed         float64      `json:"warmed"` // the page stopped waiting for the warm-up worker (-1: no mark)
	Main           float64      `json:"main"`
	ProbesOut      float64      `json:"probesOut"`
	Mounted        float64      `json:"mounted"`
	Live           float64      `json:"live"`
	Done           float64      `json:"done"`
	LongTasks      [][2]float64 `json:"longTasks"`
	Marks          string       `json:"marks"` // every User Timing mark, name@ms
}

// busy is the main thread's time in long tasks (over 50 ms) between from and to.
func (p phases) busy(from, to float64) float64 {
	var sum float64
	for _, lt := range p.LongTasks {
		s, e := max(lt[0], from), min(lt[0]+lt[1], to)
		if e > s {
			sum += e - s
		}
	}
	return sum
}

// blocking is the main thread's blocking time between from and to, as Total
// Blocking Time counts it: what each long task that starts in the window
// has over 50 ms. Under the phone profile's 4× CPU it is close to what
// Lighthouse's mobile run (which multiplies the tasks it saw by 4) counts.
func blocking(longTasks [][2]float64, from, to float64) float64 {
	var sum float64
	for _, lt := range longTasks {
		if lt[0] >= from && lt[0] < to {
			sum += max(0, lt[1]-50)
		}
	}
	return sum
}

// String is the breakdown of a visit, phase by phase.
func (p phases) String() string {
	return fmt.Sprintf("HTML %.0f, FCP %.0f; wasm fetch %.0f → %.0f (%.0f ms, %.0f B); compiled+instantiated %.0f (+%.0f after the download); "+
		"warm-up worker done %.0f (+%.0f); Go main %.0f (+%.0f runtime and package init); probes out %.0f (+%.0f); go-app mounted %.0f (+%.0f); "+
		"done %.0f (+%.0f after mount, long tasks %.0f ms of it)",
		p.HTML, p.FCP, p.WasmStartFetch, p.WasmEnd, p.WasmEnd-p.WasmStartFetch, p.WasmBytes, p.Instance, p.Instance-p.WasmEnd,
		p.Warmed, p.Warmed-p.Instance, p.Main, p.Main-max(p.Instance, p.Warmed), p.ProbesOut, p.ProbesOut-p.Main,
		p.Mounted, p.Mounted-p.ProbesOut, p.Done, p.Done-p.Mounted, p.busy(p.Mounted, p.Done))
}

// wasmEntryJS keeps the wasm download's start (the harness script keeps its
// duration and end).
const wasmEntryJS = `(() => {
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name.endsWith(".wasm")) window.__wasmFetchStart = e.startTime;
      }
    }).observe({type: "resource", buffered: true});
  } catch (e) {}
})();`

// BenchmarkPhone opens the page as a first visit on a weak phone (the
// weakPhone profile on the page target, healthy fakes, a fresh profile per
// visit), phoneRuns times, and reports medians:
//
//	nav-ms/median         navigation start → data-check-state=done (the budget: ≤ 9 s)
//	mounted-ms/median     navigation start → go-app's first render (wpscheck:mounted)
//	boot-ms/median        navigation start → wasm compiled and instantiated
//	wasm-fetch-end-ms/median  navigation start → the wasm's last byte
//	after-mount-ms/median     mounted → done (the checks' round trips, the verdict's render)
//	wasm-transfers/max    full (200) answers for /web/app.wasm per visit, page and service worker together
//
// Each run logs the page's phases; with PERF_DIR set it also writes them,
// the long tasks and a DevTools network waterfall to PERF_DIR/phone-run-N.txt.
// With
// FLOOR_DIR set (a directory holding a go-app floor's app.wasm, .br and .gz:
// `go run ./.ci/perf/sizereport -floor-only`, as make bench does) it also
// measures the floor in the same page under the same profile:
// navigation → the floor component's first render.
//
//	go test ./server/e2e -run '^$' -bench Phone -benchtime 1x
func BenchmarkPhone(b *testing.B) {
	requireBrowser(b)
	b.Logf("profile: %s, on the page target, first visits in a fresh profile", weakPhone)

	b.Run("product", func(b *testing.B) {
		// PHONE_PROFILE names a directory holding a wasm built with its
		// names (-ldflags=-w, not -s) and its .br/.gz: the runs then serve it
		// and record a CPU profile and a Chrome trace each
		// (PERF_DIR/phone-profile-N.txt, phone-trace-N.txt). The profiler
		// slows the page: such runs measure where the main thread's time
		// goes, not how long a visit takes. PHONE_TRACE=1 records the trace
		// alone, of the shipped wasm. PHONE_THROTTLE=off leaves the network
		// and the CPU as they are: the page as Lighthouse's simulated mobile
		// run sees it before scaling its tasks by four.
		static, profiling := "", os.Getenv("PHONE_PROFILE") != ""
		if profiling {
			static = floorStatic(b, os.Getenv("PHONE_PROFILE"))
		}
		var nav, mounted, boot, wasmEnd, afterMount, transfers, blocked []float64
		for range b.N {
			for i := range phoneRuns {
				hits := &wasmHits{status: map[int]int{}}
				r := &checkRun{t: b, app: startApp(b, appOptions{Wrap: hits.wrap, StaticDir: static}), wps: startFakeWPS(b)}
				warm(b, r.app, "zh-CN")
				r.b = startBrowser(b, browserOptions{Lang: "zh-CN", ExtraFlags: r.wps.flags(allAnswer)})
				r.b.addScript(wasmEntryJS)
				netl := recordNetwork(b, r.b)
				if os.Getenv("PHONE_THROTTLE") != "off" {
					weakPhone.apply(b, r.b)
				}
				var tr *trace
				if profiling {
					startProfile(b, r.b)
				}
				if profiling || os.Getenv("PHONE_TRACE") != "" {
					tr = startTrace(b, r.b)
				}
				r.b.navigate(r.app.URL + "/")
				r.waitDone()
				p := eval[phases](r.b, phaseJS)
				require.Positive(b, p.Done, "no done mark")
				reqs := netl.requests()
				if profiling {
					keepPerf(b, fmt.Sprintf("phone-profile-%d.txt", i+1), stopProfile(b, r.b, netl.t0, p, fmt.Sprintf("phone-profile-%d.cpuprofile", i+1)))
				}
				if tr != nil {
					wasmFile := filepath.Join("..", "..", "static", "web", "app.wasm")
					if profiling {
						wasmFile = filepath.Join(os.Getenv("PHONE_PROFILE"), "app.wasm")
					}
					keepPerf(b, fmt.Sprintf("phone-trace-%d.txt", i+1), tr.stop(b, r.b, fmt.Sprintf("phone-trace-%d.json", i+1), netl.t0, p, wasmFile))
				}
				if r.top() != "no_issue_found" {
					b.Logf("note: healthy run ranked %v first (findings %v)", r.top(), r.rep.Findings)
				}
				closeBrowser(r)
				nav = append(nav, p.Done)
				mounted = append(mounted, p.Mounted)
				boot = append(boot, p.Instance)
				wasmEnd = append(wasmEnd, p.WasmEnd)
				afterMount = append(afterMount, p.Done-p.Mounted)
				blocked = append(blocked, blocking(p.LongTasks, p.FCP, p.Done))
				transfers = append(transfers, float64(hits.full()))
				b.Logf("phone run %d: nav→done %.0f ms; %s; blocking FCP→done %.0f ms; wasm on the server: %s", i+1, p.Done, p, blocked[len(blocked)-1], hits)
				keepPerf(b, fmt.Sprintf("phone-run-%d.txt", i+1), fmt.Sprintf("nav→done %.0f ms\n%s\nwasm on the server: %s\n\nmarks: %s\n\nlong tasks [start, duration] ms: %v\n\npage target requests (DevTools, ms since the document request):\n%s",
					p.Done, p, hits, p.Marks, p.LongTasks, waterfall(reqs, r.app.URL)))
			}
		}
		reportMedian(b, "nav-ms/median", nav)
		reportMedian(b, "mounted-ms/median", mounted)
		reportMedian(b, "boot-ms/median", boot)
		reportMedian(b, "wasm-fetch-end-ms/median", wasmEnd)
		reportMedian(b, "after-mount-ms/median", afterMount)
		reportMedian(b, "blocking-ms/median", blocked)
		b.ReportMetric(slices.Max(transfers), "wasm-transfers/max")
	})

	b.Run("floor", func(b *testing.B) {
		static := floorStaticOrSkip(b)
		var render, boot, blocked []float64
		for range b.N {
			for i := range phoneRuns {
				app, br := openFloor(b, static)
				weakPhone.apply(b, br)
				br.navigate(app.URL + "/")
				br.waitFor(`window.__floorRender > 0`, doneTimeout)
				v := eval[floorPhases](br, floorPhaseJS)
				br.close()
				app.Stop()
				render = append(render, v.Render)
				boot = append(boot, v.Instance)
				// The floor has nothing left to do once drawn: its window
				// ends a second after its first render.
				blocked = append(blocked, blocking(v.LongTasks, v.FCP, v.Render+1000))
				b.Logf("floor run %d: nav→first render %.0f ms (wasm compiled and instantiated at %.0f ms); blocking FCP→render %.0f ms", i+1, v.Render, v.Instance, blocked[len(blocked)-1])
			}
		}
		reportMedian(b, "render-ms/median", render)
		reportMedian(b, "boot-ms/median", boot)
		reportMedian(b, "blocking-ms/median", blocked)
	})
}

// floorPhases are the floor's timings of one throttled first visit.
type floorPhases struct {
	FCP       float64      `json:"fcp"`
	Instance  float64      `json:"instance"`
	Render    float64      `json:"render"`
	LongTasks [][2]float64 `json:"longTasks"`
}

// floorPhaseJS reads floorPhases a frame and a second after the floor's
// first render, so that the long tasks around it have been reported.
const floorPhaseJS = `new Promise((r) => setTimeout(() => requestAnimationFrame(() => setTimeout(r, 0)), 1000)).then(() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const e2e = window.__e2e || {marks: {}};
  return {fcp: fcp ? fcp.startTime : -1, instance: e2e.marks.wasmStart ?? -1, render: window.__floorRender,
    longTasks: e2e.longTasks || []};
})`

// floorRenderJS notes when the go-app floor's component (an <h1>Hello</h1>)
// replaced the server's page: the floor's first render.
const floorRenderJS = `(() => {
  const seen = () => {
    const h = document.querySelector("h1");
    if (!window.__floorRender && h && h.textContent === "Hello") window.__floorRender = performance.now();
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true, characterData: true});
})();`

// floorStaticOrSkip returns floorStatic of FLOOR_DIR, the go-app floor's
// wasm, and skips the benchmark when it is not set.
func floorStaticOrSkip(b *testing.B) string {
	dir := os.Getenv("FLOOR_DIR")
	if dir == "" {
		b.Skip("FLOOR_DIR is not set (make bench sets it to the patched go-app floor)")
	}
	return floorStatic(b, dir)
}

// openFloor starts a server for the floor's static directory and a fresh
// Chromium that notes the floor's first render (floorRenderJS), and loads
// nothing yet.
func openFloor(tb testing.TB, static string) (*testApp, *testBrowser) {
	app := startApp(tb, appOptions{StaticDir: static})
	warm(tb, app, "zh-CN")
	br := startBrowser(tb, browserOptions{Lang: "zh-CN"})
	br.addScript(floorRenderJS)
	return app, br
}

// floorStatic copies static/ into a temporary directory with the wasm (and
// its .br and .gz) of wasmDir (the floor's, or a build with names) in place
// of the product's.
func floorStatic(tb testing.TB, wasmDir string) string {
	tb.Helper()
	dst := tb.TempDir()
	src := staticDir(tb)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasPrefix(filepath.Base(p), "app.wasm") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(tb, err)
	for _, ext := range []string{"", ".br", ".gz"} {
		data, err := os.ReadFile(filepath.Join(wasmDir, "app.wasm"+ext))
		require.NoError(tb, err, "%s must hold app.wasm, app.wasm.br and app.wasm.gz", wasmDir)
		require.NoError(tb, os.WriteFile(filepath.Join(dst, "web", "app.wasm"+ext), data, 0o644))
	}
	return dst
}

// keepPerf writes a measurement's details to $PERF_DIR/name when PERF_DIR
// is set (make bench sets it to build/perf/bench).
func keepPerf(tb testing.TB, name, text string) {
	tb.Helper()
	dir := os.Getenv("PERF_DIR")
	if dir == "" {
		return
	}
	require.NoError(tb, os.MkdirAll(dir, 0o755))
	require.NoError(tb, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
}
