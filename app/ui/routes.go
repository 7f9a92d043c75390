// Package ui holds the go-app components of the self-check and the one set of
// routes shared by the browser (wasm) and the server (prerendering).
package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
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
// registers it only when it opened a report page; the server always does.
func Routes() {
	for _, p := range HomePaths {
		app.Route(p, newCheckPage())
	}
	app.Route(PathSupport, newSupportPage())
	if !app.IsClient || strings.HasPrefix(browser.PagePath(), PathSupport+"/") {
		app.RouteWithRegexp(supportRoute, newSupportPage())
	}
}

// pathReportPage is the one path the server prerenders for every report
// page: what the server renders of /support/{id} does not depend on the id
// (supportPage leaves it to the browser), so one prerendered page per
// language serves them all.
const pathReportPage = PathSupport + "/id"

// PageFor returns the path the server prerenders for a request path, and
// false when no page has that path (the same paths go-app routes, without
// rendering anything): "/", /zh/ and /en/ themselves, /support and /support/ the support
// page, and every /support/{id} (id as supportRoute has it) the one report
// page. The server keeps each page compressed per language.
func PageFor(path string) (string, bool) {
	switch path {
	case PathHome, PathHomeZH, PathHomeEN:
		return path, true
	case PathSupport, PathSupport + "/":
		return PathSupport, true
	}
	id, ok := strings.CutPrefix(path, PathSupport+"/")
	if !ok {
		return "", false
	}
	if !report.ValidTicket(strings.TrimSuffix(id, "/")) { // the id alphabet of supportRoute
		return "", false
	}
	return pathReportPage, true
}
