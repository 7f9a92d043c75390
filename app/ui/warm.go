package ui

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/wire"
)

// Warm runs the check page's own code once on made-up results, with no
// page: the rules, the report and its support code, the config's and the
// status's parsers, the clock's estimate, and every view the first visit
// draws, while running and once done, in the page's language lang (Chinese
// when lang names none: the two languages run the same code). It is what the
// wasm main does in the loader's warm-up worker (browser.Warming): V8
// compiles a wasm function when it is first called, on the thread that
// calls it, and the compiled code is shared with the page's own instance of
// the module. The page's main thread then finds most of its code compiled
// rather than compiling it between its tasks. Warm neither fetches nor
// stores anything. A part that fails (a view that needs the page's DOM)
// is left cold and counted in the result.
func Warm(lang string) (cold int) {
	l, ok := i18n.Parse(lang)
	if !ok {
		l = i18n.ZH
	}
	cold += warmPage(l, false)
	cold += warmPage(l, true)
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
	_ = wire.ParseConfig([]byte(warmConfigJSON))
	_ = wire.ParseStatus([]byte(warmStatusJSON))
}

// warmConfigJSON and warmStatusJSON are answers of GET /api/config and GET
// /api/status as the server encodes them, every field set
// (TestWarmWireIsServerJSON keeps them so). The warm-up parses these
// rather than encoding its own: encoding/json's encoder is code the page
// runs only when a report is handed over, and encoding took the worker
// 33–61 ms of the page's wait.
const (
	warmConfigJSON = `{"catalog":[{"id":"control","url":"/api/time","role":"control","label":{"zh":"本检测页的服务器","en":"This page's own server"}},` +
		`{"id":"login_cn","url":"https://account.wps.cn/","role":"login","label":{"zh":"WPS 账号登录（国内）","en":"WPS account login (China)"}}],` +
		`"thresholds":{"slow_ms":2000,"timeout_ms":8000,"clock_warn_ms":30000,"clock_fail_ms":120000},` +
		`"banner":{"text":{"zh":"维护通知","en":"Maintenance notice"},"level":"info","expires_unix_ms":0},"upload_enabled":true}`
	warmStatusJSON = `{"known":true,"age_seconds":12,"checked_at":"2023-11-14T22:13:20Z",` +
		`"endpoints":{"api":{"status":"timeout","latency_ms":8000,"error":"timeout"},"login_cn":{"status":"ok","latency_ms":80,"http_status":200}},` +
		`"server_clock":{"state":"synced","reason":"dates","offset_ms":-120,"bound_ms":40,"sources":3,"dates_age_seconds":40,` +
		`"kernel":{"state":"synced","est_error_ms":2,"max_error_ms":30},"since":"2023-11-14T22:13:20Z"}}`
)
