package e2e

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/kb"
	"wpscheck/app/report"
	"wpscheck/server/httpserver"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/refclock"
	"wpscheck/server/vantage"
)

// TestServerClockSuspect runs the server with its clock 3 minutes fast
// (the test's ClockSkew, given to /api/time, the vantage probe and the
// clock check alike) among fake WPS hosts whose Date headers are right. The
// server notices; the page, with a correct device clock, must not call that
// clock wrong: the clock row reads "cannot be judged right now" and says
// the device agrees with WPS's time, no clock finding is raised, and the
// report and the support code say why — in Chinese and in English.
func TestServerClockSuspect(t *testing.T) {
	requireBrowser(t)
	const skew = 3 * time.Minute
	for _, tc := range []struct {
		lang              string
		size              browserOptions
		notJudged, agrees string
	}{
		{"zh-CN", phone, "暂时无法判断：本检测服务器自己的时钟可能不准", "对照 WPS 服务器的时间，你的设备时间是准的"},
		{"en-US", desktop, "cannot be judged right now: our server's own clock may be off", "against WPS's own servers' time, your clock is right"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			f := startFakeWPS(t)
			serverClock := clocktest.Shifted(skew)
			checker := refclock.New(refclock.Options{Clock: serverClock, Kernel: refclock.NoKernel, Logger: slog.New(slog.DiscardHandler)})
			p := startVantage(t, f, allAnswer, func(o *vantage.Options) {
				o.Clock = serverClock
				o.OnResult = checker.Observe
			})
			require.Equal(t, diagnosis.ServerClockSuspect, checker.Status().State, "the server's own check after one round")
			app := startApp(t, appOptions{ClockSkew: skew, Mutate: func(o *httpserver.Options) {
				o.Vantage, o.ServerClock = p, checker
			}})
			o := tc.size
			o.Lang, o.ExtraFlags = tc.lang, f.flags(allAnswer)
			r := &checkRun{t: t, app: app, wps: f, b: startBrowser(t, o)}
			r.b.navigate(app.URL + "/")
			r.waitDone()

			rep := r.rep
			assert.NotContains(t, rep.Findings, diagnosis.FindingClockSkew, "a correct device clock is not called wrong")
			assert.NotContains(t, rep.Findings, diagnosis.FindingTimezoneWrong)
			r.assertTop(diagnosis.FindingNoIssueFound)
			assert.Equal(t, diagnosis.ClockUnknown, rep.Clock.Verdict)
			assert.InDelta(t, skew.Milliseconds(), rep.Clock.OffsetMS, float64(max(1000, rep.Clock.UncertaintyMS+5)), "the device looks 3 min slow against this server")
			require.NotNil(t, rep.Clock.ServerClock, "the report keeps the server's word on its clock")
			assert.Equal(t, diagnosis.ServerClockSuspect, rep.Clock.ServerClock.State)
			assert.Equal(t, len(p.Targets()), rep.Clock.ServerClock.Sources, "every WPS host's Date counted")
			assert.InDelta(t, -skew.Milliseconds(), rep.Clock.ServerClock.OffsetMS, 1500, "WPS − server")

			row := eval[string](r.b, `(() => { const e = document.querySelector('[data-check-id="clock"]'); return e.dataset.status + "|" + e.textContent; })()`)
			assert.Contains(t, row, "unknown|", "the clock row is neither ok nor failed")
			assert.Contains(t, row, tc.notJudged)
			assert.Contains(t, row, tc.agrees)
			body := r.bodyText()
			assert.NotContains(t, body, kb.Guide(diagnosis.FindingClockSkew).Title.In(rep.Lang))
			assert.Contains(t, body, tc.notJudged, "the no-issue card says why the clock was not judged")

			code := eval[string](r.b, `document.getElementById("support-code").textContent`)
			sum, err := report.DecodeSupportCode(code)
			require.NoError(t, err, code)
			assert.Equal(t, report.ClockBucketRefSuspect, sum.Clock, "the support code carries it")
			assert.Equal(t, report.EncodeSupportCode(rep), code)
			r.assertConsistent()
			assert.Empty(t, r.b.problems(), "console")
			r.b.screenshot("server-clock-suspect-" + tc.lang)
		})
	}
}
