// Package diagnosis is the brain of the WPS login self-check: the endpoint
// catalog, probe classification, clock maths, user-agent and platform
// detection, the rules that turn observations into ranked findings, the
// bilingual (zh-CN first, English second) knowledge base, the versioned report
// (JSON and plain text) and the short support code.
//
// The package is pure and stdlib-only: no syscall/js, no go-app, no net/http,
// no regexp, no reflection-heavy libraries. The browser layer gathers raw
// observations and calls it; the UI renders what it returns; the server
// validates uploaded reports with ParseReport. Everything is deterministic
// and tested natively.
//
// A typical run in the browser:
//
//	in := diagnosis.Input{Probes: obs, Clock: diagnosis.EstimateClock(samples), Env: env, Symptoms: picked, Vantage: v}
//	p := diagnosis.DetectPlatform(env)
//	for _, f := range diagnosis.Diagnose(in) { // most likely first
//		e := diagnosis.Guide(f.ID)
//		show(e.Title.In(lang), e.Why.In(lang), e.StepsFor(p.OS), f.Evidence)
//	}
//	rep := diagnosis.BuildReport(diagnosis.ReportMeta{AppVersion: v, ClientTimeMS: now, Ticket: t, Lang: lang}, in)
//	text, code := rep.Text(lang), diagnosis.EncodeSupportCode(rep)
//
// Conventions: clock offsets are server − client in ms (positive: the
// device is behind); Environment.TZOffsetMinutes keeps the JavaScript
// getTimezoneOffset sign (Asia/Shanghai = -480); every user-facing text is
// a Text with zh-CN and English.
package diagnosis
