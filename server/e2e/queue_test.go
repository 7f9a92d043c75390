package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/reports/sqlite"
)

// TestSendToSupportQueuedOffline: a report sent while the upload cannot get
// through is kept on the device (the person is told so) and sent by itself
// when the browser is back online; the id then shows and the server has it.
func TestSendToSupportQueuedOffline(t *testing.T) {
	sum := sha256.Sum256([]byte("queue-token"))
	cfg, err := config.Parse([]byte(`{"reports": {"upload": true}, "agents": {"token_sha256": ["` + hex.EncodeToString(sum[:]) + `"]}}`))
	require.NoError(t, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })

	// While down, uploads die at the network level (the connection is
	// dropped, as when the link goes away): fetch rejects, status 0.
	var down atomic.Bool
	drop := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if down.Load() && r.Method == http.MethodPost && r.URL.Path == "/api/reports" {
				if hj, ok := w.(http.Hijacker); ok {
					if c, _, err := hj.Hijack(); err == nil {
						c.Close()
						return
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	f := startFakeWPS(t)
	app := startApp(t, appOptions{
		Mutate: func(o *httpserver.Options) { o.Config, o.Reports = cfg, store },
		Wrap:   drop,
	})
	o := phone
	o.Lang, o.ExtraFlags = "en-US", f.flags(allAnswer)
	b := startBrowser(t, o)
	b.navigate(app.URL + "/?ticket=T-QUEUE")
	b.waitFor(`document.documentElement.dataset.checkState === "done" && !!document.querySelector("#send-report")`, 60*time.Second)

	down.Store(true)
	b.do(10*time.Second, chromedpClick(`#send-report`))
	b.waitFor(`!!document.querySelector("#consent-send")`, 10*time.Second)
	b.do(10*time.Second, chromedpClick(`#consent-send`))
	b.waitFor(`(document.body.textContent || "").includes("kept on this device")`, 30*time.Second)
	assert.False(t, eval[bool](b, `!!document.querySelector("#report-id")`), "no id while nothing was sent")
	list, err := store.ListByTicket(context.Background(), "T-QUEUE", 10)
	require.NoError(t, err)
	require.Empty(t, list, "nothing reached the server while down")
	assert.Equal(t, []string{}, eval[[]string](b, jsonKeptJS), "the queued report is no JSON object for go-app's sweep to decode")

	// Back online: the browser fires "online"; the queued report goes out.
	down.Store(false)
	eval[bool](b, `(window.dispatchEvent(new Event("online")), true)`)
	b.waitFor(`!!document.querySelector("#report-id")`, 30*time.Second)
	id := eval[string](b, `document.querySelector("#report-id").textContent`)
	require.Regexp(t, `^R-[0-9A-Z-]+$`, id)
	list, err = store.ListByTicket(context.Background(), "T-QUEUE", 10)
	require.NoError(t, err)
	require.Len(t, list, 1, "the queued report arrived once")
	assert.Equal(t, id, list[0].ID)
}
