package report

import (
	"fmt"
	"strconv"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/strict"
)

// SchemaVersion is the version of the report JSON this package writes and
// accepts.
const SchemaVersion = 1

// MaxBytes bounds the size of a report Parse accepts.
const MaxBytes = 64 << 10

// Report is the result handed back to support: versioned JSON (schema 1)
// with stable names, also rendered as plain text and as a support code.
type Report struct {
	Schema       int                     `json:"schema"`
	AppVersion   string                  `json:"app_version"`
	ClientTimeMS int64                   `json:"client_time_ms"`
	Ticket       string                  `json:"ticket"`
	Lang         i18n.Lang               `json:"lang"`
	Platform     diagnosis.Platform      `json:"platform"`
	Checks       []diagnosis.CheckResult `json:"checks"`
	Clock        ClockReport             `json:"clock"`
	Env          EnvSummary              `json:"env"`
	Symptoms     []diagnosis.Symptom     `json:"symptoms"`
	Findings     []diagnosis.FindingID   `json:"findings"`
}

// ClockReport is the clock part of a report. OffsetMS is server − client
// (positive: the device clock is behind); TZOffsetMinutes keeps the JS
// getTimezoneOffset convention of Environment (Asia/Shanghai = -480).
// ServerClock is what the server said about its own clock when the device
// clock was measured (absent in older reports and without a time-endpoint
// answer); while it is suspect, Verdict is unknown.
type ClockReport struct {
	OffsetMS        int64                  `json:"offset_ms"`
	UncertaintyMS   int64                  `json:"uncertainty_ms"`
	Source          diagnosis.ClockSource  `json:"source"`
	Verdict         diagnosis.ClockVerdict `json:"verdict"`
	TimeZone        string                 `json:"time_zone"`
	TZOffsetMinutes int                    `json:"tz_offset_minutes"`
	ServerClock     *diagnosis.ServerClock `json:"server_clock,omitempty"`
}

// EnvSummary is the environment part of a report (never the user agent
// string itself: the platform fields carry what support needs).
type EnvSummary struct {
	Online    diagnosis.Tri `json:"online"`
	Cookies   diagnosis.Tri `json:"cookies"`
	Storage   diagnosis.Tri `json:"storage"`
	Secure    diagnosis.Tri `json:"secure"`
	Languages []string      `json:"languages"`
}

// Meta is what the page knows beyond the observations: its version, the
// client's Date.now(), the ticket from the support link and the page
// language.
type Meta struct {
	AppVersion   string
	ClientTimeMS int64
	Ticket       string
	Lang         i18n.Lang
}

// Build assembles the schema-1 report of an input and what Diagnose made
// of it (res): platform, every check of the catalog, the clock, the
// environment summary, the symptoms and the ranked finding ids. Whatever
// would not pass Parse is cleaned first: an invalid ticket (see
// ValidTicket) is dropped, an unknown language becomes zh, strings are cut
// to their limits. So Parse always accepts the JSON of a built report.
func Build(meta Meta, in diagnosis.Input, res diagnosis.Result) Report {
	r := Report{
		Schema:       SchemaVersion,
		AppVersion:   cleanASCII(meta.AppVersion, maxAppVersion),
		ClientTimeMS: min(max(meta.ClientTimeMS, 0), diagnosis.MaxEpochMS-1),
		Lang:         meta.Lang,
		Platform:     res.Platform,
		Checks:       []diagnosis.CheckResult{},
		Symptoms:     []diagnosis.Symptom{},
		Findings:     []diagnosis.FindingID{},
	}
	if ValidTicket(meta.Ticket) {
		r.Ticket = meta.Ticket
	}
	if !r.Lang.Valid() {
		r.Lang = i18n.ZH
	}
	for _, c := range res.Checks {
		if diagnosis.ValidCheckID(c.ID) && c.Role.Valid() && len(r.Checks) < diagnosis.MaxEndpoints {
			r.Checks = append(r.Checks, c)
		}
	}
	t := in.Thresholds.Normalized()
	r.Clock = ClockReport{Source: diagnosis.ClockSourceNone, Verdict: in.Clock.Verdict(t),
		TimeZone: cleanZone(in.Env.TimeZone), TZOffsetMinutes: min(max(in.Env.TZOffsetMinutes, -maxTZMinutes), maxTZMinutes)}
	if in.Clock.Known && in.Clock.Source.Valid() && in.Clock.Source != diagnosis.ClockSourceNone {
		r.Clock.OffsetMS = min(max(in.Clock.OffsetMS, -diagnosis.MaxEpochMS), diagnosis.MaxEpochMS)
		r.Clock.UncertaintyMS = min(max(in.Clock.UncertaintyMS, 0), diagnosis.MaxUncertaintyMS)
		r.Clock.Source = in.Clock.Source
		if ref := in.Clock.Reference.Normalized(); ref.State != "" {
			r.Clock.ServerClock = &ref
		}
	} else {
		r.Clock.Verdict = diagnosis.ClockUnknown
	}
	r.Env = EnvSummary{Online: in.Env.OnLine.Norm(), Cookies: in.Env.CookiesEnabled.Norm(),
		Storage: in.Env.StorageUsable.Norm(), Secure: in.Env.SecureContext.Norm(), Languages: []string{}}
	for _, l := range in.Env.Languages {
		if validLangTag(l) && len(r.Env.Languages) < maxLanguages {
			r.Env.Languages = append(r.Env.Languages, l)
		}
	}
	picked := map[diagnosis.Symptom]bool{}
	for _, s := range in.Symptoms {
		picked[s] = true
	}
	for _, s := range diagnosis.AllSymptoms() {
		if picked[s] {
			r.Symptoms = append(r.Symptoms, s)
		}
	}
	for _, f := range res.Findings {
		r.Findings = append(r.Findings, f.ID)
	}
	return r
}

// Limits of the report fields (ParseReport enforces them).
const (
	maxAppVersion = 64
	maxOSVersion  = 32
	maxZoneLen    = 64
	maxLanguages  = 16
	maxLangTag    = 35
	maxTZMinutes  = 1440
	maxLatencyMS  = 600_000
	maxMajor      = 9999
)

// Parse decodes and validates a report strictly: at most MaxBytes, member
// names exactly as the schema's, none twice, no trailing data, schema 1,
// known enum values, bounded strings and lists, no duplicates, a ticket of
// [A-Za-z0-9_-]{1,64} or empty. Every error is a *strict.FieldError naming
// the field (e.g. "checks[2].status").
func Parse(data []byte) (Report, error) {
	var r Report
	if err := strict.Decode(data, &r, strict.Options{MaxBytes: MaxBytes}); err != nil {
		return Report{}, err
	}
	if err := r.Validate(); err != nil {
		return Report{}, err
	}
	return r, nil
}

// Validate checks every field of r as Parse does.
func (r Report) Validate() error {
	fe := func(field, reason string) error { return &strict.FieldError{Field: field, Reason: reason} }
	if r.Schema != SchemaVersion {
		return fe("schema", fmt.Sprintf("must be %d", SchemaVersion))
	}
	if !printableASCII(r.AppVersion, maxAppVersion) {
		return fe("app_version", fmt.Sprintf("must be at most %d printable ASCII characters", maxAppVersion))
	}
	if r.ClientTimeMS < 0 || r.ClientTimeMS >= diagnosis.MaxEpochMS {
		return fe("client_time_ms", "is out of range")
	}
	if r.Ticket != "" && !ValidTicket(r.Ticket) {
		return fe("ticket", "must be 1-64 characters of A-Z, a-z, 0-9, _ and -")
	}
	if !r.Lang.Valid() {
		return fe("lang", `must be "zh" or "en"`)
	}
	p := r.Platform
	switch {
	case !p.OS.Valid():
		return fe("platform.os", "is not a known value")
	case !validOSVersion(p.OSVersion):
		return fe("platform.os_version", fmt.Sprintf("must be at most %d characters of letters, digits, dots and spaces", maxOSVersion))
	case !p.Browser.Valid():
		return fe("platform.browser", "is not a known value")
	case p.BrowserMajor < 0 || p.BrowserMajor > maxMajor:
		return fe("platform.browser_major", "is out of range")
	case !p.InApp.Valid():
		return fe("platform.in_app", "is not a known value")
	case !p.Engine.Valid():
		return fe("platform.engine", "is not a known value")
	case p.EngineMajor < 0 || p.EngineMajor > maxMajor:
		return fe("platform.engine_major", "is out of range")
	}
	if len(r.Checks) > diagnosis.MaxEndpoints {
		return fe("checks", fmt.Sprintf("has more than %d entries", diagnosis.MaxEndpoints))
	}
	seen := map[string]bool{}
	for i, c := range r.Checks {
		switch {
		case !diagnosis.ValidCheckID(c.ID):
			return fe(index("checks", i)+".id", "must be 1-64 characters of a-z, 0-9, _ . -")
		case seen[c.ID]:
			return fe(index("checks", i)+".id", "is a duplicate")
		case !c.Role.Valid():
			return fe(index("checks", i)+".role", "is not a known value")
		case !c.Status.Valid():
			return fe(index("checks", i)+".status", "is not a known value")
		case c.LatencyMS < 0 || c.LatencyMS > maxLatencyMS:
			return fe(index("checks", i)+".latency_ms", "is out of range")
		case diagnosis.CleanDetail(c.Detail) != c.Detail:
			return fe(index("checks", i)+".detail", fmt.Sprintf("must be at most %d bytes of single-line text", diagnosis.MaxDetailBytes))
		}
		seen[c.ID] = true
	}
	c := r.Clock
	switch {
	case !c.Source.Valid():
		return fe("clock.source", "is not a known value")
	case !c.Verdict.Valid():
		return fe("clock.verdict", "is not a known value")
	case c.Source == diagnosis.ClockSourceNone && c.Verdict != diagnosis.ClockUnknown:
		return fe("clock.verdict", `must be "unknown" when the source is "none"`)
	case c.OffsetMS < -diagnosis.MaxEpochMS || c.OffsetMS > diagnosis.MaxEpochMS:
		return fe("clock.offset_ms", "is out of range")
	case c.UncertaintyMS < 0 || c.UncertaintyMS > diagnosis.MaxUncertaintyMS:
		return fe("clock.uncertainty_ms", "is out of range")
	case cleanZone(c.TimeZone) != c.TimeZone:
		return fe("clock.time_zone", fmt.Sprintf("must be at most %d characters of A-Z, a-z, 0-9, / _ + -", maxZoneLen))
	case c.TZOffsetMinutes < -maxTZMinutes || c.TZOffsetMinutes > maxTZMinutes:
		return fe("clock.tz_offset_minutes", "is out of range")
	}
	if c.ServerClock != nil {
		if err := c.ServerClock.Validate("clock.server_clock.", c.Verdict); err != nil {
			return err
		}
	}
	e := r.Env
	for _, x := range []struct {
		name string
		v    diagnosis.Tri
	}{{"env.online", e.Online}, {"env.cookies", e.Cookies}, {"env.storage", e.Storage}, {"env.secure", e.Secure}} {
		if !x.v.Valid() {
			return fe(x.name, `must be "yes", "no" or "unknown"`)
		}
	}
	if len(e.Languages) > maxLanguages {
		return fe("env.languages", fmt.Sprintf("has more than %d entries", maxLanguages))
	}
	for i, l := range e.Languages {
		if !validLangTag(l) {
			return fe(index("env.languages", i), "is not a language tag")
		}
	}
	seenS := map[diagnosis.Symptom]bool{}
	for i, s := range r.Symptoms {
		if !s.Valid() {
			return fe(index("symptoms", i), "is not a known symptom")
		}
		if seenS[s] {
			return fe(index("symptoms", i), "is a duplicate")
		}
		seenS[s] = true
	}
	seenF := map[diagnosis.FindingID]bool{}
	for i, id := range r.Findings {
		if !id.Valid() {
			return fe(index("findings", i), "is not a known finding id")
		}
		if seenF[id] {
			return fe(index("findings", i), "is a duplicate")
		}
		seenF[id] = true
	}
	return nil
}

// index names the i-th entry of a list field, e.g. "checks[2]". Validate
// runs in the browser for every report the page builds, so it formats a name
// only for the error it returns.
func index(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

func printableASCII(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// cleanASCII keeps the printable ASCII of s, cut to max bytes.
func cleanASCII(s string, max int) string {
	b := make([]byte, 0, min(len(s), max))
	for i := 0; i < len(s) && len(b) < max; i++ {
		if s[i] >= 0x20 && s[i] <= 0x7e {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// cleanZone keeps an IANA zone name as it is, or drops it when it has
// characters a zone name never has or is too long.
func cleanZone(s string) string {
	if len(s) > maxZoneLen {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '+' || c == '-') {
			return ""
		}
	}
	return s
}

func validLangTag(s string) bool {
	if len(s) == 0 || len(s) > maxLangTag {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func validOSVersion(s string) bool {
	if len(s) > maxOSVersion {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == ' ') {
			return false
		}
	}
	return true
}

// ValidTicket reports whether s is a usable ticket: 1 to 64 characters of
// A-Z, a-z, 0-9, underscore and hyphen.
func ValidTicket(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
