package ui

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/report"
	"wpscheck/app/wire"
)

// PathSupport is the support agents' console: sign in with a token, see
// what came in (overview, list, export), compose the link for a mail,
// decode a support code (no server needed), and open one uploaded report
// (/support/{id}).
const PathSupport = "/support"

// supportRoute matches /support and /support/{id}.
const supportRoute = `^/support(/[A-Za-z0-9_-]{1,64})?/?$`

// sessionToken is the sessionStorage key of the agent's token: entered
// once per tab, never in the URL or a cookie, gone with the tab or on
// "sign out".
const sessionToken = "wpscheck.agent_token"

// supportPage is the agents' console and report view. Its filters live in
// the URL (so that a reload, the back button or a sign-in after the token
// expired keeps them); the token lives in the tab's sessionStorage.
type supportPage struct {
	app.Compo

	lang i18n.Lang
	// mctx is the component's context: results of async work go through it.
	mctx app.Context

	token   string // the signed-in agent's token; "" when signed out
	authErr string
	status  string // the outcome of the last export or copy, announced

	codeInput   string // the code last decoded
	summary     *report.SupportSummary
	codeErr     string
	codeMatches []wire.ReportSummary
	codeLooked  bool

	reportID string
	loading  bool
	report   *report.Report
	verified bool // the server checked the ticket's signature (wire.AgentReport.TicketVerified)
	raw      string
	fetchErr string

	console
}

func newSupportPage() *supportPage {
	return &supportPage{}
}

// OnPreRender runs on the server.
func (p *supportPage) OnPreRender(ctx app.Context) {
	p.initPage(ctx)
}

// OnNav runs in the browser each time the page is shown: with a token
// kept in the tab it loads what the page shows at once.
func (p *supportPage) OnNav(ctx app.Context) {
	p.initPage(ctx)
	if p.token = browser.SessionGet(sessionToken); p.token != "" {
		p.load(ctx, false)
	}
}

// OnMount marks the page live.
func (p *supportPage) OnMount(ctx app.Context) {
	p.mctx = ctx
	browser.SetRootAttr("data-app", "live")
}

// OnInit runs before the first render. In the browser the page takes its
// language, filters and the tab's token here already, so that go-app's first
// render is the agent's page rather than a Chinese sign-in form that OnNav
// then redraws.
func (p *supportPage) OnInit() {
	if !app.IsClient {
		return
	}
	p.initState(browserURL())
	p.token = browser.SessionGet(sessionToken)
}

func (p *supportPage) initPage(ctx app.Context) {
	p.initState(ctx.Page().URL())
	ctx.Page().SetLang(p.lang.Tag())
	ctx.Page().SetTitle(p.lang.T("WPS 自检 · 客服台", "WPS self-check · support console"))
}

// initState sets what the page shows from its URL: the language, the report
// it opens (none: the overview and the list) and the list's filters.
func (p *supportPage) initState(u *url.URL) {
	q := u.Query()
	p.lang = pageLang(q)
	id := strings.Trim(strings.TrimPrefix(u.Path, PathSupport), "/")
	if !report.ValidTicket(id) {
		id = ""
	}
	if id != p.reportID {
		p.reportID, p.report, p.verified, p.raw, p.fetchErr = id, nil, false, "", ""
	}
	p.readFilters(q)
}

// ctxOf returns the component's context once mounted, else the event's.
func (p *supportPage) ctxOf(ctx app.Context) app.Context {
	if p.mctx != nil {
		return p.mctx
	}
	return ctx
}

// load fetches what the page shows for the signed-in agent. A token just
// typed goes with one request first and the rest once the server took it,
// so that a mistyped token uses up one of the address's few failed
// attempts (agents.failed_auth), not one per part of the page.
func (p *supportPage) load(ctx app.Context, typed bool) {
	if p.reportID != "" {
		p.fetchReport(ctx)
		return
	}
	rest := func() {
		p.fetchList(ctx, false)
		p.fetchDead(ctx)
	}
	if typed {
		p.fetchStatsThen(ctx, rest)
		return
	}
	p.fetchStats(ctx)
	rest()
}

// get asks the server as the signed-in agent and hands the answer to done
// on the UI goroutine. A 401 signs the agent out instead (the filters stay
// in the URL): the token was wrong, or has been revoked.
func (p *supportPage) get(ctx app.Context, path string, done func(r browser.Response)) {
	p.call(ctx, "GET", path, done)
}

// call is get with another method and no body (a POST that names what it
// acts on in its path).
func (p *supportPage) call(ctx app.Context, method, path string, done func(r browser.Response)) {
	ctx = p.ctxOf(ctx)
	token := p.token
	ctx.Async(func() {
		r := browser.Request(method, path, map[string]string{"Authorization": "Bearer " + token}, "", 15000)
		ctx.Dispatch(func(ctx app.Context) {
			if r.Status == 401 {
				p.signOut(true)
				return
			}
			done(r)
		})
	})
}

// failure says what went wrong with an answer, for people: the field and
// the server's reason for a bad filter, else the kind of failure.
func failure(l i18n.Lang, r browser.Response) string {
	var e wire.Error
	switch {
	case r.Status == 0:
		return l.T("连不上服务器。", "Could not reach the server.")
	case r.Status == 400 && json.Unmarshal(r.Body, &e) == nil && e.Error.Field != "":
		return l.T("条件有误：", "Check this filter: ") + e.Error.Field + " — " + e.Error.Message
	case r.Status == 429:
		return l.T("令牌错误次数太多，请稍等一分钟再试。", "Too many wrong tokens: wait a minute and try again.")
	case r.Status == 503:
		return l.T("服务器暂时取不到报告，请稍后再试。", "The server cannot reach its reports right now; try again later.")
	}
	return l.T("服务器出错，请稍后再试。", "The server failed; try again later.")
}

// onClick handles every button of the console's markup, each named by
// its data-act: sign out; the overview's window, legend and bars; the
// list's buttons; the link composer's; a failed delivery's "send again".
func (p *supportPage) onClick(ctx app.Context, e app.Event) {
	el := e.Get("target").Call("closest", "[data-act]")
	if !el.Truthy() {
		return
	}
	d := el.Get("dataset")
	switch d.Get("act").String() {
	case "sign-out":
		p.signOut(false)
	case "clear-filters":
		p.filter, p.filterHTML = url.Values{}, ""
		p.filtersChanged(ctx)
	case "export-csv":
		p.export(ctx)
	case "more":
		p.fetchList(ctx, true)
	case "retry":
		p.retryDelivery(ctx, d.Get("id").String())
	case "make-link":
		p.makeLink(ctx)
	case "copy":
		p.copyLink(ctx, d.Get("copy").String())
	case "window":
		p.weekly = d.Get("window").String() == "7d"
		p.stats = nil
		p.writeURL(ctx)
		p.fetchStats(ctx)
	case "legend":
		p.chartFilter(ctx, -1, d.Get("f").String())
	case "bar":
		if i, err := strconv.Atoi(d.Get("i").String()); err == nil {
			p.chartFilter(ctx, i, d.Get("f").String())
		}
	}
}

// onChange takes a changed filter field.
func (p *supportPage) onChange(ctx app.Context, e app.Event) {
	t := e.Get("target")
	if name := t.Get("name").String(); contains(filterParams, name) {
		p.setFilter(ctx, name, t.Get("value").String())
	}
}

// onSubmit reads the code in the code reader, or signs in with the token
// typed in the sign-in form (their buttons, or Enter in their fields).
func (p *supportPage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if e.Get("target").Get("id").String() == "decode-form" {
		p.decode(ctx)
		return
	}
	field := app.Window().GetElementByID("token-input")
	if !field.Truthy() {
		return
	}
	token := strings.TrimSpace(field.Get("value").String())
	if token == "" {
		p.authErr = p.lang.T("请输入客服令牌。", "Enter your support token.")
		return
	}
	field.Set("value", "")
	p.token, p.authErr = token, ""
	browser.SessionSet(sessionToken, token)
	p.load(ctx, true)
}

// signOut forgets the token and everything it fetched; refused says the
// server refused the token (wrong or expired), which the sign-in form then
// tells the agent.
func (p *supportPage) signOut(refused bool) {
	browser.SessionSet(sessionToken, "")
	p.token, p.authErr = "", ""
	if refused {
		p.authErr = p.lang.T("服务器不认这个令牌（输错了或已失效），请重新登录。筛选条件已保留。",
			"The server refused the token (mistyped or no longer valid): sign in again. Your filters are kept.")
	}
	p.report, p.raw, p.fetchErr, p.loading, p.status = nil, "", "", false, ""
	p.console = console{filter: p.filter, weekly: p.weekly}
	p.codeMatches, p.codeLooked = nil, false
}

// decode reads the code typed in the code reader with no server; a
// signed-in agent also gets the uploaded reports that carry it.
func (p *supportPage) decode(ctx app.Context) {
	p.codeInput = strings.TrimSpace(app.Window().GetElementByID("code-input").Get("value").String())
	p.summary, p.codeErr, p.codeMatches, p.codeLooked = nil, "", nil, false
	s, err := report.DecodeSupportCode(p.codeInput)
	if err != nil {
		p.codeErr = report.DescribeCodeError(err).In(p.lang)
		return
	}
	p.summary = &s
	if p.token == "" {
		return
	}
	p.get(ctx, pathReports+"?limit=20&code="+url.QueryEscape(p.codeInput), func(r browser.Response) {
		var list wire.ReportList
		if r.Status == 200 && json.Unmarshal(r.Body, &list) == nil {
			p.codeMatches, p.codeLooked = list.Reports, true
		}
	})
}

// fetchReport loads the report of the page's id.
func (p *supportPage) fetchReport(ctx app.Context) {
	if p.loading || p.reportID == "" {
		return
	}
	p.loading, p.fetchErr, p.report, p.raw = true, "", nil, ""
	l := p.lang
	p.get(ctx, pathReports+"/"+p.reportID, func(r browser.Response) {
		p.loading = false
		switch r.Status {
		case 200:
			// The answer is wire.AgentReport: {"id","ticket",
			// "ticket_verified","support_code","created_at","report":{…}}.
			// The server validated the report (ParseReport) when it was
			// uploaded; a plain decode keeps the strict parser out of the
			// wasm.
			var env struct {
				TicketVerified bool          `json:"ticket_verified"`
				Report         report.Report `json:"report"`
			}
			if err := json.Unmarshal(r.Body, &env); err == nil && env.Report.Schema == report.SchemaVersion {
				p.report, p.verified, p.raw = &env.Report, env.TicketVerified, string(r.Body)
			} else {
				p.fetchErr = l.T("服务器返回的报告格式不对。", "The server's report is not valid.")
			}
		case 400:
			p.fetchErr = l.T("这不是一个有效的报告编号。", "This is not a valid report id.")
		case 404:
			p.fetchErr = l.T("没有这个编号的报告（可能已过期删除）。", "No report has this id (it may have expired).")
		default:
			p.fetchErr = failure(l, r)
		}
	})
}

// Render draws the page: the console as raw markup parts (each replaced
// only when its own markup changes) under one set of event handlers, the
// status line, then the report and the code reader.
func (p *supportPage) Render() app.UI {
	signed := "signed-out"
	if p.token != "" {
		signed = "signed-in"
	}
	l := p.lang
	parts := []app.UI{app.Raw(p.barHTML())}
	switch {
	case p.token == "":
		parts = append(parts, app.Raw(p.signInHTML()))
	case p.reportID == "":
		if p.filterHTML == "" {
			p.filterHTML = p.filterForm()
		}
		if p.composerHTML == "" || p.composerLang != l {
			p.composerHTML, p.composerLang = composerForm(l), l
		}
		parts = append(parts, app.Raw(p.overviewHTML()), app.Raw(p.filterHTML), app.Raw(p.listHTML()), app.Raw(p.composerHTML))
		if p.linkHTML != "" {
			parts = append(parts, app.Raw(p.linkHTML))
		}
		// Last: a part that comes and goes before the composer would
		// shift it, and go-app would write it again, losing what the
		// agent typed.
		if dead := p.deadHTML(); dead != "" {
			parts = append(parts, app.Raw(dead))
		}
	}
	var m markup
	m.fill(l, decoderForm, kb.SupportCodeName.ZH)
	return app.Main().ID("main").Class("page", "support").Attr("data-render", drawnBy()).Attr("data-console", signed).
		OnClick(p.onClick).OnChange(p.onChange).OnSubmit(p.onSubmit).Body(
		app.Header().Class("masthead").Body(
			app.Img().Class("logo").Src("/web/icons/icon.svg").Alt("").Width(48).Height(48),
			app.H1().Text(l.T("客服台：WPS 登录自助检测", "Support console: WPS login self-check")),
		),
		app.Div().ID("console").Body(parts...),
		app.P().Class("notice").ID("status").Attr("aria-live", "polite").Text(p.status),
		app.If(p.reportID != "" && p.token != "", p.renderReportSection()),
		app.Raw(m.String()),
		app.If(p.codeErr != "", app.P().Class("error").Attr("aria-live", "polite").Text(p.codeErr)),
		p.renderSummary(),
	)
}

// consoleURL is the console with the page's filters and language.
func (p *supportPage) consoleURL() string {
	return PathSupport + "?" + p.query().Encode()
}

// barHTML is the console's top line: the way back from a report, the
// language switch (keeping the page and its filters) and "sign out".
func (p *supportPage) barHTML() string {
	l := p.lang
	other, label := i18n.EN, "English"
	if p.lang == i18n.EN {
		other, label = i18n.ZH, "中文"
	}
	q := p.query()
	q.Set("lang", string(other))
	path := PathSupport
	var m markup
	m.fill(l, `<div class="console-bar">`)
	if p.reportID != "" {
		path += "/" + p.reportID
		m.fill(l, `<a href="$1">{← 返回报告列表|← Back to the reports}</a>`, p.consoleURL())
	}
	m.fill(l, `<a class="lang-switch" lang="$1" href="$2">$3</a>`, other.Tag(), path+"?"+q.Encode(), label)
	if p.token != "" {
		m.fill(l, `<button type="button" id="sign-out" class="lang-switch" data-act="sign-out">{退出|Sign out}</button>`)
	}
	m.fill(l, `</div>`)
	return m.String()
}

// signInHTML is the sign-in form (a form: Enter in the field submits it);
// the field keeps what the agent types, as the markup does not change
// while it shows but for the error.
func (p *supportPage) signInHTML() string {
	var m markup
	m.fill(p.lang, `<section aria-labelledby="signin-h"><h2 id="signin-h">{客服登录|Sign in}</h2>`+
		`<p class="hint">{令牌只保存在这个标签页里，关闭标签页或点“退出”即清除。|The token is kept in this tab only: closing the tab or “Sign out” forgets it.}</p>`+
		`<form class="support-form"><label for="token-input">{客服令牌|Support token}</label>`+
		`<input id="token-input" type="password" autocomplete="off" spellcheck="false" maxlength="256">`+
		`<button type="submit" id="sign-in" class="btn">{登录|Sign in}</button></form>`)
	if p.authErr != "" {
		m.fill(p.lang, `<p class="error" id="signin-error" role="alert">$1</p>`, p.authErr)
	}
	m.fill(p.lang, `</section>`)
	return m.String()
}

// decoderForm is the code reader's form ($1: the code's Chinese name); the
// field keeps what the agent types (the markup never changes).
const decoderForm = `<section aria-labelledby="code-h"><h2 id="code-h">{读$1|Read a support code}</h2>` +
	`<form id="decode-form" class="support-form"><label for="code-input">{用户念给你的$1|The code the person reads out}</label>` +
	`<input id="code-input" type="text" autocomplete="off" spellcheck="false" maxlength="32" autocapitalize="characters" placeholder="XXXX-XXXX-XXXX-XXXX-X">` +
	`<button type="submit" id="decode" class="btn">{解读|Decode}</button></form></section>`

func (p *supportPage) renderSummary() app.UI {
	s := p.summary
	if s == nil {
		return nil
	}
	l := p.lang
	rows := make([]app.UI, 0, len(s.Checks))
	for _, c := range s.Checks {
		rows = append(rows, checkRow(l, c, diagnosis.Label(nil, c.ID).In(l), -1, ""))
	}
	cards := make([]app.UI, 0, len(s.Findings))
	for i, f := range s.Findings {
		cards = append(cards, findingCard(l, i+1, f, "", nil, s.OS, s.InApp))
	}
	inApp := s.InApp.Label(l)
	if inApp == "" {
		inApp = l.T("无", "none")
	}
	var m markup
	switch {
	case p.token == "":
		m.fill(l, `<p class="hint">{登录后可以查到带这个`+kb.SupportCodeName.ZH+`的已发送报告。|Sign in to find uploaded reports that carry this code.}</p>`)
	case p.codeLooked && len(p.codeMatches) == 0:
		m.fill(l, `<p class="hint" id="code-matches">{没有带这个`+kb.SupportCodeName.ZH+`的已发送报告。|No uploaded report carries this code.}</p>`)
	case p.codeLooked:
		m.fill(l, `<div id="code-matches"><h3>{带这个`+kb.SupportCodeName.ZH+`的报告|Uploaded reports with this code}</h3>`)
		writeReportRows(&m, l, p.codeMatches, p.query())
		m.fill(l, `</div>`)
	default:
		m.fill(l, `<p class="hint">{正在查找…|Looking…}</p>`)
	}
	return app.Div().Class("decoded").ID("decoded").Body(
		app.Ul().Class("kv").Body(
			kv(l.T("系统", "System"), app.Span().Attr("data-os", string(s.OS)).Text(s.OS.Label(l))),
			kv(l.T("内置浏览器", "In-app browser"), app.Span().Text(inApp)),
			kv(l.T("设备时间", "Device clock"), app.Span().Text(s.Clock.Label(l))),
			kv(l.T("用户选的情况", "What they picked"), app.Span().Text(symptomNames(l, s.Symptoms))),
		),
		app.Raw(m.String()),
		app.H3().Text(l.T("检查结果", "Checks")),
		app.Ul().Class("check-list").Body(rows...),
		app.H3().Text(l.T("最可能的原因", "Most likely causes")),
		app.Div().Class("finding-list").Body(cards...),
	)
}

func (p *supportPage) renderReportSection() app.UI {
	l := p.lang
	// The server prerenders one report page for every id (ui.PageFor): the
	// id is written in the browser only.
	title := l.T("报告", "Report")
	if app.IsClient {
		title += " " + p.reportID
	}
	return app.Section().Attr("aria-labelledby", "report-h").Body(
		app.H2().ID("report-h").Text(title),
		app.If(p.loading, app.P().Class("hint").Text(l.T("正在读取…", "Loading…"))),
		app.If(p.fetchErr != "", app.P().Class("error").ID("report-error").Attr("aria-live", "polite").Text(p.fetchErr)),
		p.renderReport(),
	)
}

func (p *supportPage) renderReport() app.UI {
	r := p.report
	if r == nil {
		return nil
	}
	l := p.lang
	rows := make([]app.UI, 0, len(r.Checks))
	for _, c := range r.Checks {
		rows = append(rows, checkRow(l, c, diagnosis.Label(nil, c.ID).In(l), -1, ""))
	}
	cards := make([]app.UI, 0, len(r.Findings))
	for i, f := range r.Findings {
		cards = append(cards, findingCard(l, i+1, f, "", nil, r.Platform.OS, r.Platform.InApp))
	}
	clock := r.Clock.Verdict.Label(l)
	if r.Clock.Verdict != diagnosis.ClockUnknown {
		clock += " (" + diagnosis.FormatOffset(r.Clock.OffsetMS) + ")"
	}
	if sc := r.Clock.ServerClock; sc != nil && sc.Suspect() {
		clock += l.T("（本检测服务器当时的时钟可疑，未评判）", " (not judged: the check server's own clock was suspect)")
	}
	return app.Div().Class("report-view").ID("report-view").Body(
		app.Ul().Class("kv").Body(
			kv(l.T("工单号", "Ticket"), p.ticketStatus(r.Ticket)),
			kv(l.T("设备", "Device"), app.Span().Attr("data-os", string(r.Platform.OS)).Text(r.Platform.Describe(l))),
			kv(l.T("设备时间", "Device clock"), app.Span().Text(clock)),
			kv(l.T("时区", "Time zone"), app.Span().Text(r.Clock.TimeZone)),
			kv(l.T("用户选的情况", "What they picked"), app.Span().Text(symptomNames(l, r.Symptoms))),
		),
		app.H3().Text(l.T("检查结果", "Checks")),
		app.Ul().Class("check-list").Body(rows...),
		app.H3().Text(l.T("可能的原因", "Likely causes")),
		app.Div().Class("finding-list").Body(cards...),
		app.Details().Body(
			app.Summary().Text(l.T("原始 JSON", "Raw JSON")),
			app.P().Class("json").Text(p.raw),
		),
	)
}

// ticketStatus shows the report's ticket and whether the server verified
// it: anyone can type a ticket into a link, only a signed link proves that
// support gave it out.
func (p *supportPage) ticketStatus(ticket string) app.HTMLSpan {
	l := p.lang
	if ticket == "" {
		return app.Span().Text(l.T("无", "none"))
	}
	status := app.Span().ID("ticket-status").Class("ticket-unverified").Attr("data-ticket-verified", "false").
		Text(l.T("未验证：链接没有有效签名，这个工单号可能是任何人填的", "unverified: the link had no valid signature, anyone could have typed this ticket"))
	if p.verified {
		status = app.Span().ID("ticket-status").Class("ticket-verified").Attr("data-ticket-verified", "true").
			Text(l.T("已验证：来自签名的客服链接", "verified: from a signed support link"))
	}
	return app.Span().Body(app.Span().Class("b").Text(ticket), app.Text(l.T("（", " (")), status, app.Text(l.T("）", ")")))
}

// kv is one "name: value" line of a summary.
func kv(name string, value app.HTMLSpan) app.UI {
	return app.Li().Body(app.Span().Class("kv-k").Text(name), value.Class("kv-v"))
}
