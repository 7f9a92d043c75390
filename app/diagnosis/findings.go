package diagnosis

import "wpscheck/app/i18n"

// Symptom is what the person says happens — what no browser can test.
type Symptom string

// The symptoms a person can pick.
const (
	SymptomPasswordRejected   Symptom = "password_rejected"      // “用户名或密码错误”
	SymptomAccountLocked      Symptom = "account_locked"         // “账号被锁定/冻结”
	SymptomLoginHangs         Symptom = "login_hangs"            // login screen stuck or no response
	SymptomCloudDocs          Symptom = "cloud_docs_unavailable" // cloud documents do not open
	SymptomClientCrashOrError Symptom = "client_crash_or_error"  // the WPS client crashes or errors
	SymptomForgotPassword     Symptom = "forgot_password"
	SymptomOther              Symptom = "other"
	SymptomCodeNotReceived    Symptom = "code_not_received"    // SMS or e-mail code does not arrive
	SymptomDocsMissing        Symptom = "docs_missing"         // signed in, but the cloud documents are gone
	SymptomOrgAccount         Symptom = "org_account"          // WPS 365, enterprise, self-hosted or school account
	SymptomSecurityCheck      Symptom = "security_check"       // new-device check or slider puzzle does not pass
	SymptomSignedOutElsewhere Symptom = "signed_out_elsewhere" // “signed in elsewhere”, then signed out
)

// AllSymptoms lists the symptoms in support-code order (append only).
func AllSymptoms() []Symptom {
	return []Symptom{SymptomPasswordRejected, SymptomAccountLocked, SymptomLoginHangs, SymptomCloudDocs,
		SymptomClientCrashOrError, SymptomForgotPassword, SymptomOther, SymptomCodeNotReceived, SymptomDocsMissing,
		SymptomOrgAccount, SymptomSecurityCheck, SymptomSignedOutElsewhere}
}

// PickerSymptoms lists the symptoms in the order the picker shows them:
// the catch-all “something else” last.
func PickerSymptoms() []Symptom {
	return []Symptom{SymptomPasswordRejected, SymptomForgotPassword, SymptomCodeNotReceived, SymptomAccountLocked,
		SymptomSecurityCheck, SymptomLoginHangs, SymptomClientCrashOrError, SymptomCloudDocs, SymptomDocsMissing,
		SymptomSignedOutElsewhere, SymptomOrgAccount, SymptomOther}
}

// Valid reports whether s is one of AllSymptoms.
func (s Symptom) Valid() bool { return symptomIndex(s) >= 0 }

func symptomIndex(s Symptom) int {
	for i, x := range AllSymptoms() {
		if s == x {
			return i
		}
	}
	return -1
}

// Vantage is the page server's own probe of the WPS endpoints (from its
// /api/status), telling "WPS is down for everyone" from "only you".
type Vantage struct {
	// Known is false when the server had no result or could not be asked.
	Known bool `json:"known"`
	// AgeSeconds is how old the server's result is; results older than
	// MaxVantageAgeSeconds are ignored.
	AgeSeconds int64 `json:"age_seconds"`
	// Endpoints maps endpoint ids to the server's status for them.
	Endpoints map[string]ProbeStatus `json:"endpoints"`
}

// MaxVantageAgeSeconds is the age beyond which a vantage result is stale.
const MaxVantageAgeSeconds = 900

// usable reports whether the vantage result can be trusted.
func (v Vantage) usable() bool {
	return v.Known && v.AgeSeconds >= 0 && v.AgeSeconds <= MaxVantageAgeSeconds && len(v.Endpoints) > 0
}

// Input is everything Diagnose and BuildReport need. Zero values are
// meaningful: no catalog means DefaultCatalog, zero thresholds the defaults,
// a zero ClockEstimate is unknown, a zero Vantage is unknown.
type Input struct {
	Catalog    []Endpoint         `json:"catalog,omitempty"`
	Thresholds Thresholds         `json:"thresholds"`
	Probes     []ProbeObservation `json:"probes"`
	Clock      ClockEstimate      `json:"clock"`
	Env        Environment        `json:"env"`
	Symptoms   []Symptom          `json:"symptoms"`
	Vantage    Vantage            `json:"vantage"`
}

// Severity ranks findings: high first, info last.
type Severity string

// The severities.
const (
	SeverityHigh   Severity = "high"
	SeverityMedium Severity = "medium"
	SeverityLow    Severity = "low"
	SeverityInfo   Severity = "info"
)

// Rank returns 3 for high down to 0 for info (and -1 for an unknown value).
func (s Severity) Rank() int {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	case SeverityInfo:
		return 0
	}
	return -1
}

// FindingID is the stable id of a finding; tests, tools, reports and the
// support code rely on it.
type FindingID string

// The finding ids. The order of AllFindingIDs is the support code's
// numbering: append only.
const (
	FindingOffline            FindingID = "offline"
	FindingWPSBlocked         FindingID = "wps_blocked"
	FindingWPSServiceIssue    FindingID = "wps_service_issue"
	FindingLoginUnreachable   FindingID = "login_unreachable"
	FindingNetworkSlow        FindingID = "network_slow"
	FindingClockSkew          FindingID = "clock_skew"
	FindingTimezoneWrong      FindingID = "timezone_wrong"
	FindingInAppBrowser       FindingID = "in_app_browser"
	FindingCookiesDisabled    FindingID = "cookies_disabled"
	FindingStorageBlocked     FindingID = "storage_blocked"
	FindingBrowserOutdated    FindingID = "browser_outdated"
	FindingInsecureContext    FindingID = "insecure_context"
	FindingPasswordRejected   FindingID = "password_rejected"
	FindingAccountLocked      FindingID = "account_locked"
	FindingLoginHangs         FindingID = "login_hangs"
	FindingCloudDocs          FindingID = "cloud_docs_unavailable"
	FindingClientProblem      FindingID = "client_problem"
	FindingNoIssueFound       FindingID = "no_issue_found"
	FindingForgotPassword     FindingID = "forgot_password"
	FindingCheckerUnreachable FindingID = "checker_unreachable"
	FindingChecksIncomplete   FindingID = "checks_incomplete"
	FindingNetworkRestricted  FindingID = "network_restricted"
	FindingCodeNotReceived    FindingID = "code_not_received"
	FindingWrongAccount       FindingID = "wrong_account"
	FindingOrgAccount         FindingID = "org_account"
	FindingSecurityCheck      FindingID = "security_check"
	FindingSignedOutElsewhere FindingID = "signed_out_elsewhere"
)

// AllFindingIDs lists every finding id in support-code order.
func AllFindingIDs() []FindingID {
	return []FindingID{FindingOffline, FindingWPSBlocked, FindingWPSServiceIssue, FindingLoginUnreachable,
		FindingNetworkSlow, FindingClockSkew, FindingTimezoneWrong, FindingInAppBrowser, FindingCookiesDisabled,
		FindingStorageBlocked, FindingBrowserOutdated, FindingInsecureContext, FindingPasswordRejected,
		FindingAccountLocked, FindingLoginHangs, FindingCloudDocs, FindingClientProblem, FindingNoIssueFound,
		FindingForgotPassword, FindingCheckerUnreachable, FindingChecksIncomplete, FindingNetworkRestricted,
		FindingCodeNotReceived, FindingWrongAccount, FindingOrgAccount, FindingSecurityCheck, FindingSignedOutElsewhere}
}

// Valid reports whether id is one of AllFindingIDs.
func (id FindingID) Valid() bool { return findingIndex(id) >= 0 }

func findingIndex(id FindingID) int {
	for i, x := range AllFindingIDs() {
		if id == x {
			return i
		}
	}
	return -1
}

// Evidence is one observation behind a finding: which check, what it saw,
// and a sentence for people ("what we saw").
type Evidence struct {
	// Check is an endpoint id, or one of "clock", "time_zone", "online",
	// "cookies", "storage", "secure_context", "user_agent", "symptom",
	// "vantage".
	Check string `json:"check"`
	// Observed is the raw value, e.g. "timeout", "fail: TypeError…",
	// "+3 h 00 min ± 40 ms", "no", "wechat".
	Observed string    `json:"observed"`
	Text     i18n.Text `json:"text"`
}

// Finding is one likely cause, as Diagnose ranks it. Score orders findings
// of the same severity (higher first); Evidence says what it rests on.
type Finding struct {
	ID       FindingID  `json:"id"`
	Severity Severity   `json:"severity"`
	Score    int        `json:"score"`
	Evidence []Evidence `json:"evidence"`
}
