package ui

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
)

// Action names of the check page.
const (
	// actionOnline is sent when the browser goes back online.
	actionOnline = "check.online"
)

// Keys of what the page remembers in localStorage.
const (
	storeLang  = "wpscheck.lang"
	storeOS    = "wpscheck.os"
	storeQueue = "wpscheck.upload_queue"
)

// Same-origin API paths the page reads.
const (
	pathConfig  = "/api/config"
	keyConfig   = "wpscheck.config"
	pathStatus  = "/api/status"
	pathReports = "/api/reports"
)

// maxParamLen bounds every URL parameter the page reads.
const maxParamLen = 64

// appVersion is the version written into reports.
const appVersion = "1"

// checkPage is the self-check page a support link opens.
type checkPage struct {
	app.Compo

	lang Lang
	live bool

	ticket     string
	symptom    diagnosis.Symptom
	osOverride diagnosis.OS
	choosingOS bool

	cfg      diagnosis.PageConfig
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

	findings   []diagnosis.Finding
	platform   diagnosis.Platform
	report     diagnosis.Report
	reportJSON string
	code       string
	notice     string

	consent      bool
	uploading    bool
	uploadID     string
	uploadErr    string
	uploadQueued bool

	// mctx is the component's own context (from OnMount): work started
	// from an event handler dispatches its results through it, since go-app
	// drops a dispatch whose source element (a button that a re-render
	// removed) is no longer mounted.
	mctx app.Context

	mu       sync.Mutex // guards snapshot, read by window.selfCheckReport
	snapshot string
	unsubs   []func()
	qrFor    string
	qrMarkup string
	qrLater  bool // the QR code waits until the page has mounted (OnInit → OnMount)
	pageURL  string
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
// it subscribes to the online event, registers window.selfCheckReport and
// starts the checks.
func (p *checkPage) OnMount(ctx app.Context) {
	p.live = true
	p.mctx = ctx
	browser.Mark("wpscheck:mounted")
	ctx.Async(func() {
		browser.Yield()
		ctx.Dispatch(func(ctx app.Context) { p.qrLater = false })
	})
	browser.SetRootAttr("data-app", "live")
	ctx.Handle(actionOnline, func(ctx app.Context, a app.Action) {
		p.flushQueue(ctx)
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
	browser.RegisterReport(func() string {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.snapshot
	})
	if browser.StorageGet(storeQueue) != "" {
		p.uploadQueued = true
	}
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
// default one that OnNav then redraws; the QR code waits for OnMount.
func (p *checkPage) OnInit() {
	if !app.IsClient {
		return
	}
	u, err := url.Parse(browser.PageURL())
	if err != nil {
		u = &url.URL{}
	}
	p.initState(u.Query())
	p.qrLater = true
}

func (p *checkPage) initPage(ctx app.Context) {
	p.initState(ctx.Page().URL().Query())
	p.setHead(ctx)
	p.recompute()
}

// initState sets what the page shows from the URL's parameters and, in a
// browser, the choices kept from earlier visits.
func (p *checkPage) initState(q url.Values) {
	p.lang = LangZH
	if l, ok := ParseLang(param(q, "lang")); ok {
		p.lang = l
	} else if app.IsClient {
		if l, ok := ParseLang(browser.StorageGet(storeLang)); ok {
			p.lang = l
		} else {
			p.lang = PreferredLang(browser.Languages())
		}
	}
	p.ticket = ""
	if t := param(q, "ticket"); diagnosis.ValidTicket(t) {
		p.ticket = t
	}
	if s := diagnosis.Symptom(param(q, "symptom")); s.Valid() {
		p.symptom = s
	}
	if app.IsClient {
		if o := diagnosis.OS(browser.StorageGet(storeOS)); o.Valid() && o != diagnosis.OSUnknown {
			p.osOverride = o
		}
		p.pageURL = browser.PageURL()
	}
	if p.catalog == nil {
		p.catalog = diagnosis.DefaultCatalog()
		p.th = diagnosis.DefaultThresholds()
	}
}

// param reads a URL parameter, ignoring values longer than maxParamLen.
func param(q url.Values, name string) string {
	v := q.Get(name)
	if len(v) > maxParamLen {
		return ""
	}
	return strings.TrimSpace(v)
}

func (p *checkPage) setHead(ctx app.Context) {
	ctx.Page().SetLang(p.lang.Tag())
	ctx.Page().SetTitle(p.lang.T("WPS 登录自助检测", "WPS login self-check"))
	ctx.Page().SetDescription(p.lang.T(
		"几秒内在你的浏览器里检查 WPS 登录失败的常见原因，并给出对应的解决步骤。",
		"Checks the usual causes of WPS login failures from your own browser in seconds and shows the fix steps."))
}

// startRun resets the results and starts every check at once (or takes
// over the pass StartEarly began before the page mounted). Each check
// reports through ctx.Dispatch; the last one to settle finishes the run.
func (p *checkPage) startRun(ctx app.Context) {
	p.run++
	id := p.run
	p.running, p.ran = true, true
	p.obs = map[string]diagnosis.ProbeObservation{}
	p.clock, p.clockSet = diagnosis.ClockEstimate{}, false
	p.vantage = diagnosis.Vantage{}
	p.offline = !browser.Online()
	p.notice, p.uploadID, p.uploadErr, p.consent = "", "", "", false
	browser.SetRootAttr("data-check-state", "running")
	p.recompute()

	c := takeEarly()
	if c == nil {
		c = startChecks()
	}
	c.attach(func(ev checkEvent) {
		ctx.Dispatch(func(ctx app.Context) {
			if id == p.run {
				ev(ctx, p)
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

// recompute ranks the findings and rebuilds the report, its JSON and its
// support code from the current state.
func (p *checkPage) recompute() {
	in := p.input()
	p.findings = diagnosis.Diagnose(in)
	p.platform = diagnosis.DetectPlatform(in.Env)
	p.report = diagnosis.BuildReport(diagnosis.ReportMeta{
		AppVersion: appVersion, ClientTimeMS: browser.NowMS(), Ticket: p.ticket, Lang: p.lang.dl(),
	}, in)
	b, err := json.Marshal(p.report)
	if err != nil {
		b = []byte("{}")
	}
	p.reportJSON = string(b)
	p.code = diagnosis.EncodeSupportCode(p.report)
	p.mu.Lock()
	p.snapshot = p.reportJSON
	p.mu.Unlock()
}

// recomputeIfRunning brings the report up to date with a run's results so
// far (a run rebuilds it only when it ends).
func (p *checkPage) recomputeIfRunning() {
	if p.running {
		p.recompute()
	}
}

// settled reports whether a run has finished (and none is running).
func (p *checkPage) settled() bool { return p.ran && !p.running }

// shownOS is the system whose steps are shown: the person's choice, else
// the detected one.
func (p *checkPage) shownOS() diagnosis.OS {
	if p.osOverride != "" {
		return p.osOverride
	}
	return p.platform.OS
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

func (p *checkPage) onSymptom(s diagnosis.Symptom) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if p.symptom == s {
			p.symptom = ""
		} else {
			p.symptom = s
		}
		p.recompute()
	}
}

func (p *checkPage) onLang(l Lang) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.lang = l
		browser.StorageSet(storeLang, string(l))
		p.setHead(ctx)
		p.recompute()
	}
}

func (p *checkPage) onChooseOS(ctx app.Context, e app.Event) {
	p.choosingOS = !p.choosingOS
}

func (p *checkPage) onOS(o diagnosis.OS) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.osOverride = o
		browser.StorageSet(storeOS, string(o))
		p.choosingOS = false
	}
}

func (p *checkPage) onCopyReport(ctx app.Context, e app.Event) {
	p.recomputeIfRunning()
	text := p.report.Text(p.lang.dl())
	p.copyAsync(ctx, text, p.lang.T("报告已复制，可以粘贴给客服。", "Report copied: paste it into the support chat."))
}

func (p *checkPage) onCopyCode(ctx app.Context, e app.Event) {
	name := diagnosis.SupportCodeName
	p.copyAsync(ctx, p.code, p.lang.T(name.ZH+"已复制。", "Support code copied."))
}

func (p *checkPage) copyAsync(ctx app.Context, text, okMsg string) {
	ctx = p.compoCtx(ctx)
	fail := p.lang.T("无法自动复制，请长按或选中后手动复制。", "Could not copy automatically: select the text and copy it by hand.")
	ctx.Async(func() {
		ok := browser.CopyText(text)
		ctx.Dispatch(func(ctx app.Context) {
			if ok {
				p.notice = okMsg
			} else {
				p.notice = fail
			}
		})
	})
}

func (p *checkPage) onDownload(ctx app.Context, e app.Event) {
	p.recomputeIfRunning()
	name := "wps-selfcheck"
	if p.ticket != "" {
		name += "-" + p.ticket
	}
	if browser.Download(name+".json", "application/json", p.reportJSON) {
		p.notice = p.lang.T("已下载 JSON 报告。", "JSON report downloaded.")
	}
}

// ---- upload ("send to support") ----

func (p *checkPage) onAskConsent(ctx app.Context, e app.Event) {
	p.consent = true
	p.uploadErr = ""
}

func (p *checkPage) onCancelConsent(ctx app.Context, e app.Event) {
	p.consent = false
}

func (p *checkPage) onSend(ctx app.Context, e app.Event) {
	if p.uploading {
		return
	}
	p.consent = false
	p.send(p.compoCtx(ctx), p.reportJSON)
}

// send posts a report; with no network it is queued and sent when the
// browser is back online.
func (p *checkPage) send(ctx app.Context, body string) {
	p.uploading = true
	p.uploadErr = ""
	l := p.lang
	ctx.Async(func() {
		r := browser.Request("POST", pathReports, map[string]string{"Content-Type": "application/json"}, body, 10000)
		var id string
		if r.Status == 201 || r.Status == 200 {
			var ans struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(r.Body, &ans) == nil && diagnosis.ValidTicket(ans.ID) {
				id = ans.ID
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.uploading = false
			switch {
			case id != "":
				p.uploadID = id
				p.uploadQueued = false
				browser.StorageSet(storeQueue, "")
			case r.Status == 0:
				p.uploadQueued = browser.StorageSet(storeQueue, body)
				p.uploadErr = l.T("现在连不上网络，报告已保存在本机，联网后会自动发送。",
					"No connection right now: the report is kept on this device and sent when you are back online.")
			default:
				p.uploadErr = l.T("发送失败，请改用“复制报告”或"+diagnosis.SupportCodeName.ZH+"。", "Sending failed: use “copy report” or the "+diagnosis.SupportCodeName.EN+" instead.")
			}
		})
	})
}

// flushQueue sends a report queued while offline.
func (p *checkPage) flushQueue(ctx app.Context) {
	if q := browser.StorageGet(storeQueue); q != "" && !p.uploading {
		p.send(ctx, q)
	}
}

// ---- rendering ----

// Render draws the page.
func (p *checkPage) Render() app.UI {
	state := "prerendered"
	if p.live {
		state = "live"
	}
	l := p.lang
	return app.Main().ID("main").Class("page").DataSet("render", state).Body(
		app.Header().Class("masthead").Body(
			app.Img().Class("logo").Src("/web/icons/icon.svg").Alt("").Width(48).Height(48),
			// The second part never breaks inside: "self-/check" on a phone.
			app.H1().Body(
				app.Text(l.T("WPS ", "WPS login ")),
				app.Span().Class("nowrap").Text(l.T("登录自助检测", "self-check")),
			),
			p.renderLangSwitch(),
		),
		p.renderBanner(),
		app.P().Class("lede").Text(l.T(
			"打开本页即在你的浏览器里检查网络、时间和登录环境，不需要账号和密码。",
			"This page checks your network, clock and browser for WPS login problems. It never asks for your account or password.")),
		p.renderVerdict(),
		p.renderSymptoms(),
		p.renderFindings(),
		p.renderChecks(),
		p.renderHandoff(),
		p.renderTips(),
		app.Footer().Class("privacy").Body(
			app.P().Text(l.T(
				"隐私说明：本页只在你的浏览器里访问本页服务器、WPS 的几个地址和两个常用网站，以判断网络情况；不会询问或读取账号、密码。报告里只有检测结果、系统和浏览器类型、时间偏差和你选的情况，不含账号信息。",
				"Privacy: this page only contacts its own server, a few WPS addresses and two big websites from your browser to judge your network; it never asks for or reads your account or password. A report holds only the check results, your system and browser type, the clock offset and what you picked — no account data.")),
		),
	)
}

func (p *checkPage) renderLangSwitch() app.UI {
	other, label := LangEN, "English"
	if p.lang == LangEN {
		other, label = LangZH, "中文"
	}
	return app.Button().Type("button").Class("lang-switch").Lang(other.Tag()).
		Aria("label", p.lang.T("Switch to English", "切换到中文")).
		// The scope names the language: go-app tells handlers apart by
		// their code and scope only, so without it the first closure (the
		// first language) stayed bound and the switch worked once.
		OnClick(p.onLang(other), other).Text(label)
}

func (p *checkPage) renderBanner() app.UI {
	b := p.cfg.Banner
	if !b.Active(browser.NowMS()) {
		return nil
	}
	return app.Div().Class("banner", "banner-"+b.Level).Attr("role", "status").Text(b.Text.In(p.lang.dl()))
}

// doneCount counts the probes that settled.
func (p *checkPage) doneCount() int {
	n := 0
	for _, o := range p.obs {
		if o.Resolved || o.Error != "" || o.TimedOut {
			n++
		}
	}
	return n
}

func (p *checkPage) renderVerdict() app.UI {
	l := p.lang
	dl := l.dl()
	var body []app.UI
	if p.running || !p.ran {
		msg := l.T("正在检查，通常只需几秒…", "Checking, this usually takes a few seconds…")
		if p.ran {
			msg = l.T("正在检查：已完成 ", "Checking: ") + itoa(p.doneCount()) + " / " + itoa(len(p.catalog)) + l.T(" 项…", " done…")
		}
		body = append(body,
			app.Span().Class("spinner").Aria("hidden", "true"),
			app.P().ID("check-status").Class("verdict-text").Text(msg),
		)
	} else if len(p.findings) > 0 {
		top := p.findings[0]
		body = append(body,
			app.P().ID("check-status").Class("verdict-kicker").Text(l.T("检查完成。最可能的原因：", "Done. The most likely cause:")),
			app.H2().Class("verdict-title").DataSet("top-finding", string(top.ID)).Text(diagnosis.Guide(top.ID).Title.In(dl)),
		)
		if p.offline {
			body = append(body, app.P().Class("verdict-note").Text(l.T(
				"联网后本页会自动重新检查。", "The page checks again by itself once you are back online.")))
		}
	}
	return app.Section().Class("verdict").ID("verdict").Aria("live", "polite").Body(
		app.Div().Class("verdict-body").Body(body...),
		app.Button().Type("button").Class("btn", "run-again").Disabled(p.running || !p.live).
			OnClick(p.onRunAgain).Text(diagnosis.RunAgainLabel.In(dl)),
	)
}

func (p *checkPage) renderSymptoms() app.UI {
	l := p.lang
	dl := l.dl()
	var items []app.UI
	for _, s := range diagnosis.PickerSymptoms() {
		items = append(items, app.Li().Body(
			app.Button().Type("button").Class("symptom").DataSet("symptom", string(s)).
				Aria("pressed", p.symptom == s).OnClick(p.onSymptom(s)).Text(s.Label(dl)),
		))
	}
	return app.Section().Class("symptoms").Aria("labelledby", "symptoms-h").Body(
		app.H2().ID("symptoms-h").Text(l.T("登录时你看到了什么？", "What do you see when you log in?")),
		app.P().Class("hint").Text(l.T("选一项，下面的原因会按你的情况重新排序。", "Pick one: the causes below are re-ranked for it.")),
		app.Ul().Class("symptom-list").Body(items...),
	)
}

func (p *checkPage) renderFindings() app.UI {
	l := p.lang
	if p.running || !p.ran {
		// Before the wasm runs (prerendered) and while checking: the
		// general checks anyone can do, so a slow phone has something
		// useful at once.
		return app.Section().Class("findings", "findings-pending").Aria("labelledby", "findings-h").Body(
			app.H2().ID("findings-h").Text(l.T("先试试这些基本检查", "Start with these basic checks")),
			app.P().Class("hint").Text(l.T("检查完成后，这里会按可能性列出原因和你的系统对应的步骤。",
				"When the checks finish, the likely causes and the steps for your system appear here.")),
			basicChecks(l),
		)
	}
	os := p.shownOS()
	cards := make([]app.UI, 0, len(p.findings))
	for i, f := range p.findings {
		cards = append(cards, &findingItem{Lang: l, Rank: i + 1, ID: f.ID, Severity: f.Severity, Evidence: f.Evidence, OS: os, App: p.platform.InApp})
	}
	return app.Section().Class("findings").Aria("labelledby", "findings-h").Body(
		app.H2().ID("findings-h").Text(l.T("可能的原因（最可能的在前）", "Likely causes (most likely first)")),
		p.renderPlatform(),
		app.Div().Class("finding-list").Body(cards...),
	)
}

func (p *checkPage) renderPlatform() app.UI {
	l := p.lang
	dl := l.dl()
	desc := p.platform.Describe(dl)
	if desc == "" {
		desc = l.T("未能识别", "not recognised")
	}
	os := p.shownOS()
	var chooser app.UI
	if p.choosingOS {
		btns := []app.UI{app.Li().Body(app.Button().Type("button").Class("symptom").DataSet("choose-os", "auto").
			Aria("pressed", p.osOverride == "").OnClick(p.onOS("")).Text(l.T("自动识别", "Detect automatically")))}
		for _, o := range diagnosis.AllOS() {
			btns = append(btns, app.Li().Body(app.Button().Type("button").Class("symptom").DataSet("choose-os", string(o)).
				Aria("pressed", p.osOverride == o).OnClick(p.onOS(o)).Text(o.Label(dl))))
		}
		chooser = app.Div().Class("os-chooser").Body(
			app.P().ID("os-choose-h").Text(l.T("按这个系统显示步骤：", "Show the steps for:")),
			app.Ul().Class("symptom-list").Aria("labelledby", "os-choose-h").Body(btns...),
		)
	}
	shown := ""
	if p.osOverride != "" {
		shown = l.T("（步骤按你选的 ", " (steps for ") + os.Label(dl) + l.T(" 显示）", ", as you chose)")
	}
	return app.Div().Class("platform").Body(
		app.P().DataSet("os", string(os)).Body(
			app.Span().Text(l.T("你的设备：", "Your device: ")),
			app.Span().Class("b").Text(desc),
			app.Span().Text(shown),
			app.Text(" "),
			app.Button().Type("button").Class("link-btn").Aria("expanded", p.choosingOS).
				OnClick(p.onChooseOS).Text(l.T("不对？选择系统", "Not right? Choose")),
		),
		chooser,
	)
}

func (p *checkPage) renderChecks() app.UI {
	l := p.lang
	dl := l.dl()
	in := p.input()
	rows := make([]app.UI, 0, len(p.catalog)+4)
	for _, c := range in.Checks() {
		var vs diagnosis.ProbeStatus
		if p.vantage.Known {
			vs = p.vantage.Endpoints[c.ID]
		}
		rows = append(rows, &checkItem{Lang: l, Result: c, Label: endpointLabel(l, p.catalog, c.ID), TimeoutMS: p.th.TimeoutMS, Vantage: vs})
	}

	clockLabel := l.T("检测中…", "checking…")
	clockSt, icon := "pending", "…"
	if p.clockSet {
		var v diagnosis.ClockVerdict
		clockLabel, v = clockText(l, p.clock, p.th)
		clockSt, icon = clockStatus(v), clockIcon(v)
		if z := diagnosis.AssessTimeZone(p.clock, in.Env); z.Suspected && p.env.TimeZone != "" && v != diagnosis.ClockUnknown {
			clockLabel += l.T("；设备时区：", "; device time zone: ") + p.env.TimeZone
			if off, ok := in.Env.UTCOffsetMinutes(); ok {
				clockLabel += " (" + diagnosis.FormatUTCOffset(off) + ")"
			}
		}
	}
	clockRow := app.Li().Class("check", "st-"+clockSt).DataSet("check-id", "clock").DataSet("status", clockSt).Body(
		app.Span().Class("check-icon").Aria("hidden", "true").Text(icon),
		app.Span().Class("check-label").Text(l.T("设备时间", "Device clock")),
		app.Span().Class("check-status", "clock-text").Text(clockLabel),
	)

	var envRows []app.UI
	if p.envSet {
		envRows = append(envRows,
			triRow(l, "online", l.T("浏览器认为已联网", "Browser says it is online"), in.Env.OnLine, true),
			triRow(l, "cookies", l.T("允许 Cookie（登录需要）", "Cookies allowed (login needs them)"), p.env.CookiesEnabled, true),
			triRow(l, "storage", l.T("允许本地存储", "Local storage allowed"), p.env.StorageUsable, true),
		)
	}
	vantageNote := l.T("本检测服务器暂未提供它自己的检测结果。", "Our server has no check of its own to compare with right now.")
	if p.vantage.Known {
		vantageNote = l.T("本检测服务器也检查了 WPS，结果已一并考虑。", "Our server checked WPS too; its results are taken into account.")
	}
	_ = dl
	return app.Section().Class("checks").Aria("labelledby", "checks-h").Body(
		app.H2().ID("checks-h").Text(l.T("检查项目", "What we checked")),
		app.Ul().Class("check-list").Body(rows...),
		app.Ul().Class("check-list", "check-list-extra").Body(append([]app.UI{clockRow}, envRows...)...),
		app.If(!p.running && p.ran, app.P().Class("hint").Text(vantageNote)),
	)
}

func (p *checkPage) renderHandoff() app.UI {
	l := p.lang
	var ticket app.UI
	if p.ticket != "" {
		ticket = app.P().Class("ticket").Body(
			app.Span().Text(l.T("工单号：", "Ticket: ")),
			app.Span().Class("b").ID("ticket").Text(p.ticket),
		)
	}
	qr := p.qrSVG()
	return app.Section().Class("handoff").Aria("labelledby", "handoff-h").Body(
		app.H2().ID("handoff-h").Text(l.T("把结果交给客服", "Hand the result to support")),
		ticket,
		app.Div().Class("code-box").Body(
			app.P().Class("code-label").Text(l.T(diagnosis.SupportCodeName.ZH+"（可以在电话里念给客服）", "Support code (you can read it out on the phone)")),
			app.If(p.settled(),
				app.P().Class("support-code").ID("support-code").Text(p.code),
				app.Button().Type("button").Class("btn", "btn-secondary").OnClick(p.onCopyCode).Text(l.T("复制"+diagnosis.SupportCodeName.ZH, "Copy code")),
			).Else(
				app.P().Class("support-code", "support-code-pending").ID("support-code").Text(l.T("检查完成后显示", "shown when the checks finish")),
			),
		),
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("btn").ID("copy-report").OnClick(p.onCopyReport).Text(l.T("复制报告", "Copy report")),
			app.Button().Type("button").Class("btn", "btn-secondary").ID("download-json").OnClick(p.onDownload).Text(l.T("下载 JSON", "Download JSON")),
			app.If(p.cfg.UploadEnabled && p.uploadID == "",
				app.Button().Type("button").Class("btn", "btn-secondary").ID("send-report").Disabled(p.uploading || p.running).
					OnClick(p.onAskConsent).Text(l.T("发送给客服", "Send to support")),
			),
		),
		app.P().Class("notice").Aria("live", "polite").Text(p.notice),
		p.renderUpload(),
		app.If(qr != "",
			app.Div().Class("qr-box").Body(
				app.Div().Class("qr").Body(app.Raw(qr)),
				app.P().Class("hint").Text(l.T(
					"电脑连不上？用手机扫码，在手机上（用移动数据）再检查一次，工单号会一起带上。",
					"Computer cannot connect? Scan this with your phone to check again there (over mobile data); the ticket comes along.")),
			),
		),
	)
}

func (p *checkPage) renderUpload() app.UI {
	l := p.lang
	switch {
	case p.uploadID != "":
		return app.Div().Class("upload-done").Aria("live", "polite").Body(
			app.P().Text(l.T("已发送。请把这个报告编号告诉客服：", "Sent. Give support this report id:")),
			app.P().Class("support-code").ID("report-id").Text(p.uploadID),
		)
	case p.consent:
		return app.Div().Class("consent").Body(
			app.H3().Text(l.T("将发送以下内容", "This is exactly what will be sent")),
			app.Pre().Class("json").Text(p.reportJSON),
			app.P().Text(l.T("其中没有账号或密码。同意发送吗？", "It holds no account or password. Send it?")),
			app.Div().Class("actions").Body(
				app.Button().Type("button").Class("btn").ID("consent-send").OnClick(p.onSend).Text(l.T("同意并发送", "Agree and send")),
				app.Button().Type("button").Class("btn", "btn-secondary").OnClick(p.onCancelConsent).Text(l.T("取消", "Cancel")),
			),
		)
	case p.uploading:
		return app.P().Class("hint").Text(l.T("正在发送…", "Sending…"))
	case p.uploadErr != "" || p.uploadQueued:
		msg := p.uploadErr
		if msg == "" {
			msg = l.T("有一份报告等待联网后发送。", "A report is waiting to be sent when you are back online.")
		}
		return app.P().Class("upload-error").Aria("live", "polite").Text(msg)
	}
	return nil
}

func (p *checkPage) renderTips() app.UI {
	return &moreHelp{Lang: p.lang, ShowBasics: p.settled()}
}

// shareURL is the page link the QR code carries: this page with the ticket
// and the language, nothing else.
func (p *checkPage) shareURL() string {
	u, err := url.Parse(p.pageURL)
	if err != nil || u.Host == "" {
		return ""
	}
	q := url.Values{}
	if p.ticket != "" {
		q.Set("ticket", p.ticket)
	}
	q.Set("lang", string(p.lang))
	return u.Scheme + "://" + u.Host + "/?" + q.Encode()
}

// qrSVG returns the QR code of shareURL as inline SVG markup, cached. The
// first render goes without it (the box is below the fold); OnMount asks for
// it in a task of its own.
func (p *checkPage) qrSVG() string {
	target := p.shareURL()
	if target == "" || p.qrLater {
		return ""
	}
	if target != p.qrFor {
		p.qrFor = target
		p.qrMarkup = qrMarkup(target, p.lang.T("本页链接的二维码", "QR code of this page's link"))
	}
	return p.qrMarkup
}

func itoa(n int) string { return strconv.Itoa(n) }
