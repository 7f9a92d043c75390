package diagnosis

import (
	"strings"
	"testing"

	"wpscheck/app/i18n"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func clockAt(offsetMS int64) ClockEstimate {
	return ClockEstimate{Known: true, OffsetMS: offsetMS, UncertaintyMS: 40, RTTMS: 80, Samples: 5, Source: ClockSourceTimeAPI}
}

func TestDiagnoseRules(t *testing.T) {
	wpsDown := map[string]ProbeStatus{}
	for _, e := range DefaultCatalog() {
		if e.Role.IsWPS() {
			wpsDown[e.ID] = StatusTimeout
		}
	}
	vantageAll := func(st ProbeStatus) Vantage {
		v := Vantage{Known: true, AgeSeconds: 30, Endpoints: map[string]ProbeStatus{}}
		for _, e := range DefaultCatalog() {
			if e.Role.IsWPS() {
				v.Endpoints[e.ID] = st
			}
		}
		return v
	}
	type sev map[FindingID]Severity
	tests := []struct {
		name string
		mod  func(in *Input)
		want []FindingID
		sev  sev
	}{
		{"healthy: no issue", func(in *Input) {}, []FindingID{FindingNoIssueFound}, sev{FindingNoIssueFound: SeverityInfo}},
		{"nothing finished yet", func(in *Input) { in.Probes = nil; in.Clock = ClockEstimate{} },
			[]FindingID{FindingChecksIncomplete}, nil},
		{"nothing finished, browser says offline", func(in *Input) { in.Probes = nil; in.Clock = ClockEstimate{}; in.Env.OnLine = No },
			[]FindingID{FindingOffline}, sev{FindingOffline: SeverityHigh}},
		{"everything fails: offline", func(in *Input) { in.Probes = probes(StatusFail, nil); in.Clock = ClockEstimate{} },
			[]FindingID{FindingOffline}, nil},
		{"everything times out and onLine=false: offline", func(in *Input) {
			in.Probes = probes(StatusTimeout, nil)
			in.Env.OnLine = No
			in.Clock = ClockEstimate{}
		}, []FindingID{FindingOffline}, nil},
		{"mixed: offline and clock skew, offline first", func(in *Input) {
			in.Probes = probes(StatusFail, nil)
			in.Clock = clockAt(-5 * 60_000)
		}, []FindingID{FindingOffline, FindingClockSkew}, sev{FindingClockSkew: SeverityHigh}},
		{"onLine=false but probes answer: onLine is ignored", func(in *Input) { in.Env.OnLine = No },
			[]FindingID{FindingNoIssueFound}, nil},
		{"page server down, rest fine", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointControl: StatusFail})
			in.Clock = ClockEstimate{}
		}, []FindingID{FindingNoIssueFound, FindingCheckerUnreachable}, sev{FindingCheckerUnreachable: SeverityInfo}},
		{"WPS blocked, vantage unknown", func(in *Input) { in.Probes = probes(StatusOK, wpsDown) },
			[]FindingID{FindingWPSBlocked}, sev{FindingWPSBlocked: SeverityHigh}},
		{"WPS blocked, vantage fine", func(in *Input) { in.Probes = probes(StatusOK, wpsDown); in.Vantage = vantageAll(StatusOK) },
			[]FindingID{FindingWPSBlocked}, nil},
		{"WPS down for everyone: service issue", func(in *Input) { in.Probes = probes(StatusOK, wpsDown); in.Vantage = vantageAll(StatusTimeout) },
			[]FindingID{FindingWPSServiceIssue}, sev{FindingWPSServiceIssue: SeverityHigh}},
		{"vantage down, local fine: not a finding", func(in *Input) { in.Vantage = vantageAll(StatusFail) },
			[]FindingID{FindingNoIssueFound}, nil},
		{"stale vantage is ignored", func(in *Input) {
			in.Probes = probes(StatusOK, wpsDown)
			in.Vantage = vantageAll(StatusFail)
			in.Vantage.AgeSeconds = 3600
		}, []FindingID{FindingWPSBlocked}, nil},
		{"service issue on one cloud host only: medium, rest blocked", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointDrive: StatusFail, EndpointAccountCN: StatusFail})
			in.Vantage = vantageAll(StatusOK)
			in.Vantage.Endpoints[EndpointDrive] = StatusFail
		}, []FindingID{FindingLoginUnreachable, FindingWPSServiceIssue}, sev{FindingWPSServiceIssue: SeverityMedium, FindingLoginUnreachable: SeverityHigh}},
		{"only login hosts fail", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountCN: StatusFail, EndpointAccountIntl: StatusTimeout})
		}, []FindingID{FindingLoginUnreachable}, sev{FindingLoginUnreachable: SeverityHigh}},
		{"only the international login fails: medium", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountIntl: StatusTimeout})
		}, []FindingID{FindingLoginUnreachable}, sev{FindingLoginUnreachable: SeverityMedium}},
		{"only cloud fails: blocked, medium", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointDrive: StatusFail, EndpointQing: StatusFail})
		}, []FindingID{FindingWPSBlocked}, sev{FindingWPSBlocked: SeverityMedium}},
		{"restricted network: only this page answers", func(in *Input) {
			in.Probes = probes(StatusTimeout, map[string]ProbeStatus{EndpointControl: StatusOK})
		}, []FindingID{FindingNetworkRestricted}, sev{FindingNetworkRestricted: SeverityHigh}},
		{"restricted network that lets kdocs through: still restricted", func(in *Input) {
			in.Probes = probes(StatusFail, map[string]ProbeStatus{EndpointControl: StatusOK, EndpointWebKdocs: StatusOK})
		}, []FindingID{FindingNetworkRestricted}, nil},
		{"baselines fail but WPS answers: no WPS finding, and no claim that all is fine", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointBaiduBaseline: StatusFail, EndpointMSBaseline: StatusFail})
		}, []FindingID{FindingNoIssueFound}, nil},
		{"one baseline answers: the internet works, WPS is blocked", func(in *Input) {
			over := map[string]ProbeStatus{EndpointMSBaseline: StatusTimeout}
			for _, e := range DefaultCatalog() {
				if e.Role.IsWPS() {
					over[e.ID] = StatusFail
				}
			}
			in.Probes = probes(StatusOK, over)
		}, []FindingID{FindingWPSBlocked}, nil},
		{"two slow answers: low", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointWebWPS: StatusSlow, EndpointQing: StatusSlow})
		}, []FindingID{FindingNetworkSlow}, sev{FindingNetworkSlow: SeverityLow}},
		{"slow login: medium", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountCN: StatusSlow})
		}, []FindingID{FindingNetworkSlow}, sev{FindingNetworkSlow: SeverityMedium}},
		{"one slow non-login answer: not a finding", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointIntlWeb: StatusSlow})
		}, []FindingID{FindingNoIssueFound}, nil},
		{"everything slow: medium", func(in *Input) { in.Probes = probes(StatusSlow, nil) },
			[]FindingID{FindingNetworkSlow}, sev{FindingNetworkSlow: SeverityMedium}},
		{"clock 45 s ahead: warn", func(in *Input) { in.Clock = clockAt(-45_000) },
			[]FindingID{FindingClockSkew}, sev{FindingClockSkew: SeverityMedium}},
		{"clock 3 min behind: fail", func(in *Input) { in.Clock = clockAt(3*60_000 + 7_000) },
			[]FindingID{FindingClockSkew}, sev{FindingClockSkew: SeverityHigh}},
		{"clock 8 h ahead: time zone", func(in *Input) { in.Clock = clockAt(-8*3600_000 + 1500) },
			[]FindingID{FindingTimezoneWrong}, sev{FindingTimezoneWrong: SeverityHigh}},
		{"clock 2 days off: a wrong date, not a zone", func(in *Input) { in.Clock = clockAt(48 * 3600_000) },
			[]FindingID{FindingClockSkew}, nil},
		{"Date-header fallback 3 min behind", func(in *Input) {
			in.Clock = EstimateFromDateHeader("Tue, 14 Oct 2025 08:03:00 GMT", 1760428800000, 1760428800200)
		}, []FindingID{FindingClockSkew}, sev{FindingClockSkew: SeverityHigh}},
		{"Date-header fallback, correct clock", func(in *Input) {
			in.Clock = EstimateFromDateHeader("Tue, 14 Oct 2025 08:00:00 GMT", 1760428800100, 1760428800300)
		}, []FindingID{FindingNoIssueFound}, nil},
		{"too uncertain clock is no finding", func(in *Input) {
			in.Clock = ClockEstimate{Known: true, OffsetMS: 40_000, UncertaintyMS: 35_000, Source: ClockSourceTimeAPI}
		}, []FindingID{FindingNoIssueFound}, nil},
		{"cookies off", func(in *Input) { in.Env.CookiesEnabled = No },
			[]FindingID{FindingCookiesDisabled}, sev{FindingCookiesDisabled: SeverityHigh}},
		{"storage blocked", func(in *Input) { in.Env.StorageUsable = No },
			[]FindingID{FindingStorageBlocked}, sev{FindingStorageBlocked: SeverityMedium}},
		{"insecure context", func(in *Input) { in.Env.SecureContext = No },
			[]FindingID{FindingInsecureContext}, sev{FindingInsecureContext: SeverityLow}},
		{"unknown environment values are not findings", func(in *Input) {
			in.Env.CookiesEnabled, in.Env.StorageUsable, in.Env.SecureContext, in.Env.OnLine = "", Unknown, "maybe", ""
		}, []FindingID{FindingNoIssueFound}, nil},
		{"Internet Explorer", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko"
		}, []FindingID{FindingBrowserOutdated}, nil},
		{"Chrome 70", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.64 Safari/537.36"
		}, []FindingID{FindingBrowserOutdated}, nil},
		{"Firefox 60", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Firefox/60.0"
		}, []FindingID{FindingBrowserOutdated}, nil},
		{"iOS 12 Safari", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 12_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1"
		}, []FindingID{FindingBrowserOutdated}, nil},
		{"WeChat on Windows", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11) XWEB/11275 Flue"
		}, []FindingID{FindingInAppBrowser}, sev{FindingInAppBrowser: SeverityMedium}},
		{"mixed: WeChat on HarmonyOS NEXT", func(in *Input) { in.Env.UserAgent = uaWeChatHarmonyNext },
			[]FindingID{FindingInAppBrowser}, nil},
		{"mixed: WeChat on HarmonyOS 4, wrong time zone", func(in *Input) {
			in.Env.UserAgent = uaWeChatHarmony4
			in.Env.TimeZone, in.Env.TZOffsetMinutes = "UTC", 0
			in.Clock = clockAt(-8 * 3600_000)
		}, []FindingID{FindingTimezoneWrong, FindingInAppBrowser}, nil},
		{"symptom: account locked, nothing measured", func(in *Input) { in.Symptoms = []Symptom{SymptomAccountLocked} },
			[]FindingID{FindingAccountLocked, FindingNoIssueFound}, sev{FindingAccountLocked: SeverityHigh}},
		{"symptom re-ranks: account locked beats clock and cookies", func(in *Input) {
			in.Env.CookiesEnabled = No
			in.Clock = clockAt(10 * 60_000)
			in.Symptoms = []Symptom{SymptomAccountLocked}
		}, []FindingID{FindingAccountLocked, FindingClockSkew, FindingCookiesDisabled}, nil},
		{"symptom: account locked, but offline first", func(in *Input) {
			in.Probes = probes(StatusFail, nil)
			in.Symptoms = []Symptom{SymptomAccountLocked}
		}, []FindingID{FindingOffline, FindingAccountLocked}, nil},
		{"symptom: password rejected and forgotten", func(in *Input) {
			in.Symptoms = []Symptom{SymptomForgotPassword, SymptomPasswordRejected}
		}, []FindingID{FindingPasswordRejected, FindingForgotPassword, FindingNoIssueFound}, nil},
		{"symptom: login hangs after the measured clock cause", func(in *Input) {
			in.Clock = clockAt(-6 * 60_000)
			in.Symptoms = []Symptom{SymptomLoginHangs}
		}, []FindingID{FindingClockSkew, FindingLoginHangs}, nil},
		{"symptom: login hangs lifts the in-app browser", func(in *Input) {
			in.Env.UserAgent = uaWeChatHarmonyNext
			in.Env.StorageUsable = No
			in.Symptoms = []Symptom{SymptomLoginHangs}
		}, []FindingID{FindingLoginHangs, FindingInAppBrowser, FindingStorageBlocked}, nil},
		{"symptom: cloud docs with cloud hosts blocked: blocked first", func(in *Input) {
			in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointDrive: StatusFail, EndpointQing: StatusTimeout})
			in.Symptoms = []Symptom{SymptomCloudDocs}
		}, []FindingID{FindingWPSBlocked, FindingCloudDocs}, sev{FindingWPSBlocked: SeverityHigh}},
		{"symptom: client crash", func(in *Input) { in.Symptoms = []Symptom{SymptomClientCrashOrError} },
			[]FindingID{FindingClientProblem, FindingNoIssueFound}, nil},
		{"symptom: code not received", func(in *Input) { in.Symptoms = []Symptom{SymptomCodeNotReceived} },
			[]FindingID{FindingCodeNotReceived, FindingNoIssueFound}, sev{FindingCodeNotReceived: SeverityHigh}},
		{"symptom: documents gone after sign-in means another account", func(in *Input) { in.Symptoms = []Symptom{SymptomDocsMissing} },
			[]FindingID{FindingWrongAccount, FindingNoIssueFound}, nil},
		{"symptom: organisation account first, then the password", func(in *Input) {
			in.Symptoms = []Symptom{SymptomPasswordRejected, SymptomOrgAccount}
		}, []FindingID{FindingOrgAccount, FindingPasswordRejected, FindingNoIssueFound}, nil},
		{"symptom: security check lifts the in-app browser above cookies", func(in *Input) {
			in.Env.UserAgent = uaWeChatHarmonyNext
			in.Symptoms = []Symptom{SymptomSecurityCheck}
		}, []FindingID{FindingSecurityCheck, FindingInAppBrowser}, nil},
		{"symptom: signed out elsewhere", func(in *Input) { in.Symptoms = []Symptom{SymptomSignedOutElsewhere} },
			[]FindingID{FindingSignedOutElsewhere, FindingNoIssueFound}, nil},
		{"an old engine inside an app: said on the in-app card, not as a browser to update", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.110 MailMasterPC/4.15.6.1016 Safari/537.36"
		}, []FindingID{FindingInAppBrowser}, nil},
		{"an unnamed web view is an in-app browser too", func(in *Input) {
			in.Env.UserAgent = "Mozilla/5.0 (Linux; Android 5.1.1; Nexus 5 Build/LMY48B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/83.0.4103.106 Mobile Safari/537.36"
		}, []FindingID{FindingInAppBrowser}, nil},
		{"symptom: other adds nothing; unknown symptoms are ignored", func(in *Input) {
			in.Symptoms = []Symptom{SymptomOther, "bogus"}
		}, []FindingID{FindingNoIssueFound}, nil},
		{"operator catalog without control or baseline, all fail", func(in *Input) {
			in.Catalog = []Endpoint{{ID: "acct", URL: "https://account.wps.cn/", Role: RoleLogin}}
			in.Probes = []ProbeObservation{obs("acct", StatusFail, 30)}
		}, []FindingID{FindingLoginUnreachable}, nil},
	}
	seen := map[FindingID]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := healthy()
			tt.mod(&in)
			got := Diagnose(in).Findings
			assert.Equal(t, tt.want, ids(got))
			for id, s := range tt.sev {
				assert.Equal(t, s, find(t, got, id).Severity, "severity of %s", id)
			}
			for _, f := range got {
				seen[f.ID] = true
				require.NotEmpty(t, f.Evidence, "%s has no evidence", f.ID)
				for _, e := range f.Evidence {
					assert.NotEmpty(t, e.Check, "%s evidence check", f.ID)
					assert.NotEmpty(t, e.Text.ZH, "%s evidence zh", f.ID)
					assert.NotEmpty(t, e.Text.EN, "%s evidence en", f.ID)
				}
			}
			// Diagnose is deterministic.
			assert.Equal(t, got, Diagnose(in).Findings)
		})
	}
	for _, id := range AllFindingIDs() {
		assert.True(t, seen[id], "no rule test produces %s", id)
	}
}

func TestDiagnoseEvidence(t *testing.T) {
	t.Run("time zone names the browser zone and the implied one", func(t *testing.T) {
		in := healthy()
		in.Env.TimeZone, in.Env.TZOffsetMinutes = "UTC", 0
		in.Clock = clockAt(-8 * 3600_000)
		f := find(t, Diagnose(in).Findings, FindingTimezoneWrong)
		var zone Evidence
		for _, e := range f.Evidence {
			if e.Check == "time_zone" {
				zone = e
			}
		}
		assert.Contains(t, zone.Text.ZH, "UTC（UTC+00:00）")
		assert.Contains(t, zone.Text.ZH, "UTC+08:00")
		assert.Contains(t, zone.Text.ZH, "Asia/Shanghai")
		assert.Contains(t, zone.Text.EN, "exactly 8 h ahead")
		assert.Equal(t, "UTC UTC+00:00 shift 480 min", zone.Observed)
	})
	t.Run("time zone without zone data", func(t *testing.T) {
		in := healthy()
		in.Env.TimeZone, in.Env.TZOffsetMinutes = "", 0
		in.Clock = clockAt(5*3600_000 + 30*60_000)
		f := find(t, Diagnose(in).Findings, FindingTimezoneWrong)
		assert.Contains(t, f.Evidence[1].Text.EN, "reported no time zone")
		assert.Contains(t, f.Evidence[1].Text.ZH, "慢了 5 小时 30 分钟")
	})
	t.Run("a quick rejection hints at a filter", func(t *testing.T) {
		in := healthy()
		in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountCN: StatusFail})
		f := find(t, Diagnose(in).Findings, FindingLoginUnreachable)
		assert.Contains(t, f.Evidence[0].Text.ZH, "立即被拒绝")
		assert.Contains(t, f.Evidence[0].Text.EN, "account.wps.cn")
		assert.Equal(t, "fail: TypeError: Failed to fetch", f.Evidence[0].Observed)
	})
	t.Run("service issue says it is not you", func(t *testing.T) {
		in := healthy()
		in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountCN: StatusTimeout})
		in.Vantage = Vantage{Known: true, Endpoints: map[string]ProbeStatus{EndpointAccountCN: StatusTimeout}}
		f := find(t, Diagnose(in).Findings, FindingWPSServiceIssue)
		assert.Equal(t, SeverityHigh, f.Severity)
		assert.Contains(t, f.Evidence[0].Text.EN, "not on your side")
		assert.Contains(t, f.Evidence[1].Text.ZH, "8 秒内没有响应")
	})
	t.Run("blocked evidence says what still works", func(t *testing.T) {
		in := healthy()
		in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointDrive: StatusFail, EndpointQing: StatusSlow, EndpointWebKdocs: StatusFail})
		in.Vantage = Vantage{Known: true, Endpoints: map[string]ProbeStatus{EndpointDrive: StatusOK, EndpointWebKdocs: StatusOK}}
		fs := Diagnose(in).Findings
		f := find(t, fs, FindingWPSBlocked)
		var checks []string
		for _, e := range f.Evidence {
			checks = append(checks, e.Check+"="+e.Observed)
		}
		assert.Equal(t, []string{"checks=fail ×2: web_kdocs cloud_drive",
			"baseline_cn=ok 120 ms", "baseline_intl=ok 120 ms", "vantage=ok"}, checks)
		assert.Equal(t, "这 2 个地址都是立即被拒绝（常见于拦截插件、安全软件或域名解析失败）：www.kdocs.cn、drive.wps.cn。", f.Evidence[0].Text.ZH)
		assert.Equal(t, "These 2 addresses were all refused at once (typical of a blocker extension, security software or a DNS failure): www.kdocs.cn, drive.wps.cn.", f.Evidence[0].Text.EN)
	})
	t.Run("eleven identical failures are one line with a count", func(t *testing.T) {
		in := healthy()
		in.Probes = probes(StatusFail, map[string]ProbeStatus{EndpointControl: StatusOK, EndpointBaiduBaseline: StatusOK, EndpointMSBaseline: StatusOK})
		f := Diagnose(in).Findings[0]
		require.Equal(t, FindingWPSBlocked, f.ID)
		assert.Contains(t, f.Evidence[0].Text.ZH, "这 8 个地址都是立即被拒绝")
		assert.Contains(t, f.Evidence[0].Text.EN, "These 8 addresses were all refused at once")
		for _, host := range []string{"account.wps.cn", "account.wps.com", "www.wps.cn", "www.kdocs.cn", "drive.wps.cn", "qing.wps.cn", "api.wps.cn", "www.wps.com"} {
			assert.Contains(t, f.Evidence[0].Text.ZH, host)
		}
		quick := 0
		for _, e := range f.Evidence {
			quick += strings.Count(e.Text.ZH, "立即被拒绝")
		}
		assert.Equal(t, 1, quick, "the same failure is named once")
		// A slower refusal joins the same line, which then counts the quick ones.
		in.Probes = probes(StatusFail, map[string]ProbeStatus{EndpointControl: StatusOK, EndpointBaiduBaseline: StatusOK, EndpointMSBaseline: StatusOK})
		in.Probes[len(in.Probes)-1].ElapsedMS = 900
		f = Diagnose(in).Findings[0]
		assert.Contains(t, f.Evidence[0].Text.ZH, "这 8 个地址都连接失败，其中 7 个是立即被拒绝")
		assert.Contains(t, f.Evidence[0].Text.EN, "These 8 addresses all failed to connect, 7 of them refused at once")
		// Failures of different kinds stay apart: a timeout is not a refusal.
		in.Probes = probes(StatusFail, map[string]ProbeStatus{EndpointControl: StatusOK, EndpointBaiduBaseline: StatusOK, EndpointMSBaseline: StatusOK,
			EndpointIntlWeb: StatusTimeout, EndpointAPI: StatusTimeout})
		f = Diagnose(in).Findings[0]
		assert.Contains(t, f.Evidence[0].Text.ZH, "这 6 个地址都是立即被拒绝")
		assert.Equal(t, "这 2 个地址在 8 秒内都没有响应：api.wps.cn、www.wps.com。", f.Evidence[1].Text.ZH)
	})
	t.Run("the server side of an outage is one line too", func(t *testing.T) {
		in := healthy()
		in.Probes = probes(StatusOK, map[string]ProbeStatus{EndpointAccountCN: StatusTimeout, EndpointAccountIntl: StatusTimeout})
		in.Vantage = Vantage{Known: true, Endpoints: map[string]ProbeStatus{EndpointAccountCN: StatusTimeout, EndpointAccountIntl: StatusFail}}
		f := find(t, Diagnose(in).Findings, FindingWPSServiceIssue)
		require.Len(t, f.Evidence, 2)
		assert.Contains(t, f.Evidence[0].Text.ZH, "这 2 个地址也失败了")
		assert.Contains(t, f.Evidence[1].Text.EN, "These 2 addresses gave no answer within 8 s")
	})
	t.Run("an app's old engine is named on the in-app card", func(t *testing.T) {
		in := healthy()
		in.Env.UserAgent = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.110 MailMasterPC/4.15.6.1016 Safari/537.36"
		f := find(t, Diagnose(in).Findings, FindingInAppBrowser)
		require.Len(t, f.Evidence, 2)
		assert.Contains(t, f.Evidence[0].Text.ZH, "「网易邮箱大师」")
		assert.Contains(t, f.Evidence[1].Text.ZH, "Chromium 49")
		assert.Contains(t, f.Evidence[1].Text.ZH, "在系统浏览器里打开")
	})
	t.Run("no issue reports the clock it saw", func(t *testing.T) {
		f := Diagnose(healthy()).Findings[0]
		assert.Equal(t, "11/11", f.Evidence[0].Observed)
		assert.Equal(t, "已完成的网络检测都正常。", f.Evidence[0].Text.ZH)
		assert.Equal(t, "clock", f.Evidence[1].Check)
		assert.Contains(t, f.Evidence[1].Text.ZH, "慢了 1.2 秒")
	})
	t.Run("evidence of a slow and a pending check", func(t *testing.T) {
		d := newDiag(healthy())
		e := d.checkEvidence(CheckResult{ID: EndpointQing, Role: RoleCloud, Status: StatusSlow, LatencyMS: 3456})
		assert.Equal(t, "WPS 云文档服务（qing.wps.cn）：能连上，但用了 3.4 秒。", e.Text.ZH)
		e = d.checkEvidence(CheckResult{ID: "nope", Status: StatusPending})
		assert.Equal(t, "nope (nope): not finished.", e.Text.EN)
	})
}

func TestSortFindingsDeterministic(t *testing.T) {
	fs := []Finding{
		{ID: "b", Severity: SeverityLow, Score: 1},
		{ID: "a", Severity: SeverityLow, Score: 1},
		{ID: "c", Severity: SeverityHigh, Score: 0},
		{ID: "d", Severity: "bogus", Score: 999},
		{ID: "e", Severity: SeverityLow, Score: 5},
	}
	sortFindings(fs)
	assert.Equal(t, []FindingID{"c", "e", "a", "b", "d"}, ids(fs))
}

func TestDurations(t *testing.T) {
	tests := []struct {
		ms     int64
		zh, en string
	}{
		{1200, "1.2 秒", "1.2 s"},
		{45_000, "45 秒", "45 s"},
		{3*60_000 + 5_000, "3 分 5 秒", "3 min 5 s"},
		{10 * 60_000, "10 分钟", "10 min"},
		{8 * 3600_000, "8 小时", "8 h"},
		{5*3600_000 + 30*60_000, "5 小时 30 分钟", "5 h 30 min"},
		{72 * 3600_000, "3 天", "3 d"},
		{50 * 3600_000, "2 天 2 小时", "2 d 2 h"},
		{800, "800 毫秒", "800 ms"},
		{8000, "8 秒", "8 s"},
		{-1200, "1.2 秒", "1.2 s"},
	}
	for _, tt := range tests {
		assert.Equal(t, i18n.Text{ZH: tt.zh, EN: tt.en}, Duration(tt.ms), "%d ms", tt.ms)
	}
	assert.Equal(t, "", exampleZone(123))
	for _, m := range []int{0, 60, 330, 420, 480, 540, 600, -300, -480} {
		assert.NotEmpty(t, exampleZone(m))
	}
	assert.True(t, strings.HasPrefix(hostOf("https://a.b/c?d"), "a.b"))
	assert.Equal(t, "/api/time", hostOf("/api/time"))
}

// TestBlockedWhenOnlyThisPageOpens covers a network that lets the page's own
// server through but neither the baselines nor WPS (a company intranet, a
// captive Wi-Fi): network_restricted, whose headline, evidence and first
// steps say so, never "the internet works".
func TestBlockedWhenOnlyThisPageOpens(t *testing.T) {
	in := healthy()
	over := map[string]ProbeStatus{}
	for _, e := range DefaultCatalog() {
		if e.Role != RoleControl {
			over[e.ID] = StatusTimeout
		}
	}
	in.Probes = probes(StatusOK, over)
	fs := Diagnose(in).Findings
	require.NotEmpty(t, fs)
	require.Equal(t, FindingNetworkRestricted, fs[0].ID)
	assert.NotContains(t, ids(fs), FindingWPSBlocked)
	var baselineNote bool
	for _, ev := range fs[0].Evidence {
		if ev.Check == "baseline" && ev.Observed == "fail" {
			baselineNote = true
			assert.Contains(t, ev.Text.ZH, "常用网站打不开，WPS 也连不上")
		}
	}
	assert.True(t, baselineNote, "evidence says the baselines fail too")
	assert.Contains(t, fs[0].Evidence[0].Text.ZH, "本检测页的服务器", "the first line says what still answers")
	assert.Contains(t, fs[0].Evidence[1].Text.ZH, "这 2 个地址", "the failed baselines, grouped")
	assert.Contains(t, fs[0].Evidence[2].Text.ZH, "这 8 个地址", "the failed WPS hosts, grouped")
}

// headlineClaims says what a finding's title asserts about the checks,
// as a predicate on what was observed: the verdict headline is the top
// finding's title, so it must hold whenever that finding tops the list.
var headlineClaims = map[FindingID]struct {
	claim string
	holds func(control, baselineUp, baselineRan, wpsDown, wpsUp, loginDown, otherWPSDown bool) bool
}{
	FindingWPSBlocked: {"the internet works (a big site answered) and WPS is blocked",
		func(c, bu, br, wd, wu, ld, od bool) bool { return bu && wd }},
	FindingLoginUnreachable: {"only the login hosts fail; other WPS hosts answer",
		func(c, bu, br, wd, wu, ld, od bool) bool { return ld && !od && (bu || !br) }},
	FindingNetworkRestricted: {"the network lets only a few sites through: big sites and WPS fail, something answers",
		func(c, bu, br, wd, wu, ld, od bool) bool { return br && !bu && wd && (c || wu) }},
	FindingOffline: {"nothing answered",
		func(c, bu, br, wd, wu, ld, od bool) bool { return !c && !bu && !wu }},
	FindingNoIssueFound: {"this device reaches WPS",
		func(c, bu, br, wd, wu, ld, od bool) bool { return wu && !wd }},
}

// TestHeadlineMatchesEvidence runs every combination of control, baselines,
// login hosts and other WPS hosts answering or failing, and checks that the
// top finding's headline is true of what was observed: "the internet works"
// only when a big site answered, "only this page opens" only when the big
// sites failed while this page's server answered. Intranet-only is never
// reported as "WPS-only blocked".
func TestHeadlineMatchesEvidence(t *testing.T) {
	sts := []ProbeStatus{StatusOK, StatusFail, StatusTimeout}
	tops := map[FindingID]int{}
	for _, ctl := range sts {
		for _, bcn := range sts {
			for _, bin := range sts {
				for _, login := range sts {
					for _, other := range sts {
						over := map[string]ProbeStatus{EndpointControl: ctl, EndpointBaiduBaseline: bcn, EndpointMSBaseline: bin}
						for _, e := range DefaultCatalog() {
							switch {
							case e.Role == RoleLogin:
								over[e.ID] = login
							case e.Role.IsWPS():
								over[e.ID] = other
							}
						}
						in := healthy()
						in.Probes = probes(StatusOK, over)
						in.Clock = ClockEstimate{}
						top := Diagnose(in).Findings[0]
						tops[top.ID]++
						c, bu := ctl.Reachable(), bcn.Reachable() || bin.Reachable()
						wd, wu := login.Bad() || other.Bad(), login.Reachable() || other.Reachable()
						claim, ok := headlineClaims[top.ID]
						if !assert.True(t, ok, "top finding %s has no headline claim to test (control %s, baselines %s/%s, login %s, other WPS %s)",
							top.ID, ctl, bcn, bin, login, other) {
							continue
						}
						assert.True(t, claim.holds(c, bu, true, wd, wu, login.Bad(), other.Bad()),
							"headline of %s (%q) is untrue: control %s, baselines %s/%s, login %s, other WPS %s",
							top.ID, claim.claim, ctl, bcn, bin, login, other)
						if !bu && (c || wu) && wd {
							assert.Equal(t, FindingNetworkRestricted, top.ID, "intranet-only must not read as WPS-only blocked")
						}
					}
				}
			}
		}
	}
	for _, id := range []FindingID{FindingWPSBlocked, FindingLoginUnreachable, FindingNetworkRestricted, FindingOffline, FindingNoIssueFound} {
		assert.Positive(t, tops[id], "no combination puts %s on top", id)
	}
	// The titles that say it are the knowledge base's (TestHeadlineTitles).
}
