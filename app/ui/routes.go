// Package ui holds the go-app components of the self-check and the one set of
// routes shared by the browser (wasm) and the server (prerendering).
package ui

import (
	"strings"
	"sync"

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

// The pages live in two wasm binaries, so that the people who open a
// support link never download the agents' console: the self-check's
// (wasm/) registers CheckRoutes, the console's (wasm/console) registers
// ConsoleRoutes, and the server, which prerenders every page, Routes.
// The server gives each page the loader of its own binary.

// Routes registers every page for the server, so that it can prerender
// each route either binary knows.
func Routes() {
	checkRoutes()
	supportRoutes()
}

// CheckRoutes registers the self-check's pages: the check wasm calls it.
// The check wasm only starts at a console path when the service worker,
// with no network, opened the cached self-check there; that path then
// gets a page saying the console needs the network (an exact route, so
// that the check wasm links no regexp engine).
func CheckRoutes() {
	checkRoutes()
	if p := browser.PagePath(); IsConsolePath(p) {
		app.Route(p, newConsoleOfflinePage())
	}
}

// ConsoleRoutes registers the agents' pages: the console wasm calls it.
// Its links to the self-check load that page from the server (or the
// service worker) with the check wasm.
func ConsoleRoutes() {
	supportRoutes()
	for _, p := range HomePaths {
		app.Route(p, newOtherWasmPage())
	}
}

func checkRoutes() {
	for _, p := range HomePaths {
		app.RouteFunc(p, pacedCheckPage)
	}
}

// pacedCheckPage makes the check page. go-app calls it for its first
// navigation after setting up its engine and before mounting the page, on
// the wasm's main goroutine: a pause there lets the browser in between the
// two, which ran as one task. It pauses only then, when the document was
// opened on the check page: go-app also calls it when a page follows a link
// of its own (the offline console's link to the self-check), synchronously
// inside the browser's click handler, where a yield would never come back.
// Such a call finds the document still on the other page's path, or comes
// after the first.
func pacedCheckPage() app.Composer {
	firstCheckPage.Do(func() {
		if IsHome(browser.PagePath()) {
			browser.Pace()
		}
	})
	return newCheckPage()
}

var firstCheckPage sync.Once

func supportRoutes() {
	app.Route(PathSupport, newSupportPage())
	app.RouteWithRegexp(supportRoute, newSupportPage())
}

// IsConsolePath reports whether path is the console's or a report page's
// (/support, /support/{id}): the pages the console wasm runs.
func IsConsolePath(path string) bool {
	_, ok := PageFor(path)
	return ok && !IsHome(path)
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
