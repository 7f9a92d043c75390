package diagnosis

import (
	"testing"
)

// benchInput is a busy but realistic input: a HarmonyOS WeChat browser with
// a wrong zone, two slow and two failed endpoints, a vantage result and
// symptoms.
func benchInput() Input {
	in := healthy()
	in.Env.UserAgent = uaWeChatHarmony4
	in.Env.TimeZone, in.Env.TZOffsetMinutes = "UTC", 0
	in.Clock = clockAt(-8 * 3600_000)
	in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountCN: StatusFail, EndpointDrive: StatusTimeout,
		EndpointMSBaseline: StatusSlow, EndpointIntlWeb: StatusSlow})
	in.Vantage = Vantage{Known: true, AgeSeconds: 20, Endpoints: map[string]ProbeStatus{EndpointAccountCN: StatusOK, EndpointDrive: StatusTimeout}}
	in.Symptoms = []Symptom{SymptomLoginHangs, SymptomCloudDocs}
	return in
}

func BenchmarkDiagnose(b *testing.B) {
	in := benchInput()
	b.ReportAllocs()
	for b.Loop() {
		if len(Diagnose(in).Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}

func BenchmarkDetectPlatform(b *testing.B) {
	cases := loadUACases(b)
	envs := make([]Environment, len(cases))
	for i, c := range cases {
		envs[i] = Environment{UserAgent: c.UA, Hints: c.Hints, MaxTouchPoints: c.Touch}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = DetectPlatform(envs[i%len(envs)])
		i++
	}
}
