package ui

import (
	"encoding/json"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/report"
	"wpscheck/app/wire"
)

// reportSource gives the hand-off the report of the results so far.
type reportSource interface {
	currentReport() (report.Report, string)
}

// handoff is the section that hands the result to support: the ticket,
// the support code, copy and download, sending the report (queued while
// offline and sent when the browser is back online), and a QR code of the
// page for checking again on a phone.
type handoff struct {
	app.Compo

	Lang   i18n.Lang
	Ticket string
	// TicketSig is the support link's signature of Ticket, sent with the
	// upload (outside the report) so that the server can mark the ticket
	// verified; "" for an unsigned link.
	TicketSig string
	PageURL   string
	// Run is the number of the page's run; a new run clears what the last
	// one's hand-off said (sent, failed, copied).
	Run           int
	Running       bool
	Settled       bool
	Code          string
	UploadEnabled bool
	Source        reportSource

	seenRun      int
	notice       string
	consent      bool
	consentJSON  string
	uploading    bool
	uploadID     string
	uploadErr    string
	uploadQueued bool
	// keepID: uploadID answers a report kept while offline and sent on
	// reconnecting. Reconnecting also starts a new run, in a race with the
	// upload: the id the person must pass on outlives that one run change.
	keepID bool

	mctx     app.Context
	qrFor    string
	qrMarkup string
	qrLater  bool   // the QR code waits until its box comes near the screen (OnInit → OnMount)
	stopQR   func() // stops that wait
}

// OnInit holds the QR code back from the browser's first render: the
// server's page has it, and the browser draws it when it is about to be
// seen.
func (h *handoff) OnInit() {
	h.qrLater = app.IsClient
	h.seenRun = h.Run
}

// OnMount draws the QR code once the hand-off comes within a screen of
// the viewport (at once where it is in view already): on a phone it is far
// below the verdict, and encoding it is work that most visits, which never
// scroll to it, need not do while the checks run. It also sends a report
// kept from an earlier offline attempt once the browser is back online.
func (h *handoff) OnMount(ctx app.Context) {
	h.mctx = ctx
	h.stopQR = browser.WhenNear("handoff-h", 800, func() {
		ctx.Dispatch(func(ctx app.Context) { h.qrLater = false })
	})
	ctx.Handle(actionOnline, func(ctx app.Context, a app.Action) { h.flushQueue(ctx) })
	if browser.StorageGet(storeQueue) != "" {
		h.uploadQueued = true
	}
}

// OnDismount stops waiting to draw the QR code.
func (h *handoff) OnDismount() {
	if h.stopQR != nil {
		h.stopQR()
	}
}

// OnUpdate clears the last run's outcome when a new run starts.
func (h *handoff) OnUpdate(ctx app.Context) {
	switch {
	case h.Run != h.seenRun:
		h.seenRun = h.Run
		h.notice, h.uploadErr, h.consent = "", "", false
		if !h.keepID {
			h.uploadID = ""
		}
		h.keepID = false
	case !h.Running:
		// The run that the reconnection started (if it came first) is over.
		h.keepID = false
	}
}

// ctx returns the component's context once mounted, else the event's.
func (h *handoff) ctx(ctx app.Context) app.Context {
	if h.mctx != nil {
		return h.mctx
	}
	return ctx
}

func (h *handoff) onCopyReport(ctx app.Context, e app.Event) {
	r, _ := h.Source.currentReport()
	h.copyAsync(ctx, r.Text(h.Lang), h.Lang.T("报告已复制，可以粘贴给客服。", "Report copied: paste it into the support chat."))
}

func (h *handoff) onCopyCode(ctx app.Context, e app.Event) {
	h.copyAsync(ctx, h.Code, h.Lang.T(kb.SupportCodeName.ZH+"已复制。", "Support code copied."))
}

func (h *handoff) copyAsync(ctx app.Context, text, okMsg string) {
	ctx = h.ctx(ctx)
	fail := h.Lang.T("无法自动复制，请长按或选中后手动复制。", "Could not copy automatically: select the text and copy it by hand.")
	ctx.Async(func() {
		ok := browser.CopyText(text)
		ctx.Dispatch(func(ctx app.Context) {
			if ok {
				h.notice = okMsg
			} else {
				h.notice = fail
			}
		})
	})
}

func (h *handoff) onDownload(ctx app.Context, e app.Event) {
	_, js := h.Source.currentReport()
	name := "wps-selfcheck"
	if h.Ticket != "" {
		name += "-" + h.Ticket
	}
	if browser.Download(name+".json", "application/json", js) {
		h.notice = h.Lang.T("已下载 JSON 报告。", "JSON report downloaded.")
	}
}

func (h *handoff) onAskConsent(ctx app.Context, e app.Event) {
	_, h.consentJSON = h.Source.currentReport()
	h.consent = true
	h.uploadErr = ""
}

func (h *handoff) onCancelConsent(ctx app.Context, e app.Event) {
	h.consent = false
}

func (h *handoff) onSend(ctx app.Context, e app.Event) {
	if h.uploading {
		return
	}
	h.consent = false
	h.send(h.ctx(ctx), h.consentJSON, h.TicketSig, false)
}

// send posts a report with its ticket's signature (sig, may be empty);
// with no network both are queued and sent when the browser is back
// online. queued says the report is one kept from an earlier attempt.
func (h *handoff) send(ctx app.Context, body, sig string, queued bool) {
	h.uploading = true
	h.uploadErr = ""
	l := h.Lang
	ctx.Async(func() {
		header := map[string]string{"Content-Type": "application/json"}
		if sig != "" {
			header[wire.TicketSigHeader] = sig
		}
		r := browser.Request("POST", pageAPI().url(pathReports), header, body, 10000)
		var id string
		if r.Status == 201 || r.Status == 200 {
			var ans struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(r.Body, &ans) == nil && report.ValidTicket(ans.ID) {
				id = ans.ID
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			h.uploading = false
			switch {
			case id != "":
				h.uploadID = id
				h.keepID = queued
				h.uploadQueued = false
				browser.StorageSet(storeQueue, "")
				browser.StorageSet(storeQueueSig, "")
			case r.Status == 0:
				h.uploadQueued = browser.StorageSet(storeQueue, body) && browser.StorageSet(storeQueueSig, sig)
				h.uploadErr = l.T("现在连不上网络，报告已保存在本机，联网后会自动发送。",
					"No connection right now: the report is kept on this device and sent when you are back online.")
			default:
				h.uploadErr = l.T("发送失败，请改用“复制报告”或"+kb.SupportCodeName.ZH+"。", "Sending failed: use “copy report” or the "+kb.SupportCodeName.EN+" instead.")
			}
		})
	})
}

// flushQueue sends a report queued while offline (a page with no API to
// send it to keeps it).
func (h *handoff) flushQueue(ctx app.Context) {
	if q := browser.StorageGet(storeQueue); q != "" && !h.uploading && pageAPI().has() {
		sig := browser.StorageGet(storeQueueSig)
		if !wire.ValidTicketSig(sig) {
			sig = ""
		}
		h.send(ctx, q, sig, true)
	}
}

// Render draws the section.
func (h *handoff) Render() app.UI {
	browser.Pace() // a part of the page: see parts.go
	l := h.Lang
	var ticket app.UI
	if h.Ticket != "" {
		ticket = app.P().Class("ticket").Body(
			app.Span().Text(l.T("工单号：", "Ticket: ")),
			app.Span().Class("b").ID("ticket").Text(h.Ticket),
		)
	}
	qr := h.qrSVG()
	return app.Section().Class("handoff").Attr("aria-labelledby", "handoff-h").Body(
		app.H2().ID("handoff-h").Text(l.T("把结果交给客服", "Hand the result to support")),
		ticket,
		app.Div().Class("code-box").Body(
			app.P().Class("code-label").Text(l.T(kb.SupportCodeName.ZH+"（可以在电话里念给客服）", "Support code (you can read it out on the phone)")),
			app.If(h.Settled,
				app.P().Class("support-code").ID("support-code").Text(h.Code),
				app.Button().Type("button").Class("btn", "btn-secondary").OnClick(h.onCopyCode).Text(l.T("复制"+kb.SupportCodeName.ZH, "Copy code")),
			).Else(
				app.P().Class("support-code", "support-code-pending").ID("support-code").Text(l.T("检查完成后显示", "shown when the checks finish")),
			),
		),
		// On the server's page (until the wasm draws its own) the buttons
		// have no handlers and there is no report yet: they show disabled.
		app.Div().Class("actions").Body(
			app.Button().Type("button").Class("btn").ID("copy-report").Disabled(!app.IsClient).OnClick(h.onCopyReport).Text(l.T("复制报告", "Copy report")),
			app.Button().Type("button").Class("btn", "btn-secondary").ID("download-json").Disabled(!app.IsClient).OnClick(h.onDownload).Text(l.T("下载 JSON", "Download JSON")),
			app.If(h.UploadEnabled && h.uploadID == "",
				app.Button().Type("button").Class("btn", "btn-secondary").ID("send-report").Disabled(h.uploading || h.Running).
					OnClick(h.onAskConsent).Text(l.T("发送给客服", "Send to support")),
			),
		),
		app.P().Class("notice").Attr("aria-live", "polite").Text(h.notice),
		h.renderUpload(),
		app.If(qr != "",
			app.Div().Class("qr-box").Body(
				app.Div().Class("qr").Body(app.Raw(qr)),
				app.P().Class("hint").Text(l.T(
					"电脑连不上？用手机扫码，在手机上（用移动数据）再检查一次，工单号会一起带上。",
					"Computer cannot connect? Scan this with your phone to check again there (over mobile data); the ticket comes along.")),
			),
		),
	)
}

func (h *handoff) renderUpload() app.UI {
	l := h.Lang
	switch {
	case h.uploadID != "":
		return app.Div().Class("upload-done").Attr("aria-live", "polite").Body(
			app.P().Text(l.T("已发送。请把这个报告编号告诉客服：", "Sent. Give support this report id:")),
			app.P().Class("support-code").ID("report-id").Text(h.uploadID),
		)
	case h.consent:
		return app.Div().Class("consent").Body(
			app.H3().Text(l.T("将发送以下内容", "This is exactly what will be sent")),
			app.Pre().Class("json").Text(h.consentJSON),
			app.P().Text(l.T("其中没有账号或密码。同意发送吗？", "It holds no account or password. Send it?")),
			app.Div().Class("actions").Body(
				app.Button().Type("button").Class("btn").ID("consent-send").OnClick(h.onSend).Text(l.T("同意并发送", "Agree and send")),
				app.Button().Type("button").Class("btn", "btn-secondary").OnClick(h.onCancelConsent).Text(l.T("取消", "Cancel")),
			),
		)
	case h.uploading:
		return app.P().Class("hint").Text(l.T("正在发送…", "Sending…"))
	case h.uploadErr != "" || h.uploadQueued:
		msg := h.uploadErr
		if msg == "" {
			msg = l.T("有一份报告等待联网后发送。", "A report is waiting to be sent when you are back online.")
		}
		return app.P().Class("upload-error").Attr("aria-live", "polite").Text(msg)
	}
	return nil
}

// shareURL is the page link the QR code carries: this page with the ticket
// (and its signature) and the language, nothing else.
func (h *handoff) shareURL() string {
	u, err := url.Parse(h.PageURL)
	if err != nil || u.Host == "" {
		return ""
	}
	q := url.Values{}
	if h.Ticket != "" {
		q.Set("ticket", h.Ticket)
		if h.TicketSig != "" {
			q.Set(wire.TicketSigParam, h.TicketSig)
		}
	}
	q.Set("lang", string(h.Lang))
	return u.Scheme + "://" + u.Host + "/?" + q.Encode()
}

// qrSVG returns the QR code of shareURL as inline SVG markup, cached. The
// browser draws the page without it until the box comes near the screen
// (OnMount).
func (h *handoff) qrSVG() string {
	target := h.shareURL()
	if target == "" || h.qrLater {
		return ""
	}
	if target != h.qrFor {
		h.qrFor = target
		h.qrMarkup = qrMarkup(target, h.Lang.T("本页链接的二维码", "QR code of this page's link"))
	}
	return h.qrMarkup
}
