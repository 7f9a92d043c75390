package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBootInstallOffline is the pipeline end to end, at phone and desktop
// size: the server's prerendered page loads, the wasm boots and takes over
// (the live component renders what the prerender cannot), the console stays
// clean (no error, no CSP violation), the service worker installs and caches
// the shell, and with the server gone the page still opens and the wasm
// still boots from the cache.
func TestBootInstallOffline(t *testing.T) {
	for name, size := range map[string]browserOptions{"phone": phone, "desktop": desktop} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app := startApp(t, appOptions{})
			wps := startFakeWPS(t) // the page probes WPS on open: answer on loopback
			b := startBrowser(t, browserOptions{Width: size.Width, Height: size.Height, Mobile: size.Mobile, Lang: "zh-CN", ExtraFlags: wps.flags(allAnswer)})

			b.navigate(app.URL + "/")
			// The prerendered HTML already names the product.
			assert.Contains(t, eval[string](b, h1TextJS), "WPS 登录自助检测")
			// The wasm takes over: only the live component sets data-app=live.
			b.waitFor(`document.documentElement.dataset.app === "live"`, 30*time.Second)
			assert.Equal(t, "live", eval[string](b, `document.querySelector("main").dataset.render`))
			assert.Equal(t, "zh-CN", eval[string](b, `document.documentElement.lang`))
			// Zooming is allowed (go-app's default forbids it).
			vp := eval[string](b, `document.querySelector('meta[name=viewport]').content`)
			assert.NotContains(t, vp, "user-scalable=0")
			assert.NotContains(t, vp, "maximum-scale")

			// The service worker installs and holds the shell in its cache.
			require.True(t, eval[bool](b, `navigator.serviceWorker.ready.then(r => r.active !== null)`))
			cached := eval[[]string](b, fmt.Sprintf(`caches.open(%q).then(c => c.keys()).then(ks => ks.map(r => new URL(r.url).pathname))`, "app-"+app.Version))
			for _, p := range []string{"/", "/web/app.wasm", "/app.js", "/wasm_exec.js", "/web/style.css", "/web/icons/icon.svg", "/manifest.webmanifest"} {
				assert.Contains(t, cached, p, "service worker cache")
			}
			b.screenshot("foundation-" + name + "-online")
			require.Empty(t, b.problems(optionalAPI...), "console errors or CSP violations:\n%s", b.consoleText())

			// Cut the network: the server is gone for good.
			app.Stop()
			b.navigate(app.URL + "/?ticket=T-1")
			b.waitFor(`document.documentElement.dataset.app === "live"`, 30*time.Second)
			assert.Contains(t, eval[string](b, h1TextJS), "WPS 登录自助检测")
			b.screenshot("foundation-" + name + "-offline")
		})
	}
}
