package diagnosis

import "strconv"

// Label returns the symptom as the picker shows it.
func (s Symptom) Label(l Lang) string { return symptomLabels[s].In(l) }

// Label returns the severity for people (e.g. 高 / high).
func (s Severity) Label(l Lang) string { return severityLabels[s].In(l) }

// Label returns the probe status for people (e.g. 正常 / OK).
func (s ProbeStatus) Label(l Lang) string { return statusLabels[s].In(l) }

// Label returns the clock verdict for people.
func (v ClockVerdict) Label(l Lang) string { return verdictLabels[v].In(l) }

// Label returns the clock source for people.
func (s ClockSource) Label(l Lang) string { return sourceLabels[s].In(l) }

// Label returns the clock bucket for people.
func (b ClockBucket) Label(l Lang) string { return bucketLabels[b].In(l) }

// Label returns the operating system's name (e.g. 鸿蒙 HarmonyOS).
func (o OS) Label(l Lang) string {
	if t, ok := osLabels[o]; ok {
		return t.In(l)
	}
	return osLabels[OSUnknown].In(l)
}

// Label returns the browser's name.
func (b Browser) Label(l Lang) string {
	if t, ok := browserLabels[b]; ok {
		return t.In(l)
	}
	return browserLabels[BrowserUnknown].In(l)
}

// Label returns the app's name (e.g. 微信 / WeChat); empty for none.
func (a InApp) Label(l Lang) string { return inAppLabels[a].In(l) }

// Label returns the tri-state value for people (是 / 否 / 未知).
func (t Tri) Label(l Lang) string { return triLabels[t.Norm()].In(l) }

// Describe renders the platform in one line, e.g. "Windows 11 · Chrome 120"
// or "鸿蒙 HarmonyOS 4.2 · 微信内置浏览器".
func (p Platform) Describe(l Lang) string {
	s := p.OS.Label(l)
	if p.OSVersion != "" {
		s += " " + p.OSVersion
	}
	if p.InApp != "" && p.InApp != InAppNone {
		return s + " · " + inAppBrowserLabel(p.InApp, l)
	}
	b := p.Browser.Label(l)
	if p.BrowserMajor > 0 {
		b += " " + strconv.Itoa(p.BrowserMajor)
	}
	return s + " · " + b
}

func inAppBrowserLabel(a InApp, l Lang) string {
	if a == InAppOther {
		return tx("App 内置浏览器", "an app's built-in browser").In(l)
	}
	return tx(a.Label(LangZH)+"内置浏览器", a.Label(LangEN)+" in-app browser").In(l)
}
