package diagnosis

import (
	"sort"
	"strconv"
	"strings"

	"wpscheck/app/i18n"
)

// Scores order findings of the same severity; they are part of the
// contract only through the ranking they produce (see Diagnose).
const (
	scoreOffline          = 1000
	scoreOrgAccount       = 940
	scoreAccountLocked    = 920
	scorePasswordRejected = 900
	scoreWrongAccount     = 895
	scoreForgotPassword   = 880
	scoreCodeNotReceived  = 870
	scoreSecurityCheck    = 860
	scoreSignedOut        = 860
	scoreServiceIssue     = 850
	scoreBlockedLogin     = 800
	scoreTimezone         = 700
	scoreClockFail        = 690
	scoreCookies          = 650
	scoreSymptomMeasured  = 640
	scoreBlockedOther     = 600
	scoreInApp            = 600
	scoreSlowMajor        = 500
	scoreClockWarn        = 450
	scoreStorage          = 420
	scoreOutdated         = 400
	scoreSlowMinor        = 300
	scoreInsecure         = 300
	scoreNoIssue          = 200
	scoreCheckerDown      = 100
	scoreIncomplete       = 50
	// symptomBoost lifts measured findings that explain a picked symptom.
	symptomBoost = 50
)

// Diagnose turns the input into findings, most likely first, and returns
// them with the classified checks and the platform they rest on. It never
// returns an empty list: with nothing wrong it returns no_issue_found (or
// checks_incomplete when no probe has finished and the clock is unknown).
//
// Ranking is deterministic: severity (high first), then score (higher
// first), then id. The rules, in short:
//   - offline: every finished probe failed and the control or a baseline
//     was among them, or nothing finished and navigator.onLine is false.
//     Offline outranks everything; probe-based findings are then dropped.
//   - checker_unreachable: the control (this page's server) failed while
//     something else answered: the clock check and the server's vantage
//     may be missing, the rest stands.
//   - wps_service_issue: the server's own fresh probe (Vantage) of a WPS
//     endpoint failed too, and the local probe failed or did not finish.
//   - network_restricted: WPS endpoints fail locally, and so does every
//     baseline, while something (this page's server, say) answers: a network
//     that lets only a few sites through (intranet, Wi-Fi portal), never
//     reported as "the internet works".
//   - login_unreachable: the only WPS endpoints that fail locally (and not
//     at the vantage) are login hosts; wps_blocked: other WPS hosts fail;
//     both only while a baseline site answers.
//   - network_slow: two or more slow answers, a slow login host, or at
//     least half of the answers slow.
//   - timezone_wrong: the clock is off (warn or fail) by whole quarter
//     hours (see AssessTimeZone); else clock_skew (fail high, warn medium).
//   - in_app_browser, cookies_disabled, storage_blocked, browser_outdated,
//     insecure_context: from the environment and platform.
//   - symptoms: org_account, account_locked, wrong_account (from
//     docs_missing), password_rejected, forgot_password, code_not_received,
//     security_check and signed_out_elsewhere rank first (only offline beats
//     them); login_hangs, cloud_docs_unavailable
//     and client_problem (from client_crash_or_error) rank after the
//     high-severity measured causes that can explain them. A picked symptom
//     also lifts the measured findings that explain it.
//   - no_issue_found: no measured problem (symptom findings and the info
//     findings do not count); it points to the client-side fixes.
//
// Evidence names what was observed; checks that failed the same way share
// one line that names their count and hosts.
func Diagnose(in Input) Result {
	d := newDiag(in)
	d.network()
	d.clock()
	d.environment()
	d.symptoms()
	d.conclusion()
	sortFindings(d.out)
	return Result{Checks: d.checks, Platform: d.plat, Findings: d.out}
}

// Result is what Diagnose makes of an Input, computed once: every check
// of the catalog classified (in catalog order), the platform, and the
// findings, most likely first (never empty).
type Result struct {
	Checks   []CheckResult
	Platform Platform
	Findings []Finding
}

type diag struct {
	in       Input
	t        Thresholds
	cat      []Endpoint
	checks   []CheckResult
	plat     Platform
	symptom  map[Symptom]bool
	out      []Finding
	offline  bool
	finished int
}

func newDiag(in Input) *diag {
	d := &diag{in: in, t: in.Thresholds.Normalized(), cat: in.catalog(), checks: in.Checks(),
		plat: DetectPlatform(in.Env), symptom: map[Symptom]bool{}}
	for _, s := range in.Symptoms {
		if s.Valid() {
			d.symptom[s] = true
		}
	}
	for _, c := range d.checks {
		if c.Status != StatusPending {
			d.finished++
		}
	}
	return d
}

func (d *diag) add(f Finding) { d.out = append(d.out, f) }

// measured reports whether a finding comes from a measurement and means
// something is wrong (not a symptom, not an info finding).
func measured(id FindingID) bool {
	switch id {
	case FindingPasswordRejected, FindingAccountLocked, FindingForgotPassword, FindingLoginHangs,
		FindingCloudDocs, FindingClientProblem, FindingCheckerUnreachable, FindingChecksIncomplete, FindingNoIssueFound,
		FindingCodeNotReceived, FindingWrongAccount, FindingOrgAccount, FindingSecurityCheck, FindingSignedOutElsewhere:
		return false
	}
	return true
}

func (d *diag) conclusion() {
	for _, f := range d.out {
		if measured(f.ID) {
			return
		}
	}
	if d.finished == 0 && !d.in.Clock.Known {
		d.add(Finding{ID: FindingChecksIncomplete, Severity: SeverityInfo, Score: scoreIncomplete,
			Evidence: []Evidence{{Check: "probes", Observed: "pending", Text: i18n.Text{ZH: "检测还没有完成，结果暂不完整。", EN: "The checks have not finished yet; results are incomplete."}}}})
		return
	}
	var others []string
	var othersEN []string
	for _, c := range d.checks {
		if c.Status.Bad() {
			n := Label(d.cat, c.ID)
			others, othersEN = append(others, n.ZH), append(othersEN, n.EN)
		}
	}
	text := i18n.Text{ZH: "已完成的网络检测都正常。", EN: "Every network check that finished looked fine."}
	if len(others) > 0 {
		// WPS answered, but not everything did: say so rather than "all fine".
		text = i18n.Text{ZH: "WPS 的检测都正常；另有 " + strconv.Itoa(len(others)) + " 项没有连上（" + strings.Join(others, "、") + "），这不影响 WPS。",
			EN: "The WPS checks looked fine; " + strconv.Itoa(len(others)) + " other check(s) did not connect (" + strings.Join(othersEN, ", ") + "), which does not affect WPS."}
	}
	ev := []Evidence{{Check: "probes", Observed: strconv.Itoa(d.finished) + "/" + strconv.Itoa(len(d.checks)), Text: text}}
	if d.in.Clock.Known {
		ev = append(ev, d.clockNote()) // clockref.go: not judged while the server clock is suspect
	}
	d.add(Finding{ID: FindingNoIssueFound, Severity: SeverityInfo, Score: scoreNoIssue, Evidence: ev})
}

// boost returns symptomBoost when the person picked s.
func (d *diag) boost(s Symptom) int {
	if d.symptom[s] {
		return symptomBoost
	}
	return 0
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := a.Severity.Rank(), b.Severity.Rank(); ra != rb {
			return ra > rb
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.ID < b.ID
	})
}
