package diagnosis

import (
	"strconv"
	"strings"
	"time"
)

// The fixed texts of the plain-text report (static data).
var (
	rtTitle      = Text{"WPS 登录自助检测报告", "WPS login self-check report"}
	rtSep        = Text{"：", ": "}
	rtComma      = Text{"，", ", "}
	rtSemi       = Text{"；", "; "}
	rtOpen       = Text{"（", " ("}
	rtClose      = Text{"）", ")"}
	rtChecked    = Text{"检测时间", "Checked at"}
	rtTicket     = Text{"工单号", "Ticket"}
	rtVersion    = Text{"页面版本", "Page version"}
	rtDevice     = Text{"设备", "Device"}
	rtCode       = Text{"支持码", "Support code"}
	rtCauses     = Text{"可能的原因（按可能性排序）：", "Likely causes (most likely first):"}
	rtChecks     = Text{"检测明细：", "Checks:"}
	rtClock      = Text{"时钟", "Clock"}
	rtNotChecked = Text{"未能检测", "not checked"}
	rtMatches    = Text{"与服务器基本一致", "matches the server"}
	rtPlusMinus  = Text{"（±", " (±"}
	rtFrom       = Text{"，依据：", ", from the "}
	rtVerdict    = Text{"）；结论：", "); verdict: "}
	rtZone       = Text{"时区", "Time zone"}
	rtNoZone     = Text{"未报告", "not reported"}
	rtEnv        = Text{"环境", "Browser"}
	rtOnline     = Text{"联网 ", "online "}
	rtCookies    = Text{"；Cookie ", "; cookies "}
	rtStorage    = Text{"；本地存储 ", "; storage "}
	rtHTTPS      = Text{"；HTTPS ", "; HTTPS "}
	rtLangs      = Text{"；语言 ", "; languages "}
	rtReported   = Text{"用户描述的情况", "Reported by the user"}
	rtZoneNote   = Text{"（偏差是整刻钟的倍数，像是时区设错）", " (a whole number of quarter hours: looks like a wrong time zone)"}
)

// textWriter writes one language of a plain-text rendering.
type textWriter struct {
	b strings.Builder
	l Lang
}

// The writer's methods are kept out of line: inlined at every call they
// would triple the size of Text in the wasm.

//go:noinline
func (w *textWriter) t(x Text) { w.b.WriteString(x.In(w.l)) }

//go:noinline
func (w *textWriter) s(x string) { w.b.WriteString(x) }

//go:noinline
func (w *textWriter) nl() { w.b.WriteByte('\n') }

//go:noinline
func (w *textWriter) field(x Text) { w.t(x); w.t(rtSep) }

// Text renders the report as plain text in language l (zh for anything but
// LangEN) for pasting into a support chat. It is deterministic: the client
// time is shown in UTC, and nothing but the report is read.
func (r Report) Text(l Lang) string {
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
		w.t(Guide(id).Title)
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
		w.t(EndpointLabel(c.ID))
		w.s(" [" + c.ID + "]")
		w.t(rtSep)
		w.t(statusLabels[c.Status])
		if c.Status != StatusPending {
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
	if c.Source == ClockSourceNone {
		w.t(rtNotChecked)
	} else {
		a := absInt64(c.OffsetMS)
		switch {
		case a < 1000:
			w.t(rtMatches)
		case c.OffsetMS > 0:
			w.t(Text{"比服务器慢 " + durZH(a), durEN(a) + " behind the server"})
		default:
			w.t(Text{"比服务器快 " + durZH(a), durEN(a) + " ahead of the server"})
		}
		w.t(rtPlusMinus)
		w.s(msIn(l, c.UncertaintyMS))
		w.t(rtFrom)
		w.t(sourceLabels[c.Source])
		w.t(rtVerdict)
		w.t(verdictLabels[c.Verdict])
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
	w.s(FormatUTCOffset(-c.TZOffsetMinutes))
	w.t(rtClose)
	w.nl()

	e := r.Env
	w.field(rtEnv)
	w.t(rtOnline)
	w.t(triLabels[e.Online.Norm()])
	w.t(rtCookies)
	w.t(triLabels[e.Cookies.Norm()])
	w.t(rtStorage)
	w.t(triLabels[e.Storage.Norm()])
	w.t(rtHTTPS)
	w.t(triLabels[e.Secure.Norm()])
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
			w.t(symptomLabels[s])
		}
		w.nl()
	}
	return w.b.String()
}

func msIn(l Lang, ms int64) string {
	if l == LangEN {
		return msEN(ms)
	}
	return msZH(ms)
}
