package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/i18n"
)

// consoleOfflinePage is what the check wasm shows at a console path: it
// runs there only when the service worker had no network and opened the
// cached self-check in place of the console, which is not kept offline
// (everything an agent does in it but decoding a code asks the server).
type consoleOfflinePage struct {
	app.Compo

	lang i18n.Lang
}

func newConsoleOfflinePage() *consoleOfflinePage {
	return &consoleOfflinePage{}
}

// OnInit picks the language before the first render, so that the page
// opens in it rather than in Chinese first and OnNav's language after.
func (p *consoleOfflinePage) OnInit() {
	if !app.IsClient {
		return
	}
	p.lang = pageLang(browserURL().Query())
}

// OnNav picks the language as every page does.
func (p *consoleOfflinePage) OnNav(ctx app.Context) {
	p.lang = pageLang(ctx.Page().URL().Query())
	ctx.Page().SetLang(p.lang.Tag())
	ctx.Page().SetTitle(p.lang.T("WPS 自检 · 客服台", "WPS self-check · support console"))
}

// Render says why the console is not there and what still works.
func (p *consoleOfflinePage) Render() app.UI {
	l := p.lang
	if l == "" {
		l = i18n.ZH
	}
	return app.Main().ID("main").Class("page", "support").Attr("data-console", "offline").Body(
		app.Header().Class("masthead").Body(
			app.Img().Class("logo").Src("/web/icons/icon.svg").Alt("").Width(48).Height(48),
			app.H1().Text(l.T("客服台：WPS 登录自助检测", "Support console: WPS login self-check")),
		),
		app.P().Class("error").Attr("aria-live", "polite").Text(l.T(
			"这台设备现在没有联网。客服台要从服务器读取报告，联网后请重新加载本页。",
			"This device is offline. The support console reads reports from the server: reload this page once you are back online.")),
		app.P().Body(app.A().Href(PathHome+"?lang="+string(l)).Text(l.T(
			"自助检测页不联网也能打开，并给出排查步骤。",
			"The self-check page opens and guides without a network."))),
	)
}
