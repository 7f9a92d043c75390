package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordWasmsJS records, in window.__wasms, the path of every wasm file a
// document fetches, each once (the page clears its Resource Timing buffer
// as its probes read it; an observer sees every entry as it is added).
const recordWasmsJS = `window.__wasms = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const p = new URL(e.name).pathname;
    if (p.endsWith(".wasm") && !window.__wasms.includes(p)) window.__wasms.push(p);
  }
}).observe({ type: "resource", buffered: true });`

// fetchedWasms lists the wasm files the document has fetched.
func fetchedWasms(b *testBrowser) []string {
	return eval[[]string](b, `window.__wasms`)
}

// waitAcrossLoad is waitFor for a predicate that turns true in a document
// that has still to load: evaluating it while the old document goes away
// fails, and is asked again in the new one.
func (b *testBrowser) waitAcrossLoad(expr string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithDeadline(b.ctx, deadline)
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) || !strings.Contains(err.Error(), "context") {
			require.NoError(b.t, err, "waiting for %s; console:\n%s", expr, b.consoleText())
		}
	}
}

// TestEachPageRunsItsOwnWasm: the self-check downloads its wasm and never
// the agents' console; the console downloads its own and registers no
// service worker; a link from the
// console to the self-check opens the self-check with its wasm; and the
// console opened with no network says so (the service worker keeps the
// self-check offline, not the console) and links to the self-check.
func TestEachPageRunsItsOwnWasm(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	o := desktop
	o.Lang, o.ExtraFlags = "en-US", f.flags(allNotFound)
	b := startBrowser(t, o)
	b.addScript(recordWasmsJS)

	// An agent's first visit: the console's wasm, and no service worker
	// (whose install would download the self-check's wasm for its cache).
	b.navigate(app.URL + "/support?lang=en")
	b.waitFor(`document.documentElement.dataset.app === "live" && !!document.querySelector("#token-input")`, 30*time.Second)
	assert.Equal(t, []string{"/web/console.wasm"}, fetchedWasms(b), "the console")
	assert.Equal(t, 0, eval[int](b, `navigator.serviceWorker.getRegistrations().then(r => r.length)`))

	b.navigate(app.URL + "/?lang=en")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.Equal(t, []string{"/web/app.wasm"}, fetchedWasms(b), "the self-check")
	require.True(t, eval[bool](b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))

	b.navigate(app.URL + "/support?lang=en")
	b.waitFor(`document.documentElement.dataset.app === "live" && !!document.querySelector("#token-input")`, 30*time.Second)
	assert.Equal(t, []string{"/web/console.wasm"}, fetchedWasms(b), "the console, through the worker")

	// go-app follows a same-origin link inside the running wasm: the
	// console's reloads the document, and the self-check runs.
	eval[bool](b, `(() => { const a = document.createElement("a"); a.id = "to-check"; a.href = "/?lang=en&ticket=T-W"; a.textContent = "check"; document.querySelector("#main").append(a); return true })()`)
	b.do(10*time.Second, chromedpClick(`#to-check`))
	b.waitAcrossLoad(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.Equal(t, "/", eval[string](b, `location.pathname`))
	assert.Equal(t, "T-W", eval[string](b, `document.querySelector("#ticket").textContent`))
	assert.Equal(t, []string{"/web/app.wasm"}, fetchedWasms(b))

	app.Stop()
	b.navigate(app.URL + "/support/R-ABCD-EFGH-JKMN-P?lang=en")
	b.waitFor(`document.querySelector("#main")?.dataset.console === "offline"`, 60*time.Second)
	text := eval[string](b, `document.querySelector("#main").textContent`)
	assert.Contains(t, text, "This device is offline")
	assert.True(t, strings.HasPrefix(eval[string](b, `document.querySelector("#main a").getAttribute("href")`), "/?lang=en"))
	b.screenshot("console-offline-en-desktop")

	// Following that link, go-app navigates inside the running wasm: the
	// self-check opens and finishes its checks, still offline.
	b.do(10*time.Second, chromedpClick(`#main a`))
	b.waitFor(`location.pathname === "/" && document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.NotEmpty(t, eval[string](b, `document.querySelector("#check-status")?.textContent || ""`), "the self-check's verdict")
}
