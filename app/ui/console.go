package ui

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/wire"
)

// The console's overview, list and link composer are written as markup
// (markup.go) and mounted as raw nodes, with one event handler per
// section that reads what was clicked or changed from the event: the same
// views built from go-app elements cost the shared wasm three times the
// bytes, and every person who opens the check page downloads them.

// filterParams are the list filters the console keeps in its URL, named
// as GET /api/reports names them.
var filterParams = []string{"since", "until", "finding", "finding_any", "os", "in_app", "ticket", "code"}

// console is what the overview, the list and the link composer hold.
type console struct {
	filter url.Values // the list's filters, as the API names them
	weekly bool       // the overview shows 7 days (else 24 hours)
	// filterHTML is the filter form as last written from filter; the
	// fields then hold what the agent types, and it is written again
	// only when the filters change otherwise (a bar clicked, cleared).
	filterHTML string

	stats     *wire.Stats
	statsErr  string
	list      []wire.ReportSummary
	listed    bool
	next      string
	listErr   string
	listBusy  bool
	exporting bool

	// The link composer: what the agent entered and the link the server
	// composed. linkHTML shows it (or why there is none); composerHTML is
	// the form, written once per language so that it keeps what the agent
	// types.
	linkTicket, linkSymptom, linkLang string
	linkURL, linkHTML                 string
	composerHTML                      string
	composerLang                      i18n.Lang
	hookState                         // the helpdesk webhook's failed deliveries
}

// readFilters takes the filters and the overview's window from the URL.
func (p *supportPage) readFilters(q url.Values) {
	p.filter = url.Values{}
	for _, name := range filterParams {
		if v := param(q, name); v != "" {
			p.filter.Set(name, v)
		}
	}
	p.weekly = q.Get("window") == "7d"
	p.filterHTML = ""
}

// query is the page's URL query: the filters, the window and the language.
func (p *supportPage) query() url.Values {
	q := url.Values{}
	for k, v := range p.filter {
		q[k] = v
	}
	if p.weekly {
		q.Set("window", "7d")
	}
	if p.lang != "" {
		q.Set("lang", string(p.lang))
	}
	return q
}

// step is the overview's bucket and how many make its window.
func (p *supportPage) step() (time.Duration, int) {
	if p.weekly {
		return 24 * time.Hour, 7
	}
	return time.Hour, 24
}

// fetchStats loads two windows of counts: the one shown and the one
// before, to say what grew.
func (p *supportPage) fetchStats(ctx app.Context) {
	p.fetchStatsThen(ctx, nil)
}

// fetchStatsThen is fetchStats, and then, unless the server refused the
// token, runs then.
func (p *supportPage) fetchStatsThen(ctx app.Context, then func()) {
	step, n := p.step()
	bucket := wire.BucketHour
	if p.weekly {
		bucket = wire.BucketDay
	}
	until := time.Now().Truncate(time.Hour).Add(time.Hour)
	since := until.Add(-2 * time.Duration(n) * step)
	p.statsErr = ""
	p.get(ctx, "/api/stats?bucket="+bucket+"&since="+url.QueryEscape(since.UTC().Format(time.RFC3339)), func(r browser.Response) {
		if then != nil {
			defer then()
		}
		var st wire.Stats
		if r.Status != 200 || json.Unmarshal(r.Body, &st) != nil {
			p.statsErr = failure(p.lang, r)
			return
		}
		p.stats = &st
	})
}

// fetchList loads the first page of the list, or with more the next one.
func (p *supportPage) fetchList(ctx app.Context, more bool) {
	if p.listBusy {
		return
	}
	q := url.Values{}
	for k, v := range p.filter {
		q[k] = v
	}
	if more && p.next != "" {
		q.Set("cursor", p.next)
	}
	p.listBusy, p.listErr = true, ""
	p.get(ctx, pathReports+"?"+q.Encode(), func(r browser.Response) {
		p.listBusy = false
		var list wire.ReportList
		if r.Status != 200 || json.Unmarshal(r.Body, &list) != nil {
			p.listErr = failure(p.lang, r)
			return
		}
		if more {
			p.list = append(p.list, list.Reports...)
		} else {
			p.list = list.Reports
		}
		p.next, p.listed = list.NextCursor, true
	})
}

// filtersChanged writes the filters into the URL and lists again.
func (p *supportPage) filtersChanged(ctx app.Context) {
	p.writeURL(ctx)
	p.listBusy = false
	p.fetchList(ctx, false)
}

// writeURL puts the page's query into the address bar (no navigation).
func (p *supportPage) writeURL(ctx app.Context) {
	u := *ctx.Page().URL()
	u.RawQuery = p.query().Encode()
	ctx.Page().ReplaceURL(&u)
}

// setFilter takes the value of a filter field that changed (its name is
// the API's); times come from datetime-local fields in the viewer's zone.
func (p *supportPage) setFilter(ctx app.Context, name, v string) {
	v = strings.TrimSpace(v)
	if name == "since" || name == "until" {
		v = fromLocalInput(v)
	}
	if v == "" {
		p.filter.Del(name)
	} else {
		p.filter.Set(name, v)
	}
	p.filtersChanged(ctx)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// shown splits the fetched buckets into the window shown and the one before.
func (p *supportPage) shown() (now, before []wire.StatsBucket) {
	if p.stats == nil {
		return nil, nil
	}
	_, n := p.step()
	b := p.stats.Buckets
	if len(b) <= n {
		return b, nil
	}
	return b[len(b)-n:], b[:len(b)-n]
}

// chartFilter lists the reports of the overview's bucket i (all of the
// window when i < 0) with the top finding (any when "").
func (p *supportPage) chartFilter(ctx app.Context, i int, finding string) {
	now, _ := p.shown()
	if i >= len(now) || len(now) == 0 {
		return
	}
	step, _ := p.step()
	p.filter, p.filterHTML = url.Values{"since": {now[max(i, 0)].Start.UTC().Format(time.RFC3339)}}, ""
	if i >= 0 {
		p.filter.Set("until", now[i].Start.Add(step).UTC().Format(time.RFC3339))
	}
	if finding != "" {
		p.filter.Set("finding", finding)
	}
	p.filtersChanged(ctx)
	app.Window().ScrollToID("reports-h")
}

// export downloads the list's reports as CSV: the token goes in a header,
// the file is made in the browser.
func (p *supportPage) export(ctx app.Context) {
	if p.exporting {
		return
	}
	ctx = p.ctxOf(ctx)
	p.exporting, p.status = true, ""
	path, token, l := "/api/reports.csv?"+p.filter.Encode(), p.token, p.lang
	ctx.Async(func() {
		st := browser.FetchDownload(path, map[string]string{"Authorization": "Bearer " + token}, "wpscheck-reports.csv", 300000)
		ctx.Dispatch(func(ctx app.Context) {
			p.exporting = false
			switch st {
			case 200:
				p.status = l.T("已导出 CSV。", "CSV exported.")
			case 401:
				p.signOut(true)
			default:
				p.status = failure(l, browser.Response{Status: st})
			}
		})
	})
}

// localInput writes an RFC 3339 time as a datetime-local field shows it,
// in the viewer's zone ("" for anything else).
func localInput(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ""
	}
	return t.Local().Format("2006-01-02T15:04")
}

// fromLocalInput reads a datetime-local value in the viewer's zone as an
// RFC 3339 time ("" for anything else).
func fromLocalInput(s string) string {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, time.Local)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// overviewHTML is the overview: the window, what grew, the chart and its
// legend.
func (p *supportPage) overviewHTML() string {
	l := p.lang
	var m markup
	day, week := "true", "false"
	if p.weekly {
		day, week = week, day
	}
	m.fill(l, `<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">{概况|Overview}</h2><div class="actions"><button type="button" class="symptom window" data-act="window" data-window="24h" aria-pressed="$1">{最近 24 小时|Last 24 hours}</button>`+
		`<button type="button" class="symptom window" data-act="window" data-window="7d" aria-pressed="$2">{最近 7 天|Last 7 days}</button></div>`, day, week)
	now, before := p.shown()
	switch {
	case p.statsErr != "":
		m.fill(l, `<p class="error">$1</p>`, p.statsErr)
	case p.stats == nil:
		m.fill(l, `<p class="hint">{正在读取…|Loading…}</p>`)
	default:
		c := newChart(now, p.weekly)
		total := 0
		for _, b := range now {
			total += b.Total
		}
		m.fill(l, `<p id="overview-total">{共 $1 份报告。|$1 reports.}</p><p class="callout" id="growth">`, strconv.Itoa(total))
		if g, ok := grewMost(before, now); ok {
			g.write(&m, l, p.weekly)
		} else {
			m.fill(l, `{与上一段时间相比，没有哪个原因明显增多。|No top finding grew much compared with the period before.}`)
		}
		m.fill(l, `</p><div id="chart" class="chart">`)
		c.write(&m, l)
		m.fill(l, `</div><ul class="legend">`)
		for k := range c.seriesCount() {
			n := 0
			for _, b := range now {
				n += c.count(b, k)
			}
			m.fill(l, `<li><button type="button" class="link-btn" data-act="legend" data-f="$1"><span class="sw s$2" aria-hidden="true"></span>$3 $4</button></li>`,
				c.seriesID(k), strconv.Itoa(k), c.seriesName(l, k), strconv.Itoa(n))
		}
		m.fill(l, `</ul><p class="hint">{点一根柱子（或上面的原因）即可在下面列出那些报告。|Click a bar (or a cause above) to list those reports below.}</p>`)
	}
	m.fill(l, `</section>`)
	return m.String()
}

// filterForm writes the list's filter fields with the current filters.
func (p *supportPage) filterForm() string {
	l := p.lang
	any := option{"", l.T("不限", "Any")}
	findings := []option{any}
	for _, id := range diagnosis.AllFindingIDs() {
		findings = append(findings, option{string(id), findingName(l, id)})
	}
	oses := []option{any, {string(diagnosis.OSUnknown), diagnosis.OSUnknown.Label(l)}}
	for _, o := range diagnosis.AllOS() {
		oses = append(oses, option{string(o), o.Label(l)})
	}
	apps := []option{any, {string(diagnosis.InAppNone), l.T("不在 App 里（普通浏览器）", "None (a plain browser)")}}
	for _, a := range diagnosis.AllInApps() {
		apps = append(apps, option{string(a), a.Label(l)})
	}
	var m markup
	m.fill(l, `<section id="reports" aria-labelledby="reports-h"><h2 id="reports-h">{报告|Reports}</h2><div class="filters"><div class="field"><label for="f-since">{从|From}</label><input type="datetime-local" id="f-since" name="since" value="$1"></div>`+
		`<div class="field"><label for="f-until">{到（不含）|Until (not included)}</label><input type="datetime-local" id="f-until" name="until" value="$2"></div>`,
		localInput(p.filter.Get("since")), localInput(p.filter.Get("until")))
	m.fill(l, `<div class="field"><label for="f-finding">{首要原因|Top finding}</label>`)
	m.selectOf("f-finding", "finding", p.filter.Get("finding"), findings)
	m.fill(l, `<div class="field"><label for="f-finding_any">{包含原因（任意名次）|Has finding (any rank)}</label>`)
	m.selectOf("f-finding_any", "finding_any", p.filter.Get("finding_any"), findings)
	m.fill(l, `<div class="field"><label for="f-os">{系统|System}</label>`)
	m.selectOf("f-os", "os", p.filter.Get("os"), oses)
	m.fill(l, `<div class="field"><label for="f-in_app">{内置浏览器|In-app browser}</label>`)
	m.selectOf("f-in_app", "in_app", p.filter.Get("in_app"), apps)
	m.fill(l, `<div class="field"><label for="f-ticket">{工单号|Ticket}</label><input type="text" id="f-ticket" name="ticket" maxlength="64" autocomplete="off" spellcheck="false" value="$1"></div>`+
		`<div class="field"><label for="f-code">{支持码|Support code}</label><input type="text" id="f-code" name="code" maxlength="64" autocomplete="off" spellcheck="false" value="$2"></div></div></section>`,
		p.filter.Get("ticket"), p.filter.Get("code"))
	return m.String()
}

// listHTML is the list's buttons and its reports (the filter form comes
// before it, as a part of its own).
func (p *supportPage) listHTML() string {
	l := p.lang
	var m markup
	export := `<button type="button" id="export-csv" class="btn btn-secondary" data-act="export-csv">`
	if p.exporting {
		export = `<button type="button" id="export-csv" class="btn btn-secondary" disabled>`
	}
	m.fill(l, `<div><div class="actions"><button type="button" id="clear-filters" class="btn btn-secondary" data-act="clear-filters">{清除条件|Clear filters}</button>`+
		export+`{导出 CSV|Export CSV}</button></div>`)
	switch {
	case p.listErr != "":
		m.fill(l, `<p class="error" id="list-error">$1</p>`, p.listErr)
	case p.listed && len(p.list) == 0:
		m.fill(l, `<p class="hint" id="list-empty">{没有符合条件的报告。|No report matches these filters.}</p>`)
	default:
		writeReportRows(&m, l, p.list, p.query())
	}
	if p.next != "" {
		m.fill(l, `<button type="button" id="more" class="btn btn-secondary" data-act="more">{再列 50 份|Show 50 more}</button>`)
	}
	m.fill(l, `</div>`)
	return m.String()
}

// writeReportRows lists reports, each a link to its report view that
// keeps the console's query (filters, window, language) for the way back.
func writeReportRows(m *markup, l i18n.Lang, rows []wire.ReportSummary, q url.Values) {
	m.fill(l, `<ul class="report-list" id="report-list">`)
	for _, r := range rows {
		where := r.OS.Label(l) + " · " + r.Browser.Label(l)
		if r.InApp != "" && r.InApp != diagnosis.InAppNone {
			where += " · " + r.InApp.Label(l)
		}
		ticket := r.Ticket
		switch {
		case ticket == "":
			ticket = l.T("无工单号", "no ticket")
		case !r.TicketVerified:
			ticket += l.T("（未验证）", " (unverified)")
		}
		m.fill(l, `<li class="report-row" data-id="$1" data-finding="$2"><a href="$3"><span class="rr-time">$4</span><span class="rr-top">$5</span>`+
			`<span class="rr-where">$6</span><span class="rr-ticket">$7</span><span class="rr-code">$8</span></a></li>`,
			r.ID, string(r.TopFinding), PathSupport+"/"+r.ID+"?"+q.Encode(), r.CreatedAt.Local().Format("2006-01-02 15:04"),
			findingName(l, r.TopFinding), where, ticket, r.SupportCode)
	}
	m.fill(l, `</ul>`)
}
