package report

import (
	"encoding/json"
	"testing"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

// json encodes r as the page does.
func (r Report) json() ([]byte, error) { return json.Marshal(r) }

func BenchmarkBuildReport(b *testing.B) {
	in := benchInput()
	meta := Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Ticket: "T-1", Lang: i18n.ZH}
	b.ReportAllocs()
	for b.Loop() {
		_ = Build(meta, in, diagnosis.Diagnose(in))
	}
}

func BenchmarkReportJSON(b *testing.B) {
	r := Build(Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: i18n.ZH}, benchInput(), diagnosis.Diagnose(benchInput()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.json(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseReport(b *testing.B) {
	js, _ := Build(Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: i18n.ZH}, benchInput(), diagnosis.Diagnose(benchInput())).json()
	b.SetBytes(int64(len(js)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(js); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReportText(b *testing.B) {
	r := Build(Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: i18n.ZH}, benchInput(), diagnosis.Diagnose(benchInput()))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Text(i18n.ZH)
	}
}

func BenchmarkEncodeSupportCode(b *testing.B) {
	r := Build(Meta{}, benchInput(), diagnosis.Diagnose(benchInput()))
	b.ReportAllocs()
	for b.Loop() {
		_ = EncodeSupportCode(r)
	}
}

func BenchmarkDecodeSupportCode(b *testing.B) {
	code := EncodeSupportCode(Build(Meta{}, benchInput(), diagnosis.Diagnose(benchInput())))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeSupportCode(code); err != nil {
			b.Fatal(err)
		}
	}
}
