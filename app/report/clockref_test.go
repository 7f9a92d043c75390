package report

import (
	"encoding/json"
	"strings"
	"testing"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/strict"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server's clock 3 min fast, as its own check reports it: WPS − server
// is −3 min, read from 7 WPS hosts.
var serverFast = diagnosis.ServerClock{State: diagnosis.ServerClockSuspect, OffsetMS: -180_250, BoundMS: 620, Sources: 7}

// measuredAgainst is what the page measures for a device clock that is off
// by deviceAheadMS against true time, on a server whose clock is off by
// serverAheadMS: the offset server − device.
func measuredAgainst(serverAheadMS, deviceAheadMS int64, ref diagnosis.ServerClock) diagnosis.ClockEstimate {
	return diagnosis.ClockEstimate{Known: true, OffsetMS: serverAheadMS - deviceAheadMS, UncertaintyMS: 40, RTTMS: 80, Samples: 5,
		Source: diagnosis.ClockSourceTimeAPI, Reference: ref}
}

func hasAny(fs []diagnosis.Finding, want ...diagnosis.FindingID) bool {
	for _, f := range fs {
		for _, w := range want {
			if f.ID == w {
				return true
			}
		}
	}
	return false
}

func TestServerFastSuspectSparesACorrectClock(t *testing.T) {
	in := healthy()
	in.Clock = measuredAgainst(180_000, 0, serverFast) // the device is right; the server is 3 min fast
	fs := diagnosis.Diagnose(in).Findings
	assert.False(t, hasAny(fs, diagnosis.FindingClockSkew, diagnosis.FindingTimezoneWrong), "a correct clock is not called wrong: %v", ids(fs))
	assert.Equal(t, diagnosis.FindingNoIssueFound, fs[0].ID)
	assert.Equal(t, diagnosis.ClockUnknown, in.Clock.Verdict(diagnosis.DefaultThresholds()))

	ev := find(t, fs, diagnosis.FindingNoIssueFound).Evidence
	clock := ev[len(ev)-1]
	assert.Equal(t, "clock", clock.Check)
	assert.Equal(t, "Your device clock cannot be judged right now: our server's clock may be off (3 min ahead of WPS's servers, ± 620 ms, from 7 WPS addresses), "+
		"so it is not used to judge yours this time. Against WPS's own servers' time, your clock is right (within ± 660 ms).", clock.Text.EN)
	assert.Equal(t, "暂时无法判断你的设备时间：本检测服务器的时钟可能不准（比 WPS 服务器快 3 分钟，± 620 毫秒，依据 7 个 WPS 地址），这次不拿它来评判你的设备时间。"+
		"对照 WPS 服务器的时间，你的设备时间是准的（误差在 ± 660 毫秒以内）。", clock.Text.ZH)
	assert.NotContains(t, clock.Text.EN, "behind the server", "never the old 'your clock is behind' sentence")

	r := Build(Meta{Lang: i18n.EN}, in, diagnosis.Diagnose(in))
	assert.Equal(t, diagnosis.ClockUnknown, r.Clock.Verdict)
	require.NotNil(t, r.Clock.ServerClock)
	assert.Equal(t, serverFast, *r.Clock.ServerClock)
	assert.Equal(t, ClockBucketRefSuspect, BucketOf(r.Clock))
	sum, err := DecodeSupportCode(EncodeSupportCode(r))
	require.NoError(t, err)
	assert.Equal(t, ClockBucketRefSuspect, sum.Clock)
	assert.Contains(t, sum.Text(i18n.EN), "Clock: not judged: the check server's own clock was suspect")
	assert.Contains(t, sum.Text(i18n.ZH), "时钟：未评判：当时本检测服务器的时钟可疑")

	en, zh := r.Text(i18n.EN), r.Text(i18n.ZH)
	assert.Contains(t, en, "verdict: Unknown")
	assert.Contains(t, en, "Reference clock: our server's clock may be off (3 min ahead of WPS's servers, ± 620 ms, from 7 WPS addresses), so the device clock was not judged; against WPS's servers' time the device clock is right (± 660 ms)")
	assert.Contains(t, zh, "参照时钟：本检测服务器的时钟可能不准（比 WPS 服务器快 3 分钟，± 620 毫秒，依据 7 个 WPS 地址），因此未评判设备时间；对照 WPS 服务器的时间，设备时间准确（± 660 毫秒）")

	note := diagnosis.ReferenceNote(in.Clock, diagnosis.DefaultThresholds())
	assert.Equal(t, "cannot be judged right now: our server's own clock may be off; against WPS's own servers' time, your clock is right (within ± 660 ms)", note.EN)
	assert.True(t, strings.HasPrefix(note.ZH, "暂时无法判断"))
}

func TestServerSuspectNeverBlamesTheDevice(t *testing.T) {
	for _, tc := range []struct {
		name          string
		server, dev   int64 // ms ahead of true time
		ref           diagnosis.ServerClock
		agreesWithWPS bool
	}{
		{"server fast, device right", 180_000, 0, serverFast, true},
		{"server fast, device as fast (looks right against it)", 180_000, 180_000, serverFast, false},
		{"server fast, device 8 h off (looks like a zone)", 180_000, 8 * 3600_000, serverFast, false},
		{"kernel unsynchronised, no Date estimate", 0, 5 * 60_000, diagnosis.ServerClock{State: diagnosis.ServerClockSuspect, Sources: 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := healthy()
			in.Clock = measuredAgainst(tc.server, tc.dev, tc.ref)
			fs := diagnosis.Diagnose(in).Findings
			assert.False(t, hasAny(fs, diagnosis.FindingClockSkew, diagnosis.FindingTimezoneWrong), "%v", ids(fs))
			note := diagnosis.ReferenceNote(in.Clock, diagnosis.DefaultThresholds())
			assert.Contains(t, note.EN, "cannot be judged right now")
			assert.Equal(t, tc.agreesWithWPS, strings.Contains(note.EN, "your clock is right"), note.EN)
			assert.NotContains(t, note.EN, "wrong")
			r := Build(Meta{}, in, diagnosis.Diagnose(in))
			assert.Equal(t, diagnosis.ClockUnknown, r.Clock.Verdict)
			assert.Equal(t, ClockBucketRefSuspect, BucketOf(r.Clock))
		})
	}
}

func TestServerSyncedStillJudgesTheDevice(t *testing.T) {
	synced := diagnosis.ServerClock{State: diagnosis.ServerClockSynced, OffsetMS: 180, BoundMS: 540, Sources: 7}
	in := healthy()
	in.Clock = measuredAgainst(0, -3*60_000, synced) // the device is 3 min slow
	fs := diagnosis.Diagnose(in).Findings
	f := find(t, fs, diagnosis.FindingClockSkew)
	assert.Equal(t, diagnosis.SeverityHigh, f.Severity)
	assert.Contains(t, f.Evidence[0].Text.EN, "3 min behind the server")
	r := Build(Meta{}, in, diagnosis.Diagnose(in))
	assert.Equal(t, diagnosis.ClockFail, r.Clock.Verdict)
	assert.Equal(t, synced, *r.Clock.ServerClock)
	assert.Equal(t, ClockBucketBehind2m, BucketOf(r.Clock))
	assert.Contains(t, r.Text(i18n.EN), "Reference clock: our server's clock is right (matches WPS's servers, ± 540 ms, from 7 WPS addresses)\n")

	in.Clock = measuredAgainst(0, 0, synced)
	assert.Equal(t, diagnosis.FindingNoIssueFound, diagnosis.Diagnose(in).Findings[0].ID)
}

func TestTooFewSourcesKeepsTodaysBehaviour(t *testing.T) {
	few := diagnosis.ServerClock{State: diagnosis.ServerClockUnknown, Sources: 2}
	for _, dev := range []int64{0, -3 * 60_000, 8 * 3600_000} {
		in := healthy()
		in.Clock = measuredAgainst(0, dev, few)
		today := in
		today.Clock.Reference = diagnosis.ServerClock{}
		assert.Equal(t, diagnosis.Diagnose(today).Findings, diagnosis.Diagnose(in).Findings, "device %d ms ahead", dev)
		assert.Equal(t, today.Clock.Verdict(diagnosis.DefaultThresholds()), in.Clock.Verdict(diagnosis.DefaultThresholds()))
		r, old := Build(Meta{}, in, diagnosis.Diagnose(in)), Build(Meta{}, today, diagnosis.Diagnose(today))
		assert.Equal(t, old.Findings, r.Findings)
		assert.Equal(t, BucketOf(old.Clock), BucketOf(r.Clock))
		assert.Equal(t, &few, r.Clock.ServerClock)
		assert.Nil(t, old.Clock.ServerClock)
	}
	in := healthy()
	in.Clock = measuredAgainst(0, -3*60_000, few)
	assert.True(t, hasAny(diagnosis.Diagnose(in).Findings, diagnosis.FindingClockSkew), "a device 3 min off is still told")
}

func TestServerClockNormalized(t *testing.T) {
	assert.Equal(t, diagnosis.ServerClock{}, diagnosis.ServerClock{State: "drifting", OffsetMS: 5, BoundMS: 5}.Normalized())
	assert.Equal(t, diagnosis.ServerClock{State: diagnosis.ServerClockUnknown, Sources: diagnosis.MaxEndpoints}, diagnosis.ServerClock{State: diagnosis.ServerClockUnknown, OffsetMS: 99, Sources: 1000}.Normalized(), "an offset without a bound is dropped")
	assert.Equal(t, diagnosis.ServerClock{State: diagnosis.ServerClockSynced, OffsetMS: -diagnosis.MaxEpochMS, BoundMS: diagnosis.MaxUncertaintyMS}, diagnosis.ServerClock{State: diagnosis.ServerClockSynced, OffsetMS: -1 << 62, BoundMS: 1 << 62, Sources: -3}.Normalized())
	// A bad state from the server is the same as no word from it.
	in := healthy()
	in.Clock = measuredAgainst(0, 0, diagnosis.ServerClock{State: "bogus"})
	assert.Nil(t, Build(Meta{}, in, diagnosis.Diagnose(in)).Clock.ServerClock)
}

func TestAgainstWPS(t *testing.T) {
	off, bound, ok := diagnosis.AgainstWPS(180_000, 40, serverFast)
	require.True(t, ok)
	assert.Equal(t, int64(-250), off, "WPS − device")
	assert.Equal(t, int64(660), bound)
	_, _, ok = diagnosis.AgainstWPS(180_000, 40, diagnosis.ServerClock{State: diagnosis.ServerClockSuspect, Sources: 2})
	assert.False(t, ok, "no estimate without a bound")
	// Right at the warning threshold the page says nothing about agreement.
	_, ok = diagnosis.AgreesWithWPS(180_000+29_000, 40, serverFast, diagnosis.DefaultThresholds())
	assert.True(t, ok)
	_, ok = diagnosis.AgreesWithWPS(180_000+29_600, 40, serverFast, diagnosis.DefaultThresholds())
	assert.False(t, ok)
}

func TestParseReportServerClock(t *testing.T) {
	in := healthy()
	in.Clock = measuredAgainst(180_000, 0, serverFast)
	r := Build(Meta{Lang: i18n.ZH}, in, diagnosis.Diagnose(in))
	js, err := r.json()
	require.NoError(t, err)
	assert.Contains(t, string(js), `"server_clock":{"state":"suspect","offset_ms":-180250,"bound_ms":620,"sources":7}`)
	back, err := Parse(js)
	require.NoError(t, err)
	assert.Equal(t, r, back)

	// An upload from before the field existed still parses, and stays without it.
	old := strings.Replace(string(js), `,"server_clock":{"state":"suspect","offset_ms":-180250,"bound_ms":620,"sources":7}`, "", 1)
	require.NotEqual(t, string(js), old)
	back, err = Parse([]byte(old))
	require.NoError(t, err)
	assert.Nil(t, back.Clock.ServerClock)
	again, _ := back.json()
	assert.Equal(t, old, string(again))

	for _, tc := range []struct{ replace, field string }{
		{`"state":"suspect"`, `"state":"drifting"`},
		{`"state":"suspect",`, ``},
		{`"bound_ms":620`, `"bound_ms":-1`},
		{`"bound_ms":620`, `"bound_ms":0`},
		{`"sources":7`, `"sources":-1`},
		{`"sources":7`, `"sources":7,"kernel":"synced"`},
		{`"sources":7`, `"sources":7,"sources":8`},
		{`"offset_ms":-180250`, `"offset_ms":"-3 min"`},
		{`"verdict":"unknown"`, `"verdict":"ok"`},
	} {
		bad := strings.Replace(string(js), tc.replace, tc.field, 1)
		_, err := Parse([]byte(bad))
		var fe *strict.FieldError
		require.ErrorAs(t, err, &fe, "%s", bad)
		assert.Contains(t, fe.Field, "clock.", "%s → %v", tc.field, err)
	}
	_, err = Parse([]byte(strings.Replace(string(js), `"sources":7`, `"sources":7,"kernel":"synced"`, 1)))
	assert.EqualError(t, err, "clock.server_clock.kernel: unknown field")
	_, err = Parse([]byte(strings.Replace(string(js), `"verdict":"unknown"`, `"verdict":"fail"`, 1)))
	assert.EqualError(t, err, `clock.verdict: must be "unknown" when clock.server_clock.state is "suspect"`)
}

func TestClockEstimateJSONOmitsNoReference(t *testing.T) {
	js, err := json.Marshal(healthy().Clock)
	require.NoError(t, err)
	assert.NotContains(t, string(js), "reference", "the zero reference is left out")
	js, err = json.Marshal(measuredAgainst(0, 0, serverFast))
	require.NoError(t, err)
	assert.Contains(t, string(js), `"reference":{"state":"suspect"`)
}
