// Package wire is the JSON contract between the page and its server: the
// answers of /api/config, /api/status, /api/time and /api/reports, and the
// error body every endpoint answers with. The server writes these types and
// the page reads them, so the two never define a field twice. The page reads
// defensively (Parse* functions): what it cannot use becomes "unknown" or the
// compiled-in default, never an error.
//
// The uploaded report itself is package report's schema.
package wire

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
)

// maxAnswerBytes bounds what the page parses from an answer.
const maxAnswerBytes = 64 << 10

// Config is the answer of GET /api/config: the part of the operator's
// configuration any visitor may read.
type Config struct {
	// Catalog is the endpoint catalog the page probes; nil when the page
	// should use the compiled-in one.
	Catalog []diagnosis.Endpoint `json:"catalog"`
	// Thresholds are the probe and clock thresholds.
	Thresholds diagnosis.Thresholds `json:"thresholds"`
	// Banner is the active notice, or nil.
	Banner *Banner `json:"banner"`
	// UploadEnabled says whether POST /api/reports accepts reports.
	UploadEnabled bool `json:"upload_enabled"`
}

// Status is the answer of GET /api/status: the server's own latest probe
// of the WPS endpoints and its verdict on its own clock. Known is false
// (and the probe's fields absent) when the probe is off or has not finished
// a round yet: "the server does not know" is an answer, not an error.
type Status struct {
	// Known says whether the probe's fields below hold a result.
	Known bool `json:"known"`
	// AgeSeconds is how long ago the round started.
	AgeSeconds int64 `json:"age_seconds,omitempty"`
	// CheckedAt is when the round started.
	CheckedAt *time.Time `json:"checked_at,omitempty"`
	// Endpoints maps endpoint ids to their outcome.
	Endpoints map[string]EndpointStatus `json:"endpoints,omitempty"`
	// ServerClock is the server's verdict on its own clock, in detail.
	ServerClock *ServerClockStatus `json:"server_clock,omitempty"`
}

// EndpointStatus is the server's probe of one endpoint.
type EndpointStatus struct {
	// Status is ok, slow, fail or timeout.
	Status diagnosis.ProbeStatus `json:"status"`
	// LatencyMS is the time until the response headers, the failure or the timeout.
	LatencyMS int64 `json:"latency_ms"`
	// HTTPStatus is the final HTTP status code, 0 when there was no answer.
	HTTPStatus int `json:"http_status,omitempty"`
	// Error is the error class (dns, timeout, …), empty when the endpoint
	// answered below 500.
	Error string `json:"error,omitempty"`
}

// ServerClockStatus is the server's verdict on its own clock as operators
// read it in /api/status; the page reads the compact form
// (diagnosis.ServerClock) from /api/time.
type ServerClockStatus struct {
	// State is synced, suspect or unknown.
	State diagnosis.ServerClockState `json:"state"`
	// Reason names what the state rests on.
	Reason string `json:"reason"`
	// OffsetMS is the median of WPS's Date headers, WPS − server (negative:
	// the server is fast); BoundMS its bound; both absent without one.
	OffsetMS int64 `json:"offset_ms,omitempty"`
	BoundMS  int64 `json:"bound_ms,omitempty"`
	// Sources is the number of WPS hosts whose Date headers were read.
	Sources int `json:"sources"`
	// DatesAgeSeconds is the age of the Date estimate (absent without one).
	DatesAgeSeconds *int64 `json:"dates_age_seconds,omitempty"`
	// Kernel is the kernel's view.
	Kernel KernelClock `json:"kernel"`
	// Since is when the state last changed (or the check started).
	Since time.Time `json:"since"`
}

// Compact returns the form the page reads from /api/time.
func (s ServerClockStatus) Compact() diagnosis.ServerClock {
	w := diagnosis.ServerClock{State: s.State, Sources: s.Sources}
	if s.BoundMS > 0 {
		w.OffsetMS, w.BoundMS = s.OffsetMS, s.BoundMS
	}
	return w
}

// KernelClock is the kernel's view of the server's clock.
type KernelClock struct {
	// State is "synced", "unsynced" or "unknown".
	State string `json:"state"`
	// EstErrorMS and MaxErrorMS are the kernel's estimated and maximum error.
	EstErrorMS int64 `json:"est_error_ms,omitempty"`
	MaxErrorMS int64 `json:"max_error_ms,omitempty"`
	// UnsyncedSeconds is how long the kernel has said "unsynchronised" (as
	// far as the server has seen).
	UnsyncedSeconds int64 `json:"unsynced_seconds,omitempty"`
}

// Time is the answer of GET /api/time, the reference of the clock check:
// the server's clock in ms since the epoch and its verdict on itself. The
// server writes it on a hot path without encoding/json; the page reads it
// in the browser.
type Time struct {
	UnixMS      int64                  `json:"unix_ms"`
	ServerClock *diagnosis.ServerClock `json:"server_clock,omitempty"`
}

// Health is the answer of GET /healthz ("ok": the process serves) and of
// GET /readyz while the server is ready ("ready": reports can be stored).
// A server that is not ready answers /readyz with 503 and an Error saying
// why.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// Uploaded is the 201 answer of POST /api/reports.
type Uploaded struct {
	// ID is the report id the person gives support (R-XXXX-XXXX-XXXX-X).
	ID string `json:"id"`
	// SupportCode is the report's support code.
	SupportCode string `json:"support_code"`
}

// AgentReport is one stored report as agents read it: the record with the
// report JSON embedded as it was stored (compacted). TicketVerified is true
// when the upload came from a support link whose ticket signature the
// server checked; false ("unverified") when the link was unsigned or the
// signature wrong: anyone can type a ticket into a link.
type AgentReport struct {
	ID             string          `json:"id"`
	Ticket         string          `json:"ticket"`
	TicketVerified bool            `json:"ticket_verified"`
	SupportCode    string          `json:"support_code"`
	CreatedAt      time.Time       `json:"created_at"`
	Report         json.RawMessage `json:"report"`
}

// TicketSigParam is the query parameter of a signed support link that
// carries the ticket's signature (…/?ticket=T-123&sig=…), and
// TicketSigHeader the request header in which the page sends it with
// POST /api/reports. The signature stays outside the report: the report's
// schema is unchanged, and a report that is copied or downloaded carries
// no signature to replay.
const (
	TicketSigParam  = "sig"
	TicketSigHeader = "Ticket-Signature"
)

// TicketSigLen is the length of a ticket signature: 128 bits of an HMAC in
// unpadded base64url.
const TicketSigLen = 22

// ValidTicketSig reports whether s has the form of a ticket signature
// (TicketSigLen characters of unpadded base64url: A-Z, a-z, 0-9, - and _,
// the alphabet of tickets); whether it is right only the server can tell.
func ValidTicketSig(s string) bool {
	return len(s) == TicketSigLen && report.ValidTicket(s)
}

// ReportSummary is one report in a list or an export: what agents filter
// and sort by, without the report itself (GET /api/reports/{id} has it).
type ReportSummary struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	Ticket    string    `json:"ticket"`
	// TicketVerified says whether the support link carried a valid
	// signature of the ticket (an unverified ticket may be made up).
	TicketVerified bool   `json:"ticket_verified"`
	SupportCode    string `json:"support_code"`
	// TopFinding is the most likely cause ("" when the report had none);
	// Findings are all of them, most likely first.
	TopFinding diagnosis.FindingID   `json:"top_finding"`
	Findings   []diagnosis.FindingID `json:"findings"`
	OS         diagnosis.OS          `json:"os"`
	Browser    diagnosis.Browser     `json:"browser"`
	InApp      diagnosis.InApp       `json:"in_app"`
	// ClockOffsetMS is server − device in ms (positive: the device clock
	// is behind); null when the clock was not measured.
	ClockOffsetMS *int64 `json:"clock_offset_ms"`
}

// ReportList is the answer of GET /api/reports?…: a page of reports,
// newest first, and the cursor of the next page (absent on the last).
type ReportList struct {
	Reports    []ReportSummary `json:"reports"`
	NextCursor string          `json:"next_cursor,omitempty"`
}

// The names of the stats buckets (GET /api/stats?bucket=…).
const (
	BucketHour = "hour"
	BucketDay  = "day"
)

// NoFinding is the key under which Stats counts reports without a finding.
const NoFinding diagnosis.FindingID = "none"

// Stats is the answer of GET /api/stats: how many reports came in per
// bucket of [Since, Until), by top finding and by OS.
type Stats struct {
	Since   time.Time     `json:"since"`
	Until   time.Time     `json:"until"`
	Bucket  string        `json:"bucket"`
	Buckets []StatsBucket `json:"buckets"`
}

// StatsBucket is one bucket of Stats. The counts leave out zeros.
type StatsBucket struct {
	Start       time.Time                   `json:"start"`
	Total       int                         `json:"total"`
	TopFindings map[diagnosis.FindingID]int `json:"top_findings"`
	OS          map[diagnosis.OS]int        `json:"os"`
}

// SupportLink is the answer of GET /api/link: the path and query of the
// link an agent sends (the page adds its own origin), and whether it
// carries a signature of the ticket.
type SupportLink struct {
	Path   string `json:"path"`
	Signed bool   `json:"signed"`
}

// ErrorCode classifies an error for the client; the server maps each code
// to one HTTP status.
type ErrorCode string

// The error codes.
const (
	CodeInvalid      ErrorCode = "invalid"      // 400: bad JSON, schema, parameter
	CodeUnauthorized ErrorCode = "unauthorized" // 401: missing or wrong token
	CodeNotFound     ErrorCode = "not_found"    // 404
	CodeMethod       ErrorCode = "method"       // 405
	CodeTooLarge     ErrorCode = "too_large"    // 413
	CodeMediaType    ErrorCode = "media_type"   // 415
	CodeRateLimited  ErrorCode = "rate_limited" // 429
	CodeInternal     ErrorCode = "internal"     // 500
	CodeUnavailable  ErrorCode = "unavailable"  // 503: feature off or not ready
)

// Error is the body of every error answer: {"error":{"code","message","field"}}.
type Error struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a code, a message safe to show, and
// for a bad input the name of the offending field.
type ErrorDetail struct {
	Code    ErrorCode `json:"code"`
	Message string    `json:"message"`
	Field   string    `json:"field,omitempty"`
}

// ParseStatus reads the /api/status answer defensively into the rules'
// input:
// {"known":bool,"age_seconds":N,"endpoints":{"<id>":{"status":"ok"}}} (an
// endpoint may also map straight to a status string). Unknown statuses and
// bad ids are dropped; anything unreadable is an unknown Vantage.
func ParseStatus(data []byte) diagnosis.Vantage {
	if len(data) == 0 || len(data) > maxAnswerBytes {
		return diagnosis.Vantage{}
	}
	known, age, endpoints, ok := decodeStatus(data)
	if !ok || !known || age < 0 || age > diagnosis.MaxVantageAgeSeconds {
		return diagnosis.Vantage{}
	}
	v := diagnosis.Vantage{Known: true, AgeSeconds: age, Endpoints: map[string]diagnosis.ProbeStatus{}}
	for _, m := range endpoints {
		if !diagnosis.ValidCheckID(m.id) || len(v.Endpoints) >= diagnosis.MaxEndpoints {
			continue
		}
		if st, ok := memberStatus(m.v); ok && st.Valid() && st != diagnosis.StatusPending {
			v.Endpoints[m.id] = st
		}
	}
	if len(v.Endpoints) == 0 {
		return diagnosis.Vantage{}
	}
	return v
}

// Banner is an operator's notice shown at the top of the page until it
// expires (e.g. "WPS login is down in some regions, we are on it").
type Banner struct {
	Text i18n.Text `json:"text"`
	// Level is "info" or "warn".
	Level string `json:"level"`
	// ExpiresUnixMS is when to stop showing it (0: no expiry).
	ExpiresUnixMS int64 `json:"expires_unix_ms"`
}

// ParseConfig reads /api/config defensively: a catalog that fails
// ValidateCatalog is dropped (nil: use the compiled-in one), thresholds are
// normalized, a banner with no text is dropped. Unreadable input gives the
// zero Config (defaults).
func ParseConfig(data []byte) Config {
	if len(data) == 0 || len(data) > maxAnswerBytes {
		return Config{}
	}
	raw, ok := decodeConfig(data)
	if !ok {
		return Config{}
	}
	return normalizeConfig(raw)
}

// normalizeConfig is ParseConfig's work once the answer is decoded.
func normalizeConfig(raw Config) Config {
	c := Config{Thresholds: raw.Thresholds.Normalized(), UploadEnabled: raw.UploadEnabled}
	if len(raw.Catalog) > 0 && diagnosis.ValidateCatalog(raw.Catalog) == nil {
		c.Catalog = raw.Catalog
	}
	if b := raw.Banner; b != nil && (strings.TrimSpace(b.Text.ZH) != "" || strings.TrimSpace(b.Text.EN) != "") {
		if b.Level != "warn" {
			b.Level = "info"
		}
		b.Text.ZH = truncateUTF8(b.Text.ZH, 500)
		b.Text.EN = truncateUTF8(b.Text.EN, 500)
		c.Banner = b
	}
	return c
}

// Active reports whether the banner should show at nowMS.
func (b *Banner) Active(nowMS int64) bool {
	return b != nil && (b.ExpiresUnixMS == 0 || nowMS < b.ExpiresUnixMS)
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
