package ui

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/wire"
)

// Warm runs the check page's own code once on made-up results, with no
// page: the rules, the report and its support code, the config's and the
// status's parsers, the clock's estimate, and every view the first visit
// draws, in both languages, while running and once done. It is what the
// wasm main does in the loader's warm-up worker (browser.Warming): V8
// compiles a wasm function when it is first called, on the thread that
// calls it, and the compiled code is shared with the page's own instance of
// the module. The page's main thread then finds most of its code compiled
// rather than compiling it between its tasks. Warm neither fetches nor
// stores anything. A part that fails (a view that needs the page's DOM)
// is left cold and counted in the result.
func Warm() (cold int) {
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		cold += warmPage(l, false)
		cold += warmPage(l, true)
	}
	if !warmed(warmWire) {
		cold++
	}
	return cold
}

// warmPage builds and draws a check page in language l, still running or
// done with every check answered, and returns how many parts failed.
func warmPage(l i18n.Lang, done bool) (cold int) {
	p := newCheckPage()
	if !warmed(func() { p.setUp(l, done) }) {
		return 1
	}
	views := []func() app.UI{p.Render, p.renderVerdict, p.renderFindings, p.renderChecks,
		p.symptomPart().Render, p.handoffPart().Render, p.moreHelpPart().Render}
	for _, c := range p.result.Checks {
		views = append(views, p.checkRow(c).Render)
	}
	for _, v := range views {
		if !warmed(func() { _ = v() }) {
			cold++
		}
	}
	return cold
}

// setUp gives the page the state of a first visit in language l: running,
// or done with every check answered in time.
func (p *checkPage) setUp(l i18n.Lang, done bool) {
	p.initState(&url.URL{Path: "/"})
	p.lang = l
	p.run, p.running, p.ran = 1, !done, true
	p.obs = map[string]diagnosis.ProbeObservation{}
	if done {
		for i, e := range p.catalog {
			p.obs[e.ID] = diagnosis.ProbeObservation{EndpointID: e.ID, Started: true, Resolved: true, ElapsedMS: int64(80 + 40*i)}
		}
		now := browser.NowMS()
		p.clock = diagnosis.EstimateClock([]diagnosis.ClockSample{
			{SendMS: now - 300, ReceiveMS: now - 200, ServerMS: now - 250},
			{SendMS: now - 150, ReceiveMS: now - 30, ServerMS: now - 90},
		})
		p.clockSet = true
		p.env, p.envSet = browser.Environment(), true
		p.vantage = diagnosis.Vantage{Known: true, Endpoints: map[string]diagnosis.ProbeStatus{}}
	}
	p.diagnose()
	p.buildReport()
}

// warmed runs fn and reports whether it returned without a panic.
func warmed(fn func()) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	fn()
	return true
}

// warmWire parses a config and a status as the server sends them.
func warmWire() {
	catalog := diagnosis.DefaultCatalog()
	if b, err := json.Marshal(wire.Config{Catalog: catalog, Thresholds: diagnosis.DefaultThresholds(), UploadEnabled: true}); err == nil {
		_ = wire.ParseConfig(b)
	}
	at := time.Unix(1_700_000_000, 0).UTC()
	st := wire.Status{Known: true, AgeSeconds: 12, CheckedAt: &at, Endpoints: map[string]wire.EndpointStatus{},
		ServerClock: &wire.ServerClockStatus{State: diagnosis.ServerClockSynced, Reason: "dates", Sources: 3, Since: at}}
	for i, e := range catalog {
		st.Endpoints[e.ID] = wire.EndpointStatus{Status: diagnosis.StatusOK, LatencyMS: int64(60 + 20*i), HTTPStatus: 200}
	}
	if b, err := json.Marshal(st); err == nil {
		_ = wire.ParseStatus(b)
	}
}
