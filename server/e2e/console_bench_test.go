package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/reports/storetest"
)

// chartJS records, in window.__e2e.chart, when the overview's first bar
// appears (ms since navigation start), and keeps the agent's token in the
// tab as a signed-in agent's tab has it.
const chartJS = `(() => {
  sessionStorage.setItem("wpscheck.agent_token", ` + "`" + consoleToken + "`" + `);
  const e2e = window.__e2e;
  new MutationObserver((_, obs) => {
    if (document.querySelector("#chart rect.seg")) { e2e.chart = performance.now(); obs.disconnect(); }
  }).observe(document, {childList: true, subtree: true});
})();`

// BenchmarkConsole measures the console's first render with the 24-hour
// chart against the check page's budgets (docs/perf): a first visit in a
// fresh profile, signed in (the token already in the tab), 5,000 reports
// of the last day in the store. desktop is loopback, unthrottled, median
// of 5: chart-ms/median is wasm start → chart drawn (the check page's
// budget for wasm start → done: 1,500 ms), nav-ms/median navigation → chart.
// phone is the weak-phone profile, median of PHONE_RUNS (3): navigation →
// chart drawn (the check page's budget for navigation → done: 9,000 ms).
//
//	go test ./server/e2e -run '^$' -bench Console -benchtime 1x
func BenchmarkConsole(b *testing.B) {
	requireBrowser(b)
	sum := sha256.Sum256([]byte(consoleToken))
	cfg, err := config.Parse([]byte(`{"agents": {"token_sha256": ["` + hex.EncodeToString(sum[:]) + `"]}}`))
	require.NoError(b, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "reports.db"))
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	_, err = store.PutAll(b.Context(), storetest.Synthetic(3, 5000, time.Now(), 48*time.Hour))
	require.NoError(b, err)

	visit := func(b *testing.B, phone bool) (nav, fromWasm float64) {
		app := startApp(b, appOptions{Mutate: func(o *httpserver.Options) { o.Config, o.Reports = cfg, store }})
		br := startBrowser(b, browserOptions{Lang: "zh-CN"})
		br.addScript(chartJS)
		if phone {
			weakPhone.apply(b, br)
		}
		br.navigate(app.URL + "/support")
		br.waitFor(`window.__e2e.chart > 0`, 60*time.Second)
		tm := eval[struct {
			Chart, WasmStart float64
		}](br, `({chart: window.__e2e.chart, wasmStart: window.__e2e.marks.wasmStart ?? -1})`)
		br.close()
		app.Stop()
		return tm.Chart, tm.Chart - tm.WasmStart
	}
	b.Run("desktop", func(b *testing.B) {
		var nav, chart []float64
		for range b.N {
			for range benchRuns {
				n, c := visit(b, false)
				nav, chart = append(nav, n), append(chart, c)
				b.Logf("console first visit: wasm→chart %.0f ms, nav→chart %.0f ms", c, n)
			}
		}
		reportMedian(b, "chart-ms/median", chart)
		reportMedian(b, "nav-ms/median", nav)
	})
	b.Run("phone", func(b *testing.B) {
		var nav []float64
		for range b.N {
			for range phoneRuns {
				n, _ := visit(b, true)
				nav = append(nav, n)
				b.Logf("console phone run: nav→chart %.0f ms", n)
			}
		}
		reportMedian(b, "nav-ms/median", nav)
	})
}
