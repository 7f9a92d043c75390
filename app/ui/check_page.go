package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
)

// checkPage is the self-check page a support link opens.
type checkPage struct {
	app.Compo

	lang Lang
	live bool
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

// OnMount runs only in the browser, once the wasm has taken over the page.
func (p *checkPage) OnMount(ctx app.Context) {
	p.live = true
	browser.SetRootAttr("data-app", "live")
}

func (p *checkPage) initPage(ctx app.Context) {
	p.lang = LangZH
	if l, ok := ParseLang(ctx.Page().URL().Query().Get("lang")); ok {
		p.lang = l
	} else if ctx.Page().URL().Query().Get("lang") == "" && app.IsClient {
		p.lang = PreferredLang(browser.Languages())
	}
	ctx.Page().SetLang(p.lang.Tag())
	ctx.Page().SetTitle(p.lang.T("WPS 登录自助检测", "WPS login self-check"))
	ctx.Page().SetDescription(p.lang.T(
		"几秒内在你的浏览器里检查 WPS 登录失败的常见原因，并给出对应的解决步骤。",
		"Checks the usual causes of WPS login failures from your own browser in seconds and shows the fix steps."))
}

// Render draws the page.
func (p *checkPage) Render() app.UI {
	state := "prerendered"
	if p.live {
		state = "live"
	}
	return app.Main().ID("main").Class("page").DataSet("render", state).Body(
		app.Header().Class("masthead").Body(
			app.Img().Class("logo").Src("/web/icons/icon.svg").Alt("").Width(48).Height(48),
			app.H1().Text(p.lang.T("WPS 登录自助检测", "WPS login self-check")),
		),
		app.P().Class("lede").Text(p.lang.T(
			"打开本页即在你的浏览器里检查网络、时间和登录环境，不需要账号和密码。",
			"This page checks your network, clock and browser for WPS login problems. It never asks for your account or password.")),
		app.P().ID("check-status").Class("status").Aria("live", "polite").Text(p.statusText()),
	)
}

func (p *checkPage) statusText() string {
	if p.live {
		return p.lang.T("检测程序已启动。", "The checker is running in your browser.")
	}
	return p.lang.T("正在准备检测…", "Getting ready to check…")
}
