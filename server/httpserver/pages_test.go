package httpserver

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/ui"
	"wpscheck/server/config"
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
		assert.NotContains(t, js.Body.String(), "\ngoappInitServiceWorker();\n", "%s: no worker registered as the script starts", tc.script)
		registers := strings.Contains(js.Body.String(), "\nwpscheckRegisterWorkerLater();\n")
		assert.Equal(t, tc.script == "/app.js", registers, "%s: only the self-check registers the service worker (whose install downloads app.wasm), after its verdict", tc.script)
	}
	wasm := do(s, http.MethodGet, "/web/console.wasm", nil)
	require.Equal(t, http.StatusOK, wasm.Code)
	assert.Equal(t, "application/wasm", wasm.Header().Get("Content-Type"))
	assert.Equal(t, consoleWasmBody, wasm.Body.Bytes())
}

// TestSelfCheckPreconnectsToProbedHosts: the self-check's head asks the
// browser to set up a connection to every host its probes fetch (once per
// host, after the wasm's preload, credentials omitted as the probes'), from
// the catalog the server runs with; the console's pages probe nothing and
// preconnect nowhere.
func TestSelfCheckPreconnectsToProbedHosts(t *testing.T) {
	hosts := func(page string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`<link rel="preconnect" href="([^"]*)" crossorigin="anonymous">`).FindAllStringSubmatch(page, -1) {
			out = append(out, m[1])
		}
		return out
	}
	s := newTestServer(t)
	page := do(s, http.MethodGet, "/", nil).Body.String()
	want := []string{"https://www.baidu.com", "https://www.microsoft.com", "https://account.wps.cn", "https://account.wps.com",
		"https://www.wps.cn", "https://www.kdocs.cn", "https://drive.wps.cn", "https://qing.wps.cn", "https://api.wps.cn", "https://www.wps.com"}
	assert.Equal(t, want, hosts(page))
	assert.Less(t, strings.Index(page, `rel="preload" href="/web/app.wasm"`), strings.Index(page, `rel="preconnect"`), "the wasm is asked for first")
	assert.Equal(t, want, hosts(do(s, http.MethodGet, "/en/", nil).Body.String()))
	assert.Empty(t, hosts(do(s, http.MethodGet, "/support", nil).Body.String()))
	assert.NotContains(t, do(s, http.MethodGet, "/support", nil).Body.String(), "preconnect")

	s = newTestServer(t, func(o *Options) {
		c := config.Default()
		c.Catalog = []diagnosis.Endpoint{
			{ID: "control", URL: "/api/time", Role: diagnosis.RoleControl},
			{ID: "a", URL: "https://login.example.org/x?y=1", Role: diagnosis.RoleLogin},
			{ID: "b", URL: "https://login.example.org/other", Role: diagnosis.RoleWeb},
			{ID: "c", URL: "https://cloud.example.org:8443/", Role: diagnosis.RoleCloud},
		}
		o.Config = c
	})
	assert.Equal(t, []string{"https://login.example.org", "https://cloud.example.org:8443"}, hosts(do(s, http.MethodGet, "/", nil).Body.String()))
}
