package httpserver

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/ui"
)

// TestIfNoneMatchOnAnUnknownPathIs404: a client that sends the page's ETag
// for a path no page has gets 404, not 304 (which told it that the path
// exists and is the page it holds).
func TestIfNoneMatchOnAnUnknownPathIs404(t *testing.T) {
	s := newTestServer(t)
	page := do(s, http.MethodGet, "/?lang=en", nil)
	etag := page.Header().Get("ETag")
	require.NotEmpty(t, etag)
	for _, target := range []string{"/nope?lang=en", "/support/a/b?lang=en", "/support/" + strings.Repeat("x", 65) + "?lang=en", "/admin?lang=en", "//?lang=en"} {
		rec := do(s, http.MethodGet, target, map[string]string{"If-None-Match": etag})
		assert.Contains(t, []int{http.StatusNotFound, http.StatusMovedPermanently, http.StatusTemporaryRedirect}, rec.Code, target) // "//" is cleaned by the mux
		assert.NotEqual(t, http.StatusNotModified, rec.Code, target)
	}
	for _, target := range []string{"/?lang=en", "/support?lang=en", "/support/R-ABCD-EFGH-JKMN-P?lang=en"} {
		rec := do(s, http.MethodGet, target, map[string]string{"If-None-Match": etag})
		assert.Equal(t, http.StatusNotModified, rec.Code, target)
	}
}

// TestPagesAreRenderedOncePerLanguage: the support pages, like the check
// page, are rendered and compressed once per language and then served from
// memory: every report page (/support/{id}) shares one prerendered page,
// which names no id (the browser fills it in), so a thousand ids cost no
// more than one.
func TestPagesAreRenderedOncePerLanguage(t *testing.T) {
	s := newTestServer(t)
	for round := range 3 {
		for _, lang := range []string{"zh", "en"} {
			for _, p := range []string{"/", "/support", "/support/", "/support/R-ABCD-EFGH-JKMN-P", "/support/T-42/", "/support/R-0000-0000-0000-" + string(rune('0'+round))} {
				rec := do(s, http.MethodGet, p+"?lang="+lang, map[string]string{"Accept-Encoding": "br"})
				require.Equal(t, http.StatusOK, rec.Code, p)
				assert.Equal(t, "br", rec.Header().Get("Content-Encoding"), p)
				body := string(decode(t, rec))
				assert.NotContains(t, body, "R-ABCD", "the shared report page names no id")
				assert.NotContains(t, body, "T-42")
				if strings.HasPrefix(p, "/support/") && len(p) > len("/support/") {
					assert.Contains(t, body, `id="token-input"`, "a report page has the token field before the wasm runs: %s", p)
				}
			}
		}
	}
	assert.Equal(t, int64(6), s.renders.Load(), "three pages (check, support, report) in two languages")
}

// TestPageRoutesMatchGoApp: the server's idea of which paths have a page
// (ui.PageFor) is go-app's own routing.
func TestPageRoutesMatchGoApp(t *testing.T) {
	s := newTestServer(t)
	for _, p := range []string{"/", "/support", "/support/", "/support/x", "/support/R-ABCD-EFGH-JKMN-P", "/support/T_1-2/",
		"/support/" + strings.Repeat("a", 64), "/support/" + strings.Repeat("a", 65), "/support/a/b", "/support/a.b", "/support//",
		"/supportx", "/nope", "//", "/support/%20", "/Support", ""} {
		status, _, _ := capture(s.goapp, p, nil)
		_, ok := ui.PageFor(p)
		assert.Equal(t, status == http.StatusOK, ok, "%q: go-app %d", p, status)
	}
}

// TestEachPageLoadsItsOwnWasm: the self-check's pages load app.js, which
// fetches app.wasm, and preload app.wasm; the console's pages load
// app-console.js, which fetches console.wasm, and preload that: a person
// who opens a support link never downloads the console, and an agent's
// console page does not download the self-check's wasm, neither first
// nor through the service worker's install.
func TestEachPageLoadsItsOwnWasm(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		path, script, wasm, other string
	}{
		{"/", "/app.js", "/web/app.wasm", "/web/console.wasm"},
		{"/en/", "/app.js", "/web/app.wasm", "/web/console.wasm"},
		{"/support", "/app-console.js", "/web/console.wasm", "/web/app.wasm"},
		{"/support/R-ABCD-EFGH-JKMN-P", "/app-console.js", "/web/console.wasm", "/web/app.wasm"},
	} {
		rec := do(s, http.MethodGet, tc.path, nil)
		require.Equal(t, http.StatusOK, rec.Code, tc.path)
		page := rec.Body.String()
		assert.Contains(t, page, `src="`+tc.script+`"`, tc.path)
		assert.Equal(t, 1, strings.Count(page, `rel="preload" href="`+tc.wasm+`"`), "%s preloads its wasm", tc.path)
		assert.NotContains(t, page, tc.other, tc.path)

		js := do(s, http.MethodGet, tc.script, nil)
		require.Equal(t, http.StatusOK, js.Code, tc.script)
		assert.Contains(t, js.Body.String(), `wpscheckFetchWasm("`+tc.wasm+`"`, tc.script)
		assert.NotContains(t, js.Body.String(), tc.other, tc.script)
		registers := strings.Contains(js.Body.String(), "\ngoappInitServiceWorker();\n")
		assert.Equal(t, tc.script == "/app.js", registers, "%s: only the self-check registers the service worker (whose install downloads app.wasm)", tc.script)
	}
	wasm := do(s, http.MethodGet, "/web/console.wasm", nil)
	require.Equal(t, http.StatusOK, wasm.Code)
	assert.Equal(t, "application/wasm", wasm.Header().Get("Content-Type"))
	assert.Equal(t, consoleWasmBody, wasm.Body.Bytes())
}
