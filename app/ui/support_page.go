package ui

import (
	"encoding/json"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/report"
)

// PathSupport is the support agents' page: decode a support code, or open an
// uploaded report by id (/support/{id}).
const PathSupport = "/support"

// supportRoute matches /support and /support/{id}.
const supportRoute = `^/support(/[A-Za-z0-9_-]{1,64})?/?$`

// supportPage lets an agent read a support code (no server needed) and open
// an uploaded report with a token.
type supportPage struct {
	app.Compo

	lang i18n.Lang
	live bool
	// mctx is the component's context: results of async work go through it.
	mctx app.Context

	codeInput string
	summary   *report.SupportSummary
	codeErr   string

	reportID string
	token    string
	loading  bool
	report   *report.Report
	verified bool // the server checked the ticket's signature (wire.AgentReport.TicketVerified)
	raw      string
	fetchErr string
}

func newSupportPage() *supportPage {
	return &supportPage{}
}

// OnPreRender runs on the server.
func (p *supportPage) OnPreRender(ctx app.Context) {
	p.initPage(ctx)
}

// OnNav runs in the browser each time the page is shown.
func (p *supportPage) OnNav(ctx app.Context) {
	p.initPage(ctx)
}

// OnMount marks the page live.
func (p *supportPage) OnMount(ctx app.Context) {
	p.live = true
	p.mctx = ctx
	browser.SetRootAttr("data-app", "live")
}

func (p *supportPage) initPage(ctx app.Context) {
	u := ctx.Page().URL()
	p.lang = pageLang(u.Query())
	id := strings.Trim(strings.TrimPrefix(u.Path, PathSupport), "/")
	if !report.ValidTicket(id) {
		id = ""
	}
	if id != p.reportID {
		p.reportID, p.report, p.verified, p.raw, p.fetchErr = id, nil, false, "", ""
	}
	ctx.Page().SetLang(p.lang.Tag())
	ctx.Page().SetTitle(p.lang.T("WPS 自检 · 客服查看", "WPS self-check · support view"))
}

func (p *supportPage) onCodeInput(ctx app.Context, e app.Event) {
	p.codeInput = ctx.JSSrc().Get("value").String()
}

func (p *supportPage) onDecode(ctx app.Context, e app.Event) {
	p.summary, p.codeErr = nil, ""
	s, err := report.DecodeSupportCode(p.codeInput)
	if err != nil {
		p.codeErr = report.DescribeCodeError(err).In(p.lang)
		return
	}
	p.summary = &s
}

func (p *supportPage) onTokenInput(ctx app.Context, e app.Event) {
	p.token = ctx.JSSrc().Get("value").String()
}

func (p *supportPage) onFetch(ctx app.Context, e app.Event) {
	if p.loading || p.reportID == "" {
		return
	}
	p.loading, p.fetchErr, p.report, p.raw = true, "", nil, ""
	id, token, l := p.reportID, strings.TrimSpace(p.token), p.lang
	if p.mctx != nil {
		ctx = p.mctx
	}
	ctx.Async(func() {
		r := browser.Request("GET", pathReports+"/"+id, map[string]string{"Authorization": "Bearer " + token}, "", 10000)
		var rep *report.Report
		var verified bool
		var msg string
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
				rep, verified = &env.Report, env.TicketVerified
			} else {
				msg = l.T("服务器返回的报告格式不对。", "The server's report is not valid.")
			}
		case 400:
			msg = l.T("这不是一个有效的报告编号。", "This is not a valid report id.")
		case 401, 403:
			msg = l.T("令牌不对或已过期：没有权限查看这份报告。", "The token is wrong or expired: you may not see this report.")
		case 429:
			msg = l.T("令牌错误次数太多，请稍等一分钟再试。", "Too many wrong tokens: wait a minute and try again.")
		case 404:
			msg = l.T("没有这个编号的报告（可能已过期删除）。", "No report has this id (it may have expired).")
		case 0:
			msg = l.T("连不上服务器。", "Could not reach the server.")
		default:
			msg = l.T("服务器出错，请稍后再试。", "The server failed; try again later.")
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.loading = false
			p.report, p.verified, p.fetchErr = rep, verified, msg
			if rep != nil {
				p.raw = string(r.Body)
			}
		})
	})
}

// Render draws the page.
func (p *supportPage) Render() app.UI {
	state := "prerendered"
	if p.live {
		state = "live"
	}
	l := p.lang
	return app.Main().ID("main").Class("page", "support").DataSet("render", state).Body(
		app.Header().Class("masthead").Body(
			app.Img().Class("logo").Src("/web/icons/icon.svg").Alt("").Width(48).Height(48),
			app.H1().Text(l.T("客服查看：WPS 登录自助检测", "Support view: WPS login self-check")),
		),
		app.Section().Aria("labelledby", "code-h").Body(
			app.H2().ID("code-h").Text(l.T("读"+kb.SupportCodeName.ZH, "Read a support code")),
			app.Div().Class("support-form").Body(
				app.Label().For("code-input").Text(l.T("用户念给你的"+kb.SupportCodeName.ZH, "The code the person reads out")),
				app.Input().ID("code-input").Type("text").AutoComplete(false).Spellcheck(false).
					Attr("maxlength", 32).Attr("autocapitalize", "characters").Attr("placeholder", "XXXX-XXXX-XXXX-XXXX-X").
					Value(p.codeInput).OnInput(p.onCodeInput).OnKeyDown(p.onEnter(p.onDecode)),
				app.Button().Type("button").ID("decode").Class("btn").OnClick(p.onDecode).Text(l.T("解读", "Decode")),
			),
			app.If(p.codeErr != "", app.P().Class("error").Aria("live", "polite").Text(p.codeErr)),
			p.renderSummary(),
		),
		app.If(p.reportID != "", p.renderReportSection()),
	)
}

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
	return app.Div().Class("decoded").ID("decoded").Body(
		app.Ul().Class("kv").Body(
			kv(l.T("系统", "System"), app.Span().DataSet("os", string(s.OS)).Text(s.OS.Label(l))),
			kv(l.T("内置浏览器", "In-app browser"), app.Span().Text(inApp)),
			kv(l.T("设备时间", "Device clock"), app.Span().Text(s.Clock.Label(l))),
			kv(l.T("用户选的情况", "What they picked"), app.Span().Text(symptomNames(l, s.Symptoms))),
		),
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
	return app.Section().Aria("labelledby", "report-h").Body(
		app.H2().ID("report-h").Text(title),
		app.Div().Class("support-form").Body(
			app.Label().For("token-input").Text(l.T("客服令牌", "Support token")),
			app.Input().ID("token-input").Type("password").AutoComplete(false).Spellcheck(false).
				Attr("maxlength", 256).Value(p.token).OnInput(p.onTokenInput).OnKeyDown(p.onEnter(p.onFetch)),
			app.Button().Type("button").ID("open-report").Class("btn").Disabled(p.loading).OnClick(p.onFetch).Text(l.T("打开报告", "Open report")),
		),
		app.If(p.fetchErr != "", app.P().Class("error").ID("report-error").Aria("live", "polite").Text(p.fetchErr)),
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
			kv(l.T("设备", "Device"), app.Span().DataSet("os", string(r.Platform.OS)).Text(r.Platform.Describe(l))),
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
	status := app.Span().ID("ticket-status").Class("ticket-unverified").DataSet("ticket-verified", "false").
		Text(l.T("未验证：链接没有有效签名，这个工单号可能是任何人填的", "unverified: the link had no valid signature, anyone could have typed this ticket"))
	if p.verified {
		status = app.Span().ID("ticket-status").Class("ticket-verified").DataSet("ticket-verified", "true").
			Text(l.T("已验证：来自签名的客服链接", "verified: from a signed support link"))
	}
	return app.Span().Body(app.Span().Class("b").Text(ticket), app.Text(l.T("（", " (")), status, app.Text(l.T("）", ")")))
}

// kv is one "name: value" line of a summary.
func kv(name string, value app.HTMLSpan) app.UI {
	return app.Li().Body(app.Span().Class("kv-k").Text(name), value.Class("kv-v"))
}

// onEnter runs h when Enter is pressed in a field.
func (p *supportPage) onEnter(h app.EventHandler) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if e.Get("key").String() == "Enter" {
			h(ctx, e)
		}
	}
}
