package diagnosis

import (
	"strconv"
	"strings"

	"wpscheck/app/i18n"
)

// What the findings say they rest on: one sentence per observation, in
// both languages.

func anyBad(cs []CheckResult) bool {
	for _, c := range cs {
		if c.Status.Bad() {
			return true
		}
	}
	return false
}

// hostOf returns the host of an endpoint URL, or the URL for a path.
func hostOf(u string) string {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		return u
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// quickRejectMS: a rejection this fast was refused locally (a filter,
// security software, a DNS failure), not lost on the way.
const quickRejectMS = 300

func (d *diag) checkEvidence(c CheckResult) Evidence {
	label, where := Label(d.cat, c.ID), c.ID
	if e, ok := catalogIndex(d.cat, c.ID); ok {
		where = hostOf(e.URL)
	}
	zh := label.ZH + "（" + where + "）："
	en := label.EN + " (" + where + "): "
	obs := string(c.Status)
	switch c.Status {
	case StatusOK:
		zh += "正常，用时 " + Duration(c.LatencyMS).ZH
		en += "OK in " + Duration(c.LatencyMS).EN
		obs += " " + strconv.FormatInt(c.LatencyMS, 10) + " ms"
	case StatusSlow:
		zh += "能连上，但用了 " + Duration(c.LatencyMS).ZH
		en += "answered, but took " + Duration(c.LatencyMS).EN
		obs += " " + strconv.FormatInt(c.LatencyMS, 10) + " ms"
	case StatusTimeout:
		zh += Duration(c.LatencyMS).ZH + "内没有响应"
		en += "no answer within " + Duration(c.LatencyMS).EN
		obs += " " + strconv.FormatInt(c.LatencyMS, 10) + " ms"
	case StatusFail:
		zh += "连接失败"
		en += "failed"
		if c.LatencyMS < quickRejectMS {
			zh += "，而且是立即被拒绝（常见于拦截插件、安全软件或域名解析失败）"
			en += " at once (typical of a blocker extension, security software or a DNS failure)"
		}
		if c.Detail != "" {
			// The browser's own error text ("TypeError: Failed to fetch")
			// means nothing to a person: it stays in the observed value
			// (report, support view), not in the sentence.
			obs += ": " + c.Detail
		}
	default:
		zh += "检测尚未完成"
		en += "not finished"
	}
	return Evidence{Check: c.ID, Observed: obs, Text: i18n.Text{ZH: zh + "。", EN: en + "."}}
}

// vantageEvidence says which endpoints this page's server could not reach
// either: one line per endpoint, or one line for all of them.
func (d *diag) vantageEvidence(down []CheckResult) []Evidence {
	if len(down) == 1 {
		c := down[0]
		label := Label(d.cat, c.ID)
		return []Evidence{{Check: "vantage", Observed: c.ID + " " + string(c.Status), Text: i18n.Text{ZH: "本页服务器自己访问「" + label.ZH + "」也失败了（" + c.Status.Label(i18n.ZH) + "）：不是你这边的问题。",
			EN: "This page's server cannot reach " + label.EN + " either (" + c.Status.Label(i18n.EN) + "): it is not on your side."}}}
	}
	var ids, zh, en []string
	for _, c := range down {
		n := Label(d.cat, c.ID)
		ids, zh, en = append(ids, c.ID+" "+string(c.Status)), append(zh, n.ZH), append(en, n.EN)
	}
	n := strconv.Itoa(len(down))
	return []Evidence{{Check: "vantage", Observed: strings.Join(ids, ", "), Text: i18n.Text{ZH: "本页服务器自己访问这 " + n + " 个地址也失败了（" + strings.Join(zh, "、") + "）：不是你这边的问题。",
		EN: "This page's server cannot reach these " + n + " addresses either (" + strings.Join(en, ", ") + "): it is not on your side."}}}
}

// failKey groups checks that failed the same way ("" for a check that
// answered or is pending: it keeps a line of its own). A refusal is a
// refusal however fast it came: the speed only colours the sentence.
func failKey(c CheckResult) string {
	if c.Status.Bad() {
		return string(c.Status)
	}
	return ""
}

// groupedEvidence describes checks in order, one line each, except that
// two or more checks that failed the same way share one line naming their
// count and where they point: eleven hosts refused by one filter read as
// one sentence, not eleven identical ones.
func (d *diag) groupedEvidence(cs []CheckResult) []Evidence {
	var out []Evidence
	done := map[string]bool{}
	for _, c := range cs {
		k := failKey(c)
		if k == "" {
			out = append(out, d.checkEvidence(c))
			continue
		}
		if done[k] {
			continue
		}
		var same []CheckResult
		for _, x := range cs {
			if failKey(x) == k {
				same = append(same, x)
			}
		}
		done[k] = true
		if len(same) == 1 {
			out = append(out, d.checkEvidence(c))
			continue
		}
		out = append(out, d.groupEvidence(k, same))
	}
	return out
}

// groupEvidence is the one line of checks that failed the same way.
func (d *diag) groupEvidence(key string, cs []CheckResult) Evidence {
	var ids, zh, en []string
	least, quick := cs[0].LatencyMS, 0
	for _, c := range cs {
		ids = append(ids, c.ID)
		where := d.where(c)
		zh, en = append(zh, where.ZH), append(en, where.EN)
		least = min(least, c.LatencyMS)
		if c.LatencyMS < quickRejectMS {
			quick++
		}
	}
	n := strconv.Itoa(len(cs))
	why := i18n.Text{ZH: "常见于拦截插件、安全软件或域名解析失败", EN: "typical of a blocker extension, security software or a DNS failure"}
	var how i18n.Text
	switch {
	case key == string(StatusTimeout):
		how = i18n.Text{ZH: "在 " + Duration(least).ZH + "内都没有响应", EN: "gave no answer within " + Duration(least).EN}
	case quick == len(cs):
		how = i18n.Text{ZH: "都是立即被拒绝（" + why.ZH + "）", EN: "were all refused at once (" + why.EN + ")"}
	case quick > 0:
		q := strconv.Itoa(quick)
		how = i18n.Text{ZH: "都连接失败，其中 " + q + " 个是立即被拒绝（" + why.ZH + "）", EN: "all failed to connect, " + q + " of them refused at once (" + why.EN + ")"}
	default:
		how = i18n.Text{ZH: "都连接失败", EN: "all failed to connect"}
	}
	return Evidence{Check: "checks", Observed: key + " ×" + n + ": " + strings.Join(ids, " "),
		Text: i18n.Text{ZH: "这 " + n + " 个地址" + how.ZH + "：" + strings.Join(zh, "、") + "。",
			EN: "These " + n + " addresses " + how.EN + ": " + strings.Join(en, ", ") + "."}}
}

// where names where a check points: its host, or its label for a
// same-origin path (this page's own server).
func (d *diag) where(c CheckResult) i18n.Text {
	if e, ok := catalogIndex(d.cat, c.ID); ok && strings.HasPrefix(e.URL, "https://") {
		h := hostOf(e.URL)
		return i18n.Text{ZH: h, EN: h}
	}
	return Label(d.cat, c.ID)
}

func onlineEvidence() Evidence {
	return Evidence{Check: "online", Observed: "no",
		Text: i18n.Text{ZH: "浏览器报告当前没有联网。", EN: "The browser reports that it is offline."}}
}

// symptomEvidence is the evidence of a symptom the person picked.
func symptomEvidence(s Symptom) Evidence {
	return Evidence{Check: "symptom", Observed: string(s),
		Text: i18n.Text{ZH: "你选择的情况：「" + s.Label(i18n.ZH) + "」。", EN: "What you told us: “" + s.Label(i18n.EN) + "”."}}
}

func clockEvidence(c ClockEstimate) Evidence {
	obs := FormatOffset(c.OffsetMS) + " ± " + strconv.FormatInt(c.UncertaintyMS, 10) + " ms (" + string(c.Source) + ")"
	a := absInt64(c.OffsetMS)
	var zh, en string
	switch {
	case a < 1000:
		zh, en = "设备时钟与服务器基本一致", "The device clock matches the server"
	case c.OffsetMS > 0:
		zh, en = "设备时钟比服务器慢了 "+Duration(a).ZH, "The device clock is "+Duration(a).EN+" behind the server"
	default:
		zh, en = "设备时钟比服务器快了 "+Duration(a).ZH, "The device clock is "+Duration(a).EN+" ahead of the server"
	}
	zh += "（误差约 ±" + Duration(c.UncertaintyMS).ZH + "，依据：" + c.Source.Label(i18n.ZH) + "）。"
	en += " (±" + Duration(c.UncertaintyMS).EN + ", from the " + c.Source.Label(i18n.EN) + ")."
	return Evidence{Check: "clock", Observed: obs, Text: i18n.Text{ZH: zh, EN: en}}
}

func zoneEvidence(z ZoneAssessment) Evidence {
	shift := z.ClockAheadMinutes
	obs := z.BrowserZone
	if z.BrowserOffsetKnown {
		obs += " " + FormatUTCOffset(z.BrowserUTCOffsetMinutes)
	}
	obs = strings.TrimSpace(obs + " shift " + strconv.Itoa(shift) + " min")
	dir, dirEN := "快", "ahead"
	if shift < 0 {
		dir, dirEN = "慢", "behind"
	}
	d := Duration(int64(shift) * 60_000)
	amount, amountEN := d.ZH, d.EN
	var zh, en string
	if z.BrowserOffsetKnown {
		zone := z.BrowserZone
		if zone == "" {
			zone = "（未报告名称）"
		}
		zoneEN := z.BrowserZone
		if zoneEN == "" {
			zoneEN = "(no name reported)"
		}
		zh = "浏览器报告的时区是 " + zone + "（" + FormatUTCOffset(z.BrowserUTCOffsetMinutes) + "），而设备时钟正好" + dir + "了 " + amount +
			"。如果屏幕上显示的钟点是对的，那么是时区设错了：按显示的时间推算，你所在地的时区应为 " + FormatUTCOffset(z.ImpliedUTCOffsetMinutes)
		en = "The browser reports the time zone " + zoneEN + " (" + FormatUTCOffset(z.BrowserUTCOffsetMinutes) + "), and the device clock is exactly " + amountEN + " " + dirEN +
			". If the time on screen looks right, the time zone is wrong: the time shown fits " + FormatUTCOffset(z.ImpliedUTCOffsetMinutes)
		if ex := exampleZone(z.ImpliedUTCOffsetMinutes); ex != "" {
			zh += "（例如 " + ex + "）"
			en += " (for example " + ex + ")"
		}
		zh += "。"
		en += "."
	} else {
		zh = "设备时钟正好" + dir + "了 " + amount + "（整刻钟的倍数），这通常是时区设错，而不是时间本身错了；浏览器没有报告时区。"
		en = "The device clock is exactly " + amountEN + " " + dirEN + " (whole quarter hours), which usually means a wrong time zone rather than a wrong clock; the browser reported no time zone."
	}
	return Evidence{Check: "time_zone", Observed: obs, Text: i18n.Text{ZH: zh, EN: en}}
}

// exampleZone names a common zone for an east-positive UTC offset.
func exampleZone(min int) string {
	switch min {
	case 480:
		return "Asia/Shanghai"
	case 0:
		return "Europe/London"
	case 60:
		return "Europe/Berlin"
	case 330:
		return "Asia/Kolkata"
	case 420:
		return "Asia/Bangkok"
	case 540:
		return "Asia/Tokyo"
	case 600:
		return "Australia/Sydney"
	case -300:
		return "America/New_York"
	case -480:
		return "America/Los_Angeles"
	}
	return ""
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
