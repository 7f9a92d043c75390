package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
)

// axeVersion is the axe-core release the tests run, pinned in
// .ci/perf/package.json and installed by `bash .ci/perf/install.sh`.
const axeVersion = "4.14.1"

// axeTags are the rule sets the page must pass: WCAG 2.0 and 2.1, A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource returns axe.min.js. AXE_JS overrides the path. When it is
// missing the test fails under CI and skips loudly elsewhere.
func axeSource(t testing.TB) string {
	t.Helper()
	p := os.Getenv("AXE_JS")
	if p == "" {
		var err error
		p, err = filepath.Abs("../../.ci/perf/node_modules/axe-core/axe.min.js")
		require.NoError(t, err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but axe-core is missing (%v): run `bash .ci/perf/install.sh`", err)
		}
		t.Skipf("\n\n*** SKIPPING ACCESSIBILITY TESTS: axe-core is missing (%v). Run `bash .ci/perf/install.sh`. ***\n", err)
	}
	return string(b)
}

// axeViolation is one failed axe rule with the nodes that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeResult is what one axe run found.
type axeResult struct {
	Version    string         `json:"version"`
	Violations []axeViolation `json:"violations"`
	Incomplete []string       `json:"incomplete"` // rules axe could not decide (need a person)
	Passes     int            `json:"passes"`
}

// runAxe injects axe-core into the page (once per document) and runs the
// WCAG 2.1 A/AA rules on the whole document.
func runAxe(b *testBrowser, src string) axeResult {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe === "object"`) {
		b.do(30*time.Second, chromedp.Evaluate[chromedp.Void](src+"\n;undefined"))
	}
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	return eval[axeResult](b, `axe.run(document, {runOnly: {type: "tag", values: `+tags+`}, resultTypes: ["violations", "incomplete"]}).then(r => ({
  version: axe.version,
  passes: r.passes.length,
  incomplete: r.incomplete.map(v => v.id + " (" + v.nodes.length + " nodes, e.g. " + v.nodes[0].target.join(" ") + ": " +
    ((v.nodes[0].any[0] || v.nodes[0].all[0] || v.nodes[0].none[0] || {}).message || "") + ")"),
  violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary || ""}))})),
}))`)
}

// describe lists each violation: id, impact, help, and every failing target.
func (r axeResult) describe() string {
	var sb strings.Builder
	for _, v := range r.Violations {
		fmt.Fprintf(&sb, "\n  %s [%s]: %s (%s)", v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n    - %s  %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
	}
	return sb.String()
}

// wpsBlackHoled keeps the check running: every WPS host accepts the
// connection and never answers, so the page is "running" until the probe
// timeout, then "done" with a finding (a full results page).
func wpsBlackHoled(e diagnosis.Endpoint) fate {
	if e.Role.IsWPS() {
		return blackHole
	}
	return answer
}

// a11yMatrix is every language and size the page is checked in.
var a11yMatrix = []struct {
	name string
	lang string
	size browserOptions
}{
	{"zh/phone", "zh-CN", phone},
	{"zh/desktop", "zh-CN", desktop},
	{"en/phone", "en-US", phone},
	{"en/desktop", "en-US", desktop},
}

// a11yProbeTimeout is the probe timeout the accessibility tests configure:
// long enough that the page is surely still "running" when axe has been
// injected and has run on a loaded two-core machine.
const a11yProbeTimeout = 45 * time.Second

// openA11y opens the page in lang and size, in a world where WPS is
// black-holed and the operator's probe timeout is a11yProbeTimeout.
func openA11y(t *testing.T, lang string, size browserOptions) (*testBrowser, *testApp) {
	t.Helper()
	app := startApp(t, appOptions{Mutate: func(o *httpserver.Options) {
		cfg := config.Default()
		cfg.Probe.TimeoutMS = a11yProbeTimeout.Milliseconds()
		o.Config = cfg
	}})
	wps := startFakeWPS(t)
	b := startBrowser(t, browserOptions{Width: size.Width, Height: size.Height, Mobile: size.Mobile, Lang: lang,
		ExtraFlags: wps.flags(wpsBlackHoled)})
	return b, app
}

// TestAccessibilityAxe runs axe-core's WCAG 2.1 A/AA rules on the page in
// Chinese and English, at phone and desktop size, while the check runs and
// once it is done, and fails on any violation, listing each rule, the
// elements that break it and how to fix it.
func TestAccessibilityAxe(t *testing.T) {
	src := axeSource(t)
	requireBrowser(t)
	for _, m := range a11yMatrix {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			b, app := openA11y(t, m.lang, m.size)
			// The page must still be running when axe has finished; on a
			// loaded machine the operator's timeout may not reach the page in
			// time (its /api/config fetch gives up after 2 s), so a run that
			// ended under axe is retried with a fresh load.
			var running axeResult
			for attempt := 1; ; attempt++ {
				b.navigate(app.URL + "/")
				b.waitFor(`document.documentElement.dataset.checkState === "running"`, 60*time.Second)
				start := time.Now()
				running = runAxe(b, src)
				state := eval[string](b, `document.documentElement.dataset.checkState`)
				t.Logf("attempt %d: axe injected and ran in %v; state after: %s", attempt, time.Since(start).Round(time.Millisecond), state)
				if state == "running" {
					break
				}
				require.Less(t, attempt, 4, "the check ended while axe ran, four times: the running page was not checked")
			}
			require.Equal(t, axeVersion, running.Version, "axe-core version")
			t.Logf("%s while running: %d violations, %d rules passed, needs review: %v",
				m.name, len(running.Violations), running.Passes, running.Incomplete)
			b.screenshot("a11y-" + m.name + "-running")
			assert.Empty(t, running.Violations, "axe WCAG 2.1 A/AA violations while the check runs (%s):%s", m.name, running.describe())

			b.waitFor(`document.documentElement.dataset.checkState === "done"`, doneTimeout+a11yProbeTimeout)
			done := runAxe(b, src)
			t.Logf("%s when done: %d violations, %d rules passed, needs review: %v", m.name, len(done.Violations), done.Passes, done.Incomplete)
			b.screenshot("a11y-" + m.name + "-done")
			assert.Empty(t, done.Violations, "axe WCAG 2.1 A/AA violations once the check is done (%s):%s", m.name, done.describe())
		})
	}
}

// TestAccessibilityBeforeWasm checks what a person on a slow phone sees while
// app.wasm is still downloading: the server's prerendered page under
// go-app's loading screen. The wasm request is held (never answered).
func TestAccessibilityBeforeWasm(t *testing.T) {
	src := axeSource(t)
	requireBrowser(t)
	for _, m := range []struct {
		name, lang string
		size       browserOptions
	}{{"zh/phone", "zh-CN", phone}, {"en/desktop", "en-US", desktop}} {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			b, app := openA11y(t, m.lang, m.size)
			_, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/web/app.wasm*"}}})
			require.NoError(t, err)
			b.navigate(app.URL + "/")
			require.Equal(t, "prerendered", eval[string](b, `document.querySelector("main").dataset.render`))
			// go-app's loading bar sits at the bottom: it hides neither the
			// product's name nor the language switch.
			require.True(t, eval[bool](b, `!!document.querySelector(".goapp-app-info")`), "go-app's loader is up")
			assert.True(t, eval[bool](b, `(() => { const l = document.querySelector(".goapp-app-info").getBoundingClientRect();
			  return [...document.querySelectorAll("h1, .lang-switch")].every(e => { const r = e.getBoundingClientRect(); return r.bottom <= l.top || r.top >= l.bottom; }); })()`),
				"the loading bar covers the heading or the language switch")
			res := runAxe(b, src)
			t.Logf("%s before the wasm runs: %d violations, %d rules passed, needs review: %v", m.name, len(res.Violations), res.Passes, res.Incomplete)
			b.screenshot("a11y-" + m.name + "-before-wasm")
			assert.Empty(t, res.Violations, "axe WCAG 2.1 A/AA violations before the wasm runs (%s):%s", m.name, res.describe())
		})
	}
}

// focusStop is where one Tab press left the focus.
type focusStop struct {
	Index   int    `json:"index"` // position in the list of controls, -1 if not one of them
	Desc    string `json:"desc"`
	Visible bool   `json:"visible"` // a focus ring: an outline or a box-shadow
	Ring    string `json:"ring"`
}

// controlsJS lists the visible, enabled interactive controls in DOM order
// into window.__a11yControls and returns their descriptions.
const controlsJS = `(() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=""], [contenteditable=true]';
  const desc = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
    ' "' + (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().replace(/\s+/g, " ").slice(0, 40) + '"';
  const list = [...document.querySelectorAll(sel)].filter(e =>
    !e.disabled && e.tabIndex >= 0 && !e.closest("[inert]") &&
    e.checkVisibility({checkOpacity: false, checkVisibilityCSS: true}));
  window.__a11yControls = list;
  window.__a11yDesc = desc;
  return list.map(desc);
})()`

// focusJS describes document.activeElement and its focus ring.
const focusJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return {index: -1, desc: "(body)", visible: false, ring: ""};
  const cs = getComputedStyle(e);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== "none";
  return {index: window.__a11yControls.indexOf(e), desc: window.__a11yDesc(e), visible: outline || shadow,
    ring: "outline: " + cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor + "; box-shadow: " + cs.boxShadow +
      "; :focus-visible " + e.matches(":focus-visible")};
})()`

// TestKeyboard tabs through the finished page: every interactive control is
// reached by Tab, in DOM order, and shows a visible focus ring; and the
// progress text sits in an aria-live region, so that screen readers announce it.
func TestKeyboard(t *testing.T) {
	requireBrowser(t)
	for _, m := range []struct {
		name, lang string
		size       browserOptions
	}{{"zh/phone", "zh-CN", phone}, {"en/desktop", "en-US", desktop}} {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			b, app := openA11y(t, m.lang, m.size)
			b.navigate(app.URL + "/")
			b.waitFor(`document.documentElement.dataset.checkState === "running"`, 60*time.Second)

			// Progress is announced: the status text is inside a live region.
			live := `(() => {
  const s = document.querySelector("#check-status");
  if (!s) return "no #check-status";
  const r = s.closest('[aria-live="polite"], [aria-live="assertive"], [role=status], [role=log], [role=alert]');
  return r ? "ok " + (r.getAttribute("aria-busy") || "") : "not in a live region";
})()`
			runningLive := eval[string](b, live)
			runningText := eval[string](b, `document.querySelector("#check-status").textContent`)
			assert.True(t, strings.HasPrefix(runningLive, "ok"), "while running, the progress text (#check-status) must be in an aria-live region: %s", runningLive)
			// A live region marked aria-busy="true" is held back by screen
			// readers until it is no longer busy: the progress would not be heard.
			assert.NotEqual(t, "ok true", runningLive, "while running, the live region around #check-status is aria-busy=\"true\", so screen readers hold the progress back until the end")
			b.waitFor(`document.documentElement.dataset.checkState === "done"`, doneTimeout+a11yProbeTimeout)
			doneLive := eval[string](b, live)
			doneText := eval[string](b, `document.querySelector("#check-status").textContent`)
			assert.True(t, strings.HasPrefix(doneLive, "ok"), "when done, the result text (#check-status) must be in an aria-live region: %s", doneLive)
			assert.NotEqual(t, runningText, doneText, "the live region must change when the check ends")
			t.Logf("live region while running: %q (%s); done: %q (%s)", runningText, runningLive, doneText, doneLive)

			controls := eval[[]string](b, controlsJS)
			require.NotEmpty(t, controls, "the page has no interactive control")
			// Start from the top of the document, as after a fresh load.
			b.do(10*time.Second, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))

			var stops []focusStop
			for range len(controls) + 3 {
				b.do(10*time.Second, chromedp.KeyEvent(kb.Tab))
				s := eval[focusStop](b, focusJS)
				if s.Index == -1 && len(stops) > 0 && s.Desc == "(body)" {
					break // left the page (to the browser UI)
				}
				if len(stops) > 0 && s.Index == 0 && stops[0].Index == 0 {
					break // wrapped around
				}
				stops = append(stops, s)
			}
			var got []int
			for _, s := range stops {
				got = append(got, s.Index)
				assert.True(t, s.Visible, "no visible focus ring on %s (%s)", s.Desc, s.Ring)
				assert.NotEqual(t, -1, s.Index, "Tab stopped on %s, which is not a visible control", s.Desc)
			}
			t.Logf("%d controls, %d Tab stops:\n  %s", len(controls), len(stops), describeStops(stops))
			want := make([]int, len(controls))
			for i := range want {
				want[i] = i
			}
			assert.Equal(t, want, got, "Tab must reach every control in DOM order.\ncontrols:\n  %s\nstops:\n  %s",
				strings.Join(controls, "\n  "), describeStops(stops))
		})
	}
}

func describeStops(stops []focusStop) string {
	var out []string
	for _, s := range stops {
		out = append(out, fmt.Sprintf("%d %s [%s]", s.Index, s.Desc, s.Ring))
	}
	return strings.Join(out, "\n  ")
}
