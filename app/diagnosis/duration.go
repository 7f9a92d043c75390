package diagnosis

import (
	"strconv"

	"wpscheck/app/i18n"
)

// Duration says a span of ms for people with its two largest units:
// "120 毫秒" / "120 ms" below a second, "1.2 秒" / "1.2 s" below a minute,
// then minutes and seconds ("7 分 12 秒" / "7 min 12 s"), hours and minutes
// below two days, then days and hours; a part that rounds to zero is left
// out ("7 分钟" / "7 min"). Negative spans are said as their size. It is
// the one formatter of latencies, clock offsets and their uncertainties.
func Duration(ms int64) i18n.Text {
	ms = absInt64(ms)
	if ms < 1000 {
		n := strconv.FormatInt(ms, 10)
		return i18n.Text{ZH: n + " 毫秒", EN: n + " ms"}
	}
	return i18n.Text{ZH: span(ms, unitsZH), EN: span(ms, unitsEN)}
}

// FormatOffset writes a clock offset (server − client, ms) with its sign,
// e.g. "+1.2 s", "-3 min 5 s", "+8 h": "+" means the device clock is
// behind. It is for support staff and reports, in English units.
func FormatOffset(ms int64) string {
	if ms < 0 {
		return "-" + Duration(ms).EN
	}
	return "+" + Duration(ms).EN
}

// units names the units of a span in one language.
type units struct{ sec, min, minShort, hour, day string }

var (
	unitsZH = units{sec: " 秒", min: " 分钟", minShort: " 分", hour: " 小时", day: " 天"}
	unitsEN = units{sec: " s", min: " min", minShort: " min", hour: " h", day: " d"}
)

// span writes ms (at least a second) with its two largest units.
func span(ms int64, u units) string {
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	switch {
	case ms < 60_000:
		if ms%1000 == 0 {
			return n(ms/1000) + u.sec
		}
		return n(ms/1000) + "." + n(ms%1000/100) + u.sec
	case ms < 3600_000:
		s := roundDiv(ms, 1000)
		if s%60 == 0 {
			return n(s/60) + u.min
		}
		return n(s/60) + u.minShort + " " + n(s%60) + u.sec
	case ms < 48*3600_000:
		m := roundDiv(ms, 60_000)
		if m%60 == 0 {
			return n(m/60) + u.hour
		}
		return n(m/60) + u.hour + " " + n(m%60) + u.min
	}
	h := roundDiv(ms, 3600_000)
	if h%24 == 0 {
		return n(h/24) + u.day
	}
	return n(h/24) + u.day + " " + n(h%24) + u.hour
}

// roundDiv divides a non-negative v by d, rounding half up, without
// overflowing.
func roundDiv(v, d int64) int64 {
	q := v / d
	if v%d >= d-d/2 {
		q++
	}
	return q
}

// OffsetPhrase says in plain words how far the device clock is off, e.g.
// "快了 7 分 12 秒 ± 20 毫秒" / "7 min 12 s fast ± 20 ms". OffsetMS is
// server − client, so a negative offset means the device clock is fast.
// An unknown estimate gives an empty Text.
func OffsetPhrase(c ClockEstimate) i18n.Text {
	if !c.Known {
		return i18n.Text{}
	}
	d, unc := Duration(c.OffsetMS), Duration(c.UncertaintyMS)
	if absInt64(c.OffsetMS) < 1000 && absInt64(c.OffsetMS) <= c.UncertaintyMS {
		// The offset is inside the measurement's own error: say only what
		// was measured (a large ± on a slow link must not read as "< 1 s").
		return i18n.Text{ZH: "与服务器一致（误差在 ± " + unc.ZH + "以内）", EN: "matches the server (within ± " + unc.EN + ")"}
	}
	if c.OffsetMS < 0 {
		return i18n.Text{ZH: "快了 " + d.ZH + " ± " + unc.ZH, EN: d.EN + " fast ± " + unc.EN}
	}
	return i18n.Text{ZH: "慢了 " + d.ZH + " ± " + unc.ZH, EN: d.EN + " slow ± " + unc.EN}
}
