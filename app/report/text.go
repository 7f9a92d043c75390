package report

import (
	"strconv"
	"strings"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

// The fixed texts of the plain-text report (static data).
var (
	rtTitle      = i18n.Text{ZH: "WPS 登录自助检测报告", EN: "WPS login self-check report"}
	rtSep        = i18n.Text{ZH: "：", EN: ": "}
	rtComma      = i18n.Text{ZH: "，", EN: ", "}
	rtSemi       = i18n.Text{ZH: "；", EN: "; "}
	rtOpen       = i18n.Text{ZH: "（", EN: " ("}
	rtClose      = i18n.Text{ZH: "）", EN: ")"}
	rtChecked    = i18n.Text{ZH: "检测时间", EN: "Checked at"}
	rtTicket     = i18n.Text{ZH: "工单号", EN: "Ticket"}
	rtVersion    = i18n.Text{ZH: "页面版本", EN: "Page version"}
	rtDevice     = i18n.Text{ZH: "设备", EN: "Device"}
	rtCode       = i18n.Text{ZH: "支持码", EN: "Support code"}
	rtCauses     = i18n.Text{ZH: "可能的原因（按可能性排序）：", EN: "Likely causes (most likely first):"}
	rtChecks     = i18n.Text{ZH: "检测明细：", EN: "Checks:"}
	rtClock      = i18n.Text{ZH: "时钟", EN: "Clock"}
	rtNotChecked = i18n.Text{ZH: "未能检测", EN: "not checked"}
	rtMatches    = i18n.Text{ZH: "与服务器基本一致", EN: "matches the server"}
	rtPlusMinus  = i18n.Text{ZH: "（±", EN: " (±"}
	rtFrom       = i18n.Text{ZH: "，依据：", EN: ", from the "}
	rtVerdict    = i18n.Text{ZH: "）；结论：", EN: "); verdict: "}
	rtZone       = i18n.Text{ZH: "时区", EN: "Time zone"}
	rtNoZone     = i18n.Text{ZH: "未报告", EN: "not reported"}
	rtEnv        = i18n.Text{ZH: "环境", EN: "Browser"}
	rtOnline     = i18n.Text{ZH: "联网 ", EN: "online "}
	rtCookies    = i18n.Text{ZH: "；Cookie ", EN: "; cookies "}
	rtStorage    = i18n.Text{ZH: "；本地存储 ", EN: "; storage "}
	rtHTTPS      = i18n.Text{ZH: "；HTTPS ", EN: "; HTTPS "}
	rtLangs      = i18n.Text{ZH: "；语言 ", EN: "; languages "}
	rtReported   = i18n.Text{ZH: "用户描述的情况", EN: "Reported by the user"}
	rtZoneNote   = i18n.Text{ZH: "（偏差是整刻钟的倍数，像是时区设错）", EN: " (a whole number of quarter hours: looks like a wrong time zone)"}
)

// textWriter writes one language of a plain-text rendering.
type textWriter struct {
	b strings.Builder
	l i18n.Lang
}

func (w *textWriter) t(x i18n.Text) { w.b.WriteString(x.In(w.l)) }

func (w *textWriter) s(x string) { w.b.WriteString(x) }

func (w *textWriter) nl() { w.b.WriteByte('\n') }

func (w *textWriter) field(x i18n.Text) { w.t(x); w.t(rtSep) }

// Text renders the report as plain text in language l (zh for anything but
// i18n.EN) for pasting into a support chat. It is deterministic: the client
// time is shown in UTC, and nothing but the report is read.
func (r Report) Text(l i18n.Lang) string {
	w := &textWriter{l: l}
	w.t(rtTitle)
	w.nl()
	if r.ClientTimeMS > 0 {
		w.field(rtChecked)
		w.s(time.UnixMilli(r.ClientTimeMS).UTC().Format("2006-01-02 15:04:05"))
		w.s(" UTC\n")
	}
	if r.Ticket != "" {
		w.field(rtTicket)
		w.s(r.Ticket)
		w.nl()
	}
	if r.AppVersion != "" {
		w.field(rtVersion)
		w.s(r.AppVersion)
		w.nl()
	}
	w.field(rtDevice)
	w.s(r.Platform.Describe(l))
	w.nl()
	w.field(rtCode)
	w.s(EncodeSupportCode(r))
	w.s("\n\n")

	w.t(rtCauses)
	w.nl()
	for i, id := range r.Findings {
		w.s(strconv.Itoa(i + 1))
		w.s(". ")
		w.t(kb.Guide(id).Title)
		w.t(rtOpen)
		w.s(string(id))
		w.t(rtClose)
		w.nl()
	}
	if len(r.Findings) == 0 {
		w.s("-\n")
	}
	w.nl()

	w.t(rtChecks)
	w.nl()
	for _, c := range r.Checks {
		w.s("- ")
		w.t(diagnosis.Label(nil, c.ID))
		w.s(" [" + c.ID + "]")
		w.t(rtSep)
		w.s(c.Status.Label(w.l))
		if c.Status != diagnosis.StatusPending {
			w.t(rtComma)
			w.s(msIn(l, c.LatencyMS))
		}
		if c.Detail != "" {
			w.t(rtComma)
			w.s(c.Detail)
		}
		w.nl()
	}
	w.nl()

	c := r.Clock
	w.field(rtClock)
	if c.Source == diagnosis.ClockSourceNone {
		w.t(rtNotChecked)
	} else {
		a := abs(c.OffsetMS)
		switch {
		case a < 1000:
			w.t(rtMatches)
		case c.OffsetMS > 0:
			w.t(i18n.Text{ZH: "比服务器慢 " + diagnosis.Duration(a).ZH, EN: diagnosis.Duration(a).EN + " behind the server"})
		default:
			w.t(i18n.Text{ZH: "比服务器快 " + diagnosis.Duration(a).ZH, EN: diagnosis.Duration(a).EN + " ahead of the server"})
		}
		w.t(rtPlusMinus)
		w.s(msIn(l, c.UncertaintyMS))
		w.t(rtFrom)
		w.s(c.Source.Label(w.l))
		w.t(rtVerdict)
		w.s(c.Verdict.Label(w.l))
		if b := BucketOf(c); b == ClockBucketZoneAhead || b == ClockBucketZoneBehind {
			w.t(rtZoneNote)
		}
	}
	w.nl()
	w.writeServerClock(c) // clockref.go
	w.field(rtZone)
	if c.TimeZone == "" {
		w.t(rtNoZone)
	} else {
		w.s(c.TimeZone)
	}
	w.t(rtOpen)
	w.s(diagnosis.FormatUTCOffset(-c.TZOffsetMinutes))
	w.t(rtClose)
	w.nl()

	e := r.Env
	w.field(rtEnv)
	w.t(rtOnline)
	w.s(e.Online.Norm().Label(w.l))
	w.t(rtCookies)
	w.s(e.Cookies.Norm().Label(w.l))
	w.t(rtStorage)
	w.s(e.Storage.Norm().Label(w.l))
	w.t(rtHTTPS)
	w.s(e.Secure.Norm().Label(w.l))
	w.t(rtLangs)
	if len(e.Languages) == 0 {
		w.s("-")
	}
	w.s(strings.Join(e.Languages, ", "))
	w.nl()
	if len(r.Symptoms) > 0 {
		w.field(rtReported)
		for i, s := range r.Symptoms {
			if i > 0 {
				w.t(rtSemi)
			}
			w.s(s.Label(w.l))
		}
		w.nl()
	}
	return w.b.String()
}

func msIn(l i18n.Lang, ms int64) string {
	if l == i18n.EN {
		return diagnosis.Duration(ms).EN
	}
	return diagnosis.Duration(ms).ZH
}

// writeServerClock adds the report text's line about the server clock. A
// report does not carry the thresholds: the default warning limit decides
// whether the device agreed with WPS's time.
func (w *textWriter) writeServerClock(c ClockReport) {
	s := c.ServerClock
	if s == nil {
		return
	}
	w.field(i18n.Text{ZH: "参照时钟", EN: "Reference clock"})
	w.t(diagnosis.ReferenceWords(*s))
	if s.Suspect() {
		w.t(i18n.Text{ZH: "，因此未评判设备时间", EN: ", so the device clock was not judged"})
		if b, ok := diagnosis.AgreesWithWPS(c.OffsetMS, c.UncertaintyMS, *s, diagnosis.Thresholds{}); ok {
			u := diagnosis.Duration(b)
			w.t(i18n.Text{ZH: "；对照 WPS 服务器的时间，设备时间准确（± " + u.ZH + "）",
				EN: "; against WPS's servers' time the device clock is right (± " + u.EN + ")"})
		}
	}
	w.nl()
}
