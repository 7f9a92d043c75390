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
