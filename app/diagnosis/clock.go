package diagnosis

import (
	"strconv"
	"strings"
	"time"
)

// ClockSample is one round trip to the page server's time endpoint: the
// client's Date.now() when the request was sent and when the answer came
// back, and the server's unix_ms from the answer (all ms since the epoch).
type ClockSample struct {
	SendMS    int64 `json:"send_ms"`
	ReceiveMS int64 `json:"receive_ms"`
	ServerMS  int64 `json:"server_ms"`
}

// DefaultClockSamples is how many samples the browser layer should take.
const DefaultClockSamples = 5

// ClockSource says where a clock estimate came from.
type ClockSource string

// The clock sources: none (no estimate), the time endpoint's samples, or the
// 1-second HTTP Date header of a same-origin answer.
const (
	ClockSourceNone       ClockSource = "none"
	ClockSourceTimeAPI    ClockSource = "time_api"
	ClockSourceDateHeader ClockSource = "date_header"
)

// Valid reports whether s is a known clock source.
func (s ClockSource) Valid() bool {
	return s == ClockSourceNone || s == ClockSourceTimeAPI || s == ClockSourceDateHeader
}

// ClockVerdict is the judgement on a clock offset.
type ClockVerdict string

// The clock verdicts: ok (|offset| < 30 s), warn (30 s – 2 min), fail
// (≥ 2 min), unknown (no estimate or too uncertain). Thresholds are
// configurable through Thresholds.
const (
	ClockOK      ClockVerdict = "ok"
	ClockWarn    ClockVerdict = "warn"
	ClockFail    ClockVerdict = "fail"
	ClockUnknown ClockVerdict = "unknown"
)

// Valid reports whether v is a known verdict.
func (v ClockVerdict) Valid() bool {
	switch v {
	case ClockOK, ClockWarn, ClockFail, ClockUnknown:
		return true
	}
	return false
}

// ClockEstimate is the estimated offset of the client's clock.
//
// OffsetMS is server − client: positive means the device clock is behind
// (slow), negative means it is ahead (fast). The true offset lies within
// OffsetMS ± UncertaintyMS. Reference is what the server said about its own
// clock (see ServerClock); while it is suspect the estimate is not judged.
type ClockEstimate struct {
	Known         bool        `json:"known"`
	OffsetMS      int64       `json:"offset_ms"`
	UncertaintyMS int64       `json:"uncertainty_ms"`
	RTTMS         int64       `json:"rtt_ms"`
	Samples       int         `json:"samples"`
	Source        ClockSource `json:"source"`
	Reference     ServerClock `json:"reference,omitzero"`
}

// maxSaneRTT drops samples whose round trip is implausible (the device
// slept, the tab was frozen).
const maxSaneRTT = 60_000

// EstimateClock estimates the clock offset from time-endpoint samples using
// the sample with the smallest round trip (the earliest on a tie): offset =
// server − (send+receive)/2, uncertainty = RTT/2 rounded up. Samples with a
// negative or implausible (> 60 s) round trip, or a non-positive server
// time, are ignored; with none left the estimate is unknown.
func EstimateClock(samples []ClockSample) ClockEstimate {
	best := -1
	var bestRTT int64
	valid := 0
	for i, s := range samples {
		rtt := s.ReceiveMS - s.SendMS
		if !saneEpoch(s.ServerMS) || !saneEpoch(s.SendMS) || rtt < 0 || rtt > maxSaneRTT {
			continue
		}
		valid++
		if best < 0 || rtt < bestRTT {
			best, bestRTT = i, rtt
		}
	}
	if best < 0 {
		return ClockEstimate{Source: ClockSourceNone}
	}
	s := samples[best]
	return ClockEstimate{
		Known:         true,
		OffsetMS:      midpointOffset(s.ServerMS, s.SendMS, s.ReceiveMS),
		UncertaintyMS: (bestRTT + 1) / 2,
		RTTMS:         bestRTT,
		Samples:       valid,
		Source:        ClockSourceTimeAPI,
	}
}

// MaxEpochMS is the start of the year 10000: later timestamps are garbage,
// and no clock offset is larger.
const MaxEpochMS = 253402300800000

// MaxUncertaintyMS bounds the uncertainty of a clock estimate worth
// keeping (an hour).
const MaxUncertaintyMS = 3_600_000

// saneEpoch reports whether ms is a plausible Date.now() value.
func saneEpoch(ms int64) bool { return ms > 0 && ms < MaxEpochMS }

// midpointOffset returns server − (send+receive)/2, rounded half away from
// zero, without overflowing for real timestamps.
func midpointOffset(server, send, receive int64) int64 {
	d := (server - send) + (server - receive) // 2·offset
	if d >= 0 {
		return (d + 1) / 2
	}
	return -((-d + 1) / 2)
}

// DateHeaderResolutionMS is the resolution of an HTTP Date header; its
// estimates are never more certain than half of it.
const DateHeaderResolutionMS = 1000

// EstimateFromDateHeader estimates the clock offset from a same-origin HTTP
// Date header (RFC 9110: IMF-fixdate, the obsolete RFC 850 form or asctime)
// received between sendMS and receiveMS (client Date.now()). Because the
// header truncates to the second, the server time is taken as the middle of
// that second and the uncertainty is 500 ms plus half the round trip. An
// unparsable header or a bad round trip gives an unknown estimate.
func EstimateFromDateHeader(header string, sendMS, receiveMS int64) ClockEstimate {
	return estimateFromDate(header, 0, DateHeaderResolutionMS, sendMS, receiveMS)
}

// MaxCacheAgeSeconds bounds the Age header EstimateFromCachedDate accepts
// (a day): a copy older than that says more about a cache than about time.
const MaxCacheAgeSeconds = 86_400

// EstimateFromCachedDate is EstimateFromDateHeader for an answer that may
// come from a shared cache such as a CDN. Its Date is when the origin made
// the answer; its Age header (RFC 9111 §5.1, whole seconds, ageSeconds;
// negative when the answer had none) says how long the answer sat in caches
// since. The origin's time when the answer left the cache is then
// Date + Age: both truncate to the second, so the middle of their two-second
// window is taken and the uncertainty is a second plus half the round trip.
// Without an Age header it is EstimateFromDateHeader. An Age beyond
// MaxCacheAgeSeconds gives an unknown estimate.
func EstimateFromCachedDate(header string, ageSeconds, sendMS, receiveMS int64) ClockEstimate {
	switch {
	case ageSeconds < 0:
		return EstimateFromDateHeader(header, sendMS, receiveMS)
	case ageSeconds > MaxCacheAgeSeconds:
		return ClockEstimate{Source: ClockSourceNone}
	}
	return estimateFromDate(header, ageSeconds*1000, 2*DateHeaderResolutionMS, sendMS, receiveMS)
}

// estimateFromDate estimates the clock offset from a Date header received
// between sendMS and receiveMS, when the server's time at the answer lies in
// [Date+shiftMS, Date+shiftMS+windowMS): the middle of that window, with half
// of it plus half the round trip as the uncertainty.
func estimateFromDate(header string, shiftMS, windowMS, sendMS, receiveMS int64) ClockEstimate {
	rtt := receiveMS - sendMS
	if !saneEpoch(sendMS) || rtt < 0 || rtt > maxSaneRTT {
		return ClockEstimate{Source: ClockSourceNone}
	}
	t, ok := parseHTTPDate(header)
	if !ok {
		return ClockEstimate{Source: ClockSourceNone}
	}
	server := t.UnixMilli() + shiftMS + windowMS/2
	return ClockEstimate{
		Known:         true,
		OffsetMS:      midpointOffset(server, sendMS, receiveMS),
		UncertaintyMS: windowMS/2 + (rtt+1)/2,
		RTTMS:         rtt,
		Samples:       1,
		Source:        ClockSourceDateHeader,
	}
}

// ParseAge reads an Age header (RFC 9111 §5.1: whole seconds, digits only):
// the seconds, or -1 when the header is absent or malformed.
func ParseAge(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 10 {
		return -1
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// parseHTTPDate parses the three date forms RFC 9110 allows.
func parseHTTPDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return time.Time{}, false
	}
	for _, layout := range [...]string{
		"Mon, 02 Jan 2006 15:04:05 GMT",
		"Monday, 02-Jan-06 15:04:05 GMT",
		"Mon Jan _2 15:04:05 2006",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Verdict judges the estimate with thresholds t (zero fields take the
// defaults). It is deliberately conservative: warn and fail need the whole
// uncertainty interval beyond the threshold (|offset| − uncertainty ≥
// limit); an estimate whose uncertainty alone reaches the warning limit, or
// an unknown one, or one against a suspect server clock (Reference), is
// unknown; everything else is ok.
func (c ClockEstimate) Verdict(t Thresholds) ClockVerdict {
	if !c.Known || c.Reference.Suspect() {
		return ClockUnknown
	}
	t = t.Normalized()
	lower := absInt64(c.OffsetMS) - c.UncertaintyMS
	switch {
	case lower >= t.ClockFailMS:
		return ClockFail
	case lower >= t.ClockWarnMS:
		return ClockWarn
	case c.UncertaintyMS >= t.ClockWarnMS:
		return ClockUnknown
	}
	return ClockOK
}

// ZoneAssessment is the time-zone reading of a clock offset: whether the
// offset looks like a wrong time zone (the wall clock shows the right local
// time but the device's zone is wrong, so its UTC clock is off by whole
// quarter hours) rather than a wrong clock.
type ZoneAssessment struct {
	// Suspected: |offset| ≥ 15 min, ≤ 26 h, and within 2 min of a whole
	// multiple of 15 min.
	Suspected bool `json:"suspected"`
	// BrowserZone is the IANA zone the browser reports (may be empty).
	BrowserZone string `json:"browser_zone"`
	// BrowserUTCOffsetMinutes is the browser zone's offset east of UTC
	// (Asia/Shanghai = +480): the negated JS getTimezoneOffset().
	BrowserUTCOffsetMinutes int `json:"browser_utc_offset_minutes"`
	// BrowserOffsetKnown is false when the environment gave no zone data.
	BrowserOffsetKnown bool `json:"browser_offset_known"`
	// ClockAheadMinutes is how far the device's UTC clock is ahead of the
	// server, rounded to 15 min (negative: behind).
	ClockAheadMinutes int `json:"clock_ahead_minutes"`
	// ImpliedUTCOffsetMinutes is the UTC offset (east-positive) in which the
	// device's wall time would be right: BrowserUTCOffsetMinutes +
	// ClockAheadMinutes. Only meaningful when Suspected and BrowserOffsetKnown.
	ImpliedUTCOffsetMinutes int `json:"implied_utc_offset_minutes"`
}

// zoneTolerance is how close to a quarter hour an offset must be.
const (
	quarterHourMS = 15 * 60_000
	zoneTolerance = 2 * 60_000
	maxZoneSkewMS = 26 * 3600_000
)

// AssessTimeZone reads clock estimate c against the browser's zone data in
// env. A wrong zone with a correct wall clock shifts the device's UTC clock
// by the zone difference, which is a whole number of quarter hours; offsets
// beyond 26 h are a wrong date, not a wrong zone.
func AssessTimeZone(c ClockEstimate, env Environment) ZoneAssessment {
	z := ZoneAssessment{BrowserZone: env.TimeZone}
	if off, ok := env.UTCOffsetMinutes(); ok {
		z.BrowserUTCOffsetMinutes, z.BrowserOffsetKnown = off, true
	}
	if !c.Known {
		return z
	}
	ahead := -c.OffsetMS // device minus server
	a := absInt64(ahead)
	q := (a + quarterHourMS/2) / quarterHourMS
	dist := absInt64(a - q*quarterHourMS)
	if a < quarterHourMS || a > maxZoneSkewMS || dist > zoneTolerance {
		return z
	}
	mins := int(q * 15)
	if ahead < 0 {
		mins = -mins
	}
	z.Suspected = true
	z.ClockAheadMinutes = mins
	z.ImpliedUTCOffsetMinutes = z.BrowserUTCOffsetMinutes + mins
	return z
}

// FormatUTCOffset formats an east-positive offset in minutes as UTC±hh:mm
// (e.g. 480 → "UTC+08:00", -210 → "UTC-03:30").
func FormatUTCOffset(minutes int) string {
	sign := "+"
	if minutes < 0 {
		sign = "-"
		minutes = -minutes
	}
	h, m := minutes/60, minutes%60
	return "UTC" + sign + pad2(h) + ":" + pad2(m)
}

func pad2(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func absInt64(v int64) int64 {
	if v < 0 {
		if v == -v { // MinInt64
			return 1<<63 - 1
		}
		return -v
	}
	return v
}
