package ui

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/wire"
)

// hours returns n hourly buckets from start, bucket i holding counts[i].
func hours(start time.Time, counts ...map[diagnosis.FindingID]int) []wire.StatsBucket {
	out := make([]wire.StatsBucket, len(counts))
	for i, c := range counts {
		total := 0
		for _, n := range c {
			total += n
		}
		out[i] = wire.StatsBucket{Start: start.Add(time.Duration(i) * time.Hour), Total: total, TopFindings: c}
	}
	return out
}

func TestChartSeriesAndOther(t *testing.T) {
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	all := map[diagnosis.FindingID]int{"wps_blocked": 9, "clock_skew": 7, "network_slow": 5, "offline": 4, "in_app_browser": 3,
		"timezone_wrong": 2, "login_hangs": 1}
	c := newChart(hours(start, all, map[diagnosis.FindingID]int{"login_hangs": 4}), false)
	assert.Equal(t, []diagnosis.FindingID{"wps_blocked", "clock_skew", "login_hangs", "network_slow", "offline"}, c.Series,
		"the five with the most reports over the window, most first, ties by id")
	require.True(t, c.Other)
	assert.Equal(t, 6, c.seriesCount())
	assert.Equal(t, 2+3, c.count(c.Buckets[0], 5), "other sums the rest")
	assert.Equal(t, 0, c.count(c.Buckets[1], 5))
	assert.Equal(t, "", c.seriesID(5), "other filters by time only")
	assert.Equal(t, kb.Guide("wps_blocked").Title.EN, c.seriesName(i18n.EN, 0))

	few := newChart(hours(start, map[diagnosis.FindingID]int{"clock_skew": 1, wire.NoFinding: 2}), true)
	assert.False(t, few.Other)
	assert.Equal(t, []diagnosis.FindingID{wire.NoFinding, "clock_skew"}, few.Series)
	assert.Equal(t, "", few.seriesID(0), "reports without a finding have no filter")
	assert.Equal(t, "No finding", few.seriesName(i18n.EN, 0))
}

func TestNiceMax(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 2: 2, 3: 5, 6: 10, 11: 20, 99: 100, 101: 200, 4999: 5000} {
		assert.Equal(t, want, niceMax(n), n)
	}
}

// TestChartMarkup: the chart is well-formed SVG with no inline style
// (the CSP allows none), one clickable segment per non-zero count carrying
// its bucket and finding, and a table with a row per bucket for screen
// readers.
func TestChartMarkup(t *testing.T) {
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var counts []map[diagnosis.FindingID]int
	for i := range 24 {
		counts = append(counts, map[diagnosis.FindingID]int{"wps_blocked": i % 3, "clock_skew": 1})
	}
	c := newChart(hours(start, counts...), false)
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		var m markup
		m.open("div")
		c.write(&m, l)
		m.close("div")
		html := m.String()
		assert.NotContains(t, html, "style=")
		var tree struct {
			SVG struct {
				Rects []struct {
					Class string `xml:"class,attr"`
					I     string `xml:"data-i,attr"`
					F     string `xml:"data-f,attr"`
					Title string `xml:"title"`
				} `xml:"rect"`
			} `xml:"svg"`
			Hidden struct {
				Class string `xml:"class,attr"`
				Rows  []struct {
					Cells []string `xml:"td"`
				} `xml:"table>tbody>tr"`
			} `xml:"div"`
		}
		require.NoError(t, xml.Unmarshal([]byte(html), &tree), html)
		segs := 0
		for _, r := range tree.SVG.Rects {
			if strings.HasPrefix(r.Class, "seg") {
				segs++
				assert.NotEmpty(t, r.F)
				assert.NotEmpty(t, r.Title)
			}
		}
		assert.Equal(t, 24+16, segs, "one segment per non-zero count")
		assert.Len(t, tree.SVG.Rects, 24+segs, "and one hit area per bucket")
		assert.Equal(t, "sr-only", tree.Hidden.Class)
		require.Len(t, tree.Hidden.Rows, 24)
		assert.Equal(t, []string{"1", "2", "3"}, tree.Hidden.Rows[2].Cells, "clock_skew, wps_blocked (24 each: by id), total")
	}
}

func TestGrewMost(t *testing.T) {
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	before := hours(start, map[diagnosis.FindingID]int{"wps_blocked": 2, "clock_skew": 5, "offline": 1})
	now := hours(start, map[diagnosis.FindingID]int{"wps_blocked": 12, "clock_skew": 6, "network_slow": 8, wire.NoFinding: 40})
	g, ok := grewMost(before, now)
	require.True(t, ok)
	assert.Equal(t, growth{ID: "wps_blocked", Now: 12, Before: 2}, g, "the most reports gained (reports without a finding are not a cause)")
	tie, ok := grewMost(before, hours(start, map[diagnosis.FindingID]int{"wps_blocked": 12, "network_slow": 10}))
	require.True(t, ok)
	assert.Equal(t, diagnosis.FindingID("network_slow"), tie.ID, "as many gained: from none is the larger rise")
	var m markup
	g.write(&m, i18n.EN, false)
	assert.Equal(t, "Grew the most: "+kb.Guide("wps_blocked").Title.EN+" (wps_blocked) ×6 vs the previous 24 h (12 reports, 2 before).", m.String())
	m = markup{}
	g.write(&m, i18n.ZH, true)
	assert.Contains(t, m.String(), "×6，与前 7 天相比")

	g, ok = grewMost(nil, hours(start, map[diagnosis.FindingID]int{"clock_skew": 3}))
	require.True(t, ok)
	m = markup{}
	g.write(&m, i18n.EN, false)
	assert.Contains(t, m.String(), "3 reports, none in the previous 24 h")

	_, ok = grewMost(before, hours(start, map[diagnosis.FindingID]int{"wps_blocked": 4, "clock_skew": 1}))
	assert.False(t, ok, "a rise of two reports is not called out")
	_, ok = grewMost(nil, nil)
	assert.False(t, ok)
}

func TestMailText(t *testing.T) {
	const link = "https://check.example/?lang=zh&ticket=T-42"
	zh, en := mailText(i18n.ZH, link, "T-42"), mailText(i18n.EN, link, "T-42")
	for _, s := range []string{zh, en} {
		assert.Contains(t, s, "\n"+link+"\n", "the link on a line of its own")
		assert.Contains(t, s, "T-42")
	}
	assert.Contains(t, zh, kb.SupportCodeName.ZH)
	assert.Contains(t, zh, "发送给客服", "the button's name on the check page")
	assert.Contains(t, en, kb.SupportCodeName.EN)
	assert.Contains(t, en, "Send to support")
	assert.Contains(t, zh, "不会让您填写账号或密码")
	assert.Contains(t, en, "never asks for your account or password")
	assert.NotContains(t, mailText(i18n.EN, "https://check.example/", ""), "ticket", "no ticket, no mention")
}

func TestLocalInputRoundTrip(t *testing.T) {
	const at = "2026-05-01T02:30:00Z"
	local := localInput(at)
	assert.Equal(t, time.Date(2026, 5, 1, 2, 30, 0, 0, time.UTC).Local().Format("2006-01-02T15:04"), local)
	assert.Equal(t, at, fromLocalInput(local))
	assert.Empty(t, localInput("yesterday"))
	assert.Empty(t, fromLocalInput("2026-13-01T00:00"))
}

// TestDeadDeliveriesMarkup: the failed notifications' section is absent
// on a server that never had a webhook, says so when none failed, lists
// each failure with its report, attempts and reason (an HTTP answer in the
// agent's language), offers "send again" only where the server still
// sends, holds back a second click on the one being queued, and escapes
// what the server recorded.
func TestDeadDeliveriesMarkup(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 30, 0, 0, time.UTC)
	dead := []wire.WebhookDelivery{
		{ID: "D-01JTESTAAAAAAAAAAAAAAAAAAA", ReportID: "R-AAAA-BBBB-CCCC-D", CreatedAt: at, State: "dead", Attempts: 9, LastStatus: 503, LastError: "answered 503"},
		{ID: "D-01JTESTBBBBBBBBBBBBBBBBBBB", ReportID: "R-EEEE-FFFF-GGGG-H", CreatedAt: at, State: "dead", Attempts: 2, LastError: `no answer within 10s <b>`},
	}
	page := func(h *wire.WebhookDeliveries, retrying string) *supportPage {
		p := &supportPage{lang: i18n.EN}
		p.hook, p.retrying = h, retrying
		return p
	}

	assert.Empty(t, page(nil, "").deadHTML(), "not loaded yet")
	assert.Empty(t, page(&wire.WebhookDeliveries{}, "").deadHTML(), "no webhook, nothing queued ever")
	assert.Contains(t, page(&wire.WebhookDeliveries{Enabled: true}, "").deadHTML(), `id="dead-none"`)

	h := page(&wire.WebhookDeliveries{Enabled: true, Deliveries: dead}, "").deadHTML()
	assert.Equal(t, 2, strings.Count(h, `class="dead-row"`))
	assert.Contains(t, h, `href="/support/R-AAAA-BBBB-CCCC-D?lang=en"`)
	assert.Contains(t, h, "attempts: 9 · the helpdesk answered HTTP 503")
	assert.Contains(t, h, "attempts: 2 · no answer within 10s &lt;b&gt;", "the server's text, escaped")
	assert.Equal(t, 2, strings.Count(h, `data-act="retry"`))
	assert.Contains(t, h, `data-id="D-01JTESTAAAAAAAAAAAAAAAAAAA" aria-label="Send again: R-AAAA-BBBB-CCCC-D"`)

	busy := page(&wire.WebhookDeliveries{Enabled: true, Deliveries: dead}, dead[0].ID).deadHTML()
	assert.Equal(t, 1, strings.Count(busy, `data-act="retry"`), "the one being queued cannot be clicked again")
	assert.Contains(t, busy, "Queuing…")

	off := page(&wire.WebhookDeliveries{Deliveries: dead}, "").deadHTML()
	assert.NotContains(t, off, `data-act="retry"`, "a server with no webhook cannot send them again")
	assert.Contains(t, off, "webhook.url is not set")

	zh := page(&wire.WebhookDeliveries{Enabled: true, Deliveries: dead[:1]}, "")
	zh.lang = i18n.ZH
	assert.Contains(t, zh.deadHTML(), "尝试 9 次 · 工单系统返回 HTTP 503")

	p := page(nil, "")
	p.hookErr = "Could not reach the server."
	assert.Contains(t, p.deadHTML(), `<p class="error">Could not reach the server.</p>`)
}
