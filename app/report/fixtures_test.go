package report

import (
	"testing"

	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
)

// User agents of the report tests (see the diagnosis package's tests for
// where they come from).
const (
	uaChromeWin         = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	uaWeChatHarmonyNext = "Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile MicroMessenger/8.0.50"
	uaWeChatHarmony4    = "Mozilla/5.0 (Linux; Android 12; HarmonyOS/4.0.3.601; JAD-AL50; HMSCore/6.13.0.320) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.196 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN"
)

// probes answers every endpoint of the default catalog with def, those in
// over with their own status; the elapsed times are typical of each.
func probes(def diagnosis.ProbeStatus, over map[string]diagnosis.ProbeStatus) []diagnosis.ProbeObservation {
	elapsed := map[diagnosis.ProbeStatus]int64{diagnosis.StatusOK: 120, diagnosis.StatusSlow: 3500, diagnosis.StatusFail: 40, diagnosis.StatusTimeout: 8000}
	out := make([]diagnosis.ProbeObservation, 0, len(defaultCatalog))
	for _, e := range defaultCatalog {
		st, ok := over[e.ID]
		if !ok {
			st = def
		}
		o := diagnosis.ProbeObservation{EndpointID: e.ID, Started: true, ElapsedMS: elapsed[st]}
		o.Resolved = st.Reachable()
		o.TimedOut = st == diagnosis.StatusTimeout
		if st == diagnosis.StatusFail {
			o.Error = "TypeError: Failed to fetch"
		}
		out = append(out, o)
	}
	return out
}

// healthy is a healthy desktop browser in Shanghai whose clock is 1.2 s
// behind, measured precisely.
func healthy() diagnosis.Input {
	return diagnosis.Input{
		Probes: probes(diagnosis.StatusOK, nil),
		Clock:  diagnosis.ClockEstimate{Known: true, OffsetMS: 1200, UncertaintyMS: 35, RTTMS: 70, Samples: 5, Source: diagnosis.ClockSourceTimeAPI},
		Env: diagnosis.Environment{UserAgent: uaChromeWin, OnLine: diagnosis.Yes, CookiesEnabled: diagnosis.Yes, StorageUsable: diagnosis.Yes,
			Languages: []string{"zh-CN", "en"}, TimeZone: "Asia/Shanghai", TZOffsetMinutes: -480, SecureContext: diagnosis.Yes},
	}
}

// benchInput is a busy but realistic input: a HarmonyOS WeChat browser with
// a wrong zone, two slow and two failed endpoints, a vantage result and
// symptoms.
func benchInput() diagnosis.Input {
	in := healthy()
	in.Env.UserAgent = uaWeChatHarmony4
	in.Env.TimeZone, in.Env.TZOffsetMinutes = "UTC", 0
	in.Clock = diagnosis.ClockEstimate{Known: true, OffsetMS: -8 * 3600_000, UncertaintyMS: 40, RTTMS: 80, Samples: 5, Source: diagnosis.ClockSourceTimeAPI}
	in.Probes = probes(diagnosis.StatusOK, map[string]diagnosis.ProbeStatus{diagnosis.EndpointAccountCN: diagnosis.StatusFail,
		diagnosis.EndpointDrive: diagnosis.StatusTimeout, diagnosis.EndpointMSBaseline: diagnosis.StatusSlow, diagnosis.EndpointIntlWeb: diagnosis.StatusSlow})
	in.Vantage = diagnosis.Vantage{Known: true, AgeSeconds: 20, Endpoints: map[string]diagnosis.ProbeStatus{
		diagnosis.EndpointAccountCN: diagnosis.StatusOK, diagnosis.EndpointDrive: diagnosis.StatusTimeout}}
	in.Symptoms = []diagnosis.Symptom{diagnosis.SymptomLoginHangs, diagnosis.SymptomCloudDocs}
	return in
}

// build builds the report of in as the page does: the rules once, then the
// report from their result.
func build(meta Meta, in diagnosis.Input) Report {
	return Build(meta, in, diagnosis.Diagnose(in))
}

// find returns the finding id among fs, failing the test when it is missing.
func find(t *testing.T, fs []diagnosis.Finding, id diagnosis.FindingID) diagnosis.Finding {
	t.Helper()
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	require.Failf(t, "finding missing", "%s not in %v", id, fs)
	return diagnosis.Finding{}
}

// ids lists the ids of fs in order.
func ids(fs []diagnosis.Finding) []diagnosis.FindingID {
	out := make([]diagnosis.FindingID, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}
