package diagnosis

import (
	"strconv"

	"wpscheck/app/i18n"
)

// The rules about the device: its clock, its browser and what the person
// picked.

func (d *diag) clock() {
	c := d.in.Clock
	v := c.Verdict(d.t)
	if v != ClockWarn && v != ClockFail {
		return
	}
	ev := []Evidence{clockEvidence(c)}
	z := AssessTimeZone(c, d.in.Env)
	boost := d.boost(SymptomLoginHangs) + d.boost(SymptomPasswordRejected) + d.boost(SymptomClientCrashOrError)
	if z.Suspected {
		ev = append(ev, zoneEvidence(z))
		sev := SeverityHigh
		if v == ClockWarn {
			sev = SeverityMedium
		}
		d.add(Finding{ID: FindingTimezoneWrong, Severity: sev, Score: scoreTimezone + boost, Evidence: ev})
		return
	}
	if v == ClockFail {
		d.add(Finding{ID: FindingClockSkew, Severity: SeverityHigh, Score: scoreClockFail + boost, Evidence: ev})
		return
	}
	d.add(Finding{ID: FindingClockSkew, Severity: SeverityMedium, Score: scoreClockWarn + boost, Evidence: ev})
}

func (d *diag) environment() {
	env := d.in.Env
	p := d.plat
	outdated, why := browserOutdated(p)
	if p.InApp != InAppNone && p.InApp != "" {
		text := i18n.Text{ZH: "本页是在「" + p.InApp.Label(i18n.ZH) + "」的内置浏览器里打开的，登录页面在这类浏览器里常被限制。",
			EN: "This page is open inside the " + p.InApp.Label(i18n.EN) + " in-app browser, which often restricts login pages."}
		if p.InApp == InAppOther {
			text = i18n.Text{ZH: "本页看起来是在某个 App 的内置浏览器里打开的（浏览器没有报出自己的名字），登录页面在这类浏览器里常被限制。",
				EN: "This page seems to be open in an app's built-in browser (the browser does not name itself), which often restricts login pages."}
		}
		ev := []Evidence{{Check: "user_agent", Observed: string(p.InApp), Text: text}}
		if outdated {
			// An app's old built-in engine is not updated from a browser's
			// settings: leaving the app is the fix, so it is said here.
			ev = append(ev, Evidence{Check: "user_agent", Observed: string(p.Engine) + " " + strconv.Itoa(p.EngineMajor),
				Text: i18n.Text{ZH: why.ZH + "在系统浏览器里打开就不受它影响。", EN: why.EN + " Opening the page in the system browser leaves it behind."}})
			outdated = false
		}
		d.add(Finding{ID: FindingInAppBrowser, Severity: SeverityMedium, Score: scoreInApp + d.boost(SymptomLoginHangs) + d.boost(SymptomSecurityCheck),
			Evidence: ev})
	}
	if env.CookiesEnabled.Norm() == No {
		d.add(Finding{ID: FindingCookiesDisabled, Severity: SeverityHigh, Score: scoreCookies + d.boost(SymptomLoginHangs) + d.boost(SymptomSecurityCheck),
			Evidence: []Evidence{{Check: "cookies", Observed: "no", Text: i18n.Text{ZH: "浏览器报告 Cookie 已被禁用，网页登录无法保持登录状态。",
				EN: "The browser reports that cookies are disabled, so a web login cannot stay signed in."}}}})
	}
	if env.StorageUsable.Norm() == No {
		d.add(Finding{ID: FindingStorageBlocked, Severity: SeverityMedium, Score: scoreStorage + d.boost(SymptomLoginHangs),
			Evidence: []Evidence{{Check: "storage", Observed: "no", Text: i18n.Text{ZH: "本页无法在浏览器里保存数据（可能是无痕模式或禁止了网站数据）。",
				EN: "This page cannot store data in the browser (private mode, or site data is blocked)."}}}})
	}
	if outdated {
		d.add(Finding{ID: FindingBrowserOutdated, Severity: SeverityMedium, Score: scoreOutdated + d.boost(SymptomLoginHangs),
			Evidence: []Evidence{{Check: "user_agent", Observed: string(p.Engine) + " " + strconv.Itoa(p.EngineMajor), Text: why}}})
	}
	if env.SecureContext.Norm() == No {
		d.add(Finding{ID: FindingInsecureContext, Severity: SeverityLow, Score: scoreInsecure,
			Evidence: []Evidence{{Check: "secure_context", Observed: "no", Text: i18n.Text{ZH: "本页不是通过 HTTPS 安全连接打开的。", EN: "This page was not opened over a secure HTTPS connection."}}}})
	}
}

// Minimum engine versions below which the WPS web pages may not work.
const (
	minBlink  = 80
	minGecko  = 78
	minWebKit = 13
)

// browserOutdated judges the engine. It is deliberately lenient: only
// engines several years old are flagged.
func browserOutdated(p Platform) (bool, i18n.Text) {
	name := p.Browser.Label(i18n.ZH)
	nameEN := p.Browser.Label(i18n.EN)
	switch p.Engine {
	case EngineTrident, EngineEdgeHTML:
		return true, i18n.Text{ZH: "「" + name + "」已停止更新，WPS 网页很可能无法正常登录。",
			EN: nameEN + " is no longer updated; WPS web pages are unlikely to work in it."}
	case EngineBlink:
		if p.EngineMajor > 0 && p.EngineMajor < minBlink {
			return true, i18n.Text{ZH: "浏览器内核是 Chromium " + strconv.Itoa(p.EngineMajor) + "，版本过旧。",
				EN: "The browser engine is Chromium " + strconv.Itoa(p.EngineMajor) + ", which is too old."}
		}
	case EngineGecko:
		if p.EngineMajor > 0 && p.EngineMajor < minGecko {
			return true, i18n.Text{ZH: "Firefox 内核版本 " + strconv.Itoa(p.EngineMajor) + " 过旧。",
				EN: "The Firefox engine " + strconv.Itoa(p.EngineMajor) + " is too old."}
		}
	case EngineWebKit:
		if p.EngineMajor > 0 && p.EngineMajor < minWebKit {
			return true, i18n.Text{ZH: "系统或 Safari 版本 " + strconv.Itoa(p.EngineMajor) + " 过旧。",
				EN: "The system or Safari version " + strconv.Itoa(p.EngineMajor) + " is too old."}
		}
	}
	return false, i18n.Text{}
}

// symptomFindings maps the symptoms that become a finding of their own.
var symptomFindings = [...]struct {
	s     Symptom
	id    FindingID
	score int
}{
	{SymptomOrgAccount, FindingOrgAccount, scoreOrgAccount},
	{SymptomAccountLocked, FindingAccountLocked, scoreAccountLocked},
	{SymptomDocsMissing, FindingWrongAccount, scoreWrongAccount},
	{SymptomPasswordRejected, FindingPasswordRejected, scorePasswordRejected},
	{SymptomForgotPassword, FindingForgotPassword, scoreForgotPassword},
	{SymptomCodeNotReceived, FindingCodeNotReceived, scoreCodeNotReceived},
	{SymptomSecurityCheck, FindingSecurityCheck, scoreSecurityCheck},
	{SymptomSignedOutElsewhere, FindingSignedOutElsewhere, scoreSignedOut},
	{SymptomLoginHangs, FindingLoginHangs, scoreSymptomMeasured},
	{SymptomClientCrashOrError, FindingClientProblem, scoreSymptomMeasured},
}

func (d *diag) symptoms() {
	for _, x := range symptomFindings {
		if d.symptom[x.s] {
			d.add(Finding{ID: x.id, Severity: SeverityHigh, Score: x.score, Evidence: []Evidence{symptomEvidence(x.s)}})
		}
	}
	if d.symptom[SymptomCloudDocs] {
		ev := []Evidence{symptomEvidence(SymptomCloudDocs)}
		for _, c := range d.checks {
			if c.Role == RoleCloud && c.Status != StatusPending {
				ev = append(ev, d.checkEvidence(c))
			}
		}
		d.add(Finding{ID: FindingCloudDocs, Severity: SeverityHigh, Score: scoreSymptomMeasured, Evidence: ev})
	}
}
