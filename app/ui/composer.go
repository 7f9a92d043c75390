package ui

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
	"wpscheck/app/report"
	"wpscheck/app/wire"
)

// mailText is the paragraph an agent pastes into a mail, in the person's
// language l: what the link does, that it asks for nothing private, and
// how to hand the result back.
func mailText(l i18n.Lang, link, ticket string) string {
	if l == i18n.EN {
		return "Hello,\n\nTo find out what keeps you from signing in to WPS, please open this link on the phone or computer where it happens:\n\n" +
			link + "\n\nWithin a few seconds the page checks, from your own browser, whether your network reaches WPS, whether your device clock is right and how your browser is set up, and shows the fixes that fit. There is nothing to install, and it never asks for your account or password. When it is done, press “Send to support” on the page, or reply with the " +
			kb.SupportCodeName.EN + " it shows" + ticketNote(l, ticket) + "."
	}
	return "您好！\n\n为了弄清您登录 WPS 时遇到的问题，请在出问题的手机或电脑上打开这个链接：\n\n" +
		link + "\n\n页面会在几秒内用您自己的浏览器检查：网络能否连上 WPS、设备时间准不准、浏览器的设置是否妨碍登录，然后列出适合您的解决办法。不需要安装任何东西，也不会让您填写账号或密码。检查完以后，请点页面上的“发送给客服”，或者把页面显示的" +
		kb.SupportCodeName.ZH + "回复给我们" + ticketNote(l, ticket) + "。"
}

// ticketNote names the ticket in the mail, if any.
func ticketNote(l i18n.Lang, ticket string) string {
	if ticket == "" {
		return ""
	}
	return l.T("（工单号 "+ticket+"）", " (ticket "+ticket+")")
}

// copyLink copies the link or a mail paragraph (what: url, zh or en).
func (p *supportPage) copyLink(ctx app.Context, what string) {
	text := p.linkURL
	if what == "zh" || what == "en" {
		text = mailText(i18n.Lang(what), p.linkURL, p.linkTicket)
	}
	ctx = p.ctxOf(ctx)
	l := p.lang
	ctx.Async(func() {
		ok := browser.CopyText(text)
		ctx.Dispatch(func(ctx app.Context) {
			p.status = l.T("无法自动复制，请选中后手动复制。", "Could not copy: select the text and copy it by hand.")
			if ok {
				p.status = l.T("已复制。", "Copied.")
			}
		})
	})
}

// makeLink asks the server for the link of what the composer's fields
// hold (the server signs the ticket when it can) and shows it with its QR
// code and the mail paragraphs.
func (p *supportPage) makeLink(ctx app.Context) {
	l := p.lang
	value := func(id string) string {
		return strings.TrimSpace(app.Window().GetElementByID(id).Get("value").String())
	}
	p.linkTicket, p.linkSymptom, p.linkLang = value("link-ticket"), value("link-symptom"), value("link-lang")
	p.linkURL, p.linkHTML, p.status = "", "", ""
	if !report.ValidTicket(p.linkTicket) {
		p.linkHTML = errorHTML(l.T("工单号必填：1-64 个字母、数字、_ 或 -。", "A ticket is required: 1-64 letters, digits, _ or -."))
		return
	}
	q := url.Values{"ticket": {p.linkTicket}, "lang": {string(p.mailLang())}}
	if p.linkSymptom != "" {
		q.Set("symptom", p.linkSymptom)
	}
	p.get(ctx, "/api/link?"+q.Encode(), func(r browser.Response) {
		var link wire.SupportLink
		if r.Status != 200 || json.Unmarshal(r.Body, &link) != nil || !strings.HasPrefix(link.Path, "/") {
			p.linkHTML = errorHTML(failure(l, r))
			return
		}
		p.linkURL = origin() + link.Path
		p.linkHTML = linkResult(l, p.linkURL, p.linkTicket, link.Signed)
	})
}

// errorHTML is the composer's error line.
func errorHTML(msg string) string {
	var m markup
	m.fill(i18n.ZH, `<p class="error" id="link-error">$1</p>`, msg)
	return m.String()
}

// mailLang is the language the person gets the page and the mail in.
func (p *supportPage) mailLang() i18n.Lang {
	if p.linkLang == string(i18n.EN) {
		return i18n.EN
	}
	return i18n.ZH
}

// origin is the page's scheme and host ("" outside a browser).
func origin() string {
	u := browserURL()
	if u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// composerForm writes the composer's fields; they keep what the agent
// types (it is written once per language).
func composerForm(l i18n.Lang) string {
	symptoms := []option{{"", l.T("不预选", "None")}}
	for _, s := range diagnosis.PickerSymptoms() {
		symptoms = append(symptoms, option{string(s), s.Label(l)})
	}
	var m markup
	m.fill(l, `<section id="composer" aria-labelledby="composer-h"><h2 id="composer-h">{写给用户的链接|The link for your mail}</h2><div class="filters"><div class="field"><label for="link-ticket">{工单号（必填）|Ticket (required)}</label>`+
		`<input type="text" id="link-ticket" name="link-ticket" maxlength="64" autocomplete="off" spellcheck="false"></div>`+
		`<div class="field"><label for="link-symptom">{用户说的情况（可选）|What they describe (optional)}</label>`)
	m.selectOf("link-symptom", "link-symptom", "", symptoms)
	m.fill(l, `<div class="field"><label for="link-lang">{页面语言|Page language}</label>`)
	m.selectOf("link-lang", "link-lang", "zh", []option{{"zh", "中文"}, {"en", "English"}})
	m.fill(l, `</div><button type="button" id="make-link" class="btn" data-act="make-link">{生成链接|Make the link}</button></section>`)
	return m.String()
}

// linkResult writes a composed link: the URL, whether it is signed, the
// copy buttons, its QR code and the two mail paragraphs.
func linkResult(l i18n.Lang, link, ticket string, signed bool) string {
	var m markup
	note := l.T("这个链接没有签名：工单号可能被改动，报告里会标为“未验证”。", "This link is not signed: the ticket could be changed, and reports show it as unverified.")
	if signed {
		note = l.T("链接带有工单号的签名，传回的报告会标为“已验证”。", "The link carries a signature of the ticket: reports that come back show it as verified.")
	}
	m.fill(l, `<div class="link-result"><label for="link-url">{链接|Link}</label><input id="link-url" type="text" readonly value="$1">`+
		`<p class="hint" id="link-signed">$2</p><div class="actions"><button type="button" class="btn" data-act="copy" data-copy="url">{复制链接|Copy link}</button>`+
		`<button type="button" class="btn btn-secondary" data-act="copy" data-copy="zh">{复制中文邮件|Copy the Chinese mail}</button>`+
		`<button type="button" class="btn btn-secondary" data-act="copy" data-copy="en">{复制英文邮件|Copy the English mail}</button></div>`, link, note)
	if qr := qrMarkup(link, l.T("支持链接的二维码", "QR code of the support link")); qr != "" {
		m.b.WriteString(`<div class="qr-box"><div class="qr">` + qr + `</div>`) // our own SVG, its label plain text
		m.fill(l, `<p class="hint">{用手机扫码也能打开这个链接。|A phone can open the link by scanning this.}</p></div>`)
	}
	m.fill(l, `<h3>{中文邮件|Mail in Chinese}</h3><p class="mail" id="mail-zh" lang="zh-CN">$1</p>`+
		`<h3>{英文邮件|Mail in English}</h3><p class="mail" id="mail-en" lang="en">$2</p></div>`,
		mailText(i18n.ZH, link, ticket), mailText(i18n.EN, link, ticket))
	return m.String()
}
