// Command wasm is the browser side of the self-check, the binary every
// person who opens a support link downloads: it registers the self-check's
// routes and hands control to go-app. The agents' console is a binary of
// its own (wasm/console). Build it with GOOS=js GOARCH=wasm.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/ui"
)

func main() {
	if browser.Warming() {
		// The loader's warm-up worker (server/httpserver: warmFirst): the
		// runtime and the packages' init have run here, and the check
		// page's code runs once, on made-up results, so that V8 has
		// compiled it by the time the page's own Go runs it, in the
		// page's language.
		browser.WarmResult(ui.Warm(browser.WarmLang()))
		return
	}
	ui.CheckRoutes()
	ui.StartEarly() // the checks run while go-app mounts the page
	app.RunWhenOnBrowser()
}
