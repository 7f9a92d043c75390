package ui

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/i18n"
	"wpscheck/app/wire"
)

// pathDeliveries lists the webhook's deliveries for agents; a delivery's
// /retry under it queues it again.
const pathDeliveries = "/api/webhook/deliveries"

// deadShown is how many failed deliveries the console lists.
const deadShown = 20

// hookState is what the console knows of the helpdesk webhook's failed
// deliveries: those that gave up after retrying for the configured time,
// which an agent sends again once the helpdesk answers.
type hookState struct {
	hook     *wire.WebhookDeliveries // nil until the server answered
	hookErr  string
	retrying string // the delivery being queued again, its button disabled
}

// fetchDead loads the failed deliveries.
func (p *supportPage) fetchDead(ctx app.Context) {
	p.hookErr = ""
	p.get(ctx, pathDeliveries+"?state=dead&limit="+strconv.Itoa(deadShown), func(r browser.Response) {
		var ds wire.WebhookDeliveries
		if r.Status != 200 || json.Unmarshal(r.Body, &ds) != nil {
			p.hook, p.hookErr = nil, failure(p.lang, r)
			return
		}
		p.hook = &ds
	})
}

// retryDelivery queues the failed delivery id again and, once the server
// took it, drops it from the list.
func (p *supportPage) retryDelivery(ctx app.Context, id string) {
	if p.retrying != "" || id == "" {
		return
	}
	p.retrying, p.status = id, ""
	l := p.lang
	p.call(ctx, "POST", pathDeliveries+"/"+url.PathEscape(id)+"/retry", func(r browser.Response) {
		p.retrying = ""
		switch r.Status {
		case 200:
			if p.hook != nil {
				p.hook.Deliveries = slices.DeleteFunc(p.hook.Deliveries, func(d wire.WebhookDelivery) bool { return d.ID == id })
			}
			p.status = l.T("已重新排队，马上发往工单系统：", "Queued again, on its way to the helpdesk: ") + id
		case 404:
			p.status = l.T("没有这条通知（可能已过期删除）。", "This notification no longer exists (it may have expired).")
			p.fetchDead(ctx)
		default:
			p.status = failure(l, r)
		}
	})
}

// deadHTML is the section of failed deliveries: none when this server has
// no webhook and never had one, a line when none failed.
func (p *supportPage) deadHTML() string {
	h := p.hook
	if p.hookErr == "" && (h == nil || (!h.Enabled && len(h.Deliveries) == 0)) {
		return ""
	}
	l := p.lang
	var m markup
	m.fill(l, `<section id="dead-deliveries" aria-labelledby="dead-h"><h2 id="dead-h">{没能送到工单系统的通知|Notifications the helpdesk did not get}</h2>`)
	switch {
	case p.hookErr != "":
		m.fill(l, `<p class="error">$1</p>`, p.hookErr)
	case len(h.Deliveries) == 0:
		m.fill(l, `<p class="hint" id="dead-none">{每份报告的通知都已送达工单系统，或仍在按计划重试。|Every report's notification reached the helpdesk, or is still being retried on schedule.}</p>`)
	default:
		if h.Enabled {
			m.fill(l, `<p class="hint">{这些通知重试到期限仍未成功。工单系统恢复后，可以逐条重新发送。|These kept failing until their retry time ran out. Once the helpdesk answers again, send them again one by one.}</p>`)
		} else {
			m.fill(l, `<p class="hint">{这台服务器已不再发送通知（没有配置 webhook.url），无法重新发送。|This server no longer sends notifications (webhook.url is not set): they cannot be sent again.}</p>`)
		}
		writeDeadRows(&m, l, h.Deliveries, h.Enabled, p.retrying, p.query())
	}
	m.fill(l, `</section>`)
	return m.String()
}

// writeDeadRows lists failed deliveries: the report (a link to its view),
// when, how many attempts, why the last one failed, and a button to send it
// again when the server can.
func writeDeadRows(m *markup, l i18n.Lang, ds []wire.WebhookDelivery, canRetry bool, retrying string, q url.Values) {
	m.fill(l, `<ul class="report-list dead-list" id="dead-list">`)
	for _, d := range ds {
		// An answer is told in the agent's language; anything else (no
		// answer in time, a refused connection, a redirect) as the server
		// recorded it.
		why := d.LastError
		if d.LastStatus != 0 && (d.LastStatus < 300 || d.LastStatus > 399) {
			why = l.T("工单系统返回 HTTP ", "the helpdesk answered HTTP ") + strconv.Itoa(d.LastStatus)
		}
		m.fill(l, `<li class="dead-row" data-id="$1"><a href="$2"><span class="rr-time">$3</span><span class="rr-code">$4</span></a>`+
			`<span class="dead-why">{尝试 $5 次 · |attempts: $5 · }$6</span>`,
			d.ID, PathSupport+"/"+d.ReportID+"?"+q.Encode(), d.CreatedAt.Local().Format("2006-01-02 15:04"), d.ReportID,
			strconv.Itoa(d.Attempts), why)
		switch {
		case !canRetry:
		case d.ID == retrying:
			m.fill(l, `<button type="button" class="btn btn-secondary" disabled>{正在排队…|Queuing…}</button>`)
		default:
			m.fill(l, `<button type="button" class="btn btn-secondary" data-act="retry" data-id="$1" aria-label="{重新发送 |Send again: }$2">{重新发送|Send again}</button>`, d.ID, d.ReportID)
		}
		m.fill(l, `</li>`)
	}
	m.fill(l, `</ul>`)
}
