package diagnosis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// SchemaVersion is the version of the report JSON this package writes and
// accepts.
const SchemaVersion = 1

// MaxReportBytes bounds the size of a report ParseReport accepts.
const MaxReportBytes = 64 << 10

// Report is the result handed back to support: versioned JSON (schema 1)
// with stable names, also rendered as plain text and as a support code.
type Report struct {
	Schema       int           `json:"schema"`
	AppVersion   string        `json:"app_version"`
	ClientTimeMS int64         `json:"client_time_ms"`
	Ticket       string        `json:"ticket"`
	Lang         Lang          `json:"lang"`
	Platform     Platform      `json:"platform"`
	Checks       []CheckResult `json:"checks"`
	Clock        ClockReport   `json:"clock"`
	Env          EnvSummary    `json:"env"`
	Symptoms     []Symptom     `json:"symptoms"`
	Findings     []FindingID   `json:"findings"`
}

// ClockReport is the clock part of a report. OffsetMS is server − client
// (positive: the device clock is behind); TZOffsetMinutes keeps the JS
// getTimezoneOffset convention of Environment (Asia/Shanghai = -480).
// ServerClock is what the server said about its own clock when the device
// clock was measured (absent in older reports and without a time-endpoint
// answer); while it is suspect, Verdict is unknown.
type ClockReport struct {
	OffsetMS        int64        `json:"offset_ms"`
	UncertaintyMS   int64        `json:"uncertainty_ms"`
	Source          ClockSource  `json:"source"`
	Verdict         ClockVerdict `json:"verdict"`
	TimeZone        string       `json:"time_zone"`
	TZOffsetMinutes int          `json:"tz_offset_minutes"`
	ServerClock     *ServerClock `json:"server_clock,omitempty"`
}

// EnvSummary is the environment part of a report (never the user agent
// string itself: the platform fields carry what support needs).
type EnvSummary struct {
	Online    Tri      `json:"online"`
	Cookies   Tri      `json:"cookies"`
	Storage   Tri      `json:"storage"`
	Secure    Tri      `json:"secure"`
	Languages []string `json:"languages"`
}

// ReportMeta is what the page knows beyond the observations: its version,
// the client's Date.now(), the ticket from the support link and the page
// language.
type ReportMeta struct {
	AppVersion   string
	ClientTimeMS int64
	Ticket       string
	Lang         Lang
}

// FieldError is a validation error that names the offending field, e.g.
// Field "checks[2].status"; the server answers 400 with it.
type FieldError struct {
	Field  string
	Reason string
}

// Error implements error.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return "report: " + e.Reason
	}
	return fmt.Sprintf("report: field %s: %s", e.Field, e.Reason)
}

// BuildReport assembles the schema-1 report of an input: platform, every
// check of the catalog, the clock, the environment summary, the symptoms
// and the ranked finding ids of Diagnose(in). Whatever would not pass
// ParseReport is cleaned first: an invalid ticket (see ValidTicket) is
// dropped, an unknown language becomes zh, strings are cut to their limits.
// So ParseReport always accepts the JSON of a built report.
func BuildReport(meta ReportMeta, in Input) Report {
	r := Report{
		Schema:       SchemaVersion,
		AppVersion:   cleanASCII(meta.AppVersion, maxAppVersion),
		ClientTimeMS: clampInt64(meta.ClientTimeMS, 0, maxEpochMS-1),
		Lang:         meta.Lang,
		Platform:     DetectPlatform(in.Env),
		Checks:       []CheckResult{},
		Symptoms:     []Symptom{},
		Findings:     []FindingID{},
	}
	if ValidTicket(meta.Ticket) {
		r.Ticket = meta.Ticket
	}
	if !r.Lang.Valid() {
		r.Lang = LangZH
	}
	for _, c := range in.Checks() {
		if validCheckID(c.ID) && c.Role.Valid() && len(r.Checks) < MaxEndpoints {
			r.Checks = append(r.Checks, c)
		}
	}
	t := in.Thresholds.Normalized()
	r.Clock = ClockReport{Source: ClockSourceNone, Verdict: in.Clock.Verdict(t),
		TimeZone: cleanZone(in.Env.TimeZone), TZOffsetMinutes: clampInt(in.Env.TZOffsetMinutes, -maxTZMinutes, maxTZMinutes)}
	if in.Clock.Known && in.Clock.Source.Valid() && in.Clock.Source != ClockSourceNone {
		r.Clock.OffsetMS = clampInt64(in.Clock.OffsetMS, -maxEpochMS, maxEpochMS)
		r.Clock.UncertaintyMS = clampInt64(in.Clock.UncertaintyMS, 0, maxUncertaintyMS)
		r.Clock.Source = in.Clock.Source
		if ref := in.Clock.Reference.Normalized(); ref.State != "" {
			r.Clock.ServerClock = &ref
		}
	} else {
		r.Clock.Verdict = ClockUnknown
	}
	r.Env = EnvSummary{Online: in.Env.OnLine.Norm(), Cookies: in.Env.CookiesEnabled.Norm(),
		Storage: in.Env.StorageUsable.Norm(), Secure: in.Env.SecureContext.Norm(), Languages: []string{}}
	for _, l := range in.Env.Languages {
		if validLangTag(l) && len(r.Env.Languages) < maxLanguages {
			r.Env.Languages = append(r.Env.Languages, l)
		}
	}
	picked := map[Symptom]bool{}
	for _, s := range in.Symptoms {
		picked[s] = true
	}
	for _, s := range AllSymptoms() {
		if picked[s] {
			r.Symptoms = append(r.Symptoms, s)
		}
	}
	for _, f := range Diagnose(in) {
		r.Findings = append(r.Findings, f.ID)
	}
	return r
}

// Limits of the report fields (ParseReport enforces them).
const (
	maxAppVersion    = 64
	maxOSVersion     = 32
	maxZoneLen       = 64
	maxLanguages     = 16
	maxLangTag       = 35
	maxTZMinutes     = 1440
	maxLatencyMS     = 600_000
	maxUncertaintyMS = 3_600_000
	maxMajor         = 9999
)

// ParseReport decodes and validates a report strictly: at most
// MaxReportBytes, no unknown fields, no trailing data, schema 1, known enum
// values, bounded strings and lists, no duplicates, a ticket of
// [A-Za-z0-9_-]{1,64} or empty. Every error is a *FieldError naming the
// field (e.g. "checks[2].status").
func ParseReport(data []byte) (Report, error) {
	if len(data) > MaxReportBytes {
		return Report{}, &FieldError{Reason: fmt.Sprintf("is larger than %d bytes", MaxReportBytes)}
	}
	if err := checkKeys(data); err != nil {
		return Report{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return Report{}, jsonFieldError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Report{}, &FieldError{Reason: "has data after the JSON object"}
	}
	if err := r.Validate(); err != nil {
		return Report{}, err
	}
	return r, nil
}

// jsonFieldError turns an encoding/json error into a *FieldError.
func jsonFieldError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return &FieldError{Field: te.Field, Reason: "has the wrong type (" + te.Value + ")"}
	case errors.As(err, &se):
		return &FieldError{Reason: fmt.Sprintf("is not valid JSON (offset %d)", se.Offset)}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return &FieldError{Reason: "is empty or cut short"}
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &FieldError{Field: strings.Trim(name, `"`), Reason: "is not a known field"}
	}
	return &FieldError{Reason: "is not valid JSON: " + msg}
}

// Validate checks every field of r as ParseReport does.
func (r Report) Validate() error {
	fe := func(field, reason string) error { return &FieldError{Field: field, Reason: reason} }
	if r.Schema != SchemaVersion {
		return fe("schema", fmt.Sprintf("must be %d", SchemaVersion))
	}
	if !printableASCII(r.AppVersion, maxAppVersion) {
		return fe("app_version", fmt.Sprintf("must be at most %d printable ASCII characters", maxAppVersion))
	}
	if r.ClientTimeMS < 0 || r.ClientTimeMS >= maxEpochMS {
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
	if len(r.Checks) > MaxEndpoints {
		return fe("checks", fmt.Sprintf("has more than %d entries", MaxEndpoints))
	}
	seen := map[string]bool{}
	for i, c := range r.Checks {
		f := fmt.Sprintf("checks[%d]", i)
		switch {
		case !validCheckID(c.ID):
			return fe(f+".id", "must be 1-64 characters of a-z, 0-9, _ . -")
		case seen[c.ID]:
			return fe(f+".id", "is a duplicate")
		case !c.Role.Valid():
			return fe(f+".role", "is not a known value")
		case !c.Status.Valid():
			return fe(f+".status", "is not a known value")
		case c.LatencyMS < 0 || c.LatencyMS > maxLatencyMS:
			return fe(f+".latency_ms", "is out of range")
		case cleanDetail(c.Detail) != c.Detail:
			return fe(f+".detail", fmt.Sprintf("must be at most %d bytes of single-line text", MaxDetailBytes))
		}
		seen[c.ID] = true
	}
	c := r.Clock
	switch {
	case !c.Source.Valid():
		return fe("clock.source", "is not a known value")
	case !c.Verdict.Valid():
		return fe("clock.verdict", "is not a known value")
	case c.Source == ClockSourceNone && c.Verdict != ClockUnknown:
		return fe("clock.verdict", `must be "unknown" when the source is "none"`)
	case c.OffsetMS < -maxEpochMS || c.OffsetMS > maxEpochMS:
		return fe("clock.offset_ms", "is out of range")
	case c.UncertaintyMS < 0 || c.UncertaintyMS > maxUncertaintyMS:
		return fe("clock.uncertainty_ms", "is out of range")
	case cleanZone(c.TimeZone) != c.TimeZone:
		return fe("clock.time_zone", fmt.Sprintf("must be at most %d characters of A-Z, a-z, 0-9, / _ + -", maxZoneLen))
	case c.TZOffsetMinutes < -maxTZMinutes || c.TZOffsetMinutes > maxTZMinutes:
		return fe("clock.tz_offset_minutes", "is out of range")
	}
	if c.ServerClock != nil {
		if err := c.ServerClock.validate("clock.server_clock.", c.Verdict); err != nil {
			return err
		}
	}
	e := r.Env
	for _, x := range []struct {
		name string
		v    Tri
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
			return fe(fmt.Sprintf("env.languages[%d]", i), "is not a language tag")
		}
	}
	seenS := map[Symptom]bool{}
	for i, s := range r.Symptoms {
		f := fmt.Sprintf("symptoms[%d]", i)
		if !s.Valid() {
			return fe(f, "is not a known symptom")
		}
		if seenS[s] {
			return fe(f, "is a duplicate")
		}
		seenS[s] = true
	}
	seenF := map[FindingID]bool{}
	for i, id := range r.Findings {
		f := fmt.Sprintf("findings[%d]", i)
		if !id.Valid() {
			return fe(f, "is not a known finding id")
		}
		if seenF[id] {
			return fe(f, "is a duplicate")
		}
		seenF[id] = true
	}
	return nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// JSON encodes the report (compact, stable field order).
func (r Report) JSON() ([]byte, error) { return json.Marshal(r) }

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

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
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
