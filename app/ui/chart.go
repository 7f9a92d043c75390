package ui

import (
	"strconv"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/wire"
)

// chartSeries is how many top findings the overview draws in colours of
// their own; the others share one ("other").
const chartSeries = 5

// chart is the overview's bars: reports per bucket, stacked by top
// finding. Series are the findings with the most reports in the window,
// most first; the last series, when Other is set, sums the rest.
type chart struct {
	Buckets []wire.StatsBucket
	Series  []diagnosis.FindingID
	Other   bool
	Daily   bool
}

// newChart picks the series of buckets.
func newChart(buckets []wire.StatsBucket, daily bool) chart {
	sum := map[diagnosis.FindingID]int{}
	for _, b := range buckets {
		for id, n := range b.TopFindings {
			sum[id] += n
		}
	}
	// Most reports first, ties by id; an insertion sort of at most a few
	// dozen ids (a generic sort would cost the wasm ~20 KB of code).
	ids := make([]diagnosis.FindingID, 0, len(sum))
	for id := range sum {
		i := len(ids)
		ids = append(ids, id)
		for ; i > 0 && (sum[ids[i-1]] < sum[id] || sum[ids[i-1]] == sum[id] && ids[i-1] > id); i-- {
			ids[i] = ids[i-1]
		}
		ids[i] = id
	}
	c := chart{Buckets: buckets, Daily: daily, Series: ids}
	if len(ids) > chartSeries {
		c.Series, c.Other = ids[:chartSeries], true
	}
	return c
}

// count is how many reports of bucket b belong to series k (k ==
// len(Series) is "other").
func (c chart) count(b wire.StatsBucket, k int) int {
	if k < len(c.Series) {
		return b.TopFindings[c.Series[k]]
	}
	n := b.Total
	for _, id := range c.Series {
		n -= b.TopFindings[id]
	}
	return n
}

// seriesCount is the number of series drawn, "other" included.
func (c chart) seriesCount() int {
	if c.Other {
		return len(c.Series) + 1
	}
	return len(c.Series)
}

// seriesName names series k for people: the finding's title, or "other".
func (c chart) seriesName(l i18n.Lang, k int) string {
	if k >= len(c.Series) {
		return l.T("其他原因", "Other causes")
	}
	return findingName(l, c.Series[k])
}

// findingName is a finding's title, or for reports without a finding, so.
func findingName(l i18n.Lang, id diagnosis.FindingID) string {
	if id == wire.NoFinding || id == "" {
		return l.T("没有结论", "No finding")
	}
	return kb.Guide(id).Title.In(l)
}

// seriesID is the filter value of series k ("" for "other" and for the
// reports without a finding, which no filter selects).
func (c chart) seriesID(k int) string {
	if k >= len(c.Series) || c.Series[k] == wire.NoFinding {
		return ""
	}
	return string(c.Series[k])
}

// niceMax rounds n up to 1, 2 or 5 times a power of ten (at least 1).
func niceMax(n int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
	}
}

// label is a bucket's start as the axis and the table write it, in the
// viewer's time zone: the hour, or the month and day.
func (c chart) label(b wire.StatsBucket) string {
	t := b.Start.Local()
	if c.Daily {
		return t.Format("01-02")
	}
	return t.Format("15:04")
}

// span writes a bucket's interval for people ("05-01 10:00–11:00").
func (c chart) span(b wire.StatsBucket) string {
	t := b.Start.Local()
	if c.Daily {
		return t.Format("2006-01-02")
	}
	return t.Format("01-02 15:04") + "–" + t.Add(time.Hour).Format("15:04")
}

// The chart's geometry, in SVG user units (the CSS scales it to the
// width): 30 on the left for the y labels, bars from y 8 to 128, the x
// labels below.
const (
	chartLeft   = 30
	chartTop    = 8
	chartHeight = 120
	chartWidth  = 390
)

// write draws the chart as inline SVG (classes only: the CSP forbids
// inline styles) and beside it the same counts as a table for screen
// readers. Every bar segment carries data-i (its bucket) and data-f (its
// finding, "" for other): a click on one filters the list.
func (c chart) write(m *markup, l i18n.Lang) {
	n := len(c.Buckets)
	if n == 0 {
		return
	}
	top := 0
	for _, b := range c.Buckets {
		top = max(top, b.Total)
	}
	top = niceMax(top)
	slot := float64(chartWidth) / float64(n)
	bar := slot * 0.75
	y := func(v int) float64 { return chartTop + chartHeight - float64(v)*chartHeight/float64(top) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	m.fill(l, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 424 146" aria-hidden="true" focusable="false">`)
	grid := []int{0, top}
	if top > 1 {
		grid = append(grid, top/2)
	}
	for _, v := range grid {
		m.fill(l, `<line class="grid" x1="30" x2="424" y1="$1" y2="$1"></line><text class="tick" x="26" y="$2" text-anchor="end">$3</text>`,
			f(y(v)), f(y(v)+3), strconv.Itoa(v))
	}
	every := max(1, n/4)
	for i, b := range c.Buckets {
		x := chartLeft + float64(i)*slot
		idx := strconv.Itoa(i)
		m.fill(l, `<rect class="hit" data-act="bar" data-i="$1" data-f="" x="$2" y="8" width="$3" height="120"></rect>`, idx, f(x), f(slot))
		base := 0
		for k := range c.seriesCount() {
			v := c.count(b, k)
			if v <= 0 {
				continue
			}
			m.fill(l, `<rect class="seg s$1" data-act="bar" data-i="$2" data-f="$3" x="$4" y="$5" width="$6" height="$7"><title>$8</title></rect>`,
				strconv.Itoa(k), idx, c.seriesID(k), f(x+(slot-bar)/2), f(y(base+v)), f(bar), f(y(base)-y(base+v)),
				c.span(b)+" · "+c.seriesName(l, k)+": "+strconv.Itoa(v))
			base += v
		}
		if i%every == 0 || c.Daily {
			m.fill(l, `<text class="tick" x="$1" y="141" text-anchor="middle">$2</text>`, f(x+slot/2), c.label(b))
		}
	}
	// The table is hidden in a box of its own: a table is never narrower
	// than its content, and clipped it would still widen the page.
	m.fill(l, `</svg><div class="sr-only"><table><caption>{每个时段的报告数，按首要原因分|Reports per period by top finding}</caption><thead><tr><th scope="col">{时段|Period}</th>`)
	for k := range c.seriesCount() {
		m.fill(l, `<th scope="col">$1</th>`, c.seriesName(l, k))
	}
	m.fill(l, `<th scope="col">{合计|Total}</th></tr></thead><tbody>`)
	for _, b := range c.Buckets {
		m.fill(l, `<tr><th scope="row">$1</th>`, c.span(b))
		for k := range c.seriesCount() {
			m.fill(l, `<td>$1</td>`, strconv.Itoa(c.count(b, k)))
		}
		m.fill(l, `<td>$1</td></tr>`, strconv.Itoa(b.Total))
	}
	m.fill(l, `</tbody></table></div>`)
}

// growth is the top finding that grew the most from one window to the
// next: its count now and before.
type growth struct {
	ID          diagnosis.FindingID
	Now, Before int
}

// minGrowth is how many more reports a finding needs before the overview
// calls its growth out: a rise from 1 to 2 is not news.
const minGrowth = 3

// grewMost compares the counts by top finding of two windows and returns
// the finding whose count rose the most (by reports, ties by the larger
// ratio), if any rose by minGrowth or more.
func grewMost(before, now []wire.StatsBucket) (growth, bool) {
	sum := func(bs []wire.StatsBucket) map[diagnosis.FindingID]int {
		m := map[diagnosis.FindingID]int{}
		for _, b := range bs {
			for id, n := range b.TopFindings {
				m[id] += n
			}
		}
		return m
	}
	// better says whether g beats h: more reports gained, then the larger
	// ratio (with one added below, so that none before compares), then the id.
	better := func(g, h growth) bool {
		if dg, dh := g.Now-g.Before, h.Now-h.Before; dg != dh {
			return dg > dh
		}
		if x, y := g.Now*(h.Before+1), h.Now*(g.Before+1); x != y {
			return x > y
		}
		return g.ID < h.ID
	}
	a, b := sum(before), sum(now)
	var best growth
	for id, n := range b {
		g := growth{ID: id, Now: n, Before: a[id]}
		if g.Now-g.Before >= minGrowth && id != wire.NoFinding && (best.ID == "" || better(g, best)) {
			best = g
		}
	}
	return best, best.ID != ""
}

// write says the growth in words into m: "wps_blocked ×6 vs the previous
// 24 h", with the finding's title and both counts.
func (g growth) write(m *markup, l i18n.Lang, daily bool) {
	window := l.T("前 24 小时", "the previous 24 h")
	if daily {
		window = l.T("前 7 天", "the previous 7 days")
	}
	name, now, before := findingName(l, g.ID)+" ("+string(g.ID)+")", strconv.Itoa(g.Now), strconv.Itoa(g.Before)
	if g.Before == 0 {
		m.fill(l, `{增长最多：$1 有 $2 份，$3一份也没有。|Grew the most: $1, $2 reports, none in $3.}`, name, now, window)
		return
	}
	ratio := float64(g.Now) / float64(g.Before)
	r := strconv.FormatFloat(ratio, 'f', 1, 64)
	if ratio >= 10 || ratio == float64(int(ratio)) {
		r = strconv.Itoa(int(ratio + 0.5))
	}
	m.fill(l, `{增长最多：$1 ×$2，与$3相比（$4 份，之前 $5 份）。|Grew the most: $1 ×$2 vs $3 ($4 reports, $5 before).}`, name, r, window, now, before)
}
