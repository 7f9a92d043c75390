package e2e

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/vantage"
)

// startVantage runs the server's own probe of the catalog with every WPS
// host sent where fateOf says (the same fakes the browser reaches), and
// waits for its first round; mutate may change its options (a round is
// first handed to the OnResult it sets).
func startVantage(t *testing.T, f *fakeWPS, fateOf func(diagnosis.Endpoint) fate, mutate ...func(*vantage.Options)) *vantage.Prober {
	t.Helper()
	_, byHost := catalogHosts(t)
	dialer := &net.Dialer{Timeout: 2 * time.Second}
	first := make(chan struct{})
	var once bool
	opts := vantage.Options{
		Catalog: diagnosis.DefaultCatalog(),
		Transport: &http.Transport{
			DisableKeepAlives: true,
			TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, // httptest's self-signed certificate
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				host, _, _ := net.SplitHostPort(addr)
				return dialer.DialContext(ctx, network, f.addr(fateOf(byHost[host])))
			},
		},
		Timeout: 3 * time.Second,
	}
	for _, m := range mutate {
		m(&opts)
	}
	then := opts.OnResult
	opts.OnResult = func(r vantage.Result) {
		if then != nil {
			then(r)
		}
		if !once {
			once = true
			close(first)
		}
	}
	p := vantage.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go p.Run(ctx)
	select {
	case <-first:
	case <-time.After(20 * time.Second):
		t.Fatal("the vantage probe never finished a round")
	}
	return p
}

// TestServerView opens the page where the browser cannot reach any WPS host
// while the baselines answer, on a server whose own probe of WPS (the
// vantage) either reaches WPS or fails too: the page must tell "your network
// blocks WPS" from "WPS itself has a problem", and say what the server saw.
func TestServerView(t *testing.T) {
	requireBrowser(t)
	for _, tc := range []struct {
		name   string
		server func(diagnosis.Endpoint) fate
		top    diagnosis.FindingID
		note   string
	}{
		{"server reaches WPS", allAnswer, diagnosis.FindingWPSBlocked, "From our server: OK"},
		{"server fails too", wpsRefused, diagnosis.FindingWPSServiceIssue, "From our server: Failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := startFakeWPS(t)
			p := startVantage(t, f, tc.server)
			app := startApp(t, appOptions{Mutate: func(o *httpserver.Options) { o.Vantage = p }})
			o := phone
			o.Lang, o.ExtraFlags = "en-US", f.flags(wpsRefused)
			r := &checkRun{t: t, app: app, wps: f, b: startBrowser(t, o)}
			r.b.navigate(app.URL + "/")
			r.waitDone()
			r.assertTop(tc.top)
			row := eval[string](r.b, `document.querySelector('[data-check-id="login_cn"]').textContent`)
			assert.Contains(t, row, tc.note, "the failed row says what the server saw")
			assert.Contains(t, r.bodyText(), "Our server checked WPS too")
			r.b.screenshot("server-view-" + strings.ReplaceAll(tc.name, " ", "-"))
		})
	}
}

// TestOperatorBanner shows the operator's notice at the top of the page, in
// the page's language, as a status message, until it expires.
func TestOperatorBanner(t *testing.T) {
	requireBrowser(t)
	for _, tc := range []struct {
		name    string
		expires time.Time
		shown   bool
	}{{"active", time.Now().Add(time.Hour), true}, {"expired", time.Now().Add(-time.Minute), false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := config.Parse([]byte(`{"notice": {"zh": "WPS 账号服务今晚 22:00 维护", "en": "WPS accounts: maintenance tonight at 22:00", "level": "warn", "expires": "` +
				tc.expires.UTC().Format(time.RFC3339) + `"}}`))
			require.NoError(t, err)
			r := openScenario(t, scenario{
				app:     appOptions{Mutate: func(o *httpserver.Options) { o.Config = cfg }},
				browser: browserOptions{Lang: "zh-CN"},
			})
			got := eval[string](r.b, `(() => { const b = document.querySelector(".banner"); return b ? b.getAttribute("role") + "|" + b.className + "|" + b.textContent : ""; })()`)
			if !tc.shown {
				assert.Empty(t, got, "an expired notice is not shown")
				return
			}
			assert.Equal(t, "status|banner banner-warn|WPS 账号服务今晚 22:00 维护", got)
			r.b.do(10*time.Second, chromedpClick(`.lang-switch`))
			r.b.waitFor(`document.documentElement.lang === "en"`, 5*time.Second)
			// The page redraws part by part (it yields between them): wait
			// for the notice's own redraw, then read it.
			r.b.waitFor(`document.querySelector(".banner").textContent !== "WPS 账号服务今晚 22:00 维护"`, 5*time.Second)
			assert.Equal(t, "WPS accounts: maintenance tonight at 22:00", eval[string](r.b, `document.querySelector(".banner").textContent`))
			r.b.screenshot("banner-zh-en-phone")
		})
	}
}
