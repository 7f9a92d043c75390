package diagnosis

import (
	"strconv"

	"wpscheck/app/i18n"
	"wpscheck/app/strict"
)

// The page judges the device clock against this server's time endpoint.
// If the server's own clock is wrong, every visitor would be told that
// theirs is wrong by the same amount, so the server checks itself (the
// kernel's synchronisation flag and the Date headers of WPS's answers) and
// says what it found in the "server_clock" member of /api/time. This file
// reads that answer and decides what the page may still say.

// ServerClockState is the page server's verdict on its own clock.
type ServerClockState string

// The server clock states: synced (the server has evidence that its clock
// is right), suspect (it has evidence that its clock is wrong: the device
// clock must not be judged against it), unknown (no evidence either way:
// the device clock is judged as it always was).
const (
	ServerClockSynced  ServerClockState = "synced"
	ServerClockSuspect ServerClockState = "suspect"
	ServerClockUnknown ServerClockState = "unknown"
)

// Valid reports whether s is a known state.
func (s ServerClockState) Valid() bool {
	return s == ServerClockSynced || s == ServerClockSuspect || s == ServerClockUnknown
}

// ServerClock is the "server_clock" member of the server's /api/time
// answer, also kept in a report's clock part:
//
//	{"state": "suspect", "offset_ms": -180250, "bound_ms": 620, "sources": 7}
//
// OffsetMS is WPS's time minus the server's (negative: the server's clock
// is fast), the median over the Sources WPS hosts whose Date header the
// server read in its last round; the true offset lies within ±BoundMS when
// the median host's clock is right. BoundMS is zero when the server had no
// such estimate (too few hosts answered), and OffsetMS is then zero too.
// The zero ServerClock (no State) means the server said nothing.
type ServerClock struct {
	State    ServerClockState `json:"state"`
	OffsetMS int64            `json:"offset_ms,omitempty"`
	BoundMS  int64            `json:"bound_ms,omitempty"`
	Sources  int              `json:"sources"`
}

// Suspect reports whether the server doubts its own clock.
func (s ServerClock) Suspect() bool { return s.State == ServerClockSuspect }

// HasEstimate reports whether s carries the server's offset against WPS.
func (s ServerClock) HasEstimate() bool { return s.BoundMS > 0 }

// Normalized returns s as the page may use it: an unknown state gives the
// zero ServerClock (the server said nothing usable); out-of-range numbers
// are clamped; an offset without a bound is dropped.
func (s ServerClock) Normalized() ServerClock {
	if !s.State.Valid() {
		return ServerClock{}
	}
	s.Sources = min(max(s.Sources, 0), MaxEndpoints)
	s.BoundMS = min(max(s.BoundMS, 0), MaxUncertaintyMS)
	s.OffsetMS = min(max(s.OffsetMS, -MaxEpochMS), MaxEpochMS)
	if s.BoundMS == 0 {
		s.OffsetMS = 0
	}
	return s
}

// Validate checks a report's server_clock as the report parser does; the
// field names start with prefix, verdict is the report's clock verdict.
func (s ServerClock) Validate(prefix string, verdict ClockVerdict) error {
	fe := func(field, reason string) error { return &strict.FieldError{Field: prefix + field, Reason: reason} }
	switch {
	case !s.State.Valid():
		return fe("state", `must be "synced", "suspect" or "unknown"`)
	case s.OffsetMS < -MaxEpochMS || s.OffsetMS > MaxEpochMS:
		return fe("offset_ms", "is out of range")
	case s.BoundMS < 0 || s.BoundMS > MaxUncertaintyMS:
		return fe("bound_ms", "is out of range")
	case s.BoundMS == 0 && s.OffsetMS != 0:
		return fe("offset_ms", "must be 0 when bound_ms is 0 (no estimate)")
	case s.Sources < 0 || s.Sources > MaxEndpoints:
		return fe("sources", "is out of range")
	case s.Suspect() && verdict != ClockUnknown:
		return &strict.FieldError{Field: "clock.verdict", Reason: `must be "unknown" when clock.server_clock.state is "suspect"`}
	}
	return nil
}

// AgainstWPS combines a device clock offset (server − device, ± uncMS) with
// the server's own offset against WPS's Date headers (ref): the device
// clock's offset against WPS's clocks, WPS − device, and its bound. ok is
// false when ref carries no estimate. The page cannot read WPS's Date
// headers itself (they are cross-origin and not exposed to it), so this is
// the only comparison with WPS's own time it can make.
func AgainstWPS(offsetMS, uncMS int64, ref ServerClock) (wpsOffsetMS, boundMS int64, ok bool) {
	if !ref.HasEstimate() {
		return 0, 0, false
	}
	return offsetMS + ref.OffsetMS, uncMS + ref.BoundMS, true
}

// AgreesWithWPS reports whether the device clock, measured against WPS's
// time through the server, is within the warning threshold with its whole
// uncertainty: the page may then say that it is right.
func AgreesWithWPS(offsetMS, uncMS int64, ref ServerClock, t Thresholds) (boundMS int64, ok bool) {
	off, bound, known := AgainstWPS(offsetMS, uncMS, ref)
	if !known || absInt64(off)+bound >= t.Normalized().ClockWarnMS {
		return 0, false
	}
	return bound, true
}

// ReferenceNote is what the page says about the device clock while the
// server doubts its own clock: it cannot be judged right now; and, when the
// device clock agrees with WPS's time as the server read it, that it does.
// It never says that the device clock is wrong.
func ReferenceNote(c ClockEstimate, t Thresholds) i18n.Text {
	n := i18n.Text{ZH: "暂时无法判断：本检测服务器自己的时钟可能不准", EN: "cannot be judged right now: our server's own clock may be off"}
	if a, ok := wpsAgreement(c, t); ok {
		n.ZH += "；" + a.ZH
		n.EN += "; " + a.EN
	}
	return n
}

// wpsAgreement says that the device clock is right against WPS's time as
// the server read it, when it is (see AgreesWithWPS).
func wpsAgreement(c ClockEstimate, t Thresholds) (i18n.Text, bool) {
	b, ok := AgreesWithWPS(c.OffsetMS, c.UncertaintyMS, c.Reference, t)
	if !ok {
		return i18n.Text{}, false
	}
	u := Duration(b)
	return i18n.Text{ZH: "对照 WPS 服务器的时间，你的设备时间是准的（误差在 ± " + u.ZH + "以内）",
		EN: "against WPS's own servers' time, your clock is right (within ± " + u.EN + ")"}, true
}

// ReferenceWords describes the server clock for people, e.g. "本检测服务器的
// 时钟比 WPS 服务器快 3 分钟（± 0.62 秒，7 个 WPS 地址）" / "our server's clock is
// 3 min ahead of WPS's servers (± 0.62 s, 7 WPS addresses)".
func ReferenceWords(s ServerClock) i18n.Text {
	var t i18n.Text
	switch s.State {
	case ServerClockSynced:
		t = i18n.Text{ZH: "本检测服务器的时钟准确", EN: "our server's clock is right"}
	case ServerClockSuspect:
		t = i18n.Text{ZH: "本检测服务器的时钟可能不准", EN: "our server's clock may be off"}
	default:
		t = i18n.Text{ZH: "本检测服务器无法确认自己的时钟", EN: "our server could not check its own clock"}
	}
	if !s.HasEstimate() {
		return t
	}
	a := absInt64(s.OffsetMS)
	n := strconv.Itoa(s.Sources)
	cmp := i18n.Text{ZH: "与 WPS 服务器一致", EN: "matches WPS's servers"}
	switch {
	case a < 1000:
	case s.OffsetMS < 0:
		cmp = i18n.Text{ZH: "比 WPS 服务器快 " + Duration(a).ZH, EN: Duration(a).EN + " ahead of WPS's servers"}
	default:
		cmp = i18n.Text{ZH: "比 WPS 服务器慢 " + Duration(a).ZH, EN: Duration(a).EN + " behind WPS's servers"}
	}
	u := Duration(s.BoundMS)
	t.ZH += "（" + cmp.ZH + "，± " + u.ZH + "，依据 " + n + " 个 WPS 地址）"
	t.EN += " (" + cmp.EN + ", ± " + u.EN + ", from " + n + " WPS addresses)"
	return t
}

// clockNote is the clock's evidence line of no_issue_found: the measured
// offset, or, while the server doubts its own clock, why the device clock
// was not judged.
func (d *diag) clockNote() Evidence {
	c := d.in.Clock
	if !c.Reference.Suspect() {
		return clockEvidence(c)
	}
	why := ReferenceWords(c.Reference)
	t := i18n.Text{ZH: "暂时无法判断你的设备时间：" + why.ZH + "，这次不拿它来评判你的设备时间。",
		EN: "Your device clock cannot be judged right now: " + why.EN + ", so it is not used to judge yours this time."}
	if a, ok := wpsAgreement(c, d.t); ok {
		t.ZH += a.ZH + "。"
		t.EN += " " + upperFirst(a.EN) + "."
	}
	return Evidence{Check: "clock", Observed: "not judged: server clock " + string(c.Reference.State), Text: t}
}

// upperFirst capitalises an ASCII first letter.
func upperFirst(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
