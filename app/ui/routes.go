// Package ui holds the go-app components of the self-check and the one set of
// routes shared by the browser (wasm) and the server (prerendering).
package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// PathHome is the self-check page that support links point to.
const PathHome = "/"

// Routes registers every page. Both the wasm main and the server main call it,
// so that the server can prerender each route the browser knows.
func Routes() {
	app.Route(PathHome, newCheckPage())
	app.RouteWithRegexp(supportRoute, newSupportPage())
}
