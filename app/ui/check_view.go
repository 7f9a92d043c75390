package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

// Render draws the page.
func (p *checkPage) Render() app.UI {
	browser.Pace()
	l := p.lang
	return app.Main().ID("main").Class("page").Attr("data-render", drawnBy()).Body(
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
		&section{Draw: p.renderVerdict},
		p.symptomPart(),
		&section{Draw: p.renderFindings},
		&section{Draw: p.renderChecks},
		p.handoffPart(),
		p.moreHelpPart(),
		app.Footer().Class("privacy").Body(
			app.P().Text(l.T(
				"隐私说明：本页只在你的浏览器里访问本页服务器、WPS 的几个地址和两个常用网站，以判断网络情况；不会询问或读取账号、密码。报告里只有检测结果、系统和浏览器类型、时间偏差和你选的情况，不含账号信息。",
				"Privacy: this page only contacts its own server, a few WPS addresses and two big websites from your browser to judge your network; it never asks for or reads your account or password. A report holds only the check results, your system and browser type, the clock offset and what you picked — no account data.")),
		),
	)
}

// symptomPart, handoffPart and moreHelpPart are the page's child
// components as Render places them (ui.Warm draws the same).
func (p *checkPage) symptomPart() *symptomPicker {
	return &symptomPicker{Lang: p.lang, Picked: p.symptom, pick: p.pickSymptom}
}

func (p *checkPage) handoffPart() *handoff {
	return &handoff{Lang: p.lang, Ticket: p.ticket, TicketSig: p.ticketSig, PageURL: p.pageURL, Run: p.run, Running: p.running, Settled: p.settled(),
		// An exported page with no API has nowhere to send a report.
		Code: p.code, UploadEnabled: p.cfg.UploadEnabled && pageAPI().has(), Source: p}
}

func (p *checkPage) moreHelpPart() *moreHelp {
	return &moreHelp{Lang: p.lang, ShowBasics: p.settled()}
}

func (p *checkPage) renderLangSwitch() app.UI {
	other, label := i18n.EN, "English"
	if p.lang == i18n.EN {
		other, label = i18n.ZH, "中文"
	}
	return app.Button().Type("button").Class("lang-switch").Lang(other.Tag()).
		Attr("aria-label", p.lang.T("Switch to English", "切换到中文")).
		// The scope names the language: go-app tells handlers apart by
		// their code and scope only, so without it the first closure (the
		// first language) stayed bound and the switch worked once.
		OnClick(p.onLang(other), string(other)).Text(label)
}

func (p *checkPage) renderBanner() app.UI {
	b := p.cfg.Banner
	if !b.Active(browser.NowMS()) {
		return nil
	}
	return app.Div().Class("banner", "banner-"+b.Level).Attr("role", "status").Text(b.Text.In(p.lang))
}

// doneCount counts the checks that settled.
func (p *checkPage) doneCount() int {
	n := 0
	for _, c := range p.result.Checks {
		if c.Status != diagnosis.StatusPending {
			n++
		}
	}
	return n
}

func (p *checkPage) renderVerdict() app.UI {
	l := p.lang
	var body []app.UI
	if p.running || !p.ran {
		msg := l.T("正在检查，通常只需几秒…", "Checking, this usually takes a few seconds…")
		if p.ran {
			msg = l.T("正在检查：已完成 ", "Checking: ") + strconv.Itoa(p.doneCount()) + " / " + strconv.Itoa(len(p.catalog)) + l.T(" 项…", " done…")
		}
		body = append(body,
			app.Span().Class("spinner").Attr("aria-hidden", "true"),
			app.P().ID("check-status").Class("verdict-text").Text(msg),
		)
	} else if fs := p.result.Findings; len(fs) > 0 {
		top := fs[0]
		body = append(body,
			app.P().ID("check-status").Class("verdict-kicker").Text(l.T("检查完成。最可能的原因：", "Done. The most likely cause:")),
			app.H2().Class("verdict-title").Attr("data-top-finding", string(top.ID)).Text(kb.Guide(top.ID).Title.In(l)),
		)
		if p.offline {
			body = append(body, app.P().Class("verdict-note").Text(l.T(
				"联网后本页会自动重新检查。", "The page checks again by itself once you are back online.")))
		}
	}
	return app.Section().Class("verdict").ID("verdict").Attr("aria-live", "polite").Body(
		app.Div().Class("verdict-body").Body(body...),
		app.Button().Type("button").Class("btn", "run-again").Disabled(p.running || !p.live).
			OnClick(p.onRunAgain).Text(kb.RunAgainLabel.In(l)),
	)
}

func (p *checkPage) renderFindings() app.UI {
	l := p.lang
	if p.running || !p.ran {
		// Before the wasm runs (prerendered) and while checking: the
		// general checks anyone can do, so a slow phone has something
		// useful at once.
		return app.Section().Class("findings", "findings-pending").Attr("aria-labelledby", "findings-h").Body(
			app.H2().ID("findings-h").Text(l.T("先试试这些基本检查", "Start with these basic checks")),
			app.P().Class("hint").Text(l.T("检查完成后，这里会按可能性列出原因和你的系统对应的步骤。",
				"When the checks finish, the likely causes and the steps for your system appear here.")),
			basicChecks(l),
		)
	}
	os := p.shownOS()
	cards := make([]app.UI, 0, len(p.result.Findings))
	for i, f := range p.result.Findings {
		cards = append(cards, &findingItem{Lang: l, Rank: i + 1, ID: f.ID, Severity: f.Severity, Evidence: f.Evidence, OS: os, App: p.result.Platform.InApp})
	}
	return app.Section().Class("findings").Attr("aria-labelledby", "findings-h").Body(
		app.H2().ID("findings-h").Text(l.T("可能的原因（最可能的在前）", "Likely causes (most likely first)")),
		&platformLine{Lang: l, Platform: p.result.Platform, Override: p.osOverride, choose: p.chooseOS},
		app.Div().Class("finding-list").Body(cards...),
	)
}

// checkRow is the check list's row of one endpoint, with the server's view
// of it when the server has one.
func (p *checkPage) checkRow(c diagnosis.CheckResult) *checkItem {
	var vs diagnosis.ProbeStatus
	if p.vantage.Known {
		vs = p.vantage.Endpoints[c.ID]
	}
	return &checkItem{Lang: p.lang, Result: c, Label: diagnosis.Label(p.catalog, c.ID).In(p.lang), TimeoutMS: p.th.TimeoutMS, Vantage: vs}
}

func (p *checkPage) renderChecks() app.UI {
	l := p.lang
	rows := make([]app.UI, 0, len(p.catalog)+4)
	for _, c := range p.result.Checks {
		rows = append(rows, p.checkRow(c))
	}

	clockLabel := l.T("检测中…", "checking…")
	clockSt, icon := "pending", "…"
	if p.clockSet {
		var v diagnosis.ClockVerdict
		clockLabel, v = clockText(l, p.clock, p.th)
		clockSt, icon = clockStatus(v), clockIcon(v)
		if z := diagnosis.AssessTimeZone(p.clock, p.in.Env); z.Suspected && p.env.TimeZone != "" && v != diagnosis.ClockUnknown {
			clockLabel += l.T("；设备时区：", "; device time zone: ") + p.env.TimeZone
			if off, ok := p.in.Env.UTCOffsetMinutes(); ok {
				clockLabel += " (" + diagnosis.FormatUTCOffset(off) + ")"
			}
		}
	}
	clockRow := app.Li().Class("check", "st-"+clockSt).Attr("data-check-id", "clock").Attr("data-status", clockSt).Body(
		app.Span().Class("check-icon").Attr("aria-hidden", "true").Text(icon),
		app.Span().Class("check-label").Text(l.T("设备时间", "Device clock")),
		app.Span().Class("check-status", "clock-text").Text(clockLabel),
	)

	var envRows []app.UI
	if p.envSet {
		envRows = append(envRows,
			triRow(l, "online", l.T("浏览器认为已联网", "Browser says it is online"), p.in.Env.OnLine, true),
			triRow(l, "cookies", l.T("允许 Cookie（登录需要）", "Cookies allowed (login needs them)"), p.env.CookiesEnabled, true),
			triRow(l, "storage", l.T("允许本地存储", "Local storage allowed"), p.env.StorageUsable, true),
		)
	}
	vantageNote := l.T("本检测服务器暂未提供它自己的检测结果。", "Our server has no check of its own to compare with right now.")
	if p.vantage.Known {
		vantageNote = l.T("本检测服务器也检查了 WPS，结果已一并考虑。", "Our server checked WPS too; its results are taken into account.")
	}
	return app.Section().Class("checks").Attr("aria-labelledby", "checks-h").Body(
		app.H2().ID("checks-h").Text(l.T("检查项目", "What we checked")),
		app.Ul().Class("check-list").Body(rows...),
		app.Ul().Class("check-list", "check-list-extra").Body(append([]app.UI{clockRow}, envRows...)...),
		app.If(!p.running && p.ran, app.P().Class("hint").Text(vantageNote)),
	)
}
