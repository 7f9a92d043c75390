package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/ui"
	"wpscheck/server/httpserver"
)

// TestOversizedHeadersInTheBrowser pins what a browser shows when its
// request headers outgrow httpserver.MaxHeaderBytes (the usual cause:
// cookies of a parent domain piling up), the one error net/http writes
// itself that a person's browser can meet (a browser never sends a
// malformed Host). The answer comes before any handler, without the
// security headers; it must stay harmless without them:
//   - over HTTP/1.1 Chromium renders net/http's fixed text/plain 431 in its
//     text viewer: no markup, no script, nothing of the request;
//   - over HTTP/2 (the server's own TLS) the server closes the connection
//     and Chromium shows its own error page: nothing of ours is rendered.
//
// If either changes (a Go or Chromium upgrade), the security headers must
// be reconsidered for that answer (docs/ARCHITECTURE.md).
func TestOversizedHeadersInTheBrowser(t *testing.T) {
	routesOnce.Do(ui.Routes)
	s, err := httpserver.New(httpserver.Options{Version: "e2e", Static: os.DirFS(staticDir(t))})
	require.NoError(t, err)
	h1 := httptest.NewUnstartedServer(s)
	h1.Config.MaxHeaderBytes = httpserver.MaxHeaderBytes
	h1.Start()
	defer h1.Close()
	h2 := httptest.NewUnstartedServer(s)
	h2.Config.MaxHeaderBytes = httpserver.MaxHeaderBytes
	h2.EnableHTTP2 = true
	h2.StartTLS()
	defer h2.Close()

	b := startBrowser(t, browserOptions{Width: 800, Height: 600, ExtraFlags: map[string]any{"ignore-certificate-errors": true}})
	b.navigate(h1.URL + "/robots.txt")
	// Cookies are per host, not per port: both servers get them. 20 of
	// 4,000 bytes (under Chromium's 4,096 per cookie) are ~80 KB.
	n := eval[int](b, `(() => { for (let i = 0; i < 20; i++) document.cookie = "c" + i + "=" + "<b>x</b>".repeat(500) + "; path=/"; return document.cookie.length })()`)
	require.Greater(t, n, httpserver.MaxHeaderBytes)

	b.navigate(h1.URL + "/")
	assert.Equal(t, "text/plain", eval[string](b, `document.contentType`))
	assert.Equal(t, "431 Request Header Fields Too Large", eval[string](b, `document.body.innerText.trim()`))
	assert.Zero(t, eval[int](b, `document.scripts.length + document.querySelectorAll("b, iframe, object, form, a").length`),
		"nothing but text is rendered")

	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	_, err = chromedp.Run(ctx, chromedp.Navigate(h2.URL+"/"))
	require.Error(t, err, "over HTTP/2 the page does not load")
	assert.Contains(t, err.Error(), "net::ERR_")
	assert.Equal(t, "chrome-error://chromewebdata/", eval[string](b, `location.href`), "Chromium's own error page")
	b.screenshot("oversized-headers-h2")
}
