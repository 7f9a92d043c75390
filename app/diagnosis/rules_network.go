package diagnosis

import (
	"wpscheck/app/i18n"
)

// The rules about the network: offline, blocked or restricted, WPS's own
// trouble, slowness.

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
			Text: i18n.Text{ZH: "本页服务器同时访问 WPS 正常：问题出在你这边的网络到 WPS 的路径上。",
				EN: "This page's server reaches WPS fine at the same time: the problem is on the path from your network to WPS."}})
	} else {
		ev = append(ev, Evidence{Check: "vantage", Observed: "unknown",
			Text: i18n.Text{ZH: "暂时无法从服务器一侧确认 WPS 的状态。", EN: "WPS could not be checked from the server side just now."}})
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
		Text: i18n.Text{ZH: "常用网站打不开，WPS 也连不上，只有少数地址能连上：常见于公司或学校内网，以及还没完成认证的公共 Wi-Fi。",
			EN: "Big websites and WPS both fail while a few addresses get through: typical of a company or school network, or of public Wi-Fi that wants you to sign in first."}})
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
