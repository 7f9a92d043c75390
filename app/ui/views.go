package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

// The views in this file are shared by the check page (the person's view)
// and the support page (an agent's view of an uploaded report).

// statusIcon is the glyph shown next to a status; the status is always
// written out too (never colour or glyph alone).
func statusIcon(s diagnosis.ProbeStatus) string {
	switch s {
	case diagnosis.StatusOK:
		return "✓"
	case diagnosis.StatusSlow:
		return "!"
	case diagnosis.StatusFail:
		return "✕"
	case diagnosis.StatusTimeout:
		return "✕"
	}
	return "…"
}

// barClass maps a latency to one of eleven bar widths (0–100 %, log-ish up
// to the timeout), since the CSP forbids inline styles.
func barClass(ms, timeoutMS int64) string {
	if ms <= 0 {
		return "bar-0"
	}
	if timeoutMS <= 0 {
		timeoutMS = diagnosis.DefaultThresholds().TimeoutMS
	}
	steps := []int64{50, 100, 200, 350, 500, 800, 1200, 2000, 3500, 5500}
	for i, s := range steps {
		if ms*8000/timeoutMS <= s {
			return "bar-" + strconv.Itoa(i+1)
		}
	}
	return "bar-10"
}

// checkRow is one row of the progress list; a negative timeoutMS draws no
// latency bar (a decoded support code has no latencies).
func checkRow(l i18n.Lang, c diagnosis.CheckResult, label string, timeoutMS int64, vantage diagnosis.ProbeStatus) app.UI {
	// A latency (and its bar) is shown for answers only: the time until a
	// refusal would read as "slow".
	latency, answered := "", c.Status == diagnosis.StatusOK || c.Status == diagnosis.StatusSlow
	if answered && c.LatencyMS > 0 {
		latency = strconv.FormatInt(c.LatencyMS, 10) + " ms"
	}
	var note app.UI
	if vantage != "" && c.Status.Bad() {
		note = app.Span().Class("check-note").Text(l.T("本检测服务器访问该地址：", "From our server: ") + vantage.Label(l))
	}
	return app.Li().Class("check", "st-"+string(c.Status)).
		Attr("data-check-id", c.ID).Attr("data-status", string(c.Status)).Body(
		app.Span().Class("check-icon").Attr("aria-hidden", "true").Text(statusIcon(c.Status)),
		app.Span().Class("check-label").Text(label),
		app.Span().Class("check-status").Text(c.Status.Label(l)),
		app.Span().Class("check-latency").Text(latency),
		app.If(timeoutMS >= 0 && answered, app.Span().Class("bar").Attr("aria-hidden", "true").Body(
			app.Span().Class("bar-fill", barClass(c.LatencyMS, timeoutMS)),
		)),
		note,
	)
}

// findingCard renders one finding: what we saw, why it matters, the steps
// for os (the other systems' steps folded away) and the article parts it
// comes from. evidence may be empty (the support view has only ids); inApp
// is the app whose built-in browser shows the page (its card says how to
// leave that app).
func findingCard(l i18n.Lang, rank int, id diagnosis.FindingID, sev diagnosis.Severity, evidence []diagnosis.Evidence, os diagnosis.OS, inApp diagnosis.InApp) app.UI {
	e := kb.GuideFor(id, inApp)
	steps := e.StepsFor(os)
	stepsOS := os
	if _, own := e.Steps[os]; !own {
		stepsOS = diagnosis.OSDefault
		if _, ios := e.Steps[diagnosis.OSIOS]; os == diagnosis.OSIPadOS && ios {
			stepsOS = diagnosis.OSIOS
		}
	}
	var seen []app.UI
	for _, ev := range evidence {
		if t := ev.Text.In(l); t != "" {
			seen = append(seen, app.Li().Text(t))
		}
	}
	// Other systems' steps never change for a finding: one piece of HTML,
	// built once per language, finding and shown system.
	var otherOS []diagnosis.OS
	for _, o := range append(diagnosis.AllOS(), diagnosis.OSDefault) {
		if st := e.Steps[o]; o != stepsOS && len(st) > 0 {
			otherOS = append(otherOS, o)
		}
	}
	var others app.UI
	if len(otherOS) > 0 {
		others = staticUI("others/"+string(l)+"/"+string(id)+"/"+string(stepsOS)+"/"+string(inApp), func(m *markup) {
			m.open("details", "class", "other-steps")
			m.elem("summary", l.T("其他系统的步骤", "Steps for other systems"))
			m.open("div")
			for _, o := range otherOS {
				name := o.Label(l)
				if o == diagnosis.OSDefault {
					name = l.T("通用", "General")
				}
				m.open("div", "class", "other-os")
				m.elem("h4", name)
				writeSteps(m, l, e.Steps[o], o)
				m.close("div")
			}
			m.close("div")
			m.close("details")
		})
	}
	var seeds []app.UI
	for _, s := range e.SeedFix {
		seeds = append(seeds, app.Li().Text(s.Name.In(l)))
	}
	sevClass := "sev-" + string(sev)
	if sev == "" {
		sevClass = "sev-info"
	}
	osName := os.Label(l)
	if os == diagnosis.OSUnknown || os == "" {
		osName = l.T("你的设备", "your device")
	}
	return app.Div().Class("finding", sevClass).Attr("data-finding-id", string(id)).Attr("data-rank", rank).Body(
		app.H3().Body(
			app.Span().Class("finding-rank").Text(strconv.Itoa(rank)+". "),
			app.Text(e.Title.In(l)),
		),
		// A note (info) is not a cause: "Likelihood: Note" would read oddly.
		app.If(sev != "" && sev != diagnosis.SeverityInfo, app.P().Class("finding-sev").Text(l.T("可能性：", "Likelihood: ")+sev.Label(l))),
		app.If(len(seen) > 0,
			app.H4().Text(l.T("我们看到了什么", "What we saw")),
			app.Ul().Class("evidence").Body(seen...),
		),
		app.If(e.Why.In(l) != "",
			app.H4().Text(l.T("为什么会影响登录", "Why it matters")),
			app.P().Text(e.Why.In(l)),
		),
		app.If(len(steps) > 0,
			app.H4().Text(l.T("怎么做（", "What to do (")+osName+l.T("）", ")")),
			stepList(l, steps, stepsOS),
		),
		others,
		app.If(len(seeds) > 0,
			app.Div().Class("seed").Body(
				app.Span().Text(l.T("对应帮助文章：", "From the help article: ")),
				app.Ul().Class("seed-list").Body(seeds...),
			),
		),
	)
}

// stepList is a numbered list of steps for one system.
func stepList(l i18n.Lang, steps []i18n.Text, os diagnosis.OS) app.UI {
	items := make([]app.UI, 0, len(steps))
	for _, s := range steps {
		items = append(items, app.Li().Text(s.In(l)))
	}
	return app.Ol().Class("steps").Attr("data-steps-os", string(os)).Body(items...)
}

// clockText describes a clock estimate and its verdict for people.
func clockText(l i18n.Lang, c diagnosis.ClockEstimate, th diagnosis.Thresholds) (string, diagnosis.ClockVerdict) {
	if !c.Known {
		return l.T("无法判断（没有拿到服务器时间）", "unknown (no server time)"), diagnosis.ClockUnknown
	}
	if c.Reference.Suspect() { // the server doubts its own clock
		return diagnosis.ReferenceNote(c, th).In(l), diagnosis.ClockUnknown
	}
	v := c.Verdict(th)
	return diagnosis.OffsetPhrase(c).In(l), v
}

// clockStatus maps a clock verdict onto the row classes of the check list.
func clockStatus(v diagnosis.ClockVerdict) string {
	switch v {
	case diagnosis.ClockOK:
		return string(diagnosis.StatusOK)
	case diagnosis.ClockWarn:
		return string(diagnosis.StatusSlow)
	case diagnosis.ClockFail:
		return string(diagnosis.StatusFail)
	}
	return "unknown"
}

// clockIcon is the glyph of a clock verdict.
func clockIcon(v diagnosis.ClockVerdict) string {
	switch v {
	case diagnosis.ClockOK:
		return "✓"
	case diagnosis.ClockWarn:
		return "!"
	case diagnosis.ClockFail:
		return "✕"
	}
	return "?"
}

// triRow is a row of the environment list.
func triRow(l i18n.Lang, id, label string, v diagnosis.Tri, goodIsYes bool) app.UI {
	v = v.Norm()
	st := "unknown"
	icon := "?"
	if v != diagnosis.Unknown {
		if (v == diagnosis.Yes) == goodIsYes {
			st, icon = "ok", "✓"
		} else {
			st, icon = "fail", "✕"
		}
	}
	return app.Li().Class("check", "st-"+st).Attr("data-env-id", id).Attr("data-status", st).Body(
		app.Span().Class("check-icon").Attr("aria-hidden", "true").Text(icon),
		app.Span().Class("check-label").Text(label),
		app.Span().Class("check-status").Text(v.Label(l)),
	)
}

// drawnBy is the value of a page's data-render: who drew the tree, the
// server's prerender ("prerendered") or the wasm ("live"). The wasm's first
// render says live already, before OnMount marks the page live (data-app),
// so that the two never disagree between the page's tasks.
func drawnBy() string {
	if app.IsClient {
		return "live"
	}
	return "prerendered"
}
