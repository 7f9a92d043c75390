package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/strict"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const goldenTime = int64(1_760_428_800_000) // 2025-10-14 08:00:00 UTC

type reportScenario struct {
	name string
	meta Meta
	in   diagnosis.Input
}

func reportScenarios() []reportScenario {
	tz := healthy()
	tz.Env.UserAgent = uaWeChatHarmony4
	tz.Env.TimeZone, tz.Env.TZOffsetMinutes = "UTC", 0
	tz.Env.Languages = []string{"zh-CN", "zh", "en-US"}
	tz.Clock = diagnosis.ClockEstimate{Known: true, OffsetMS: -8*3600_000 - 4_210, UncertaintyMS: 62, RTTMS: 124, Samples: 5, Source: diagnosis.ClockSourceTimeAPI}
	tz.Probes = probes(diagnosis.StatusOK, map[string]diagnosis.ProbeStatus{diagnosis.EndpointMSBaseline: diagnosis.StatusSlow, diagnosis.EndpointIntlWeb: diagnosis.StatusSlow})
	tz.Symptoms = []diagnosis.Symptom{diagnosis.SymptomLoginHangs}

	off := healthy()
	off.Probes = probes(diagnosis.StatusFail, map[string]diagnosis.ProbeStatus{diagnosis.EndpointDrive: diagnosis.StatusTimeout})
	off.Env.OnLine = diagnosis.No
	off.Clock = diagnosis.EstimateFromDateHeader("Tue, 14 Oct 2025 07:57:00 GMT", goldenTime, goldenTime+300)
	off.Symptoms = []diagnosis.Symptom{diagnosis.SymptomAccountLocked, diagnosis.SymptomPasswordRejected}

	blocked := healthy()
	blocked.Env.UserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"
	blocked.Env.CookiesEnabled = diagnosis.No
	blocked.Probes = probes(diagnosis.StatusOK, map[string]diagnosis.ProbeStatus{diagnosis.EndpointAccountCN: diagnosis.StatusFail, diagnosis.EndpointAccountIntl: diagnosis.StatusFail, diagnosis.EndpointAPI: diagnosis.StatusTimeout})
	blocked.Vantage = diagnosis.Vantage{Known: true, AgeSeconds: 12, Endpoints: map[string]diagnosis.ProbeStatus{diagnosis.EndpointAccountCN: diagnosis.StatusOK, diagnosis.EndpointAccountIntl: diagnosis.StatusOK, diagnosis.EndpointAPI: diagnosis.StatusTimeout}}

	// The server's clock is 3 min fast and says so: the device clock (right)
	// is not judged.
	suspect := healthy()
	suspect.Clock = diagnosis.ClockEstimate{Known: true, OffsetMS: 180_020, UncertaintyMS: 45, RTTMS: 90, Samples: 5, Source: diagnosis.ClockSourceTimeAPI,
		Reference: diagnosis.ServerClock{State: diagnosis.ServerClockSuspect, OffsetMS: -180_250, BoundMS: 620, Sources: 7}}

	return []reportScenario{
		{"healthy", Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Ticket: "T-1001", Lang: i18n.ZH}, healthy()},
		{"wechat_harmony_timezone", Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: i18n.EN}, tz},
		{"offline_date_header", Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Ticket: "abc_9", Lang: i18n.ZH}, off},
		{"login_blocked_mac", Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: i18n.EN}, blocked},
		{"server_clock_suspect", Meta{AppVersion: "1.0.0", ClientTimeMS: goldenTime, Lang: i18n.ZH}, suspect},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs; run go test -update after checking the change", path)
}

func TestReportGolden(t *testing.T) {
	for _, sc := range reportScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			r := Build(sc.meta, sc.in, diagnosis.Diagnose(sc.in))
			js, err := json.MarshalIndent(r, "", "  ")
			require.NoError(t, err)
			golden(t, "report_"+sc.name+".json", append(js, '\n'))
			golden(t, "report_"+sc.name+".zh.txt", []byte(r.Text(i18n.ZH)))
			golden(t, "report_"+sc.name+".en.txt", []byte(r.Text(i18n.EN)))
			// The JSON of a built report always parses back to the same report.
			back, err := Parse(js)
			require.NoError(t, err)
			assert.Equal(t, r, back)
			compact, err := r.json()
			require.NoError(t, err)
			back, err = Parse(compact)
			require.NoError(t, err)
			assert.Equal(t, r, back)
		})
	}
}

func TestBuildReport(t *testing.T) {
	in := healthy()
	in.Symptoms = []diagnosis.Symptom{diagnosis.SymptomOther, diagnosis.SymptomLoginHangs, diagnosis.SymptomOther, "bogus"}
	in.Env.Languages = []string{"zh-CN", "bad tag!", strings.Repeat("x", 40)}
	in.Env.TimeZone = "Asia/Shang hai"
	in.Env.TZOffsetMinutes = 99999
	in.Clock.OffsetMS = 1 << 62
	in.Catalog = append(diagnosis.DefaultCatalog(), diagnosis.Endpoint{ID: "BAD ID", URL: "https://x/", Role: diagnosis.RoleWeb})
	r := Build(Meta{AppVersion: "v1\n\x00" + strings.Repeat("9", 100), ClientTimeMS: -5, Ticket: "bad ticket", Lang: "fr"}, in, diagnosis.Diagnose(in))
	assert.Equal(t, SchemaVersion, r.Schema)
	assert.Equal(t, "", r.Ticket)
	assert.Equal(t, i18n.ZH, r.Lang)
	assert.Len(t, r.AppVersion, maxAppVersion)
	assert.True(t, strings.HasPrefix(r.AppVersion, "v199"))
	assert.Equal(t, int64(0), r.ClientTimeMS)
	assert.Equal(t, []diagnosis.Symptom{diagnosis.SymptomLoginHangs, diagnosis.SymptomOther}, r.Symptoms)
	assert.Equal(t, []string{"zh-CN"}, r.Env.Languages)
	assert.Equal(t, "", r.Clock.TimeZone)
	assert.Equal(t, maxTZMinutes, r.Clock.TZOffsetMinutes)
	assert.Len(t, r.Checks, len(diagnosis.DefaultCatalog()))
	assert.Equal(t, diagnosis.ClockFail, r.Clock.Verdict)
	assert.Equal(t, int64(diagnosis.MaxEpochMS), r.Clock.OffsetMS)
	require.NoError(t, r.Validate())

	empty := Build(Meta{}, diagnosis.Input{}, diagnosis.Diagnose(diagnosis.Input{}))
	assert.Equal(t, diagnosis.ClockSourceNone, empty.Clock.Source)
	assert.Equal(t, diagnosis.ClockUnknown, empty.Clock.Verdict)
	assert.Equal(t, []diagnosis.FindingID{diagnosis.FindingChecksIncomplete}, empty.Findings)
	assert.Equal(t, diagnosis.Unknown, empty.Env.Online)
	require.NoError(t, empty.Validate())
	js, _ := empty.json()
	assert.Contains(t, string(js), `"symptoms":[]`)
	assert.Contains(t, string(js), `"ticket":""`)
}

func validReportJSON(t testing.TB) map[string]any {
	t.Helper()
	js, err := Build(reportScenarios()[1].meta, reportScenarios()[1].in, diagnosis.Diagnose(reportScenarios()[1].in)).json()
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(js, &m))
	return m
}

func TestParseReportRejects(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(m map[string]any)
		field string
	}{
		{"unknown top-level field", func(m map[string]any) { m["password"] = "x" }, "password"},
		{"unknown nested field", func(m map[string]any) { m["clock"].(map[string]any)["evil"] = 1 }, "clock.evil"},
		{"schema 2", func(m map[string]any) { m["schema"] = 2 }, "schema"},
		{"schema as string", func(m map[string]any) { m["schema"] = "1" }, "schema"},
		{"app version with newline", func(m map[string]any) { m["app_version"] = "1\n2" }, "app_version"},
		{"negative client time", func(m map[string]any) { m["client_time_ms"] = -1 }, "client_time_ms"},
		{"ticket with a slash", func(m map[string]any) { m["ticket"] = "../etc" }, "ticket"},
		{"ticket too long", func(m map[string]any) { m["ticket"] = strings.Repeat("a", 65) }, "ticket"},
		{"lang", func(m map[string]any) { m["lang"] = "de" }, "lang"},
		{"os", func(m map[string]any) { m["platform"].(map[string]any)["os"] = "beos" }, "platform.os"},
		{"os version", func(m map[string]any) { m["platform"].(map[string]any)["os_version"] = "<script>" }, "platform.os_version"},
		{"browser", func(m map[string]any) { m["platform"].(map[string]any)["browser"] = "netscape" }, "platform.browser"},
		{"browser major", func(m map[string]any) { m["platform"].(map[string]any)["browser_major"] = 100000 }, "platform.browser_major"},
		{"in app", func(m map[string]any) { m["platform"].(map[string]any)["in_app"] = "line" }, "platform.in_app"},
		{"engine", func(m map[string]any) { m["platform"].(map[string]any)["engine"] = "presto" }, "platform.engine"},
		{"engine major", func(m map[string]any) { m["platform"].(map[string]any)["engine_major"] = -1 }, "platform.engine_major"},
		{"check id", func(m map[string]any) { m["checks"].([]any)[2].(map[string]any)["id"] = "Bad Id" }, "checks[2].id"},
		{"duplicate check", func(m map[string]any) { m["checks"].([]any)[1].(map[string]any)["id"] = "control" }, "checks[1].id"},
		{"check role", func(m map[string]any) { m["checks"].([]any)[0].(map[string]any)["role"] = "dns" }, "checks[0].role"},
		{"check status", func(m map[string]any) { m["checks"].([]any)[3].(map[string]any)["status"] = "great" }, "checks[3].status"},
		{"check latency", func(m map[string]any) { m["checks"].([]any)[4].(map[string]any)["latency_ms"] = 10_000_000 }, "checks[4].latency_ms"},
		{"check detail", func(m map[string]any) { m["checks"].([]any)[4].(map[string]any)["detail"] = "a\nb" }, "checks[4].detail"},
		{"too many checks", func(m map[string]any) {
			cs := m["checks"].([]any)
			for len(cs) <= diagnosis.MaxEndpoints {
				cs = append(cs, cs[0])
			}
			m["checks"] = cs
		}, "checks"},
		{"clock source", func(m map[string]any) { m["clock"].(map[string]any)["source"] = "ntp" }, "clock.source"},
		{"clock verdict", func(m map[string]any) { m["clock"].(map[string]any)["verdict"] = "meh" }, "clock.verdict"},
		{"verdict without source", func(m map[string]any) { m["clock"].(map[string]any)["source"] = "none" }, "clock.verdict"},
		{"clock offset", func(m map[string]any) { m["clock"].(map[string]any)["offset_ms"] = 1e18 }, "clock.offset_ms"},
		{"clock offset fraction", func(m map[string]any) { m["clock"].(map[string]any)["offset_ms"] = 1.5 }, "clock.offset_ms"},
		{"uncertainty", func(m map[string]any) { m["clock"].(map[string]any)["uncertainty_ms"] = -3 }, "clock.uncertainty_ms"},
		{"time zone", func(m map[string]any) { m["clock"].(map[string]any)["time_zone"] = "Asia/Shanghai; rm" }, "clock.time_zone"},
		{"tz offset", func(m map[string]any) { m["clock"].(map[string]any)["tz_offset_minutes"] = 5000 }, "clock.tz_offset_minutes"},
		{"online", func(m map[string]any) { m["env"].(map[string]any)["online"] = true }, "env.online"},
		{"cookies", func(m map[string]any) { m["env"].(map[string]any)["cookies"] = "maybe" }, "env.cookies"},
		{"storage", func(m map[string]any) { m["env"].(map[string]any)["storage"] = "" }, "env.storage"},
		{"secure", func(m map[string]any) { delete(m["env"].(map[string]any), "secure") }, "env.secure"},
		{"languages", func(m map[string]any) { m["env"].(map[string]any)["languages"] = []any{"zh", "<b>"} }, "env.languages[1]"},
		{"too many languages", func(m map[string]any) {
			l := []any{}
			for i := 0; i <= maxLanguages; i++ {
				l = append(l, "en")
			}
			m["env"].(map[string]any)["languages"] = l
		}, "env.languages"},
		{"symptom", func(m map[string]any) { m["symptoms"] = []any{"sad"} }, "symptoms[0]"},
		{"duplicate symptom", func(m map[string]any) { m["symptoms"] = []any{"other", "other"} }, "symptoms[1]"},
		{"finding", func(m map[string]any) { m["findings"] = []any{"offline", "aliens"} }, "findings[1]"},
		{"duplicate finding", func(m map[string]any) { m["findings"] = []any{"offline", "offline"} }, "findings[1]"},
		{"key in another case", func(m map[string]any) { m["Schema"] = 1 }, "Schema"},
		{"unknown key in a check", func(m map[string]any) { m["checks"].([]any)[5].(map[string]any)["url"] = "x" }, "checks[5].url"},
		{"unknown key in platform", func(m map[string]any) { m["platform"].(map[string]any)["ua"] = "x" }, "platform.ua"},
		{"platform as a list", func(m map[string]any) { m["platform"] = []any{map[string]any{"x": 1}} }, "platform"},
		{"missing platform", func(m map[string]any) { delete(m, "platform") }, "platform.os"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validReportJSON(t)
			tt.mod(m)
			js, err := json.Marshal(m)
			require.NoError(t, err)
			_, err = Parse(js)
			var fe *strict.FieldError
			require.ErrorAs(t, err, &fe, "want an error naming %s", tt.field)
			assert.Equal(t, tt.field, fe.Field, err.Error())
			assert.Contains(t, err.Error(), tt.field)
		})
	}
	for _, raw := range []string{"", "{", "[]", `{"schema":1} {}`, `{"schema":1}x`, "null", strings.Repeat(" ", MaxBytes+1)} {
		_, err := Parse([]byte(raw))
		var fe *strict.FieldError
		require.ErrorAs(t, err, &fe, "%q", raw)
		assert.NotEmpty(t, fe.Reason, "%q", raw)
	}
	_, err := Parse([]byte(`{"schema":1,"schema":1}`))
	assert.EqualError(t, err, "schema: appears twice")
	_, err = Parse([]byte(`{"schema":1}`))
	var fe *strict.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "lang", fe.Field, "the first invalid field of a minimal report")
}

// TestParseReportPrefixes feeds every truncation of a valid report: each
// must fail with a *strict.FieldError, none may hang (a fuzzer found one that did).
func TestParseReportPrefixes(t *testing.T) {
	js, err := Build(reportScenarios()[1].meta, reportScenarios()[1].in, diagnosis.Diagnose(reportScenarios()[1].in)).json()
	require.NoError(t, err)
	for i := 0; i < len(js); i++ {
		_, err := Parse(js[:i])
		var fe *strict.FieldError
		require.ErrorAs(t, err, &fe, "prefix %d", i)
	}
}

func TestReportText(t *testing.T) {
	r := Build(reportScenarios()[0].meta, reportScenarios()[0].in, diagnosis.Diagnose(reportScenarios()[0].in))
	zh := r.Text(i18n.ZH)
	en := r.Text(i18n.EN)
	assert.Contains(t, zh, "工单号：T-1001")
	assert.Contains(t, zh, "检测时间：2025-10-14 08:00:00 UTC")
	assert.Contains(t, zh, "支持码："+EncodeSupportCode(r))
	assert.Contains(t, en, "Ticket: T-1001")
	assert.Contains(t, en, "1. Nothing wrong found on this device (no_issue_found)")
	assert.NotContains(t, en, "，")
	r.Clock = ClockReport{Source: diagnosis.ClockSourceNone, Verdict: diagnosis.ClockUnknown}
	r.Findings = nil
	r.Env.Languages = nil
	r.ClientTimeMS = 0
	r.Checks = append(r.Checks, diagnosis.CheckResult{ID: "extra", Role: diagnosis.RoleWeb, Status: diagnosis.StatusFail, LatencyMS: 5, Detail: "blocked"})
	en = r.Text(i18n.EN)
	assert.Contains(t, en, "Clock: not checked")
	assert.Contains(t, en, "Time zone: not reported (UTC+00:00)")
	assert.Contains(t, r.Text(i18n.ZH), "时区：未报告（UTC+00:00）")
	assert.Contains(t, en, "- extra [extra]: Failed, 5 ms, blocked")
	assert.NotContains(t, en, "Checked at")
	assert.Contains(t, en, "languages -")
}

func FuzzParseReport(f *testing.F) {
	for _, sc := range reportScenarios() {
		js, _ := Build(sc.meta, sc.in, diagnosis.Diagnose(sc.in)).json()
		f.Add(js)
	}
	f.Add([]byte(`{"schema":1,"lang":"zh"}`))
	f.Add([]byte(`{"checks":[{"id":"a","detail":"\u2028"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			var fe *strict.FieldError
			if !asFieldError(err, &fe) {
				t.Fatalf("error is not a *strict.FieldError: %T %v", err, err)
			}
			return
		}
		// Whatever parses re-encodes and parses to the same report, and
		// every rendering works.
		js, err := r.json()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(js)
		if err != nil {
			t.Fatalf("re-encoded report does not parse: %v\n%s", err, js)
		}
		if !bytes.Equal(mustJSON(t, back), js) {
			t.Fatalf("round trip changed the report")
		}
		_ = r.Text(i18n.ZH)
		_ = r.Text(i18n.EN)
		code := EncodeSupportCode(r)
		if _, err := DecodeSupportCode(code); err != nil {
			t.Fatalf("code %s of a valid report does not decode: %v", code, err)
		}
	})
}

func asFieldError(err error, fe **strict.FieldError) bool {
	e, ok := err.(*strict.FieldError)
	*fe = e
	return ok
}

func mustJSON(t *testing.T, r Report) []byte {
	js, err := r.json()
	if err != nil {
		t.Fatal(err)
	}
	return js
}
