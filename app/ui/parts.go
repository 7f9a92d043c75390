package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/diagnosis"
)

// The check page re-renders on every result a run brings (a probe row, the
// clock, the environment). go-app re-renders a component only when one of
// its exported fields changed, so the parts of the page that a result does
// not touch are components of their own, and text that never changes once
// written (the tips, other systems' steps) is mounted as one piece of HTML
// instead of hundreds of elements (markup.go).

// checkItem is one row of the check list: a probe result re-renders its own
// row only.
type checkItem struct {
	app.Compo

	Lang      Lang
	Result    diagnosis.CheckResult
	Label     string
	TimeoutMS int64
	Vantage   diagnosis.ProbeStatus
}

// Render draws the row.
func (c *checkItem) Render() app.UI {
	return checkRow(c.Lang, c.Result, c.Label, c.TimeoutMS, c.Vantage)
}

// findingItem is one finding card, redrawn only when its rank, evidence or
// shown system changes.
type findingItem struct {
	app.Compo

	Lang     Lang
	Rank     int
	ID       diagnosis.FindingID
	Severity diagnosis.Severity
	Evidence []diagnosis.Evidence
	OS       diagnosis.OS
	App      diagnosis.InApp
}

// Render draws the card.
func (f *findingItem) Render() app.UI {
	return findingCard(f.Lang, f.Rank, f.ID, f.Severity, f.Evidence, f.OS, f.App)
}

// basicChecks is the list of checks anyone can do, shown before the results.
func basicChecks(l Lang) app.UI {
	return staticUI("basic/"+string(l), func(m *markup) {
		writeTips(m, l.dl(), diagnosis.Tips().BasicChecks)
	})
}

// moreHelp is the folded "more help" section: the whole knowledge base,
// unchanged by the checks (the basic checks join it once they are done).
type moreHelp struct {
	app.Compo

	Lang       Lang
	ShowBasics bool
}

// Render draws the section.
func (m *moreHelp) Render() app.UI {
	l := m.Lang
	t := diagnosis.Tips()
	group := func(id, zh, en string, tips []diagnosis.Tip) app.UI {
		if len(tips) == 0 {
			return nil
		}
		return app.Details().Class("tip-group").ID(id).Body(
			app.Summary().Text(l.T(zh, en)),
			staticUI(id+"/"+string(l), func(m *markup) { writeTips(m, l.dl(), tips) }),
		)
	}
	return app.Section().Class("more").Aria("labelledby", "more-h").Body(
		app.H2().ID("more-h").Text(l.T("更多帮助", "More help")),
		app.P().Class("intro").ID("account-intro").Text(diagnosis.Intro().In(l.dl())),
		app.If(m.ShowBasics, group("tips-basic", "基本检查", "Basic checks", t.BasicChecks)),
		group("tips-fixes", "常见解决方法", "Common fixes", t.Fixes),
		group("tips-prevention", "预防再次出现", "Preventing it next time", t.Prevention),
		group("tips-advanced", "进阶技巧", "Advanced tips", t.Advanced),
		group("tips-faq", "常见问题", "Questions people ask", t.FAQ),
		group("tips-beyond", "文章没讲到的常见登录问题", "Sign-in problems the help article does not cover", t.Beyond),
		group("tips-causes", "登录失败的常见原因", "Common causes of login failures", t.Causes),
	)
}
