package ui

import (
	"encoding/json"
	"net/url"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
	"wpscheck/app/wire"
)

// Action names of the check page.
const (
	// actionOnline is sent when the browser goes back online.
	actionOnline = "check.online"
)

// API paths the page reads: on its own origin, or on the API origin an
// exported page names (apiPlace).
const (
	pathConfig  = "/api/config"
	keyConfig   = "wpscheck.config"
	pathStatus  = "/api/status"
	pathReports = "/api/reports"
)

// appVersion is the version written into reports.
const appVersion = "1"

// checkPage is the self-check page a support link opens. It holds what the
// checks observed (set by the run's events, run.go) and what the rules made
// of it; the view is check_view.go, the hand-off to support handoff.go.
type checkPage struct {
	app.Compo

	lang i18n.Lang
	live bool

	ticket     string
	ticketSig  string // the link's signature of ticket (wire.TicketSigParam), sent with the upload
	symptom    diagnosis.Symptom
	osOverride diagnosis.OS
	pageURL    string

	// What the checks observed.
	cfg      wire.Config
	catalog  []diagnosis.Endpoint
	th       diagnosis.Thresholds
	run      int
	running  bool
	ran      bool
	obs      map[string]diagnosis.ProbeObservation
	clock    diagnosis.ClockEstimate
	clockSet bool
	env      diagnosis.Environment
	envSet   bool
	vantage  diagnosis.Vantage
	offline  bool

	// What the rules made of it: computed once per change (diagnose), and
	// the report built from the same result once a run has ended (below).
	in     diagnosis.Input
	result diagnosis.Result
	code   string

	// mctx is the component's own context (from OnMount): work started
	// from an event handler dispatches its results through it, since go-app
	// drops a dispatch whose source element (a button that a re-render
	// removed) is no longer mounted.
	mctx app.Context

	// The last report built (none while its Schema is 0) and its JSON,
	// encoded on first demand (reportJSON). mu guards both:
	// window.selfCheckReport reads them from a browser callback.
	mu      sync.Mutex
	report  report.Report
	encoded string
	unsubs  []func()
}

func newCheckPage() *checkPage {
	return &checkPage{}
}

// OnPreRender runs on the server: the page is rendered in the language the
// server chose from ?lang= or Accept-Language.
func (p *checkPage) OnPreRender(ctx app.Context) {
	p.initPage(ctx)
}

// OnNav runs in the browser each time the page is shown.
func (p *checkPage) OnNav(ctx app.Context) {
	p.initPage(ctx)
}

// OnMount runs only in the browser, once the wasm has taken over the page:
// it subscribes to the network events, registers window.selfCheckReport and
// starts the checks.
func (p *checkPage) OnMount(ctx app.Context) {
	p.live = true
	p.mctx = ctx
	browser.Mark("wpscheck:mounted")
	browser.SetRootAttr("data-app", "live")
	ctx.Handle(actionOnline, func(ctx app.Context, a app.Action) {
		if !p.running {
			p.startRun(ctx)
		}
	})
	p.unsubs = append(p.unsubs,
		browser.OnOnline(func() { go ctx.NewAction(actionOnline) }),
		browser.OnOffline(func() {
			go ctx.Dispatch(func(ctx app.Context) { p.offline = true })
		}),
	)
	browser.RegisterReport(p.reportJSON)
	p.startRun(ctx)
}

// OnDismount releases the event subscriptions.
func (p *checkPage) OnDismount() {
	for _, u := range p.unsubs {
		u()
	}
	p.unsubs = nil
}

// OnInit runs before the first render. In the browser the page takes its
// state from the URL and the kept choices here already, so that go-app's
// first render is the right page (language, ticket, symptom) rather than a
// default one that OnNav then redraws.
func (p *checkPage) OnInit() {
	if !app.IsClient {
		return
	}
	browser.Pace() // go-app's mount of the page comes just before
	p.initState(browserURL())
}

func (p *checkPage) initPage(ctx app.Context) {
	p.initState(ctx.Page().URL())
	p.consumeEarlyTaps()
	p.setHead(ctx)
	p.diagnose()
	// In a browser the page has usually started its run when go-app
	// navigates to it (OnMount comes first): the run builds the report
	// when it ends, and currentReport builds one asked for before then.
	if !p.running {
		p.buildReport()
	}
}

// initState sets what the page shows from its URL (a language path such as
// /en/, then the parameters) and, in a browser, the choices kept from
// earlier visits.
func (p *checkPage) initState(u *url.URL) {
	q := u.Query()
	p.lang = pageLang(q)
	if l, ok := HomeLang(u.Path); ok {
		p.lang = l
	}
	p.ticket, p.ticketSig = "", ""
	if t := param(q, "ticket"); report.ValidTicket(t) {
		p.ticket = t
		// A malformed signature is dropped: the report then goes as an
		// unverified one, never not at all.
		if sig := param(q, wire.TicketSigParam); wire.ValidTicketSig(sig) {
			p.ticketSig = sig
		}
	}
	if s := diagnosis.Symptom(param(q, "symptom")); s.Valid() {
		p.symptom = s
	}
	if app.IsClient {
		if o := diagnosis.OS(browser.StorageGet(storeOS)); o.Valid() && o != diagnosis.OSUnknown {
			p.osOverride = o
		}
		p.pageURL = browser.PageURL()
		p.earlyTaps()
	}
	if p.catalog == nil {
		p.catalog = diagnosis.DefaultCatalog()
		p.th = diagnosis.DefaultThresholds()
	}
}

// The attributes of <html> where app.js keeps what the person tapped on
// the server's page before the wasm drew its own: that page's buttons have
// no handlers, and on a phone the wasm takes seconds to arrive. The value
// of attrEarlySymptom is a symptom, or "" when the tap cleared it; that of
// attrEarlyLang the language the switch offered.
const (
	attrEarlySymptom = "data-early-symptom"
	attrEarlyLang    = "data-early-lang"
)

// earlyTaps applies the taps app.js kept, as if they had come now: they
// win over the URL (a language path such as /zh/ included) and the kept
// choices. The first initPage (OnNav) consumes them, after its own
// initState: go-app calls OnInit, then OnMount, then OnNav.
func (p *checkPage) earlyTaps() {
	if v, ok := browser.RootAttr(attrEarlyLang); ok {
		if l, ok := i18n.Parse(v); ok {
			p.lang = l
		}
	}
	if v, ok := browser.RootAttr(attrEarlySymptom); ok {
		if s := diagnosis.Symptom(v); s == "" || s.Valid() {
			p.symptom = s
		}
	}
}

// consumeEarlyTaps keeps an early language choice as the switch keeps a
// later one, and drops both attributes: from now on the page's own
// buttons answer, and a later navigation must not apply them again.
func (p *checkPage) consumeEarlyTaps() {
	if _, ok := browser.RootAttr(attrEarlyLang); ok {
		browser.StorageSet(storeLang, string(p.lang))
	}
	browser.RemoveRootAttr(attrEarlyLang)
	browser.RemoveRootAttr(attrEarlySymptom)
}

func (p *checkPage) setHead(ctx app.Context) {
	ctx.Page().SetLang(p.lang.Tag())
	ctx.Page().SetTitle(p.lang.T("WPS 登录自助检测", "WPS login self-check"))
	ctx.Page().SetDescription(p.lang.T(
		"几秒内在你的浏览器里检查 WPS 登录失败的常见原因，并给出对应的解决步骤。",
		"Checks the usual causes of WPS login failures from your own browser in seconds and shows the fix steps."))
}

// startRun resets the results and starts every check at once (or takes
// over the pass StartEarly began before the page mounted). Each result
// comes as an event through ctx.Dispatch; the last one ends the run.
func (p *checkPage) startRun(ctx app.Context) {
	p.run++
	id := p.run
	p.running, p.ran = true, true
	p.obs = map[string]diagnosis.ProbeObservation{}
	p.clock, p.clockSet = diagnosis.ClockEstimate{}, false
	p.vantage = diagnosis.Vantage{}
	p.offline = !browser.Online()
	browser.SetRootAttr("data-check-state", "running")
	browser.Pace() // the rules' first run compiles much of their code
	p.diagnose()

	c := takeEarly()
	if c == nil {
		c = startChecks()
	}
	c.attach(func(ev checkEvent) {
		ctx.Dispatch(func(ctx app.Context) {
			browser.Pace() // results come in bursts: one task each at most
			if id != p.run {
				return
			}
			ev(ctx, p)
			p.diagnose()
			if !p.running {
				p.buildReport()
			}
		})
	})
}

// input gathers what the checks found so far.
func (p *checkPage) input() diagnosis.Input {
	obs := make([]diagnosis.ProbeObservation, 0, len(p.obs))
	for _, e := range p.catalog {
		if o, ok := p.obs[e.ID]; ok {
			obs = append(obs, o)
		}
	}
	env := p.env
	if !p.envSet {
		env = diagnosis.Environment{}
	}
	if p.offline {
		env.OnLine = diagnosis.No
	}
	var symptoms []diagnosis.Symptom
	if p.symptom != "" {
		symptoms = []diagnosis.Symptom{p.symptom}
	}
	return diagnosis.Input{Catalog: p.catalog, Thresholds: p.th, Probes: obs, Clock: p.clock,
		Env: env, Symptoms: symptoms, Vantage: p.vantage}
}

// diagnose runs the rules once over the current state: the checks, the
// platform and the findings every part of the page shows.
func (p *checkPage) diagnose() {
	p.in = p.input()
	p.result = diagnosis.Diagnose(p.in)
}

// buildReport builds the report and its support code from the last
// diagnosis.
func (p *checkPage) buildReport() {
	r := report.Build(report.Meta{
		AppVersion: appVersion, ClientTimeMS: browser.NowMS(), Ticket: p.ticket, Lang: p.lang,
	}, p.in, p.result)
	p.code = report.EncodeSupportCode(r)
	p.mu.Lock()
	p.report, p.encoded = r, ""
	p.mu.Unlock()
}

// reportJSON returns the JSON of the last report built ("" before the
// first). It is encoded when first asked for (a copy, a download, an
// upload, window.selfCheckReport), not as the run ends: encoding/json's
// encoder is code that V8 would otherwise compile on the main thread just
// before the verdict shows, for a report most visits never hand over.
func (p *checkPage) reportJSON() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.report.Schema == 0 { // none built yet
		return ""
	}
	if p.encoded == "" {
		b, err := json.Marshal(p.report)
		if err != nil {
			b = []byte("{}")
		}
		p.encoded = string(b)
	}
	return p.encoded
}

// recompute diagnoses the current state and rebuilds the report.
func (p *checkPage) recompute() {
	p.diagnose()
	p.buildReport()
}

// currentReport returns the report of the results so far and its JSON: a
// run rebuilds it only when it ends, so one asked for while checking is
// built now.
func (p *checkPage) currentReport() (report.Report, string) {
	if p.running {
		p.buildReport()
	}
	return p.report, p.reportJSON()
}

// settled reports whether a run has finished (and none is running).
func (p *checkPage) settled() bool { return p.ran && !p.running }

// shownOS is the system whose steps are shown: the person's choice, else
// the detected one.
func (p *checkPage) shownOS() diagnosis.OS {
	if p.osOverride != "" {
		return p.osOverride
	}
	return p.result.Platform.OS
}

// ---- event handlers ----

func (p *checkPage) onRunAgain(ctx app.Context, e app.Event) {
	if !p.running {
		p.startRun(p.compoCtx(ctx))
	}
}

// compoCtx returns the component's context once mounted, else ctx.
func (p *checkPage) compoCtx(ctx app.Context) app.Context {
	if p.mctx != nil {
		return p.mctx
	}
	return ctx
}

// apply runs fn on the page's own context, so that the page redraws: the
// parts that call it (symptomPicker, platformLine) are components of
// their own, whose events redraw only themselves.
func (p *checkPage) apply(fn func()) {
	if p.mctx == nil {
		fn()
		return
	}
	p.mctx.Dispatch(func(app.Context) { fn() })
}

// pickSymptom selects s, or clears it when it was selected.
func (p *checkPage) pickSymptom(s diagnosis.Symptom) {
	p.apply(func() {
		if p.symptom == s {
			p.symptom = ""
		} else {
			p.symptom = s
		}
		p.recompute()
	})
}

func (p *checkPage) onLang(l i18n.Lang) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.lang = l
		browser.StorageSet(storeLang, string(l))
		p.setHead(ctx)
		p.buildReport()
	}
}

// chooseOS shows the steps for o ("" goes back to the detected system) and
// remembers the choice.
func (p *checkPage) chooseOS(o diagnosis.OS) {
	p.apply(func() {
		p.osOverride = o
		browser.StorageSet(storeOS, string(o))
	})
}
