package storetest

import (
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
	"wpscheck/server/reports"
)

// weighted is a value and how often it comes up, relative to its peers.
type weighted[T any] struct {
	v T
	w int
}

// pick draws one of xs by weight.
func pick[T any](rng *rand.Rand, xs []weighted[T]) T {
	total := 0
	for _, x := range xs {
		total += x.w
	}
	n := rng.IntN(total)
	for _, x := range xs {
		if n -= x.w; n < 0 {
			return x.v
		}
	}
	return xs[len(xs)-1].v
}

// The mix of a synthetic day: most people have no fault the page can see,
// blocked WPS hosts and slow networks come next, then clocks and in-app
// browsers; every other finding turns up now and then.
var (
	synthFindings = func() []weighted[diagnosis.FindingID] {
		xs := []weighted[diagnosis.FindingID]{{diagnosis.FindingNoIssueFound, 300}, {diagnosis.FindingWPSBlocked, 150},
			{diagnosis.FindingNetworkSlow, 100}, {diagnosis.FindingClockSkew, 70}, {diagnosis.FindingInAppBrowser, 70},
			{diagnosis.FindingLoginUnreachable, 50}, {diagnosis.FindingTimezoneWrong, 40}, {diagnosis.FindingPasswordRejected, 40}}
		for _, id := range diagnosis.AllFindingIDs() {
			xs = append(xs, weighted[diagnosis.FindingID]{id, 5})
		}
		return xs
	}()
	synthOS = []weighted[diagnosis.OS]{{diagnosis.OSWindows, 40}, {diagnosis.OSAndroid, 25}, {diagnosis.OSIOS, 14},
		{diagnosis.OSMacOS, 8}, {diagnosis.OSHarmonyOS, 7}, {diagnosis.OSLinux, 2}, {diagnosis.OSIPadOS, 1}, {diagnosis.OSUnknown, 3}}
	synthInApp = []weighted[diagnosis.InApp]{{diagnosis.InAppNone, 80}, {diagnosis.InAppWeChat, 12}, {diagnosis.InAppDingTalk, 3},
		{diagnosis.InAppQQ, 2}, {diagnosis.InAppWxWork, 2}, {diagnosis.InAppOther, 1}}
	synthBrowser = []weighted[diagnosis.Browser]{{diagnosis.BrowserChrome, 45}, {diagnosis.BrowserEdge, 15},
		{diagnosis.BrowserSafari, 15}, {diagnosis.BrowserHuawei, 8}, {diagnosis.BrowserQQ, 7}, {diagnosis.BrowserUC, 5},
		{diagnosis.BrowserFirefox, 3}, {diagnosis.BrowserWebView, 2}}
)

// Synthetic yields n records spread evenly at random over [end−span, end),
// in no particular order, each with a valid report body (about 1.4 KB of
// compact JSON, as the page uploads it), its support code and the facets
// FacetsOf gives for it: one to four findings drawn from a realistic mix,
// a system, browser and app, a measured clock for two reports in three, a
// ticket for three in five (from a pool of n/5). The same seed gives the
// same records. Benchmarks load it (make bench seeds a million).
func Synthetic(seed uint64, n int, end time.Time, span time.Duration) iter.Seq[reports.Record] {
	return func(yield func(reports.Record) bool) {
		rng := rand.New(rand.NewPCG(seed, 16))
		catalog := diagnosis.DefaultCatalog()
		base := report.Report{Schema: report.SchemaVersion, AppVersion: "1", Lang: i18n.ZH,
			Env: report.EnvSummary{Online: diagnosis.Yes, Cookies: diagnosis.Yes, Storage: diagnosis.Yes, Secure: diagnosis.Yes,
				Languages: []string{"zh-CN", "zh", "en"}},
			Symptoms: []diagnosis.Symptom{}}
		start := end.Add(-span)
		for i := range n {
			at := start.Add(time.Duration(rng.Int64N(int64(span/time.Millisecond))) * time.Millisecond)
			r := base
			r.ClientTimeMS = at.UnixMilli()
			r.Platform = diagnosis.Platform{OS: pick(rng, synthOS), Browser: pick(rng, synthBrowser), InApp: pick(rng, synthInApp),
				BrowserMajor: 100 + rng.IntN(30), Engine: diagnosis.EngineBlink, EngineMajor: 120}
			if r.Platform.InApp != diagnosis.InAppNone {
				r.Platform.Browser = diagnosis.BrowserWebView
			}
			r.Findings = r.Findings[:0:0]
			for k := 1 + rng.IntN(4); len(r.Findings) < k; {
				f := pick(rng, synthFindings)
				if !slices.Contains(r.Findings, f) {
					r.Findings = append(r.Findings, f)
				}
			}
			r.Checks = make([]diagnosis.CheckResult, len(catalog))
			blocked := r.Findings[0] == diagnosis.FindingWPSBlocked
			for j, e := range catalog {
				st := diagnosis.StatusOK
				if blocked && e.Role.IsWPS() {
					st = diagnosis.StatusFail
				}
				r.Checks[j] = diagnosis.CheckResult{ID: e.ID, Role: e.Role, Status: st, LatencyMS: 40 + rng.Int64N(400)}
			}
			r.Clock = report.ClockReport{Source: diagnosis.ClockSourceNone, Verdict: diagnosis.ClockUnknown,
				TimeZone: "Asia/Shanghai", TZOffsetMinutes: -480}
			if rng.IntN(3) > 0 {
				r.Clock.Source, r.Clock.Verdict = diagnosis.ClockSourceTimeAPI, diagnosis.ClockOK
				r.Clock.OffsetMS, r.Clock.UncertaintyMS = rng.Int64N(20_000)-10_000, 40
				if r.Findings[0] == diagnosis.FindingClockSkew {
					r.Clock.OffsetMS, r.Clock.Verdict = rng.Int64N(3_600_000)-1_800_000, diagnosis.ClockFail
				}
			}
			if rng.IntN(5) < 3 {
				r.Ticket = fmt.Sprintf("T-%06d", rng.IntN(max(1, n/5)))
			} else {
				r.Ticket = ""
			}
			body, err := json.Marshal(r)
			if err != nil {
				panic(err) // a report of our own making always encodes
			}
			rec := reports.Record{ID: synthID(uint64(i)<<20 | rng.Uint64N(1<<20)), Ticket: r.Ticket,
				TicketVerified: r.Ticket != "" && rng.IntN(2) == 0, SupportCode: report.EncodeSupportCode(r),
				CreatedAt: at, JSON: body, Facets: reports.FacetsOf(r)}
			if !yield(rec) {
				return
			}
		}
	}
}

// synthID writes v as a canonical report id (R- and 13 Crockford base32
// symbols in groups of four); v below 2^60 never starts with R.
func synthID(v uint64) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := []byte("R-XXXX-XXXX-XXXX-X")
	for k := len(b) - 1; k >= 2; k-- {
		if b[k] == '-' {
			continue
		}
		b[k] = alphabet[v&31]
		v >>= 5
	}
	return string(b)
}
