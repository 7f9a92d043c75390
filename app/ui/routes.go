// Package ui holds the go-app components of the self-check and the one set of
// routes shared by the browser (wasm) and the server (prerendering).
package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
)

// PathHome is the self-check page that support links point to.
const PathHome = "/"

// Routes registers every page. Both the wasm main and the server main call it,
// so that the server can prerender each route the browser knows.
//
// The report pages (/support/{id}) need a regexp route, and go-app compiles
// it when it is registered: in a browser that costs ~30 ms of main thread at
// every start of the self-check (most of it compiling the regexp package's
// code), for a route the check page never navigates to. So a browser
// registers it only when it opened the console or a report page (the
// console links to report pages); the server always does.
func Routes() {
	app.Route(PathHome, newCheckPage())
	app.Route(PathSupport, newSupportPage())
	if !app.IsClient || strings.HasPrefix(browser.PagePath(), PathSupport) {
		app.RouteWithRegexp(supportRoute, newSupportPage())
	}
}
