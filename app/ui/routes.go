// Package ui holds the go-app components of the self-check and the one set of
// routes shared by the browser (wasm) and the server (prerendering).
package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/i18n"
)

// PathHome is the self-check page that support links point to.
const PathHome = "/"

// The self-check page in one language whatever the browser prefers: links
// that name the language without a query, and the paths under which a
// static host (an export) finds each language's prerendered page.
const (
	PathHomeZH = "/zh/"
	PathHomeEN = "/en/"
)

// HomePaths are the paths of the self-check page.
var HomePaths = []string{PathHome, PathHomeZH, PathHomeEN}

// HomeLang returns the language a self-check path names (/zh/, /en/); ok
// is false for / and any other path.
func HomeLang(path string) (i18n.Lang, bool) {
	switch path {
	case PathHomeZH:
		return i18n.ZH, true
	case PathHomeEN:
		return i18n.EN, true
	}
	return "", false
}

// IsHome reports whether path is one of the self-check page's paths.
func IsHome(path string) bool {
	return path == PathHome || path == PathHomeZH || path == PathHomeEN
}

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
	for _, p := range HomePaths {
		app.Route(p, newCheckPage())
	}
	app.Route(PathSupport, newSupportPage())
	if !app.IsClient || strings.HasPrefix(browser.PagePath(), PathSupport) {
		app.RouteWithRegexp(supportRoute, newSupportPage())
	}
}
