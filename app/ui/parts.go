package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

// The check page re-renders on every result a run brings (a probe row, the
// clock, the environment). go-app re-renders a component only when one of
// its exported fields changed, so the parts of the page that a result does
// not touch are components of their own, and text that never changes once
// written (the tips, other systems' steps) is mounted as one piece of HTML
// instead of hundreds of elements (markup.go).
//
// Each part starts its draw with browser.Pace: go-app draws the whole page
// in one go, on its first mount and on each redraw, and the parts are where
// that work can be cut into shorter tasks, so that a slow phone stays
// responsive while the page draws (and Lighthouse's mobile run, which
// counts every task four times over, sees far fewer long ones).

// section is a part of the check page that go-app draws as a component of
// its own, so that its mount (and each redraw) starts with browser.Pace like
// the other parts': without it the page's root drew the verdict, the
// findings and the check list in one piece. Draw is a func, which go-app
// never finds equal to the last one: a section redraws with the page, as it
// did when the root drew it.
type section struct {
	app.Compo

	Draw func() app.UI
}

// Render draws the section.
func (s *section) Render() app.UI {
	browser.Pace()
	return s.Draw()
}

// checkItem is one row of the check list: a probe result re-renders its own
// row only.
type checkItem struct {
	app.Compo

	Lang      i18n.Lang
	Result    diagnosis.CheckResult
	Label     string
	TimeoutMS int64
	Vantage   diagnosis.ProbeStatus
}

// Render draws the row.
func (c *checkItem) Render() app.UI {
	browser.Pace()
	return checkRow(c.Lang, c.Result, c.Label, c.TimeoutMS, c.Vantage)
}

// findingItem is one finding card, redrawn only when its rank, evidence or
// shown system changes.
type findingItem struct {
	app.Compo

	Lang     i18n.Lang
	Rank     int
	ID       diagnosis.FindingID
	Severity diagnosis.Severity
	Evidence []diagnosis.Evidence
	OS       diagnosis.OS
	App      diagnosis.InApp
}

// Render draws the card.
func (f *findingItem) Render() app.UI {
	browser.Pace()
	return findingCard(f.Lang, f.Rank, f.ID, f.Severity, f.Evidence, f.OS, f.App)
}

// basicChecks is the list of checks anyone can do, shown before the results.
func basicChecks(l i18n.Lang) app.UI {
	return staticUI("basic/"+string(l), func(m *markup) {
		writeTips(m, l, kb.Tips().BasicChecks)
	})
}

// moreHelp is the folded "more help" section: the whole knowledge base,
// unchanged by the checks (the basic checks join it once they are done).
type moreHelp struct {
	app.Compo

	Lang       i18n.Lang
	ShowBasics bool
}

// Render draws the section.
func (m *moreHelp) Render() app.UI {
	browser.Pace()
	l := m.Lang
	t := kb.Tips()
	group := func(id, zh, en string, tips []kb.Tip) app.UI {
		if len(tips) == 0 {
			return nil
		}
		return app.Details().Class("tip-group").ID(id).Body(
			app.Summary().Text(l.T(zh, en)),
			staticUI(id+"/"+string(l), func(m *markup) { writeTips(m, l, tips) }),
		)
	}
	return app.Section().Class("more").Attr("aria-labelledby", "more-h").Body(
		app.H2().ID("more-h").Text(l.T("更多帮助", "More help")),
		app.P().Class("intro").ID("account-intro").Text(kb.Intro().In(l)),
		app.If(m.ShowBasics, group("tips-basic", "基本检查", "Basic checks", t.BasicChecks)),
		group("tips-fixes", "常见解决方法", "Common fixes", t.Fixes),
		group("tips-prevention", "预防再次出现", "Preventing it next time", t.Prevention),
		group("tips-advanced", "进阶技巧", "Advanced tips", t.Advanced),
		group("tips-faq", "常见问题", "Questions people ask", t.FAQ),
		group("tips-beyond", "文章没讲到的常见登录问题", "Sign-in problems the help article does not cover", t.Beyond),
		group("tips-causes", "登录失败的常见原因", "Common causes of login failures", t.Causes),
	)
}

// symptomPicker is the list of what people see when they log in; picking
// one (or picking it again to clear it) re-ranks the causes.
type symptomPicker struct {
	app.Compo

	Lang   i18n.Lang
	Picked diagnosis.Symptom

	// pick is the page's handler, fixed for the page's life. It is not a
	// prop: go-app compares a component's exported fields with
	// reflect.DeepEqual on every redraw of its parent, a func is never equal
	// to one, and the list would be drawn again each time a result came in.
	pick func(diagnosis.Symptom)
}

// Render draws the list.
func (s *symptomPicker) Render() app.UI {
	browser.Pace()
	l := s.Lang
	var items []app.UI
	for _, x := range diagnosis.PickerSymptoms() {
		items = append(items, app.Li().Body(
			app.Button().Type("button").Class("symptom").Attr("data-symptom", string(x)).
				Attr("aria-pressed", s.Picked == x).OnClick(s.onPick(x), string(x)).Text(x.Label(l)),
		))
	}
	return app.Section().Class("symptoms").Attr("aria-labelledby", "symptoms-h").Body(
		app.H2().ID("symptoms-h").Text(l.T("登录时你看到了什么？", "What do you see when you log in?")),
		app.P().Class("hint").Text(l.T("选一项，下面的原因会按你的情况重新排序。", "Pick one: the causes below are re-ranked for it.")),
		app.Ul().Class("symptom-list").Body(items...),
	)
}

func (s *symptomPicker) onPick(x diagnosis.Symptom) app.EventHandler {
	return func(ctx app.Context, e app.Event) { s.pick(x) }
}

// symptomNames lists picked symptoms for people ("—" for none).
func symptomNames(l i18n.Lang, syms []diagnosis.Symptom) string {
	if len(syms) == 0 {
		return "—"
	}
	names := make([]string, len(syms))
	for i, x := range syms {
		names[i] = x.Label(l)
	}
	return strings.Join(names, l.T("、", ", "))
}

// platformLine says which device the page detected and lets the person
// choose another system whose steps to show.
type platformLine struct {
	app.Compo

	Lang     i18n.Lang
	Platform diagnosis.Platform
	// Override is the system the person chose ("" for the detected one).
	Override diagnosis.OS

	choose   func(diagnosis.OS) // the page's handler; not a prop, as symptomPicker.pick
	choosing bool
}

// Render draws the line and, when asked, the list of systems.
func (c *platformLine) Render() app.UI {
	browser.Pace()
	l := c.Lang
	desc := c.Platform.Describe(l)
	if desc == "" {
		desc = l.T("未能识别", "not recognised")
	}
	os := c.Override
	if os == "" {
		os = c.Platform.OS
	}
	var chooser app.UI
	if c.choosing {
		btns := []app.UI{app.Li().Body(app.Button().Type("button").Class("symptom").Attr("data-choose-os", "auto").
			Attr("aria-pressed", c.Override == "").OnClick(c.onChoose("")).Text(l.T("自动识别", "Detect automatically")))}
		for _, o := range diagnosis.AllOS() {
			btns = append(btns, app.Li().Body(app.Button().Type("button").Class("symptom").Attr("data-choose-os", string(o)).
				Attr("aria-pressed", c.Override == o).OnClick(c.onChoose(o), string(o)).Text(o.Label(l))))
		}
		chooser = app.Div().Class("os-chooser").Body(
			app.P().ID("os-choose-h").Text(l.T("按这个系统显示步骤：", "Show the steps for:")),
			app.Ul().Class("symptom-list").Attr("aria-labelledby", "os-choose-h").Body(btns...),
		)
	}
	shown := ""
	if c.Override != "" {
		shown = l.T("（步骤按你选的 ", " (steps for ") + os.Label(l) + l.T(" 显示）", ", as you chose)")
	}
	return app.Div().Class("platform").Body(
		app.P().Attr("data-os", string(os)).Body(
			app.Span().Text(l.T("你的设备：", "Your device: ")),
			app.Span().Class("b").Text(desc),
			app.Span().Text(shown),
			app.Text(" "),
			app.Button().Type("button").Class("link-btn").Attr("aria-expanded", c.choosing).
				OnClick(c.onToggle).Text(l.T("不对？选择系统", "Not right? Choose")),
		),
		chooser,
	)
}

func (c *platformLine) onToggle(ctx app.Context, e app.Event) { c.choosing = !c.choosing }

func (c *platformLine) onChoose(o diagnosis.OS) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.choosing = false
		c.choose(o)
	}
}
