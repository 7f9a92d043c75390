package diagnosis

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Test helpers: inputs built from probe statuses.

const (
	uaChromeWin = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	// uaWeChatHarmonyNext is the documented ArkWeb default UA with WeChat's
	// MicroMessenger token appended (a constructed string: no captured
	// WeChat-on-HarmonyOS-NEXT UA was found in public sources).
	uaWeChatHarmonyNext = "Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile MicroMessenger/8.0.50"
	// uaWeChatHarmony4 is a real HarmonyOS 4 UA with WeChat's token appended
	// (also constructed).
	uaWeChatHarmony4 = "Mozilla/5.0 (Linux; Android 12; HarmonyOS/4.0.3.601; JAD-AL50; HMSCore/6.13.0.320) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.196 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN"
)

// obs returns the observation that classifies as st after ms.
func obs(id string, st ProbeStatus, ms int64) ProbeObservation {
	switch st {
	case StatusOK, StatusSlow:
		return ProbeObservation{EndpointID: id, Started: true, Resolved: true, ElapsedMS: ms}
	case StatusFail:
		return ProbeObservation{EndpointID: id, Started: true, Error: "TypeError: Failed to fetch", ElapsedMS: ms}
	case StatusTimeout:
		return ProbeObservation{EndpointID: id, Started: true, TimedOut: true, ElapsedMS: ms}
	}
	return ProbeObservation{EndpointID: id}
}

// probes builds observations for the default catalog: every endpoint gets
// def, except those listed in over.
func probes(def ProbeStatus, over map[string]ProbeStatus) []ProbeObservation {
	var out []ProbeObservation
	for _, e := range DefaultCatalog() {
		st := def
		if s, ok := over[e.ID]; ok {
			st = s
		}
		ms := int64(120)
		switch st {
		case StatusSlow:
			ms = 3500
		case StatusTimeout:
			ms = 8000
		case StatusFail:
			ms = 40
		}
		out = append(out, obs(e.ID, st, ms))
	}
	return out
}

// goodEnv is a healthy desktop browser in Shanghai.
func goodEnv() Environment {
	return Environment{UserAgent: uaChromeWin, OnLine: Yes, CookiesEnabled: Yes, StorageUsable: Yes,
		Languages: []string{"zh-CN", "en"}, TimeZone: "Asia/Shanghai", TZOffsetMinutes: -480, SecureContext: Yes}
}

// goodClock is a clock 1.2 s behind, measured precisely.
func goodClock() ClockEstimate {
	return ClockEstimate{Known: true, OffsetMS: 1200, UncertaintyMS: 35, RTTMS: 70, Samples: 5, Source: ClockSourceTimeAPI}
}

func healthy() Input {
	return Input{Probes: probes(StatusOK, nil), Clock: goodClock(), Env: goodEnv()}
}

func ids(fs []Finding) []FindingID {
	out := make([]FindingID, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}

func find(t *testing.T, fs []Finding, id FindingID) Finding {
	t.Helper()
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	require.Failf(t, "finding missing", "%s not in %v", id, ids(fs))
	return Finding{}
}
