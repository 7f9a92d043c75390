package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/reports/storetest"
	"wpscheck/server/tickets"
	"wpscheck/server/webhook"
	"wpscheck/server/webhook/webhooktest"
)

// consoleToken is the agent token of the console tests; the server signs
// the tickets of the links it composes with consoleTicketSecret.
const (
	consoleToken        = "agent-token-console-3b9f"
	consoleTicketSecret = "console-ticket-secret-0123456789abcdef-0123"
)

// consoleWorld is a server with agent access and a store holding reports
// of the last two days: a mix from storetest.Synthetic, plus a burst of
// blocked WPS in the last hours (the overview's "grew the most"). Its
// webhook goes to a helpdesk that fails every delivery until told to
// accept them; one report's delivery has already failed for good.
type consoleWorld struct {
	app   *testApp
	store *sqlite.Store
	fake  *fakeWPS
	desk  *webhooktest.Receiver // the helpdesk: fails every delivery until told otherwise
	// dead is the delivery that failed for good, of the report deadReport.
	dead, deadReport string
}

func startConsoleWorld(t *testing.T) *consoleWorld {
	t.Helper()
	sum := sha256.Sum256([]byte(consoleToken))
	secretFile := filepath.Join(t.TempDir(), "ticket-secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(consoleTicketSecret), 0o600))
	cfg, err := config.Parse([]byte(`{"reports": {"upload": true}, "agents": {"token_sha256": ["` + hex.EncodeToString(sum[:]) + `"]},
		"tickets": {"secret_file": "` + secretFile + `"}}`))
	require.NoError(t, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	now := time.Now()
	_, err = store.PutAll(t.Context(), storetest.Synthetic(7, 400, now, 48*time.Hour))
	require.NoError(t, err)
	burst := func(yield func(reports.Record) bool) {
		for r := range storetest.Synthetic(8, 30, now, 6*time.Hour) {
			r.ID = "R-B" + r.ID[3:]
			r.Facets.Findings = []diagnosis.FindingID{diagnosis.FindingWPSBlocked}
			if !yield(r) {
				return
			}
		}
	}
	_, err = store.PutAll(t.Context(), burst)
	require.NoError(t, err)
	secret := []byte("console-webhook-secret-0123456789")
	desk := webhooktest.NewReceiver(t, secret, nil)
	desk.AnswerWith(func(int) int { return http.StatusInternalServerError })
	// A delivery dies at its first failure: its retry time is 1 ms.
	hook, err := webhook.New(webhook.Options{URL: desk.URL(), Secret: secret,
		AgentURL: "http://127.0.0.1/support/", Store: store, RetryFor: time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	hookCtx, stopHook := context.WithCancel(context.Background())
	hookDone := make(chan struct{})
	go func() { defer close(hookDone); hook.Run(hookCtx) }()
	t.Cleanup(func() { stopHook(); <-hookDone })

	w := &consoleWorld{store: store, desk: desk}
	for r := range storetest.Synthetic(9, 1, now.Add(-time.Hour), time.Hour) {
		r.ID = "R-W" + r.ID[3:]
		w.dead, w.deadReport = reports.NewDeliveryID(r.CreatedAt), r.ID
		require.NoError(t, store.Put(t.Context(), storetest.WithDelivery(r, w.dead)))
	}
	hook.Notify()
	require.Eventually(t, func() bool {
		ds, err := store.Deliveries(t.Context(), reports.DeliveryFilter{State: reports.DeliveryDead, Limit: 10})
		return err == nil && len(ds) == 1 && ds[0].ID == w.dead
	}, 20*time.Second, 20*time.Millisecond, "the helpdesk's 500 makes the delivery dead")

	w.fake = startFakeWPS(t)
	w.app = startApp(t, appOptions{Mutate: func(o *httpserver.Options) { o.Config, o.Reports, o.Webhook = cfg, store, hook }})
	return w
}

// signIn types the token into the console's sign-in form and sends it.
func signIn(b *testBrowser, token string) {
	b.t.Helper()
	b.waitFor(`document.documentElement.dataset.app === "live" && !!document.querySelector("#token-input")`, 30*time.Second)
	b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#token-input"), token), chromedpClick(`#sign-in`))
}

// clickJS clicks the element a selector finds by dispatching the event
// (SVG shapes have no click() method); not for links, whose default action
// such an event still runs.
func clickJS(b *testBrowser, sel string) {
	b.t.Helper()
	require.True(b.t, eval[bool](b, `(() => { const el = document.querySelector(`+strconv.Quote(sel)+`); if (!el) return false;
  el.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true })()`), "no %s", sel)
}

// listedRows returns the list's rows as [id, top finding].
func listedRows(b *testBrowser) [][2]string {
	return eval[[][2]string](b, `[...document.querySelectorAll("#report-list .report-row")].map(r => [r.dataset.id, r.dataset.finding])`)
}

// TestConsole walks an agent through the console on a desktop: sign in;
// the overview's chart, table and "grew the most" agree with the store;
// a click on a bar lists its reports; the CSV export of that list parses
// to the same reports; a composed link opened in a browser brings an
// upload back under its ticket, which the list and the code reader find;
// signing out forgets the token and keeps the filters.
func TestConsole(t *testing.T) {
	w := startConsoleWorld(t)
	o := desktop
	o.Lang, o.ExtraFlags = "en-US", w.fake.flags(wpsRefused)
	b := startBrowser(t, o)

	b.navigate(w.app.URL + "/support?lang=en")
	signIn(b, consoleToken)
	b.waitFor(`!!document.querySelector("#chart rect.seg") && document.querySelectorAll("#report-list .report-row").length > 0`, 30*time.Second)
	assert.Equal(t, "signed-in", eval[string](b, `document.querySelector("main").dataset.console`))
	assert.Equal(t, consoleToken, eval[string](b, `sessionStorage.getItem("wpscheck.agent_token")`))
	assert.NotContains(t, eval[string](b, `location.href`), consoleToken, "the token is never in the URL")
	assert.Empty(t, eval[string](b, `document.cookie`))

	// The chart's table counts what the store counts.
	st, err := w.store.Stats(t.Context(), time.Now().Truncate(time.Hour).Add(-23*time.Hour), time.Now().Truncate(time.Hour).Add(time.Hour), time.Hour)
	require.NoError(t, err)
	want := 0
	for _, b := range st {
		want += b.Total
	}
	tableTotal := eval[int](b, `[...document.querySelectorAll("#chart table tbody tr")].reduce((n, tr) => n + Number(tr.lastElementChild.textContent), 0)`)
	assert.Equal(t, want, tableTotal, "the table beside the chart sums to the store's count of the last 24 hours")
	assert.Equal(t, 24, eval[int](b, `document.querySelectorAll("#chart table tbody tr").length`))
	assert.Contains(t, eval[string](b, `document.querySelector("#overview-total").textContent`), strconv.Itoa(want)+" reports")
	assert.Contains(t, eval[string](b, `document.querySelector("#growth").textContent`), "(wps_blocked) ×", "the burst is called out")
	assert.Len(t, listedRows(b), 50, "the list's first page")
	b.screenshot("console-en-desktop")

	// A bar segment filters the list to its hour and finding.
	seg := eval[struct {
		I, F, Title string
	}](b, `(() => { const s = [...document.querySelectorAll("#chart rect.seg")].filter(r => r.dataset.f).pop();
  return {i: s.dataset.i, f: s.dataset.f, title: s.querySelector("title").textContent} })()`)
	n, err := strconv.Atoi(seg.Title[strings.LastIndex(seg.Title, " ")+1:])
	require.NoError(t, err)
	clickJS(b, `#chart rect.seg[data-i="`+seg.I+`"][data-f="`+seg.F+`"]`)
	b.waitFor(`location.search.includes("finding=`+seg.F+`") && document.querySelectorAll("#report-list .report-row").length === `+strconv.Itoa(n), 20*time.Second)
	for _, r := range listedRows(b) {
		assert.Equal(t, seg.F, r[1], "every listed report has the clicked top finding")
	}
	q, err := url.ParseQuery(strings.TrimPrefix(eval[string](b, `location.search`), "?"))
	require.NoError(t, err)
	since, err := time.Parse(time.RFC3339, q.Get("since"))
	require.NoError(t, err)
	until, err := time.Parse(time.RFC3339, q.Get("until"))
	require.NoError(t, err)
	assert.Equal(t, time.Hour, until.Sub(since), "the bar's hour")
	assert.Equal(t, seg.F, eval[string](b, `document.querySelector("#f-finding").value`), "the filter form shows the filter")

	// The export of that list: a CSV with the same reports.
	dir := t.TempDir()
	_, err = chromedp.Call(b.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
	require.NoError(t, err)
	b.do(10*time.Second, chromedpClick(`#export-csv`))
	b.waitFor(`document.querySelector("#status").textContent.includes("CSV exported")`, 20*time.Second)
	var rows [][]string
	for range 100 { // the browser writes the file after the page was told
		if data, err := os.ReadFile(filepath.Join(dir, "wpscheck-reports.csv")); err == nil {
			rows, err = csv.NewReader(strings.NewReader(string(data))).ReadAll()
			if err == nil && len(rows) == n+1 {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.Len(t, rows, n+1, "header and one line per listed report")
	assert.Equal(t, "id", rows[0][0])
	for i, r := range listedRows(b) {
		assert.Equal(t, r[0], rows[i+1][0])
		assert.Equal(t, seg.F, rows[i+1][3])
	}

	// The link composer: the link, its QR code and the mail paragraphs.
	b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#link-ticket"), "T-E2E-16"),
		chromedp.SetValue(chromedp.CSS("#link-lang"), "en"), chromedpClick(`#make-link`))
	b.waitFor(`!!document.querySelector("#link-url")`, 20*time.Second)
	link := eval[string](b, `document.querySelector("#link-url").value`)
	signer, err := tickets.NewSigner([]byte(consoleTicketSecret))
	require.NoError(t, err)
	assert.Equal(t, w.app.URL+"/?lang=en&sig="+signer.Sign("T-E2E-16")+"&ticket=T-E2E-16", link, "a signed link")
	assert.Contains(t, eval[string](b, `document.querySelector("#mail-en").textContent`), link)
	assert.Contains(t, eval[string](b, `document.querySelector("#mail-zh").textContent`), link)
	assert.True(t, eval[bool](b, `!!document.querySelector(".link-result .qr svg")`))
	b.screenshot("console-composer-en-desktop")

	// Opened in a browser, the link brings a report back under the ticket.
	filtered := eval[string](b, `location.href`)
	b.navigate(link)
	b.waitFor(`document.documentElement.dataset.checkState === "done" && !!document.querySelector("#send-report")`, 60*time.Second)
	assert.Equal(t, "T-E2E-16", eval[string](b, `document.querySelector("#ticket").textContent`))
	b.do(10*time.Second, chromedpClick(`#send-report`))
	b.waitFor(`!!document.querySelector("#consent-send")`, 10*time.Second)
	b.do(10*time.Second, chromedpClick(`#consent-send`))
	b.waitFor(`!!document.querySelector("#report-id")`, 20*time.Second)
	id := eval[string](b, `document.querySelector("#report-id").textContent`)
	code := eval[string](b, `document.querySelector("#support-code").textContent`)

	b.navigate(w.app.URL + "/support?lang=en&ticket=T-E2E-16")
	b.waitFor(`document.querySelectorAll("#report-list .report-row").length === 1`, 30*time.Second)
	assert.Equal(t, id, listedRows(b)[0][0], "the upload arrived under the ticket; the tab still knows the token")
	assert.NotContains(t, eval[string](b, `document.querySelector("#report-list .rr-ticket").textContent`), "unverified",
		"the signed link's ticket arrived verified")

	// The code reader finds it too, and its row opens the report.
	b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#code-input"), strings.ToLower(code)), chromedpClick(`#decode`))
	b.waitFor(`!!document.querySelector("#code-matches .report-row[data-id='`+id+`']")`, 20*time.Second)
	b.do(10*time.Second, chromedpClick(`#code-matches .report-row[data-id='`+id+`'] a`))
	b.waitFor(`!!document.querySelector("#report-view") && location.pathname === "/support/`+id+`"`, 20*time.Second)
	assert.Contains(t, eval[string](b, `document.querySelector("#report-view").textContent`), "T-E2E-16")

	// Signing out forgets the token; the filters stay in the address.
	b.navigate(filtered)
	b.waitFor(`!!document.querySelector("#sign-out")`, 30*time.Second)
	b.do(10*time.Second, chromedpClick(`#sign-out`))
	b.waitFor(`!!document.querySelector("#token-input")`, 10*time.Second)
	assert.Nil(t, eval[any](b, `sessionStorage.getItem("wpscheck.agent_token")`))
	assert.False(t, eval[bool](b, `!!document.querySelector("#report-list")`), "nothing of the reports is left")
	assert.Equal(t, filtered, eval[string](b, `location.href`))
	// The check page's probes of the refusing WPS hosts are the only errors.
	assert.Empty(t, b.problems("net::ERR_CONNECTION_REFUSED"), "console:\n%s", b.consoleText())
}

// TestConsoleRefusedToken: a wrong token shows an error and nothing of any
// report; a token the server stops accepting (revoked, mistyped in another
// way) sends the agent back to sign in with the filters kept.
func TestConsoleRefusedToken(t *testing.T) {
	w := startConsoleWorld(t)
	o := phone
	o.Lang = "zh-CN"
	b := startBrowser(t, o)

	b.navigate(w.app.URL + "/support?finding=wps_blocked")
	signIn(b, "not-the-token")
	b.waitFor(`!!document.querySelector("#signin-error")`, 20*time.Second)
	assert.Contains(t, eval[string](b, `document.querySelector("#signin-error").textContent`), "令牌")
	assert.False(t, eval[bool](b, `!!document.querySelector("#overview") || !!document.querySelector("#report-list .report-row")`), "no data with a wrong token")
	assert.Nil(t, eval[any](b, `sessionStorage.getItem("wpscheck.agent_token")`), "a refused token is not kept")
	b.screenshot("console-refused-zh-phone")

	// A token kept in the tab that the server no longer takes.
	eval[bool](b, `(sessionStorage.setItem("wpscheck.agent_token", "revoked"), true)`)
	b.navigate(w.app.URL + "/support?finding=wps_blocked&os=android")
	b.waitFor(`!!document.querySelector("#signin-error")`, 20*time.Second)
	assert.Contains(t, eval[string](b, `location.search`), "finding=wps_blocked&os=android", "the filters are kept")
	signIn(b, consoleToken)
	b.waitFor(`document.querySelectorAll("#report-list .report-row").length > 0`, 20*time.Second)
	for _, r := range listedRows(b) {
		assert.Equal(t, "wps_blocked", r[1])
	}
	assert.Equal(t, "android", eval[string](b, `document.querySelector("#f-os").value`))
}

// TestConsoleSendsAFailedNotificationAgain: a notification the helpdesk
// never took is listed for agents with why it failed; once the helpdesk
// answers again, "Send again" queues it, its row goes, and the helpdesk
// gets it.
func TestConsoleSendsAFailedNotificationAgain(t *testing.T) {
	w := startConsoleWorld(t)
	o := phone
	o.Lang = "en-US"
	b := startBrowser(t, o)

	b.navigate(w.app.URL + "/support?lang=en")
	signIn(b, consoleToken)
	b.waitFor(`document.querySelectorAll("#dead-list .dead-row").length > 0`, 20*time.Second)
	assert.Equal(t, []string{w.dead}, eval[[]string](b, `[...document.querySelectorAll("#dead-list .dead-row")].map(r => r.dataset.id)`))
	row := eval[string](b, `document.querySelector("#dead-list .dead-row").textContent`)
	assert.Contains(t, row, w.deadReport)
	assert.Contains(t, row, "attempts: 1 · the helpdesk answered HTTP 500")
	assert.True(t, eval[bool](b, `document.querySelector("#dead-list .dead-row a").getAttribute("href").startsWith("/support/`+w.deadReport+`?")`),
		"the row opens its report")

	w.desk.AnswerWith(nil) // 204 from now on
	b.do(10*time.Second, chromedpClick(`#dead-list button[data-act="retry"]`))
	b.waitFor(`!document.querySelector("#dead-list") && !!document.querySelector("#dead-none")`, 20*time.Second)
	assert.Contains(t, eval[string](b, `document.querySelector("#status").textContent`), "Queued again, on its way to the helpdesk: "+w.dead)
	w.desk.WaitFor(t, 30*time.Second, "the helpdesk gets the notification sent again", func([]webhooktest.Arrival) bool {
		return len(w.desk.Events()) == 1
	})
	assert.Equal(t, w.dead, w.desk.Events()[0].ID)
	assert.Empty(t, b.problems(), "console:\n%s", b.consoleText())
}

// recordChineseHeadingJS records, in window.__zhHeading, whether the
// console's Chinese heading was ever put into the document or had its text
// replaced, however briefly: the observer reads the mutation records, not
// the document as it is once they are delivered.
const recordChineseHeadingJS = `window.__zhHeading = false;
new MutationObserver((records) => {
  const zh = (s) => (s || "").includes("客服台");
  for (const r of records) {
    if (zh(r.oldValue) || (r.type === "characterData" && zh(r.target.nodeValue))) window.__zhHeading = true;
    for (const n of r.addedNodes) if (zh(n.textContent)) window.__zhHeading = true;
  }
}).observe(document, { subtree: true, childList: true, characterData: true, characterDataOldValue: true });`

// TestConsoleOpensInItsLanguage: an English agent's console never shows
// its Chinese heading on the way, signed out or with a token kept in the
// tab: the wasm's first render is already in the page's language.
func TestConsoleOpensInItsLanguage(t *testing.T) {
	w := startConsoleWorld(t)
	o := desktop
	o.Lang = "en-US"
	b := startBrowser(t, o)
	b.addScript(recordChineseHeadingJS)

	b.navigate(w.app.URL + "/support?lang=en")
	signIn(b, consoleToken)
	b.waitFor(`document.querySelectorAll("#report-list .report-row").length > 0`, 20*time.Second)
	assert.False(t, eval[bool](b, `window.__zhHeading`), "signed out, then signing in")

	b.navigate(w.app.URL + "/support?lang=en&os=android")
	b.waitFor(`document.documentElement.dataset.app === "live" && document.querySelectorAll("#report-list .report-row").length > 0`, 30*time.Second)
	assert.Equal(t, "Support console: WPS login self-check", eval[string](b, h1TextJS))
	assert.False(t, eval[bool](b, `window.__zhHeading`), "opened again with the token kept in the tab")
}

// TestConsoleAxe runs axe-core's WCAG 2.1 A/AA rules on the console in
// Chinese and English, at phone and desktop size: signed out, and signed
// in with the chart, the list, a failed helpdesk notification and a composed
// link. It leaves screenshots.
func TestConsoleAxe(t *testing.T) {
	src := axeSource(t)
	requireBrowser(t)
	w := startConsoleWorld(t)
	for _, m := range a11yMatrix {
		t.Run(m.name, func(t *testing.T) {
			b := startBrowser(t, browserOptions{Width: m.size.Width, Height: m.size.Height, Mobile: m.size.Mobile, Lang: m.lang})
			b.navigate(w.app.URL + "/support")
			b.waitFor(`document.documentElement.dataset.app === "live"`, 30*time.Second)
			out := runAxe(b, src)
			assert.Empty(t, out.Violations, "signed out (%s):%s", m.name, out.describe())

			signIn(b, consoleToken)
			b.waitFor(`!!document.querySelector("#chart rect.seg") && document.querySelectorAll("#report-list .report-row").length > 0 && !!document.querySelector("#dead-list .dead-row")`, 30*time.Second)
			b.do(10*time.Second, chromedp.SendKeys(chromedp.CSS("#link-ticket"), "T-42"), chromedpClick(`#make-link`))
			b.waitFor(`!!document.querySelector("#mail-zh")`, 20*time.Second)
			out = runAxe(b, src)
			t.Logf("%s signed in: %d violations, %d rules passed, needs review: %v", m.name, len(out.Violations), out.Passes, out.Incomplete)
			assert.Empty(t, out.Violations, "signed in (%s):%s", m.name, out.describe())
			assert.LessOrEqual(t, eval[int](b, `document.documentElement.scrollWidth`), eval[int](b, `innerWidth`),
				"nothing is wider than the screen (%s)", m.name)
			b.screenshot("console-" + m.name)
			assert.Empty(t, b.problems(), "console:\n%s", b.consoleText())
		})
	}
}
