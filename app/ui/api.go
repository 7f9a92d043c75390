package ui

import (
	"net/url"
	"strings"
	"sync"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
)

// APIMetaName is the name of the <meta> element by which an exported page
// (one served by a static host or a CDN, `server -export`) learns where
// its API is: its content is APINone, or the API's origin
// ("https://api.example"). A page served by this project's server has no
// such element and calls its own origin.
const APIMetaName = "wpscheck-api"

// APINone is the APIMetaName content of a page exported with no API.
const APINone = "none"

// SnapshotPath is where an export puts its copy of the public config (the
// /api/config answer at export time), beside the page. An exported page
// reads it with no cache, and its Date (and Age, when a CDN kept it) is the
// page's clock reference when no time endpoint answers.
const SnapshotPath = "/config.json"

// apiPlace is where the page's API is.
type apiPlace struct {
	// exported is true for a page served by a static host (an export).
	exported bool
	// origin is the API's origin; "" means the page's own origin, or, on
	// an exported page, no API at all.
	origin string
}

// has reports whether the page has an API to call.
func (a apiPlace) has() bool { return !a.exported || a.origin != "" }

// url returns the URL of an API path.
func (a apiPlace) url(path string) string { return a.origin + path }

// localize returns catalog with the control endpoint of an exported page
// probing the page's own host (the snapshot beside the page) rather than a
// same-origin API path that a static host does not have.
func (a apiPlace) localize(catalog []diagnosis.Endpoint) []diagnosis.Endpoint {
	if !a.exported {
		return catalog
	}
	out := make([]diagnosis.Endpoint, len(catalog))
	for i, e := range catalog {
		if e.Role == diagnosis.RoleControl && strings.HasPrefix(e.URL, "/api/") {
			e.URL = SnapshotPath
		}
		out[i] = e
	}
	return out
}

// parseAPIPlace reads the content of the APIMetaName element: absent, the
// page's own origin; APINone (or anything that is not an http(s) origin),
// no API; else that origin.
func parseAPIPlace(content string, present bool) apiPlace {
	if !present {
		return apiPlace{}
	}
	u, err := url.Parse(content)
	if content == APINone || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return apiPlace{exported: true}
	}
	return apiPlace{exported: true, origin: u.Scheme + "://" + u.Host}
}

// pageAPI returns where this page's API is, read once from the document.
// (A sync.Once rather than sync.OnceValue: each instantiation of the
// generic one costs the wasm a few KB.)
func pageAPI() apiPlace {
	pageAPIOnce.Do(func() {
		v := browser.MetaContent(APIMetaName)
		pageAPIPlace = parseAPIPlace(v, v != "")
	})
	return pageAPIPlace
}

var (
	pageAPIOnce  sync.Once
	pageAPIPlace apiPlace
)
