package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
)

// Asset is one URL of the first visit and its size in each coding.
type Asset struct {
	Path                       string
	Via                        []string // where the URL was found
	ContentType                string
	Raw, Gzip, Brotli          int
	GzipEncoded, BrotliEncoded bool // whether that request got a compressed body
}

// Visit is the set of URLs a first visit fetches, in discovery order.
type Visit struct {
	Assets []*Asset
	byPath map[string]*Asset
}

// Find returns the asset of path, or nil.
func (v *Visit) Find(path string) *Asset { return v.byPath[path] }

// Totals sums every asset in each coding.
func (v *Visit) Totals() (raw, gz, br int) {
	for _, a := range v.Assets {
		raw += a.Raw
		gz += a.Gzip
		br += a.Brotli
	}
	return
}

// browserHeaders are what Chromium sends for a first visit in Chinese.
func browserHeaders(acceptEncoding string) http.Header {
	return http.Header{
		"Accept":          {"*/*"},
		"Accept-Language": {"zh-CN,zh;q=0.9,en;q=0.8"},
		"Accept-Encoding": {acceptEncoding},
		"User-Agent":      {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"},
	}
}

func get(h http.Handler, path, acceptEncoding string) (*httptest.ResponseRecorder, error) {
	req := httptest.NewRequest(http.MethodGet, "http://localhost"+path, nil)
	req.Header = browserHeaders(acceptEncoding)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return rec, fmt.Errorf("GET %s: status %d", path, rec.Code)
	}
	return rec, nil
}

var (
	attrURL   = regexp.MustCompile(`(?:href|src)="([^"]+)"`)
	quotedURL = regexp.MustCompile(`"(/[A-Za-z0-9._~/-]*)"`)
	precache  = regexp.MustCompile(`resourcesToCache\s*=\s*(\[[^\]]*\])`)
)

// sameOrigin keeps absolute paths of this origin, without query or fragment.
func sameOrigin(u string) (string, bool) {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return "", false
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u, true
}

// FirstVisit discovers and measures every URL of a first visit to start
// ("/" for the self-check, /support for the agents' console).
func FirstVisit(h http.Handler, start string) (*Visit, error) {
	v := &Visit{byPath: map[string]*Asset{}}
	var queue []string
	add := func(path, via string) {
		if a, ok := v.byPath[path]; ok {
			if !slices.Contains(a.Via, via) {
				a.Via = append(a.Via, via)
			}
			return
		}
		a := &Asset{Path: path, Via: []string{via}}
		v.byPath[path] = a
		v.Assets = append(v.Assets, a)
		queue = append(queue, path)
	}
	add(start, "navigation")
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		a := v.byPath[p]
		id, err := get(h, p, "identity")
		if err != nil {
			return nil, err
		}
		body := id.Body.Bytes()
		a.ContentType = id.Header().Get("Content-Type")
		a.Raw = id.Body.Len()
		gz, err := get(h, p, "gzip")
		if err != nil {
			return nil, err
		}
		a.Gzip, a.GzipEncoded = gz.Body.Len(), gz.Header().Get("Content-Encoding") == "gzip"
		br, err := get(h, p, "br")
		if err != nil {
			return nil, err
		}
		a.Brotli, a.BrotliEncoded = br.Body.Len(), br.Header().Get("Content-Encoding") == "br"

		switch {
		case strings.HasPrefix(a.ContentType, "text/html"):
			for _, m := range attrURL.FindAllSubmatch(body, -1) {
				if u, ok := sameOrigin(string(m[1])); ok {
					add(u, "page")
				}
			}
		case p == "/app.js" || p == "/app-console.js":
			// go-app's loader names the wasm and the service worker as string
			// literals; keep only those the server answers (not "/" itself,
			// not routes), and the worker only if the loader registers it:
			// go-app's loader as it starts, the self-check's after its
			// verdict (still on a first visit); the console's not at all.
			registers := bytes.Contains(body, []byte("\ngoappInitServiceWorker();\n")) ||
				bytes.Contains(body, []byte("\nwpscheckRegisterWorkerLater();\n"))
			for _, m := range quotedURL.FindAllSubmatch(body, -1) {
				u := string(m[1])
				if u == "/" || !strings.Contains(u, ".") || (u == "/app-worker.js" && !registers) {
					continue
				}
				if _, err := get(h, u, "identity"); err == nil {
					add(u, "app.js")
				}
			}
		case p == "/app-worker.js":
			m := precache.FindSubmatch(body)
			if m == nil {
				return nil, errors.New("no resourcesToCache in /app-worker.js")
			}
			for _, u := range quotedURL.FindAllSubmatch(m[1], -1) {
				if u, ok := sameOrigin(string(u[1])); ok {
					add(u, "sw precache")
				}
			}
		case strings.Contains(a.ContentType, "manifest"):
			for _, m := range regexp.MustCompile(`"src"\s*:\s*"([^"]+)"`).FindAllSubmatch(body, -1) {
				if u, ok := sameOrigin(string(m[1])); ok {
					add(u, "manifest")
				}
			}
		}
	}
	return v, nil
}

// floorMain is the go-app hello the floor is built from. Served by the
// self-check's server it gets the self-check's app.js, whose warm-up worker
// (server/httpserver: warmFirst) runs the module once before the page does.
// There the hello returns as soon as the Go runtime and the packages' init
// have run: the floor's start is warmed as the product's is, and the
// comparison stays one of what each runs after it (the self-check's main
// also warms its own page code there: ui.Warm).
const floorMain = `type hello struct{ app.Compo }; func (h *hello) Render() app.UI { return app.H1().Text("Hello") }; func main() { if js.Global().Get("wpscheckWarming").Truthy() { return }; app.Route("/", &hello{}); app.RunWhenOnBrowser() }`

// floorSize is the floor wasm in each coding.
