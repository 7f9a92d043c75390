package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

// inAppDesktop lists the apps that also run on computers and show pages in
// a window of their own (their desktop user agents are in
// testdata/inapp_browsers.json or the apps' published desktop builds).
var inAppDesktop = map[diagnosis.InApp]bool{diagnosis.InAppWeChat: true, diagnosis.InAppWxWork: true, diagnosis.InAppDingTalk: true, diagnosis.InAppQQ: true, diagnosis.InAppFeishu: true, diagnosis.InAppMailMaster: true, diagnosis.InAppFoxmail: true}

// systemBrowser names the browser to move to on a system, in full and
// briefly (for the later steps).
func systemBrowser(os diagnosis.OS) (full, short i18n.Text) {
	switch os {
	case diagnosis.OSIOS, diagnosis.OSIPadOS:
		return i18n.Text{ZH: "Safari（或你设为默认的浏览器）", EN: "Safari (or your default browser)"}, i18n.Text{ZH: "Safari", EN: "Safari"}
	case diagnosis.OSAndroid:
		return i18n.Text{ZH: "手机自带的浏览器（或 Chrome 等）", EN: "the phone's own browser (or Chrome or another)"}, i18n.Text{ZH: "浏览器", EN: "the browser"}
	case diagnosis.OSHarmonyOS:
		return i18n.Text{ZH: "系统自带的华为浏览器", EN: "the built-in Huawei Browser"}, i18n.Text{ZH: "华为浏览器", EN: "Huawei Browser"}
	case diagnosis.OSWindows:
		return i18n.Text{ZH: "Edge、Chrome 等浏览器", EN: "Edge, Chrome or another browser"}, i18n.Text{ZH: "浏览器", EN: "the browser"}
	case diagnosis.OSMacOS:
		return i18n.Text{ZH: "Safari 或 Chrome", EN: "Safari or Chrome"}, i18n.Text{ZH: "浏览器", EN: "the browser"}
	}
	return i18n.Text{ZH: "系统的浏览器", EN: "the system browser"}, i18n.Text{ZH: "浏览器", EN: "the browser"}
}

// zh joins Chinese sentence parts, putting a space between a Chinese
// character and a Latin letter or digit where two parts meet (as the rest
// of the knowledge base writes "打开 Safari").
func zh(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if b.Len() > 0 && p != "" {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(p)
			if unicode.Is(unicode.Han, last) && isLatin(first) || isLatin(last) && unicode.Is(unicode.Han, first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// isLatin reports whether r is an ASCII letter or digit.
func isLatin(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// InAppSteps returns the steps that move this page from app's built-in
// browser to the real browser on os: the app's own menu first, copying
// the link as the fallback, and where to sign in afterwards. An unknown
// or empty app gets the steps of an unnamed app.
func InAppSteps(app diagnosis.InApp, os diagnosis.OS) []i18n.Text {
	name := i18n.Text{ZH: "这个 App", EN: "the app"}
	if app.Valid() && app != diagnosis.InAppNone && app != diagnosis.InAppOther {
		name = i18n.Text{ZH: "「" + app.Label(i18n.ZH) + "」", EN: app.Label(i18n.EN)}
	}
	b, short := systemBrowser(os)
	var first, second i18n.Text
	switch {
	case os.Desktop() && os != diagnosis.OSChromeOS:
		first = i18n.Text{ZH: zh("在", name.ZH, "的窗口里，点右上角的「在默认浏览器中打开」图标或「···」菜单里的同类选项（各 App 叫法不同）。"),
			EN: "In the " + name.EN + " window, click the “Open in default browser” icon at the top right, or the like item in its “···” menu (each app words it differently)."}
		second = i18n.Text{ZH: zh("找不到这个选项：复制本页的链接，粘贴到", b.ZH, "的地址栏里打开。"),
			EN: "If there is no such item, copy this page's link and paste it into the address bar of " + b.EN + "."}
		if !inAppDesktop[app] && app != diagnosis.InAppOther {
			first = i18n.Text{ZH: zh("如果是在电脑上的", name.ZH, "里打开的，找窗口或「···」菜单里「在浏览器中打开」一类的选项（各 App 叫法不同）。"),
				EN: "If this is " + name.EN + " on a computer, look for an “Open in browser” item in its window or “···” menu (each app words it differently)."}
		}
	default:
		open := i18n.Text{ZH: "「在浏览器打开」", EN: "“Open in browser”"}
		if os == diagnosis.OSIOS || os == diagnosis.OSIPadOS {
			open = i18n.Text{ZH: "「在 Safari 中打开」或「在浏览器打开」", EN: "“Open in Safari” or “Open in browser”"}
		}
		first = i18n.Text{ZH: zh("在", name.ZH, "里点右上角的「···」或「⋮」（有的 App 放在「分享」里），选", open.ZH, "一类的选项（各 App 叫法不同）。"),
			EN: "In " + name.EN + ", tap “···” or “⋮” at the top right (some apps keep it under Share) and choose " + open.EN + " or the like (each app words it differently)."}
		second = i18n.Text{ZH: zh("菜单里没有这类选项：选「复制链接」，打开", b.ZH, "，在地址栏粘贴后前往。"),
			EN: "If the menu has no such item, choose “Copy link”, open " + b.EN + " and paste it into the address bar."}
	}
	third := i18n.Text{ZH: zh("在", short.ZH, "里打开后，本页会自动重新检查；之后登录 WPS 网页版也在那里进行，不要回到", name.ZH, "里登录。"),
		EN: "Once it opens in " + short.EN + ", this page checks again by itself; sign in to WPS on the web there too, not back in " + name.EN + "."}
	return []i18n.Text{first, second, third}
}

// GuideFor returns the knowledge-base entry of a finding for a page opened
// in app: for in_app_browser, its steps on every system name the app and
// how to leave it (InAppSteps); for every other finding, or with no app,
// it is Guide(id).
func GuideFor(id diagnosis.FindingID, app diagnosis.InApp) Entry {
	e := Guide(id)
	if id != diagnosis.FindingInAppBrowser || app == "" || app == diagnosis.InAppNone || !app.Valid() {
		return e
	}
	steps := make(map[diagnosis.OS][]i18n.Text, len(slotOS))
	for _, os := range slotOS {
		steps[os] = InAppSteps(app, os)
	}
	e.Steps = steps
	return e
}
