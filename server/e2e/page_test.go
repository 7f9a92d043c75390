package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/report"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/reports/sqlite"
)

// pageReport reads window.selfCheckReport() and checks it is a valid report.
func pageReport(t *testing.T, b *testBrowser) report.Report {
	t.Helper()
	raw := eval[string](b, `window.selfCheckReport()`)
	r, err := report.Parse([]byte(raw))
	require.NoError(t, err, "selfCheckReport(): %s", raw)
	return r
}

// TestPageLooks runs the page at phone and desktop size in both languages in
// a healthy fake world: it settles to done, shows every hook the contract
// names, and (with E2E_SCREENSHOTS set) leaves screenshots to look at.
func TestPageLooks(t *testing.T) {
	cases := []struct {
		name, lang, acceptLang string
		size                   browserOptions
		h1                     string
	}{
		{"zh-phone", "zh", "zh-CN", phone, "WPS 登录自助检测"},
		{"en-phone", "en", "en-US", phone, "WPS login self-check"},
		{"zh-desktop", "zh", "zh-CN", desktop, "WPS 登录自助检测"},
		{"en-desktop", "en", "en-US", desktop, "WPS login self-check"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := startFakeWPS(t)
			app := startApp(t, appOptions{})
			o := c.size
			o.Lang, o.ExtraFlags = c.acceptLang, f.flags(allAnswer)
			b := startBrowser(t, o)

			b.navigate(app.URL + "/?ticket=T-42&symptom=bogus%3Cb%3E")
			// The prerendered page already names the product and offers
			// the basic checks before the wasm runs.
			assert.Contains(t, eval[string](b, h1TextJS), c.h1)
			b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
			assert.Equal(t, "live", eval[string](b, `document.querySelector("main").dataset.render`))
			assert.Equal(t, "done", eval[string](b, `document.documentElement.dataset.checkState`))

			r := pageReport(t, b)
			require.NotEmpty(t, r.Findings)
			allOK := true
			for _, c := range r.Checks {
				allOK = allOK && c.Status == diagnosis.StatusOK
			}
			if allOK { // on a loaded machine loopback can be "slow"
				assert.Equal(t, diagnosis.FindingNoIssueFound, r.Findings[0], "report: %+v", r)
			}
			assert.Equal(t, "T-42", r.Ticket)
			assert.Empty(t, r.Symptoms, "a bad ?symptom= is ignored")
			assert.Equal(t, "T-42", eval[string](b, `document.querySelector("#ticket").textContent`))
			assert.Equal(t, string(r.Findings[0]), eval[string](b, `document.querySelector("[data-finding-id]").dataset.findingId`))
			if r.Findings[0] == diagnosis.FindingNoIssueFound {
				// A note is not a cause: no "Likelihood: Note" line on it.
				assert.False(t, eval[bool](b, `!!document.querySelector('[data-finding-id="no_issue_found"] .finding-sev')`), "likelihood line on the no-issue card")
			}
			// The product's name may wrap, but never inside "self-check" / "登录自助检测".
			assert.Equal(t, 1, eval[int](b, `document.querySelector("h1 .nowrap").getClientRects().length`), "h1 %q breaks inside its last word", eval[string](b, h1TextJS))

			// Every endpoint has a settled row.
			statuses := eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("[data-check-id]")].map(e => [e.dataset.checkId, e.dataset.status]))`)
			for _, e := range diagnosis.DefaultCatalog() {
				assert.Contains(t, []string{"ok", "slow"}, statuses[e.ID], "row of %s", e.ID)
			}
			assert.NotEmpty(t, eval[string](b, `document.querySelector("[data-os]").dataset.os`))
			assert.Equal(t, r.Lang, i18n.Lang(c.lang))
			code := eval[string](b, `document.querySelector("#support-code").textContent`)
			assert.Len(t, code, report.SupportCodeLen)
			if _, err := report.DecodeSupportCode(code); err != nil {
				t.Errorf("support code %q does not decode: %v", code, err)
			}
			// The QR code of the page's link is drawn when the hand-off comes
			// near the screen: on a phone, not while the verdict is read.
			if c.size.Mobile {
				assert.False(t, eval[bool](b, `!!document.querySelector(".qr svg")`), "QR code drawn far below the screen")
			}
			eval[bool](b, `(document.getElementById("handoff-h").scrollIntoView(), true)`)
			b.waitFor(`!!document.querySelector(".qr svg path")`, 10*time.Second)
			eval[bool](b, `(window.scrollTo(0, 0), true)`)

			// Picking a symptom re-ranks at once and goes into the report.
			b.do(10*time.Second, chromedpClick(`[data-symptom="account_locked"]`))
			b.waitFor(`document.querySelector('[data-symptom="account_locked"]').getAttribute("aria-pressed") === "true"`, 5*time.Second)
			r = pageReport(t, b)
			assert.Equal(t, diagnosis.FindingAccountLocked, r.Findings[0])
			assert.Equal(t, "account_locked", eval[string](b, `document.querySelector("[data-finding-id]").dataset.findingId`))
			b.do(10*time.Second, chromedpClick(`[data-symptom="account_locked"]`))

			b.screenshot("page-" + c.name)
			assert.Empty(t, b.problems(apiNotYet...), "console:\n%s", b.consoleText())
		})
	}
}

// TestPageRunAgainAndLangSwitch re-runs the checks without reloading and
// switches the language back and forth; the last choice is remembered.
func TestPageRunAgainAndLangSwitch(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	o := phone
	o.Lang, o.ExtraFlags = "zh-CN", f.flags(allAnswer)
	b := startBrowser(t, o)
	b.navigate(app.URL + "/")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.Equal(t, "zh-CN", eval[string](b, `document.documentElement.lang`))

	eval[bool](b, `(window.__e2e.states = [], true)`)
	b.do(10*time.Second, chromedpClick(`.run-again`))
	b.waitFor(`window.__e2e.states.includes("running") && document.documentElement.dataset.checkState === "done"`, 30*time.Second)

	// go-app redraws on its next frame, after <html lang> changed: wait for both.
	b.do(10*time.Second, chromedpClick(`.lang-switch`))
	b.waitFor(`document.documentElement.lang === "en" && `+h1TextJS+` === "WPS login self-check"`, 5*time.Second)
	assert.Equal(t, "en", pageReportLang(t, b))
	b.navigate(app.URL + "/")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.Equal(t, "en", eval[string](b, `document.documentElement.lang`), "the choice is remembered")

	// And back: the switch works every time, not only once (go-app kept the
	// first closure bound when handlers differed only by what they captured).
	for _, want := range []struct{ lang, h1, report string }{
		{"zh-CN", "WPS 登录自助检测", "zh"}, {"en", "WPS login self-check", "en"}, {"zh-CN", "WPS 登录自助检测", "zh"},
	} {
		b.do(10*time.Second, chromedpClick(`.lang-switch`))
		b.waitFor(`document.documentElement.lang === "`+want.lang+`" && `+h1TextJS+` === "`+want.h1+`"`, 5*time.Second)
		assert.Equal(t, want.report, pageReportLang(t, b))
	}
	b.navigate(app.URL + "/")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.Equal(t, "zh-CN", eval[string](b, `document.documentElement.lang`), "the last choice is remembered")
}

func pageReportLang(t *testing.T, b *testBrowser) string {
	var r struct {
		Lang string `json:"lang"`
	}
	require.NoError(t, json.Unmarshal([]byte(eval[string](b, `window.selfCheckReport()`)), &r))
	return r.Lang
}

// chromedpClick clicks the first element matching a CSS selector, as a
// person would (it must be visible).
func chromedpClick(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel))
}

// apiNotYet are the console messages of API endpoints another issue adds
// (/api/config, /api/status answer 404 until then): the page treats a 404
// as "not offered", but Chromium still logs it.
var apiNotYet = []string{"/api/config", "/api/status"}

// TestPagePrerendered reads the HTML the server sends before any script
// runs: it already names the product, says it is checking, lists every
// check as pending and offers the basic checks, in the visitor's language.
func TestPagePrerendered(t *testing.T) {
	app := startApp(t, appOptions{})
	// The article's introduction (what the account gives you) is on the page.
	for lang, want := range map[string][]string{
		"zh-CN": {"WPS 登录自助检测", "正在检查", "先试试这些基本检查", `lang="zh-CN"`, kb.Intro().ZH},
		"en-US": {"WPS login self-check", "Checking", "Start with these basic checks", `lang="en"`, strings.ReplaceAll(kb.Intro().EN, "'", "&#39;")},
	} {
		req, err := http.NewRequest(http.MethodGet, app.URL+"/?ticket=%3Cscript%3Ealert(1)%3C/script%3E", nil)
		require.NoError(t, err)
		req.Header.Set("Accept-Language", lang)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		html := string(body)
		for _, w := range want {
			assert.True(t, strings.Contains(html, w), "%s: the page lacks %q", lang, w)
		}
		for _, e := range diagnosis.DefaultCatalog() {
			assert.True(t, strings.Contains(html, `data-check-id="`+e.ID+`"`), "%s: no row for %s", lang, e.ID)
		}
		assert.GreaterOrEqual(t, strings.Count(html, `data-status="pending"`), len(diagnosis.DefaultCatalog()), lang)
		assert.False(t, strings.Contains(html, "<script>alert"), lang)
		assert.False(t, strings.Contains(html, ` style="`), "no inline style (the CSP forbids it)")
	}
}

// TestTapsBeforeTheWasmAreKept: on a phone the server's page shows for
// seconds before the wasm can answer its buttons. A symptom picked there
// shows as picked at once and a language chosen there says it is coming
// (the hand-off's buttons, which cannot work yet, show disabled); when the
// wasm starts, the page, its ranking and its report carry both.
// The page is opened on a language path (/zh/), which the tapped language
// must win over. The server holds the wasm back until the taps are done.
func TestTapsBeforeTheWasmAreKept(t *testing.T) {
	f := startFakeWPS(t)
	release := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	t.Cleanup(open)
	app := startApp(t, appOptions{Wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/web/app.wasm" {
				select {
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}})
	o := phone
	o.Lang, o.ExtraFlags = "zh-CN", f.flags(allAnswer)
	b := startBrowser(t, o)
	// Not b.navigate: the page's load event waits for the held wasm.
	_, err := chromedp.Call(b.ctx, page.Navigate, page.NavigateParams{URL: app.URL + "/zh/"})
	require.NoError(t, err)
	// app.js has run (it keeps the taps) and the server's page is shown.
	b.waitFor(`typeof wpscheckFetchWasm === "function" && !!document.querySelector('#main[data-render="prerendered"] button[data-symptom="forgot_password"]')`, 30*time.Second)

	b.do(10*time.Second, chromedpClick(`button[data-symptom="forgot_password"]`))
	assert.Equal(t, "true", eval[string](b, `document.querySelector('button[data-symptom="forgot_password"]').getAttribute("aria-pressed")`), "picked at once")
	assert.Equal(t, 1, eval[int](b, `document.querySelectorAll('button[data-symptom][aria-pressed="true"]').length`))
	b.do(10*time.Second, chromedpClick(`#main button.lang-switch`))
	assert.Equal(t, "true", eval[string](b, `document.querySelector("#main button.lang-switch").getAttribute("aria-busy")`), "the switch shows the choice is coming")
	assert.Equal(t, "zh-CN", eval[string](b, `document.documentElement.lang`), "nothing can change the text before the wasm")
	assert.Equal(t, "prerendered", eval[string](b, `document.querySelector("#main").dataset.render`), "the taps came before the wasm")
	assert.True(t, eval[bool](b, `document.querySelector("#copy-report").disabled && document.querySelector("#download-json").disabled`),
		"the hand-off's buttons cannot work before the wasm: they show disabled")
	b.screenshot("taps-before-wasm-zh-phone")

	open()
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	assert.Equal(t, "live", eval[string](b, `document.querySelector("#main").dataset.render`))
	assert.Equal(t, "en", eval[string](b, `document.documentElement.lang`))
	assert.False(t, eval[bool](b, `document.querySelector("#copy-report").disabled || document.querySelector("#download-json").disabled`))
	assert.Equal(t, "true", eval[string](b, `document.querySelector('button[data-symptom="forgot_password"]').getAttribute("aria-pressed")`))
	r := pageReport(t, b)
	assert.Equal(t, []diagnosis.Symptom{diagnosis.SymptomForgotPassword}, r.Symptoms)
	assert.Equal(t, i18n.EN, r.Lang)
	assert.Equal(t, "en", eval[string](b, `localStorage.getItem("wpscheck.lang")`), "kept as a later switch is")
	assert.False(t, eval[bool](b, `document.documentElement.hasAttribute("data-early-symptom") || document.documentElement.hasAttribute("data-early-lang")`), "consumed")

	// From now on the page's own buttons answer: a tap clears the pick.
	b.do(10*time.Second, chromedpClick(`button[data-symptom="forgot_password"]`))
	b.waitFor(`document.querySelector('button[data-symptom="forgot_password"]').getAttribute("aria-pressed") === "false"`, 10*time.Second)
	assert.Empty(t, pageReport(t, b).Symptoms)
}

// TestPageOffline opens the page once (the service worker caches it), then
// cuts the network: the page still opens from the cache, says "offline"
// first, and runs again by itself on the browser's online event.
//
// On that first visit the wasm is asked for by the head's preload, by
// app.js's fetch and by the worker's install (its precache): it crosses the
// network once. A second copy would cost a phone on a weak network another
// megabyte and five seconds.
func TestPageOffline(t *testing.T) {
	f := startFakeWPS(t)
	hits := &wasmHits{status: map[int]int{}}
	app := startApp(t, appOptions{Wrap: hits.wrap})
	o := phone
	o.Lang, o.ExtraFlags = "zh-CN", f.flags(allNotFound)
	b := startBrowser(t, o)
	b.navigate(app.URL + "/?ticket=T-9")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	// ready: the worker installed, its precache (app.wasm included) stored.
	require.True(t, eval[bool](b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))
	assert.Equal(t, 1, hits.full(), "full answers for /web/app.wasm (by status, bytes): %s", hits)

	app.Stop()
	b.navigate(app.URL + "/?ticket=T-9")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	r := pageReport(t, b)
	assert.Equal(t, diagnosis.FindingOffline, r.Findings[0], "report: %+v", r)
	assert.Equal(t, "offline", eval[string](b, `document.querySelector("[data-finding-id]").dataset.findingId`))
	assert.Equal(t, "T-9", r.Ticket)
	// The guidance is all there: steps and the collapsed tips.
	assert.True(t, eval[bool](b, `document.querySelectorAll("[data-steps-os] li").length > 0`))
	assert.True(t, eval[bool](b, `document.querySelectorAll("details.tip-group").length >= 3`))
	b.screenshot("page-offline-zh-phone")

	eval[bool](b, `(window.__e2e.states = [], window.dispatchEvent(new Event("online")), true)`)
	b.waitFor(`window.__e2e.states.includes("running") && document.documentElement.dataset.checkState === "done"`, 60*time.Second)
}

// TestWorkerWaitsForTheVerdict: on a first visit the service worker is not
// registered while the page starts and runs its checks (its install would
// precache the wasm beside the page's own work); it is registered when the
// verdict is in. A page that never has a verdict, in a browser that cannot
// run the wasm, gets the worker 10 s after its load event, so that its
// prerendered guidance still opens offline.
func TestWorkerWaitsForTheVerdict(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	// sinceLoad: ms from the end of the load event to then.
	sinceLoad := func(then string) string {
		return then + ` - performance.getEntriesByType("navigation")[0].loadEventEnd`
	}
	const workerMark = `performance.getEntriesByName("wpscheck:worker")`

	t.Run("after the verdict", func(t *testing.T) {
		o := desktop
		// One login host answers after the slow threshold: the check runs
		// for seconds after the page has drawn itself.
		o.Lang, o.ExtraFlags = "zh-CN", f.flags(only(diagnosis.EndpointAccountCN, slow))
		b := startBrowser(t, o)
		b.navigate(app.URL + "/")
		b.waitFor(`document.querySelector("#main").dataset.render === "live" && !!document.documentElement.dataset.checkState`, 60*time.Second)
		type state struct {
			Registrations int     `json:"registrations"`
			Marked        bool    `json:"marked"`
			SinceLoad     float64 `json:"sinceLoad"`
			CheckState    string  `json:"checkState"`
		}
		st := eval[state](b, `navigator.serviceWorker.getRegistrations().then(r => ({registrations: r.length, marked: `+workerMark+`.length > 0, sinceLoad: `+sinceLoad("performance.now()")+`, checkState: document.documentElement.dataset.checkState}))`)
		if st.CheckState != "running" || st.SinceLoad >= 9000 {
			t.Skipf("the page drew itself %.0f ms after its load event, check %q: too slow a host to see the check running before the 10 s fallback", st.SinceLoad, st.CheckState)
		}
		assert.Equal(t, 0, st.Registrations, "no service worker while the checks run")
		assert.False(t, st.Marked)

		b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
		b.waitFor(workerMark+`.length === 1`, 5*time.Second)
		if done := eval[float64](b, sinceLoad("performance.now()")); done < 9000 {
			assert.Less(t, eval[float64](b, sinceLoad(workerMark+`[0].startTime`)), 10000.0, "registered by the verdict, not by the fallback")
		}
		require.True(t, eval[bool](b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))
	})

	t.Run("no wasm, no verdict", func(t *testing.T) {
		o := desktop
		o.Lang, o.ExtraFlags = "en-US", f.flags(allAnswer)
		b := startBrowser(t, o)
		b.addScript(noWasmJS) // the page stays the server's prerendered guidance
		b.navigate(app.URL + "/en/")
		require.Equal(t, "undefined", eval[string](b, `typeof WebAssembly`))
		b.waitFor(workerMark+`.length === 1`, 20*time.Second)
		assert.GreaterOrEqual(t, eval[float64](b, sinceLoad(workerMark+`[0].startTime`)), 10000.0, "10 s after the load event")
		assert.Equal(t, "prerendered", eval[string](b, `document.querySelector("#main").dataset.render`))
		require.True(t, eval[bool](b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))
	})
}

// noWasmJS, run before the page's scripts, leaves the page without
// WebAssembly, as in an iPhone's Lockdown Mode.
const noWasmJS = `delete globalThis.WebAssembly;`

// TestPageWithoutWasm: in a browser where WebAssembly is off (an iPhone in
// Lockdown Mode, a browser under a policy) the check cannot run. The page
// says so in its own language, instead of "Checking" for ever, hides what
// only the wasm could fill in or act on, and keeps the server's guidance.
func TestPageWithoutWasm(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	for _, tc := range []struct {
		name, path, lang, status, shot string
		o                              browserOptions
	}{
		{"zh phone", "/", "zh-CN", "这个浏览器无法运行自动检测", "no-wasm-zh-phone", phone},
		{"en desktop", "/en/", "en-US", "This browser cannot run the automatic check", "no-wasm-en-desktop", desktop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			o.Lang, o.ExtraFlags = tc.lang, f.flags(allAnswer)
			b := startBrowser(t, o)
			b.addScript(noWasmJS)
			b.navigate(app.URL + tc.path)
			b.waitFor(`document.documentElement.dataset.checkState === "unavailable"`, 10*time.Second)
			assert.Equal(t, "prerendered", eval[string](b, `document.querySelector("#main").dataset.render`))
			assert.Contains(t, eval[string](b, `document.querySelector("#check-status").textContent`), tc.status)
			// What only the wasm could fill in or act on is gone.
			for _, sel := range []string{"#verdict .spinner", "#verdict .run-again", "section.symptoms", "section.findings > .hint", "section.checks", "section.handoff"} {
				assert.False(t, eval[bool](b, `document.querySelector("`+sel+`").checkVisibility()`), "%s is hidden", sel)
			}
			for _, sel := range []string{"#check-status", "section.findings .tips", "section.more"} {
				assert.True(t, eval[bool](b, `document.querySelector("`+sel+`").checkVisibility()`), "%s stays", sel)
			}
			assert.Contains(t, eval[string](b, `document.querySelector("#app-wasm-loader-label").textContent`), "The check cannot run in this browser")
			assert.Greater(t, eval[int](b, `document.querySelectorAll("#main li").length`), 10, "the basic checks and fixes stay on the page")
			b.screenshot(tc.shot)

			// The language switch opens the server's page in the other language.
			other := map[string]string{"zh-CN": "en", "en-US": "zh-CN"}[tc.lang]
			ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
			defer cancel()
			_, err := chromedp.RunResponse(ctx, chromedpClick(`button.lang-switch`))
			require.NoError(t, err)
			b.waitFor(`document.documentElement.lang === "`+other+`" && document.documentElement.dataset.checkState === "unavailable"`, 10*time.Second)
		})
	}
}

// TestSupportPage decodes a support code the check page showed, on the
// agents' page, with no server help.
func TestSupportPage(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	o := desktop
	o.Lang, o.ExtraFlags = "en-US", f.flags(wpsRefused)
	b := startBrowser(t, o)
	b.navigate(app.URL + "/")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	code := eval[string](b, `document.querySelector("#support-code").textContent`)
	top := pageReport(t, b).Findings[0]

	b.navigate(app.URL + "/support")
	b.waitFor(`document.documentElement.dataset.app === "live" && !!document.querySelector("#code-input")`, 30*time.Second)
	b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#code-input"), code), chromedpClick(`#decode`))
	b.waitFor(`!!document.querySelector("#decoded [data-finding-id]")`, 10*time.Second)
	assert.Equal(t, string(top), eval[string](b, `document.querySelector("#decoded [data-finding-id]").dataset.findingId`))
	b.screenshot("support-en-desktop")

	// A typo is caught by the check symbol.
	typo := code[:len(code)-1] + "Z"
	if code[len(code)-1] == 'Z' {
		typo = code[:len(code)-1] + "Y"
	}
	eval[bool](b, `(() => { const el = document.querySelector("#code-input"); el.value = ""; el.dispatchEvent(new Event("input")); return true })()`)
	b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#code-input"), typo), chromedpClick(`#decode`))
	b.waitFor(`!!document.querySelector(".error")`, 10*time.Second)
	// The agent is told which kind of mistake it is.
	assert.Contains(t, eval[string](b, `document.querySelector(".error").textContent`), "check character does not match")
	eval[bool](b, `(() => { const el = document.querySelector("#code-input"); el.value = ""; el.dispatchEvent(new Event("input")); return true })()`)
	b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#code-input"), code[:len(code)-3]), chromedpClick(`#decode`))
	b.waitFor(`document.querySelector(".error").textContent.includes("17 characters")`, 10*time.Second)
}

// TestSendToSupport uploads a report from the page of a signed support
// link (shown first, sent only after consent) and opens it on the agents'
// page after signing in: the ticket shows as verified, a report filed
// under the same ticket without the signature as unverified; a wrong token
// shows a clear message and nothing of the report.
func TestSendToSupport(t *testing.T) {
	const token = "agent-token-e2e-7c1d"
	sum := sha256.Sum256([]byte(token))
	const secret = "e2e-ticket-secret-0123456789abcdef-01234"
	secretFile := filepath.Join(t.TempDir(), "ticket-secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(secret), 0o600))
	cfg, err := config.Parse([]byte(`{"reports": {"upload": true}, "agents": {"token_sha256": ["` + hex.EncodeToString(sum[:]) + `"]},
		"tickets": {"secret_file": "` + secretFile + `"}}`))
	require.NoError(t, err)
	link, err := cfg.TicketSigner().Link("http://placeholder/", "T-77")
	require.NoError(t, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })

	f := startFakeWPS(t)
	app := startApp(t, appOptions{Mutate: func(o *httpserver.Options) { o.Config, o.Reports = cfg, store }})
	o := phone
	o.Lang, o.ExtraFlags = "zh-CN", f.flags(wpsRefused)
	b := startBrowser(t, o)
	b.navigate(app.URL + strings.TrimPrefix(link, "http://placeholder"))
	b.waitFor(`document.documentElement.dataset.checkState === "done" && !!document.querySelector("#send-report")`, 60*time.Second)

	b.do(10*time.Second, chromedpClick(`#send-report`))
	b.waitFor(`!!document.querySelector(".consent .json")`, 10*time.Second)
	shown := eval[string](b, `document.querySelector(".consent .json").textContent`)
	assert.Equal(t, eval[string](b, `window.selfCheckReport()`), shown, "the person sees exactly what is sent")
	b.do(10*time.Second, chromedpClick(`#consent-send`))
	b.waitFor(`!!document.querySelector("#report-id") || !!document.querySelector(".upload-error")`, 20*time.Second)
	require.False(t, eval[bool](b, `!!document.querySelector(".upload-error")`), "upload failed: %s", eval[string](b, `(document.querySelector(".upload-error") || {}).textContent || ""`))
	id := eval[string](b, `document.querySelector("#report-id").textContent`)
	require.Regexp(t, `^R-[0-9A-Z-]+$`, id)
	b.screenshot("send-zh-phone")
	// The same report filed under the ticket without the link's signature.
	unsigned := eval[string](b, `fetch("/api/reports", {method: "POST", headers: {"Content-Type": "application/json"},
		body: window.selfCheckReport()}).then(r => r.json()).then(a => a.id)`)
	require.Regexp(t, `^R-[0-9A-Z-]+$`, unsigned)

	b.navigate(app.URL + "/support/" + id)
	signIn(b, "wrong-token")
	b.waitFor(`!!document.querySelector("#signin-error")`, 20*time.Second)
	assert.False(t, eval[bool](b, `!!document.querySelector("#report-view")`), "nothing of the report with a wrong token")
	noToken := eval[string](b, `fetch("/api/reports/`+id+`").then(async r => r.status + "|" + await r.text())`)
	assert.True(t, strings.HasPrefix(noToken, "401|"), noToken)
	assert.NotContains(t, noToken, "T-77", "a 401 carries nothing of the report")

	signIn(b, token)
	b.waitFor(`!!document.querySelector("#report-view [data-finding-id]")`, 20*time.Second)
	assert.Equal(t, "wps_blocked", eval[string](b, `document.querySelector("#report-view [data-finding-id]").dataset.findingId`))
	assert.Contains(t, eval[string](b, `document.querySelector("#report-view").textContent`), "T-77")
	assert.Contains(t, eval[string](b, `document.querySelector("#report-h").textContent`), id, "the live page names the report")
	assert.Equal(t, "true", eval[string](b, `document.querySelector("#ticket-status").dataset.ticketVerified`))
	assert.Contains(t, eval[string](b, `document.querySelector("#ticket-status").textContent`), "已验证")
	b.screenshot("support-report-zh-phone")

	b.navigate(app.URL + "/support/" + unsigned) // the tab keeps the token
	b.waitFor(`!!document.querySelector("#ticket-status")`, 30*time.Second)
	assert.Equal(t, "false", eval[string](b, `document.querySelector("#ticket-status").dataset.ticketVerified`))
	assert.Contains(t, eval[string](b, `document.querySelector("#ticket-status").textContent`), "未验证")
	b.screenshot("support-report-unverified-zh-phone")
}

// TestOperatorCatalog opens the page on a server whose operator moved one
// login check and added another. On a first visit the page starts probing
// at once with the compiled-in catalog and, when the server's config
// arrives, probes what it changes; the report and the rows follow the
// operator's catalog. The next visit starts with the kept catalog.
func TestOperatorCatalog(t *testing.T) {
	cfg, catalog := operatorConfig(t)
	r := openScenario(t, scenario{
		app:     appOptions{Mutate: func(o *httpserver.Options) { o.Config = cfg }},
		browser: browserOptions{Lang: "en-US"},
	})
	f := r.wps
	for visit := 1; visit <= 2; visit++ {
		if visit > 1 {
			r.b.navigate(r.app.URL + "/")
			r.waitDone()
		}
		assert.True(t, r.assertTop(diagnosis.FindingNoIssueFound), "visit %d", visit)
		var ids []string
		for _, c := range r.rep.Checks {
			ids = append(ids, c.ID)
		}
		require.Contains(t, ids, "sso", "visit %d: the operator's extra check is in the report", visit)
		assert.Equal(t, diagnosis.StatusOK, r.status("sso").Status, "visit %d", visit)
		assert.Equal(t, diagnosis.StatusOK, r.status(diagnosis.EndpointAccountCN).Status, "visit %d", visit)
		assert.Equal(t, len(catalog), len(r.rep.Checks), "visit %d: one check per endpoint of the operator's catalog", visit)
		assert.Contains(t, eval[string](r.b, `document.querySelector('[data-check-id="sso"]').textContent`), "Single sign-on")
		assert.Equal(t, visit, f.hitsForPath("www.kdocs.cn/sso-check"), "visit %d", visit)
		assert.Equal(t, visit, f.hitsForPath("account.wps.cn/operator-check"), "visit %d", visit)
	}
	assert.Equal(t, 1, f.hitsForPath("account.wps.cn/"),
		"the compiled-in login URL is probed on the first visit only (before the server's catalog arrived)")
	assert.Equal(t, []string{}, eval[[]string](r.b, jsonKeptJS), "the kept catalog is no JSON object for go-app's sweep to decode")
}

// operatorConfig is a server config whose operator moved the Chinese login
// check to another path and added a single sign-on check; catalog is its
// endpoint list.
func operatorConfig(t *testing.T) (*config.Config, []diagnosis.Endpoint) {
	t.Helper()
	catalog := diagnosis.DefaultCatalog()
	for i := range catalog {
		if catalog[i].ID == diagnosis.EndpointAccountCN {
			catalog[i].URL = "https://account.wps.cn/operator-check"
		}
	}
	catalog = append(catalog, diagnosis.Endpoint{ID: "sso", URL: "https://www.kdocs.cn/sso-check", Role: diagnosis.RoleLogin,
		Label: i18n.Text{ZH: "单点登录", EN: "Single sign-on"}})
	body, err := json.Marshal(map[string]any{"catalog": catalog})
	require.NoError(t, err)
	cfg, err := config.Parse(body)
	require.NoError(t, err)
	return cfg, catalog
}

// TestKeptCatalogFromAnEarlierRelease: before the page kept its catalog
// behind a '~', localStorage held the raw /api/config answer. A person who
// visited then starts their next visit with that catalog all the same, and
// the page keeps it in the new form afterwards.
func TestKeptCatalogFromAnEarlierRelease(t *testing.T) {
	cfg, _ := operatorConfig(t)
	f := startFakeWPS(t)
	app := startApp(t, appOptions{Mutate: func(o *httpserver.Options) { o.Config = cfg }})
	o := phone
	o.Lang, o.ExtraFlags = "en-US", f.flags(allAnswer)
	b := startBrowser(t, o)
	// A file of the origin that runs no check: localStorage written as the
	// earlier release wrote it.
	b.navigate(app.URL + "/web/style.css")
	require.True(t, eval[bool](b, `fetch("/api/config").then((r) => r.text()).then((t) => (localStorage.setItem("wpscheck.config", t), t.startsWith("{")))`))

	r := &checkRun{t: t, app: app, wps: f, b: b}
	b.navigate(app.URL + "/")
	r.waitDone()
	assert.True(t, r.assertTop(diagnosis.FindingNoIssueFound))
	assert.Equal(t, 1, f.hitsForPath("account.wps.cn/operator-check"), "the kept catalog's login check is probed")
	assert.Equal(t, 0, f.hitsForPath("account.wps.cn/"), "the compiled-in login URL is not: the kept catalog was read")
	assert.Equal(t, diagnosis.StatusOK, r.status("sso").Status)
	assert.True(t, eval[bool](b, `localStorage.getItem("wpscheck.config").startsWith("~{")`), "kept again in the new form")
}

// jsonKeptJS lists the localStorage items that are a JSON object or array.
// go-app reads every item with encoding/json as its engine starts and once
// a minute; the page keeps its own behind a '~' (browser.StorageSet), so
// that the sweep stops at their first byte.
const jsonKeptJS = `Object.keys(localStorage).filter((k) => {
  try { const v = JSON.parse(localStorage.getItem(k)); return v !== null && typeof v === "object"; } catch { return false; }
})`

// TestFirstRenderIsInThePagesLanguage opens the page in an English browser
// and records every text change from the start: the wasm's first render must
// already be English (and carry the ticket), not a default Chinese page that
// is then rewritten, which costs the start's main thread twice over.
func TestFirstRenderIsInThePagesLanguage(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	o := phone
	o.Lang, o.ExtraFlags = "en-US", f.flags(allAnswer)
	b := startBrowser(t, o)
	b.addScript(`(() => {
  window.__textChanges = [];
  new MutationObserver((rs) => {
    for (const r of rs) if (r.type === "characterData") window.__textChanges.push(r.oldValue);
  }).observe(document, {characterData: true, characterDataOldValue: true, subtree: true});
})();`)
	b.navigate(app.URL + "/?ticket=T-4242")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
	require.Equal(t, "en", eval[string](b, `document.documentElement.lang`))
	var chinese []string
	for _, old := range eval[[]string](b, `window.__textChanges`) {
		if strings.ContainsFunc(old, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) && old != "中文" {
			chinese = append(chinese, old)
		}
	}
	assert.Empty(t, chinese, "texts the wasm first wrote in Chinese, then rewrote in English")
	assert.Equal(t, "T-4242", eval[string](b, `document.querySelector("#ticket").textContent`))
}

// goFuncsJS captures the page's Go instance (wasm_exec.js assigns
// globalThis.Go; a subclass records each instance) so a test can count the
// Go callbacks the page holds: every js.FuncOf lives in Go's value table as
// a wrapper function until it is released.
const goFuncsJS = `(() => {
  let Real;
  Object.defineProperty(globalThis, "Go", {
    configurable: true,
    get() { return Real; },
    set(v) { Real = class extends v { constructor(...a) { super(...a); window.__go = this; } }; },
  });
  window.__goFuncs = () => window.__go._values.filter((v) => typeof v === "function" && String(v).includes("_pendingEvent")).length;
  window.__blobs = 0;
  const create = URL.createObjectURL;
  URL.createObjectURL = function (...a) { window.__blobs++; return create.apply(this, a); };
})();`

// TestDownloadLeavesNoCallbackBehind: downloading the JSON report again and
// again does not leave a Go callback behind each time (the page stays open
// for a whole support call).
func TestDownloadLeavesNoCallbackBehind(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	o := phone
	o.Lang, o.ExtraFlags = "en-US", f.flags(allAnswer)
	b := startBrowser(t, o)
	b.addScript(goFuncsJS)
	b.navigate(app.URL + "/")
	b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)

	downloads := 0
	download := func() {
		downloads++
		b.do(10*time.Second, chromedpClick(`#download-json`))
		b.waitFor(`window.__blobs === `+strconv.Itoa(downloads), 5*time.Second)
	}
	download() // go-app's own handlers are in place after the first click
	b.waitFor(`document.querySelector(".notice").textContent.includes("downloaded")`, 5*time.Second)
	// A finished check may still have a request in flight (a clock sample,
	// the config), whose callbacks go when it answers: count once the
	// number has held for a second. (A CI run counted 72 before and 29
	// after without this.)
	b.waitFor(`(() => {
		const n = window.__goFuncs(), now = performance.now();
		if (n !== window.__settledN) { window.__settledN = n; window.__settledAt = now; return false; }
		return now - window.__settledAt >= 1000;
	})()`, 20*time.Second)
	// The count can still fall: the table keeps a callback while any Go
	// value refers to it, and such values go only when the garbage
	// collector runs, which a download's allocations may start (74 before
	// and 29 after once the report's JSON was encoded on the first
	// download). So the page downloads more times than that: a callback
	// each download kept would still raise the count (checked with one
	// kept on purpose: 75 before, 130 after).
	before := eval[int](b, `window.__goFuncs()`)
	for range 100 {
		download()
	}
	assert.LessOrEqual(t, eval[int](b, `window.__goFuncs()`), before, "Go callbacks held by the page after 100 more downloads")
}

// warmedJS is the page's record of the warm-up worker (app.js:
// wpscheckWarm): when the page stopped waiting for it, why, and how many
// parts of the warm-up failed.
const warmedJS = `(() => {
  const m = performance.getEntriesByName("wpscheck:warmed");
  const main = performance.getEntriesByName("wpscheck:main");
  return m.length !== 1 ? {marks: m.length} : {marks: 1, how: m[0].detail.how, cold: m[0].detail.cold ?? -1,
    beforeMain: main.length === 1 && m[0].startTime <= main[0].startTime};
})()`

// warmed is warmedJS's answer.
type warmed struct {
	Marks      int    `json:"marks"`
	How        string `json:"how"`
	Cold       int    `json:"cold"`
	BeforeMain bool   `json:"beforeMain"`
}

// TestWarmUpWorker: before the page's Go starts, a worker runs the same
// module on made-up results, so that V8 has compiled the page's code by the
// time the main thread runs it. The worker runs every part of the check
// page's first draw (none fails in a real browser worker, where there is no
// DOM), and the page's own Go starts after it. A browser that cannot start
// the worker, or a worker that never answers, costs the page at most the
// wait: the check runs and gives its verdict all the same. A repeat visit
// from the service worker starts no worker (V8 has the code already in that
// tab, and in a new one the wait cost the first render more than it saved).
func TestWarmUpWorker(t *testing.T) {
	f := startFakeWPS(t)
	app := startApp(t, appOptions{})
	for _, tc := range []struct {
		name, script, how string
	}{
		{"warms the page's code", "", "done"},
		{"no workers", `delete globalThis.Worker;`, "failed"},
		{"a worker that never answers", `globalThis.Worker = class { postMessage(m) { window.__e2eWarmLang = m && m.lang; } terminate() { window.__e2eTerminated = true; } };`, "timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := desktop
			o.Lang, o.ExtraFlags = "zh-CN", f.flags(allAnswer)
			b := startBrowser(t, o)
			if tc.script != "" {
				b.addScript(tc.script)
			}
			b.navigate(app.URL + "/")
			b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
			w := eval[warmed](b, warmedJS)
			require.Equal(t, 1, w.Marks, "one wpscheck:warmed mark")
			assert.Equal(t, tc.how, w.How)
			assert.True(t, w.BeforeMain, "the page's Go starts once the page stopped waiting for the worker")
			if tc.how == "done" {
				assert.Zero(t, w.Cold, "every part of the warm-up ran in the worker")
			}
			if tc.how == "timeout" {
				assert.True(t, eval[bool](b, `window.__e2eTerminated === true`), "a worker past its time is stopped")
				assert.Equal(t, "zh-CN", eval[string](b, `window.__e2eWarmLang`), "the worker warms the page's language")
			}
			assert.Equal(t, "live", eval[string](b, `document.querySelector("#main").dataset.render`))
			assert.NotEmpty(t, eval[string](b, `document.querySelector("#check-status").textContent.trim()`))
			assert.Empty(t, b.problems(optionalAPI...), "console errors, exceptions or CSP violations:\n%s", b.consoleText())
		})
	}

	t.Run("a repeat visit skips it", func(t *testing.T) {
		o := desktop
		o.Lang, o.ExtraFlags = "en-US", f.flags(allAnswer)
		b := startBrowser(t, o)
		b.navigate(app.URL + "/en/")
		b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
		require.Equal(t, "done", eval[warmed](b, warmedJS).How, "a first visit warms up")
		require.True(t, eval[bool](b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))
		b.navigate(app.URL + "/en/")
		b.waitFor(`document.documentElement.dataset.checkState === "done"`, 60*time.Second)
		require.True(t, eval[bool](b, `navigator.serviceWorker.controller !== null`), "the service worker serves the repeat visit")
		w := eval[warmed](b, warmedJS)
		assert.Equal(t, "skipped", w.How)
		assert.True(t, w.BeforeMain)
		assert.Empty(t, b.problems(optionalAPI...), "console errors, exceptions or CSP violations:\n%s", b.consoleText())
	})
}
