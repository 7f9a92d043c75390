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
		if len(Diagnose(in)) == 0 {
			b.Fatal("no findings")
		}
	}
}

func BenchmarkBuildReport(b *testing.B) {
	in := benchInput()
	meta := ReportMeta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Ticket: "T-1", Lang: LangZH}
	b.ReportAllocs()
	for b.Loop() {
		_ = BuildReport(meta, in)
	}
}

func BenchmarkReportJSON(b *testing.B) {
	r := BuildReport(ReportMeta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: LangZH}, benchInput())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.JSON(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseReport(b *testing.B) {
	js, _ := BuildReport(ReportMeta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: LangZH}, benchInput()).JSON()
	b.SetBytes(int64(len(js)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseReport(js); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReportText(b *testing.B) {
	r := BuildReport(ReportMeta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: LangZH}, benchInput())
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Text(LangZH)
	}
}

func BenchmarkEncodeSupportCode(b *testing.B) {
	r := BuildReport(ReportMeta{}, benchInput())
	b.ReportAllocs()
	for b.Loop() {
		_ = EncodeSupportCode(r)
	}
}

func BenchmarkDecodeSupportCode(b *testing.B) {
	code := EncodeSupportCode(BuildReport(ReportMeta{}, benchInput()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeSupportCode(code); err != nil {
			b.Fatal(err)
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
