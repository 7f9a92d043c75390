package httpserver

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/ui"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Product identity used by the page head and the manifest.
const (
	productName      = "WPS 登录自助检测"
	productShortName = "WPS 自检"
	productDesc      = "WPS 登录自助检测：在你的浏览器里检查网络、时间和登录环境，给出对应的解决步骤。 WPS login self-check: finds why WPS login fails, from your own browser."
	themeColor       = "#0b57d0"
	backgroundColor  = "#ffffff"
)

// Static paths of the icons (under static/web).
const (
	iconSVG       = "/web/icons/icon.svg"
	icon192       = "/web/icons/icon-192.png"
	icon512       = "/web/icons/icon-512.png"
	iconMaskable  = "/web/icons/maskable-512.png"
	iconMaskSmall = "/web/icons/maskable-192.png"
	styleSheet    = "/web/style.css"
)

//go:embed app-worker.js
var appWorkerTemplate string

// goappResources are the files go-app generates; they are captured once at
// start and served compressed from memory.
var goappResources = []string{"/app.js", "/app.css", "/wasm_exec.js", "/app-worker.js"}

// newGoappHandler configures go-app's handler: local icons (no GitHub URL, so
// the service worker installs offline), the version, our stylesheet and our
// service worker. Static files are served by this package, never by go-app.
func newGoappHandler(version string) *app.Handler {
	return &app.Handler{
		Name:            productName,
		ShortName:       productShortName,
		Title:           productName,
		Description:     productDesc,
		Lang:            "zh",
		Icon:            app.Icon{Default: icon192, Large: icon512, SVG: iconSVG, AppleTouch: icon192},
		BackgroundColor: backgroundColor,
		ThemeColor:      themeColor,
		LoadingLabel:    "正在加载检测程序 Loading the checker… {progress}%",
		Styles:          []string{styleSheet},
		// RemoteBucket("") is a provider that is not an http.Handler: go-app
		// never serves or fetches files itself; paths stay /web/....
		Resources:               app.RemoteBucket(""),
		Version:                 version,
		WasmContentLengthHeader: UncompressedLengthHeader,
		ServiceWorkerTemplate:   appWorkerTemplate,
		CacheableResources:      []string{iconSVG, iconMaskable, iconMaskSmall, warmScript},
		RawHeaders:              []string{wasmPreload},
	}
}

// wasmPreload starts the wasm download with the page's head rather than
// after app.js and wasm_exec.js have run (on a phone at 150 ms of latency,
// over a second later). It must match the loader's fetch(url) — mode cors,
// credentials same-origin, hence crossorigin="anonymous" — or Chromium
// downloads the wasm twice.
const wasmPreload = `<link rel="preload" href="` + checkWasm + `" as="fetch" crossorigin="anonymous" fetchpriority="high">`

// preconnectLinks returns the page head's <link rel="preconnect"> for every
// cross-origin host the probes of catalog fetch, once each, in the
// catalog's order. On a phone the wasm takes seconds to arrive; meanwhile
// the browser resolves each host and sets up its TLS connection, so that
// each probe costs one round trip when the wasm starts it rather than four
// or five (at 150 ms of latency, ~0.5 s of the verdict). The probes fetch
// with credentials omitted, hence crossorigin="anonymous": Chromium keeps
// such connections apart from credentialed ones. A host the network blocks
// fails the probe exactly as before (the preconnect fails silently and the
// probe tries again); what changes is the duration a probe reports, which
// no longer includes the connection set-up when the preconnect finished
// first.
func preconnectLinks(catalog []diagnosis.Endpoint) []byte {
	var b bytes.Buffer
	seen := map[string]bool{}
	for _, e := range catalog {
		u, err := url.Parse(e.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			continue // the control probe is same-origin
		}
		origin := "https://" + u.Host
		if seen[origin] {
			continue
		}
		seen[origin] = true
		b.WriteString(`<link rel="preconnect" href="` + html.EscapeString(origin) + `" crossorigin="anonymous">`)
	}
	return b.Bytes()
}

// withPreconnects puts links (preconnectLinks) right after the wasm's
// preload, so that the wasm's download is asked for first.
func withPreconnects(page, links []byte) []byte {
	if len(links) == 0 {
		return page
	}
	pre := []byte(wasmPreload)
	return bytes.Replace(page, pre, append(append([]byte{}, pre...), links...), 1)
}

// manifestJSON is the web app manifest. go-app's template has no maskable
// icon and no id, so the server writes its own.
func manifestJSON() []byte {
	type icon struct {
		Src     string `json:"src"`
		Type    string `json:"type"`
		Sizes   string `json:"sizes"`
		Purpose string `json:"purpose,omitempty"`
	}
	m := struct {
		ID              string `json:"id"`
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		Description     string `json:"description"`
		Lang            string `json:"lang"`
		StartURL        string `json:"start_url"`
		Scope           string `json:"scope"`
		Display         string `json:"display"`
		BackgroundColor string `json:"background_color"`
		ThemeColor      string `json:"theme_color"`
		Icons           []icon `json:"icons"`
	}{
		ID: "/", Name: productName, ShortName: productShortName, Description: productDesc,
		Lang: "zh-CN", StartURL: "/", Scope: "/", Display: "standalone",
		BackgroundColor: backgroundColor, ThemeColor: themeColor,
		Icons: []icon{
			{Src: iconSVG, Type: "image/svg+xml", Sizes: "any"},
			{Src: icon192, Type: "image/png", Sizes: "192x192"},
			{Src: icon512, Type: "image/png", Sizes: "512x512"},
			{Src: iconMaskSmall, Type: "image/png", Sizes: "192x192", Purpose: "maskable"},
			{Src: iconMaskable, Type: "image/png", Sizes: "512x512", Purpose: "maskable"},
		},
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return b
}

// capture runs h for a GET of target and returns the status, headers and body.
func capture(h http.Handler, target string, header http.Header) (int, http.Header, []byte) {
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	if header != nil {
		req.Header = header
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, req)
	return rec.status, rec.header, rec.body.Bytes()
}

// recorder is a minimal in-memory http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// go-app's loader hands the wasm to instantiateStreaming through a
// ReadableStream it pumps in JS to count progress: every chunk goes through
// the main thread, and the synthetic Response it builds has no URL, so V8
// can never reuse the compiled code on a later visit. Our loader passes the
// network (or service-worker) response itself and counts a clone's bytes for
// the label.
var wasmPumped = []byte(`fetchWithProgress("/web/app.wasm", showProgress)`)

// The agents' console is a wasm of its own (wasm/console), so that the
// people who open a support link never download it: the console's pages
// load it through consoleJS, go-app's app.js with the console's wasm in
// place of the self-check's, and preload it in place of app.wasm.
const (
	checkWasm   = "/web/app.wasm"
	consoleWasm = "/web/console.wasm"
	consoleJS   = "/app-console.js"
)

// wasmLoaderJS is appended to go-app's app.js; it reads the uncompressed
// length header as go-app does and shows whole percents, at most four times
// a second: every change of the label lays out and paints the page, and on
// a slow phone a hundred of them kept the main thread busy while the wasm
// downloaded and compiled. It also keeps the taps on the server's page that
// come before the wasm has drawn its own (the check page applies them).
const wasmLoaderJS = `

// wpscheck: the response goes to instantiateStreaming as it came (streaming
// compilation, V8's code cache on later visits); a clone is only counted.
// Under the service worker the wasm comes from its cache on this device:
// there is no download to show, and teeing and reading ~6.5 MB in script
// cost the main thread ~50 ms of a repeat visit's ~450.
async function wpscheckFetchWasm(url, progress) {
  const response = await fetch(url);
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    if (response.ok) progress(100);
    return response;
  }
  let total = NaN;
  try {
    total = parseInt(response.headers.get(goappWasmContentLengthHeader) || response.headers.get("Content-Length"), 10);
  } catch {}
  if (response.ok && response.body && total > 0) {
    const reader = response.clone().body.getReader();
    let loaded = 0, shown = -1, at = 0;
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        loaded += value.byteLength;
        const p = Math.min(100, Math.floor((loaded * 100) / total));
        const now = performance.now();
        if (p !== shown && (p === 100 || now - at >= 250)) {
          shown = p;
          at = now;
          progress(p);
        }
      }
    })().catch(() => {});
  }
  return response;
}

// wpscheck: when the wasm cannot start (no WebAssembly, as in an iPhone's
// Lockdown Mode or under a policy that turns it off; or a module the device
// could not compile or instantiate), the server's page would go on saying
// "Checking" for ever. It says instead that this browser cannot run the
// check, and that the guidance on the page still applies. <html> gets
// data-check-state="unavailable", on which the style sheet hides what only
// the wasm could fill in or act on (symptoms, checks, hand-off).
function wpscheckCannotCheck() {
  const root = document.documentElement;
  if (root.dataset.checkState === "unavailable") return;
  root.dataset.checkState = "unavailable";
  const zh = !root.lang || root.lang.startsWith("zh");
  const status = document.getElementById("check-status");
  if (status) {
    status.textContent = zh
      ? "这个浏览器无法运行自动检测：WebAssembly 没有开启或没能加载（例如 iPhone 的锁定模式会关闭它）。下面的基本检查和处理方法照样适用；也可以换一个浏览器，或关闭锁定模式后，再打开这个链接。"
      : "This browser cannot run the automatic check: WebAssembly is off or did not load (an iPhone's Lockdown Mode turns it off, for one). The basic checks and fixes below still apply; or open this link again in another browser, or with Lockdown Mode off.";
  }
  const icon = document.getElementById("app-wasm-loader-icon");
  if (icon) icon.className = "goapp-logo";
  const label = document.getElementById("app-wasm-loader-label");
  if (label) label.textContent = "无法在此浏览器中运行检测 · The check cannot run in this browser";
}
if (typeof WebAssembly !== "object" && goappCanLoadWebAssembly()) {
  wpscheckCannotCheck();
}

// wpscheck: a tap on the server's page before the wasm has drawn its own.
// Those buttons have no handlers yet, and on a phone the wasm takes
// seconds to arrive. A symptom tap shows as picked at once; it and a tap
// on the language switch are kept on <html> (data-early-symptom,
// data-early-lang) for the page to apply when it starts (app/ui).
document.addEventListener("click", (e) => {
  const b = e.target instanceof Element ? e.target.closest('#main[data-render="prerendered"] button') : null;
  if (!b) return;
  const root = document.documentElement;
  if (b.dataset.symptom) {
    const on = b.getAttribute("aria-pressed") !== "true";
    for (const o of document.querySelectorAll("#main button[data-symptom]")) {
      o.setAttribute("aria-pressed", String(on && o === b));
    }
    root.dataset.earlySymptom = on ? b.dataset.symptom : "";
  } else if (b.classList.contains("lang-switch") && b.lang) {
    if (root.dataset.checkState === "unavailable") {
      // No wasm will apply it: the server's page in that language.
      location.assign(b.lang.startsWith("zh") ? "/zh/" : "/en/");
      return;
    }
    root.dataset.earlyLang = b.lang;
    b.setAttribute("aria-busy", "true");
  }
}, true);
`

// wasmFailed is where go-app's loader shows why the wasm did not start
// (compilation, instantiation or an out-of-memory error); the page is then
// told as well (wpscheckCannotCheck).
var wasmFailed = []byte("loaderLabel.innerText = err;\n")

// fixAppJS swaps go-app's wasm loader for ours, loading wasm; it fails
// when go-app's script no longer has the call it replaces, rather than
// serve it unchanged.
func fixAppJS(js []byte, wasm string) ([]byte, error) {
	js, err := replaceOnce(js, wasmPumped, []byte(`wpscheckFetchWasm("`+wasm+`", showProgress)`),
		"httpserver: go-app's app.js does not load the wasm as expected (fetchWithProgress); the loader fix needs updating")
	if err == nil {
		js, err = replaceOnce(js, wasmFailed, append(bytes.Clone(wasmFailed), "    wpscheckCannotCheck();\n"...),
			"httpserver: go-app's app.js does not show a failed wasm start as expected (loaderLabel.innerText = err); the loader fix needs updating")
	}
	if err != nil {
		return nil, err
	}
	return append(js, wasmLoaderJS...), nil
}

// replaceOnce returns b with old replaced by new when go-app's output has
// old exactly once, and the error msg otherwise: a rewrite of go-app's
// script fails rather than serve it unchanged or changed twice.
func replaceOnce(b, old, new []byte, msg string) ([]byte, error) {
	if bytes.Count(b, old) != 1 {
		return nil, errors.New(msg)
	}
	return bytes.Replace(b, old, new, 1), nil
}

// workerCall is go-app's registration of the service worker in app.js.
var workerCall = []byte("\ngoappInitServiceWorker();\n")

// withoutWorker is app.js for the console: it does not register the
// service worker, whose install would download the self-check's wasm for
// its offline cache while the console's own wasm downloads (the worker
// keeps the self-check offline, not the console). A browser that already
// has the worker from the self-check still goes through it.
func withoutWorker(js []byte) ([]byte, error) {
	return replaceOnce(js, workerCall, []byte("\n// wpscheck: the console does not register the service worker.\n"),
		"httpserver: go-app's app.js does not register the service worker as expected; the console's loader needs updating")
}

// workerAfterVerdict is app.js for the self-check: go-app registers the
// service worker as its script starts, and the worker's install then
// precaches the app's files, the ~6.5 MB wasm among them (read from the
// HTTP cache and written to Cache Storage), while the page compiles that
// wasm, starts Go and runs the checks. On a phone, or on a two-core
// machine, that work held the cores the page's main thread was waiting
// for: in twelve interleaved Lighthouse rounds the page's mobile Total
// Blocking Time fell from 1,619 to 1,202 ms (medians) with the install
// moved after the verdict (docs/perf/README.md). workerLaterJS registers the
// worker once the page says its check is done, or 10 s after the load
// event on a page that never does; a visit that ends before either keeps no
// offline copy, as before its install had finished.
func workerAfterVerdict(js []byte) ([]byte, error) {
	js, err := replaceOnce(js, workerCall, []byte("\nwpscheckRegisterWorkerLater();\n"),
		"httpserver: go-app's app.js does not register the service worker as expected; the self-check's loader needs updating")
	if err != nil {
		return nil, err
	}
	return append(js, workerLaterJS...), nil
}

// wasmRun is where go-app's loader starts Go on the instance it made.
var wasmRun = []byte("    go.run(wasm.instance);\n")

// warmScript is the warm-up worker's script (static/web/warm.js).
const warmScript = "/web/warm.js"

// warmFirst is app.js for the self-check: once the module is compiled, and
// before the page's Go starts, a worker (warmScript) runs it on made-up
// results (ui.Warm), in the page's language (its <html lang>, posted with
// the module). V8 compiles a wasm function on its first call, on the
// calling thread, and shares the code with every instance of the module: on
// the page that compilation sat in the main thread's tasks, ~150 ms of CPU
// unthrottled for the ~2,500 functions a first visit runs, four times that
// on Lighthouse's simulated phone (docs/perf/README.md). The page starts
// its Go on the worker's "done", and its main thread then runs code that is
// compiled already. A worker that cannot start or fails, or is not done
// within warmWaitMS, is stopped, and the page starts its Go as before (with
// what had been compiled by then).
//
// The page waits rather than starting beside the worker: tried, with the
// page's Go starting once the worker's runtime had started and waiting for
// the worker only before go-app's first render (the probes out meanwhile),
// the two shared a two-core machine's cores and the page's own tasks grew
// longer; its mobile Total Blocking Time came out between this and no
// worker at all (docs/perf/README.md).
//
// A repeat visit, which the service worker serves, starts no worker: in the
// same tab V8 has the module's code from the first visit, and in a new tab
// the page's wait for the worker made the first render later (1,017 against
// 840 ms in a new tab, 436 against 349 ms in the same one, make bench), where
// the network takes nothing and the time to the first render is what the
// person waits for. The mark "wpscheck:warmed" says when the page stopped
// waiting; its detail says why (how: "done", "failed", "timeout" or
// "skipped") and, when done, how many parts of the warm-up failed (cold).
//
// The worker itself starts with the script (wpscheckWarmer), so that its
// two small requests (its script, and wasm_exec.js that it imports) and its
// start overlap the wasm's download: on a phone at 150 ms of latency they
// would otherwise come after it, on the path to the verdict.
func warmFirst(js []byte) ([]byte, error) {
	js, err := replaceOnce(js, wasmRun, append([]byte("    await wpscheckWarm(wasm.module);\n"), wasmRun...),
		"httpserver: go-app's app.js does not start Go as expected (go.run(wasm.instance)); the warm-up needs updating")
	if err != nil {
		return nil, err
	}
	return append(js, warmJS...), nil
}

// warmWaitMS is how long the page waits at most for the warm-up worker
// before starting its Go anyway.
const warmWaitMS = 2000

// warmJS defines wpscheckWarm (see warmFirst).
var warmJS = `
const wpscheckRepeatVisit = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
const wpscheckWarmer = (() => {
  if (typeof WebAssembly !== "object" || wpscheckRepeatVisit) {
    return null;
  }
  try {
    return new Worker("` + warmScript + `");
  } catch (e) {
    return null;
  }
})();

function wpscheckWarm(module) {
  return new Promise((resolve) => {
    const worker = wpscheckWarmer;
    let timer = 0, waiting = true;
    const proceed = (how, cold) => {
      if (how !== "done" && worker) {
        worker.terminate();
      }
      if (!waiting) {
        return;
      }
      waiting = false;
      clearTimeout(timer);
      try {
        performance.mark("wpscheck:warmed", {detail: {how, cold}});
      } catch (e) {}
      resolve();
    };
    if (wpscheckRepeatVisit) {
      proceed("skipped");
      return;
    }
    if (!worker) {
      proceed("failed");
      return;
    }
    try {
      worker.onmessage = (e) => {
        if (e.data && e.data.done) {
          proceed("done", e.data.cold);
        }
      };
      worker.onerror = worker.onmessageerror = () => proceed("failed");
      worker.postMessage({module, lang: document.documentElement.lang || ""});
      timer = setTimeout(() => proceed("timeout"), ` + strconv.Itoa(warmWaitMS) + `);
    } catch (e) {
      proceed("failed");
    }
  });
}
`

// workerLaterJS defines wpscheckRegisterWorkerLater (see
// workerAfterVerdict). The performance mark "wpscheck:worker" says when it
// registered the worker.
const workerLaterJS = `
// wpscheck: the service worker is registered after the check's verdict
// (<html data-check-state="done">), or 10 s after the load event on a page
// that has none, so that its install does not compete with the page's
// start for the device's cores.
function wpscheckRegisterWorkerLater() {
  if (!("serviceWorker" in navigator)) return;
  const root = document.documentElement;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    watch.disconnect();
    performance.mark("wpscheck:worker");
    goappInitServiceWorker();
  };
  const watch = new MutationObserver(() => {
    if (root.dataset.checkState === "done") start();
  });
  watch.observe(root, {attributes: true, attributeFilter: ["data-check-state"]});
  addEventListener("load", () => setTimeout(start, 10000), {once: true});
}
`

// consoleLoader makes a prerendered page load the console's wasm: its
// app.js script becomes consoleJS and its preload names consoleWasm. It
// fails when either is not there exactly once.
func consoleLoader(page []byte) ([]byte, error) {
	script, preload := []byte(`src="/app.js"`), []byte(wasmPreload)
	if bytes.Count(page, script) != 1 || bytes.Count(page, preload) != 1 {
		return nil, errors.New("httpserver: a console page does not load app.js and preload the wasm once each; the console's loader needs updating")
	}
	page = bytes.Replace(page, script, []byte(`src="`+consoleJS+`"`), 1)
	return bytes.Replace(page, preload, bytes.Replace(preload, []byte(checkWasm), []byte(consoleWasm), 1), 1), nil
}

// go-app hard-codes a viewport that forbids zooming (WCAG 1.4.4); the page
// is rewritten to allow it.
var (
	viewportLocked   = []byte(`content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"`)
	viewportZoomable = []byte(`content="width=device-width, initial-scale=1, viewport-fit=cover"`)
)

func allowZoom(page []byte) []byte {
	return bytes.Replace(page, viewportLocked, viewportZoomable, 1)
}

// bareARIA matches an aria-* attribute written without a value: go-app prints
// a true attribute as `aria-hidden`, which ARIA reads as the empty string
// (no effect), so icons were not hidden from screen readers until the wasm ran.
var bareARIA = regexp.MustCompile(`(\saria-[a-z]+)([\s>])`)

// ogURL matches go-app's og:url meta; the prerender has no real host to put
// in it (it printed "http:///?lang=zh"), so it is dropped. go-app writes
// attributes in map order, so either may come first.
var ogURL = regexp.MustCompile(`<meta (?:property="og:url" content="[^"]*"|content="[^"]*" property="og:url")>\n?`)

// fixPrerender repairs what go-app's server rendering gets wrong.
func fixPrerender(page []byte) []byte {
	page = allowZoom(page)
	page = bareARIA.ReplaceAll(page, []byte(`$1="true"$2`))
	return ogURL.ReplaceAll(page, nil)
}

// pageLang picks the language the server renders a page in: the language
// path (/zh/, /en/) wins, then a valid ?lang=, then the first zh or en of
// Accept-Language, then zh.
func pageLang(r *http.Request) i18n.Lang {
	if l, ok := ui.HomeLang(r.URL.Path); ok {
		return l
	}
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	var langs []string
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag != "" && tag != "*" {
			langs = append(langs, tag)
		}
	}
	if len(langs) == 0 {
		return i18n.ZH
	}
	return i18n.Preferred(langs)
}

// renderPage prerenders path in lang through go-app. Only the language
// reaches the component: other query parameters are left to the browser, so
// that a prerendered page never depends on (or echoes) what a link carried.
// The console's pages load the console's wasm.
func (s *Server) renderPage(path string, lang i18n.Lang) (int, []byte) {
	s.renders.Add(1)
	target := (&url.URL{Path: path, RawQuery: "lang=" + string(lang)}).String()
	status, _, body := capture(s.goapp, target, nil)
	body = fixPrerender(body)
	if status == http.StatusOK && ui.IsConsolePath(path) {
		var err error
		if body, err = consoleLoader(body); err != nil {
			s.log.Error("prerendering a console page", "path", path, "err", err)
			return http.StatusInternalServerError, nil
		}
	} else if status == http.StatusOK {
		body = withPreconnects(body, s.preconnect)
	}
	return status, body
}
