package diagnosis

import (
	"sort"
	"strconv"
	"strings"
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

// Diagnose turns the input into findings, most likely first. It never
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
func Diagnose(in Input) []Finding {
	d := newDiag(in)
	d.network()
	d.clock()
	d.environment()
	d.symptoms()
	d.conclusion()
	sortFindings(d.out)
	return d.out
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

func (d *diag) network() {
	var control, baseline, wps []CheckResult
	anyReachable := false
	for _, c := range d.checks {
		switch {
		case c.Role == RoleControl:
			control = append(control, c)
		case c.Role == RoleBaseline:
			baseline = append(baseline, c)
		case c.Role.IsWPS():
			wps = append(wps, c)
		}
		if c.Status.Reachable() {
			anyReachable = true
		}
	}
	online := d.in.Env.OnLine.Norm()

	// offline
	if d.finished == 0 {
		if online == No {
			d.offline = true
			d.add(Finding{ID: FindingOffline, Severity: SeverityHigh, Score: scoreOffline,
				Evidence: []Evidence{onlineEvidence()}})
		}
		d.serviceIssue(wps)
		return
	}
	if !anyReachable && (anyBad(control) || anyBad(baseline)) {
		d.offline = true
		var bad []CheckResult
		for _, c := range append(append([]CheckResult{}, control...), baseline...) {
			if c.Status.Bad() {
				bad = append(bad, c)
			}
		}
		ev := d.groupedEvidence(bad)
		if online == No {
			ev = append(ev, onlineEvidence())
		}
		d.add(Finding{ID: FindingOffline, Severity: SeverityHigh, Score: scoreOffline, Evidence: ev})
		d.serviceIssue(wps)
		return
	}

	// the page's own server
	if anyBad(control) {
		ev := []Evidence{}
		for _, c := range control {
			if c.Status.Bad() {
				ev = append(ev, d.checkEvidence(c))
			}
		}
		for _, c := range baseline {
			if c.Status.Reachable() {
				ev = append(ev, d.checkEvidence(c))
				break
			}
		}
		d.add(Finding{ID: FindingCheckerUnreachable, Severity: SeverityInfo, Score: scoreCheckerDown, Evidence: ev})
	}

	serviceBad := d.serviceIssue(wps)

	// WPS endpoints that fail only here
	var localBad []CheckResult
	for _, c := range wps {
		if c.Status.Bad() && !serviceBad[c.ID] {
			localBad = append(localBad, c)
		}
	}
	if len(localBad) > 0 {
		d.blocked(localBad, wps, control, baseline)
	}
	d.slow()
}

// serviceIssue adds wps_service_issue when the vantage saw WPS endpoints
// fail that did not answer here either; it returns their ids.
func (d *diag) serviceIssue(wps []CheckResult) map[string]bool {
	bad := map[string]bool{}
	v := d.in.Vantage
	if !v.usable() {
		return bad
	}
	var down, here []CheckResult
	login := false
	for _, c := range wps {
		vs, ok := v.Endpoints[c.ID]
		if !ok || !vs.Bad() || c.Status.Reachable() {
			continue
		}
		bad[c.ID] = true
		login = login || c.Role == RoleLogin
		down = append(down, CheckResult{ID: c.ID, Role: c.Role, Status: vs})
		if c.Status.Bad() {
			here = append(here, c)
		}
	}
	if len(bad) == 0 {
		return bad
	}
	ev := append(d.vantageEvidence(down), d.groupedEvidence(here)...)
	sev := SeverityMedium
	if login || len(bad) >= 2 {
		sev = SeverityHigh
	}
	d.add(Finding{ID: FindingWPSServiceIssue, Severity: sev, Score: scoreServiceIssue, Evidence: ev})
	return bad
}

func (d *diag) blocked(localBad, wps, control, baseline []CheckResult) {
	if d.restricted(localBad, control, baseline) {
		return
	}
	allLogin := true
	for _, c := range localBad {
		if c.Role != RoleLogin {
			allLogin = false
		}
	}
	ev := d.groupedEvidence(localBad)
	// What still works tells the person it is their path to WPS.
	ev = append(ev, d.groupedEvidence(baseline)...)
	if len(baseline) == 0 {
		for _, c := range control {
			if c.Status.Reachable() {
				ev = append(ev, d.checkEvidence(c))
			}
		}
	}
	vantageOK := d.in.Vantage.usable()
	for _, c := range localBad {
		if vs, ok := d.in.Vantage.Endpoints[c.ID]; !ok || !vs.Reachable() {
			vantageOK = false
		}
	}
	if vantageOK {
		ev = append(ev, Evidence{Check: "vantage", Observed: "ok",
			Text: tx("本页服务器同时访问 WPS 正常：问题出在你这边的网络到 WPS 的路径上。",
				"This page's server reaches WPS fine at the same time: the problem is on the path from your network to WPS.")})
	} else {
		ev = append(ev, Evidence{Check: "vantage", Observed: "unknown",
			Text: tx("暂时无法从服务器一侧确认 WPS 的状态。", "WPS could not be checked from the server side just now.")})
	}
	if allLogin {
		// The first login endpoint of the catalog is the primary one (the
		// China login for the default catalog): losing it, or every login
		// endpoint, stops sign-in.
		loginTotal, loginBad, primaryBad := 0, 0, false
		first := true
		for _, c := range wps {
			if c.Role != RoleLogin {
				continue
			}
			if first && c.Status.Bad() {
				primaryBad = true
			}
			first = false
			if c.Status != StatusPending {
				loginTotal++
				if c.Status.Bad() {
					loginBad++
				}
			}
		}
		sev, score := SeverityMedium, scoreBlockedOther
		if primaryBad || loginBad == loginTotal {
			sev, score = SeverityHigh, scoreBlockedLogin
		}
		d.add(Finding{ID: FindingLoginUnreachable, Severity: sev, Score: score + d.boost(SymptomLoginHangs), Evidence: ev})
		return
	}
	ran, login, cloud := 0, false, false
	for _, c := range wps {
		if c.Status != StatusPending {
			ran++
		}
	}
	for _, c := range localBad {
		login = login || c.Role == RoleLogin
		cloud = cloud || c.Role == RoleCloud
	}
	sev, score := SeverityMedium, scoreBlockedOther
	if login || 2*len(localBad) >= ran || (cloud && d.symptom[SymptomCloudDocs]) {
		sev, score = SeverityHigh, scoreBlockedLogin
	}
	if login {
		score += d.boost(SymptomLoginHangs)
	}
	if cloud {
		score += d.boost(SymptomCloudDocs)
	}
	d.add(Finding{ID: FindingWPSBlocked, Severity: sev, Score: score, Evidence: ev})
}

// restricted adds network_restricted when WPS endpoints fail and every
// baseline that finished failed too while something else answered: only
// this page gets through, so "the internet works" would be untrue. It
// reports whether it did.
func (d *diag) restricted(localBad, control, baseline []CheckResult) bool {
	finished := 0
	var bad []CheckResult
	for _, c := range baseline {
		if c.Status == StatusPending {
			continue
		}
		finished++
		if !c.Status.Bad() {
			return false
		}
		bad = append(bad, c)
	}
	if finished == 0 {
		return false
	}
	var ev []Evidence
	for _, c := range control {
		if c.Status.Reachable() {
			ev = append(ev, d.checkEvidence(c))
		}
	}
	ev = append(ev, d.groupedEvidence(bad)...)
	ev = append(ev, d.groupedEvidence(localBad)...)
	ev = append(ev, Evidence{Check: "baseline", Observed: "fail",
		Text: tx("常用网站打不开，WPS 也连不上，只有少数地址能连上：常见于公司或学校内网，以及还没完成认证的公共 Wi-Fi。",
			"Big websites and WPS both fail while a few addresses get through: typical of a company or school network, or of public Wi-Fi that wants you to sign in first.")})
	d.add(Finding{ID: FindingNetworkRestricted, Severity: SeverityHigh,
		Score: scoreBlockedLogin + d.boost(SymptomLoginHangs) + d.boost(SymptomCloudDocs), Evidence: ev})
	return true
}

func (d *diag) slow() {
	var slow []CheckResult
	reachable, loginSlow := 0, false
	for _, c := range d.checks {
		if c.Status.Reachable() {
			reachable++
		}
		if c.Status == StatusSlow {
			slow = append(slow, c)
			loginSlow = loginSlow || c.Role == RoleLogin
		}
	}
	if len(slow) == 0 || !(len(slow) >= 2 || loginSlow || 2*len(slow) >= reachable) {
		return
	}
	ev := make([]Evidence, 0, len(slow))
	for _, c := range slow {
		ev = append(ev, d.checkEvidence(c))
	}
	sev, score := SeverityLow, scoreSlowMinor
	if loginSlow || 2*len(slow) >= reachable {
		sev, score = SeverityMedium, scoreSlowMajor
	}
	d.add(Finding{ID: FindingNetworkSlow, Severity: sev, Score: score + d.boost(SymptomLoginHangs) + d.boost(SymptomCloudDocs), Evidence: ev})
}

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
		text := tx("本页是在「"+p.InApp.Label(LangZH)+"」的内置浏览器里打开的，登录页面在这类浏览器里常被限制。",
			"This page is open inside the "+p.InApp.Label(LangEN)+" in-app browser, which often restricts login pages.")
		if p.InApp == InAppOther {
			text = tx("本页看起来是在某个 App 的内置浏览器里打开的（浏览器没有报出自己的名字），登录页面在这类浏览器里常被限制。",
				"This page seems to be open in an app's built-in browser (the browser does not name itself), which often restricts login pages.")
		}
		ev := []Evidence{{Check: "user_agent", Observed: string(p.InApp), Text: text}}
		if outdated {
			// An app's old built-in engine is not updated from a browser's
			// settings: leaving the app is the fix, so it is said here.
			ev = append(ev, Evidence{Check: "user_agent", Observed: string(p.Engine) + " " + strconv.Itoa(p.EngineMajor),
				Text: tx(why.ZH+"在系统浏览器里打开就不受它影响。", why.EN+" Opening the page in the system browser leaves it behind.")})
			outdated = false
		}
		d.add(Finding{ID: FindingInAppBrowser, Severity: SeverityMedium, Score: scoreInApp + d.boost(SymptomLoginHangs) + d.boost(SymptomSecurityCheck),
			Evidence: ev})
	}
	if env.CookiesEnabled.Norm() == No {
		d.add(Finding{ID: FindingCookiesDisabled, Severity: SeverityHigh, Score: scoreCookies + d.boost(SymptomLoginHangs) + d.boost(SymptomSecurityCheck),
			Evidence: []Evidence{{Check: "cookies", Observed: "no",
				Text: tx("浏览器报告 Cookie 已被禁用，网页登录无法保持登录状态。",
					"The browser reports that cookies are disabled, so a web login cannot stay signed in.")}}})
	}
	if env.StorageUsable.Norm() == No {
		d.add(Finding{ID: FindingStorageBlocked, Severity: SeverityMedium, Score: scoreStorage + d.boost(SymptomLoginHangs),
			Evidence: []Evidence{{Check: "storage", Observed: "no",
				Text: tx("本页无法在浏览器里保存数据（可能是无痕模式或禁止了网站数据）。",
					"This page cannot store data in the browser (private mode, or site data is blocked).")}}})
	}
	if outdated {
		d.add(Finding{ID: FindingBrowserOutdated, Severity: SeverityMedium, Score: scoreOutdated + d.boost(SymptomLoginHangs),
			Evidence: []Evidence{{Check: "user_agent", Observed: string(p.Engine) + " " + strconv.Itoa(p.EngineMajor), Text: why}}})
	}
	if env.SecureContext.Norm() == No {
		d.add(Finding{ID: FindingInsecureContext, Severity: SeverityLow, Score: scoreInsecure,
			Evidence: []Evidence{{Check: "secure_context", Observed: "no",
				Text: tx("本页不是通过 HTTPS 安全连接打开的。", "This page was not opened over a secure HTTPS connection.")}}})
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
func browserOutdated(p Platform) (bool, Text) {
	name := p.Browser.Label(LangZH)
	nameEN := p.Browser.Label(LangEN)
	switch p.Engine {
	case EngineTrident, EngineEdgeHTML:
		return true, tx("「"+name+"」已停止更新，WPS 网页很可能无法正常登录。",
			nameEN+" is no longer updated; WPS web pages are unlikely to work in it.")
	case EngineBlink:
		if p.EngineMajor > 0 && p.EngineMajor < minBlink {
			return true, tx("浏览器内核是 Chromium "+strconv.Itoa(p.EngineMajor)+"，版本过旧。",
				"The browser engine is Chromium "+strconv.Itoa(p.EngineMajor)+", which is too old.")
		}
	case EngineGecko:
		if p.EngineMajor > 0 && p.EngineMajor < minGecko {
			return true, tx("Firefox 内核版本 "+strconv.Itoa(p.EngineMajor)+" 过旧。",
				"The Firefox engine "+strconv.Itoa(p.EngineMajor)+" is too old.")
		}
	case EngineWebKit:
		if p.EngineMajor > 0 && p.EngineMajor < minWebKit {
			return true, tx("系统或 Safari 版本 "+strconv.Itoa(p.EngineMajor)+" 过旧。",
				"The system or Safari version "+strconv.Itoa(p.EngineMajor)+" is too old.")
		}
	}
	return false, Text{}
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
			Evidence: []Evidence{{Check: "probes", Observed: "pending",
				Text: tx("检测还没有完成，结果暂不完整。", "The checks have not finished yet; results are incomplete.")}}})
		return
	}
	var others []string
	var othersEN []string
	for _, c := range d.checks {
		if c.Status.Bad() {
			n := d.checkName(c)
			others, othersEN = append(others, n.ZH), append(othersEN, n.EN)
		}
	}
	text := tx("已完成的网络检测都正常。", "Every network check that finished looked fine.")
	if len(others) > 0 {
		// WPS answered, but not everything did: say so rather than "all fine".
		text = tx("WPS 的检测都正常；另有 "+strconv.Itoa(len(others))+" 项没有连上（"+strings.Join(others, "、")+"），这不影响 WPS。",
			"The WPS checks looked fine; "+strconv.Itoa(len(others))+" other check(s) did not connect ("+strings.Join(othersEN, ", ")+"), which does not affect WPS.")
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

func anyBad(cs []CheckResult) bool {
	for _, c := range cs {
		if c.Status.Bad() {
			return true
		}
	}
	return false
}

// hostOf returns the host of an endpoint URL, or the URL for a path.
func hostOf(u string) string {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		return u
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// quickRejectMS: a rejection this fast was refused locally (a filter,
// security software, a DNS failure), not lost on the way.
const quickRejectMS = 300

func (d *diag) checkEvidence(c CheckResult) Evidence {
	e, ok := catalogIndex(d.cat, c.ID)
	label := Text{ZH: c.ID, EN: c.ID}
	where := c.ID
	if ok {
		if e.Label.ZH != "" || e.Label.EN != "" {
			label = e.Label
		}
		where = hostOf(e.URL)
	}
	zh := label.ZH + "（" + where + "）："
	en := label.EN + " (" + where + "): "
	obs := string(c.Status)
	switch c.Status {
	case StatusOK:
		zh += "正常，用时 " + msZH(c.LatencyMS)
		en += "OK in " + msEN(c.LatencyMS)
		obs += " " + strconv.FormatInt(c.LatencyMS, 10) + " ms"
	case StatusSlow:
		zh += "能连上，但用了 " + msZH(c.LatencyMS)
		en += "answered, but took " + msEN(c.LatencyMS)
		obs += " " + strconv.FormatInt(c.LatencyMS, 10) + " ms"
	case StatusTimeout:
		zh += msZH(c.LatencyMS) + "内没有响应"
		en += "no answer within " + msEN(c.LatencyMS)
		obs += " " + strconv.FormatInt(c.LatencyMS, 10) + " ms"
	case StatusFail:
		zh += "连接失败"
		en += "failed"
		if c.LatencyMS < quickRejectMS {
			zh += "，而且是立即被拒绝（常见于拦截插件、安全软件或域名解析失败）"
			en += " at once (typical of a blocker extension, security software or a DNS failure)"
		}
		if c.Detail != "" {
			// The browser's own error text ("TypeError: Failed to fetch")
			// means nothing to a person: it stays in the observed value
			// (report, support view), not in the sentence.
			obs += ": " + c.Detail
		}
	default:
		zh += "检测尚未完成"
		en += "not finished"
	}
	return Evidence{Check: c.ID, Observed: obs, Text: Text{ZH: zh + "。", EN: en + "."}}
}

// vantageEvidence says which endpoints this page's server could not reach
// either: one line per endpoint, or one line for all of them.
func (d *diag) vantageEvidence(down []CheckResult) []Evidence {
	if len(down) == 1 {
		c := down[0]
		label := d.checkName(c)
		return []Evidence{{Check: "vantage", Observed: c.ID + " " + string(c.Status),
			Text: tx("本页服务器自己访问「"+label.ZH+"」也失败了（"+c.Status.Label(LangZH)+"）：不是你这边的问题。",
				"This page's server cannot reach "+label.EN+" either ("+c.Status.Label(LangEN)+"): it is not on your side.")}}
	}
	var ids, zh, en []string
	for _, c := range down {
		n := d.checkName(c)
		ids, zh, en = append(ids, c.ID+" "+string(c.Status)), append(zh, n.ZH), append(en, n.EN)
	}
	n := strconv.Itoa(len(down))
	return []Evidence{{Check: "vantage", Observed: strings.Join(ids, ", "),
		Text: tx("本页服务器自己访问这 "+n+" 个地址也失败了（"+strings.Join(zh, "、")+"）：不是你这边的问题。",
			"This page's server cannot reach these "+n+" addresses either ("+strings.Join(en, ", ")+"): it is not on your side.")}}
}

// checkName is how an evidence line names a check: its catalog label (the
// id for an unknown one).
func (d *diag) checkName(c CheckResult) Text {
	if e, ok := catalogIndex(d.cat, c.ID); ok && (e.Label.ZH != "" || e.Label.EN != "") {
		return e.Label
	}
	return EndpointLabel(c.ID)
}

// failKey groups checks that failed the same way ("" for a check that
// answered or is pending: it keeps a line of its own). A refusal is a
// refusal however fast it came: the speed only colours the sentence.
func failKey(c CheckResult) string {
	if c.Status.Bad() {
		return string(c.Status)
	}
	return ""
}

// groupedEvidence describes checks in order, one line each, except that
// two or more checks that failed the same way share one line naming their
// count and where they point: eleven hosts refused by one filter read as
// one sentence, not eleven identical ones.
func (d *diag) groupedEvidence(cs []CheckResult) []Evidence {
	var out []Evidence
	done := map[string]bool{}
	for _, c := range cs {
		k := failKey(c)
		if k == "" {
			out = append(out, d.checkEvidence(c))
			continue
		}
		if done[k] {
			continue
		}
		var same []CheckResult
		for _, x := range cs {
			if failKey(x) == k {
				same = append(same, x)
			}
		}
		done[k] = true
		if len(same) == 1 {
			out = append(out, d.checkEvidence(c))
			continue
		}
		out = append(out, d.groupEvidence(k, same))
	}
	return out
}

// groupEvidence is the one line of checks that failed the same way.
func (d *diag) groupEvidence(key string, cs []CheckResult) Evidence {
	var ids, zh, en []string
	least, quick := cs[0].LatencyMS, 0
	for _, c := range cs {
		ids = append(ids, c.ID)
		where := d.where(c)
		zh, en = append(zh, where.ZH), append(en, where.EN)
		least = min(least, c.LatencyMS)
		if c.LatencyMS < quickRejectMS {
			quick++
		}
	}
	n := strconv.Itoa(len(cs))
	why := Text{"常见于拦截插件、安全软件或域名解析失败", "typical of a blocker extension, security software or a DNS failure"}
	var how Text
	switch {
	case key == string(StatusTimeout):
		how = Text{"在 " + msZH(least) + "内都没有响应", "gave no answer within " + msEN(least)}
	case quick == len(cs):
		how = Text{"都是立即被拒绝（" + why.ZH + "）", "were all refused at once (" + why.EN + ")"}
	case quick > 0:
		q := strconv.Itoa(quick)
		how = Text{"都连接失败，其中 " + q + " 个是立即被拒绝（" + why.ZH + "）", "all failed to connect, " + q + " of them refused at once (" + why.EN + ")"}
	default:
		how = Text{"都连接失败", "all failed to connect"}
	}
	return Evidence{Check: "checks", Observed: key + " ×" + n + ": " + strings.Join(ids, " "),
		Text: Text{ZH: "这 " + n + " 个地址" + how.ZH + "：" + strings.Join(zh, "、") + "。",
			EN: "These " + n + " addresses " + how.EN + ": " + strings.Join(en, ", ") + "."}}
}

// where names where a check points: its host, or its label for a
// same-origin path (this page's own server).
func (d *diag) where(c CheckResult) Text {
	if e, ok := catalogIndex(d.cat, c.ID); ok && strings.HasPrefix(e.URL, "https://") {
		h := hostOf(e.URL)
		return Text{ZH: h, EN: h}
	}
	return d.checkName(c)
}

func onlineEvidence() Evidence {
	return Evidence{Check: "online", Observed: "no",
		Text: tx("浏览器报告当前没有联网。", "The browser reports that it is offline.")}
}

// symptomEvidence is kept out of line (it is used at six places).
//
//go:noinline
func symptomEvidence(s Symptom) Evidence {
	return Evidence{Check: "symptom", Observed: string(s),
		Text: tx("你选择的情况：「"+s.Label(LangZH)+"」。", "What you told us: “"+s.Label(LangEN)+"”.")}
}

func clockEvidence(c ClockEstimate) Evidence {
	obs := FormatOffset(c.OffsetMS) + " ± " + strconv.FormatInt(c.UncertaintyMS, 10) + " ms (" + string(c.Source) + ")"
	a := absInt64(c.OffsetMS)
	var zh, en string
	switch {
	case a < 1000:
		zh, en = "设备时钟与服务器基本一致", "The device clock matches the server"
	case c.OffsetMS > 0:
		zh, en = "设备时钟比服务器慢了 "+durZH(a), "The device clock is "+durEN(a)+" behind the server"
	default:
		zh, en = "设备时钟比服务器快了 "+durZH(a), "The device clock is "+durEN(a)+" ahead of the server"
	}
	zh += "（误差约 ±" + msZH(c.UncertaintyMS) + "，依据：" + c.Source.Label(LangZH) + "）。"
	en += " (±" + msEN(c.UncertaintyMS) + ", from the " + c.Source.Label(LangEN) + ")."
	return Evidence{Check: "clock", Observed: obs, Text: Text{ZH: zh, EN: en}}
}

func zoneEvidence(z ZoneAssessment) Evidence {
	shift := z.ClockAheadMinutes
	obs := z.BrowserZone
	if z.BrowserOffsetKnown {
		obs += " " + FormatUTCOffset(z.BrowserUTCOffsetMinutes)
	}
	obs = strings.TrimSpace(obs + " shift " + strconv.Itoa(shift) + " min")
	dir, dirEN := "快", "ahead"
	if shift < 0 {
		dir, dirEN = "慢", "behind"
	}
	amount := durZH(int64(absInt(shift)) * 60_000)
	amountEN := durEN(int64(absInt(shift)) * 60_000)
	var zh, en string
	if z.BrowserOffsetKnown {
		zone := z.BrowserZone
		if zone == "" {
			zone = "（未报告名称）"
		}
		zoneEN := z.BrowserZone
		if zoneEN == "" {
			zoneEN = "(no name reported)"
		}
		zh = "浏览器报告的时区是 " + zone + "（" + FormatUTCOffset(z.BrowserUTCOffsetMinutes) + "），而设备时钟正好" + dir + "了 " + amount +
			"。如果屏幕上显示的钟点是对的，那么是时区设错了：按显示的时间推算，你所在地的时区应为 " + FormatUTCOffset(z.ImpliedUTCOffsetMinutes)
		en = "The browser reports the time zone " + zoneEN + " (" + FormatUTCOffset(z.BrowserUTCOffsetMinutes) + "), and the device clock is exactly " + amountEN + " " + dirEN +
			". If the time on screen looks right, the time zone is wrong: the time shown fits " + FormatUTCOffset(z.ImpliedUTCOffsetMinutes)
		if ex := exampleZone(z.ImpliedUTCOffsetMinutes); ex != "" {
			zh += "（例如 " + ex + "）"
			en += " (for example " + ex + ")"
		}
		zh += "。"
		en += "."
	} else {
		zh = "设备时钟正好" + dir + "了 " + amount + "（整刻钟的倍数），这通常是时区设错，而不是时间本身错了；浏览器没有报告时区。"
		en = "The device clock is exactly " + amountEN + " " + dirEN + " (whole quarter hours), which usually means a wrong time zone rather than a wrong clock; the browser reported no time zone."
	}
	return Evidence{Check: "time_zone", Observed: obs, Text: Text{ZH: zh, EN: en}}
}

// exampleZone names a common zone for an east-positive UTC offset.
func exampleZone(min int) string {
	switch min {
	case 480:
		return "Asia/Shanghai"
	case 0:
		return "Europe/London"
	case 60:
		return "Europe/Berlin"
	case 330:
		return "Asia/Kolkata"
	case 420:
		return "Asia/Bangkok"
	case 540:
		return "Asia/Tokyo"
	case 600:
		return "Australia/Sydney"
	case -300:
		return "America/New_York"
	case -480:
		return "America/Los_Angeles"
	}
	return ""
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// msZH and msEN format a short duration in ms for evidence texts.
func msZH(ms int64) string {
	if ms < 1000 {
		return strconv.FormatInt(ms, 10) + " 毫秒"
	}
	return secs(ms) + " 秒"
}

func msEN(ms int64) string {
	if ms < 1000 {
		return strconv.FormatInt(ms, 10) + " ms"
	}
	return secs(ms) + " s"
}

// secs formats ms as seconds with one decimal when it matters.
func secs(ms int64) string {
	if ms%1000 == 0 || ms >= 60_000 {
		return strconv.FormatInt((ms+500)/1000, 10)
	}
	return strconv.FormatInt(ms/1000, 10) + "." + strconv.FormatInt(ms%1000/100, 10)
}

// durUnits names the units of a clock offset in one language.
type durUnits struct{ sec, min, minShort, hour, hourShort, day string }

var (
	unitsZH = durUnits{sec: " 秒", min: " 分钟", minShort: " 分", hour: " 小时", hourShort: " 小时", day: " 天"}
	unitsEN = durUnits{sec: " s", min: " min", minShort: " min", hour: " h", hourShort: " h", day: " days"}
)

// durZH and durEN format a clock offset magnitude for people.
func durZH(ms int64) string { return dur(ms, unitsZH) }
func durEN(ms int64) string { return dur(ms, unitsEN) }

// dur formats ms with its two largest units: seconds below a minute,
// minutes and seconds below an hour, hours and minutes below two days,
// then days and hours.
func dur(ms int64, u durUnits) string {
	n := strconv.FormatInt
	switch {
	case ms < 60_000:
		return secs(ms) + u.sec
	case ms < 3600_000:
		s := roundDiv(ms, 1000)
		if s%60 == 0 {
			return n(s/60, 10) + u.min
		}
		return n(s/60, 10) + u.minShort + " " + n(s%60, 10) + u.sec
	case ms < 48*3600_000:
		m := roundDiv(ms, 60_000)
		if m%60 == 0 {
			return n(m/60, 10) + u.hour
		}
		return n(m/60, 10) + u.hourShort + " " + n(m%60, 10) + u.min
	}
	h := roundDiv(ms, 3600_000)
	if h%24 == 0 {
		return n(h/24, 10) + u.day
	}
	return n(h/24, 10) + u.day + " " + n(h%24, 10) + u.hourShort
}
