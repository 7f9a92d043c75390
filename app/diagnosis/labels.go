package diagnosis

import (
	"strconv"

	"wpscheck/app/i18n"
)

// Label returns the symptom as the picker shows it.
func (s Symptom) Label(l i18n.Lang) string { return symptomLabels[s].In(l) }

// Label returns the severity for people (e.g. 高 / high).
func (s Severity) Label(l i18n.Lang) string { return severityLabels[s].In(l) }

// Label returns the probe status for people (e.g. 正常 / OK).
func (s ProbeStatus) Label(l i18n.Lang) string { return statusLabels[s].In(l) }

// Label returns the clock verdict for people.
func (v ClockVerdict) Label(l i18n.Lang) string { return verdictLabels[v].In(l) }

// Label returns the clock source for people.
func (s ClockSource) Label(l i18n.Lang) string { return sourceLabels[s].In(l) }

// Label returns the operating system's name (e.g. 鸿蒙 HarmonyOS).
func (o OS) Label(l i18n.Lang) string {
	if t, ok := osLabels[o]; ok {
		return t.In(l)
	}
	return osLabels[OSUnknown].In(l)
}

// Label returns the browser's name.
func (b Browser) Label(l i18n.Lang) string {
	if t, ok := browserLabels[b]; ok {
		return t.In(l)
	}
	return browserLabels[BrowserUnknown].In(l)
}

// Label returns the app's name (e.g. 微信 / WeChat); empty for none.
func (a InApp) Label(l i18n.Lang) string { return inAppLabels[a].In(l) }

// Label returns the tri-state value for people (是 / 否 / 未知).
func (t Tri) Label(l i18n.Lang) string { return triLabels[t.Norm()].In(l) }

// Describe renders the platform in one line, e.g. "Windows 11 · Chrome 120"
// or "鸿蒙 HarmonyOS 4.2 · 微信内置浏览器".
func (p Platform) Describe(l i18n.Lang) string {
	s := p.OS.Label(l)
	if p.OSVersion != "" {
		s += " " + p.OSVersion
	}
	if p.InApp != "" && p.InApp != InAppNone {
		return s + " · " + p.InApp.BrowserLabel(l)
	}
	b := p.Browser.Label(l)
	if p.BrowserMajor > 0 {
		b += " " + strconv.Itoa(p.BrowserMajor)
	}
	return s + " · " + b
}

// BrowserLabel names the app's built-in browser, e.g. 微信内置浏览器 /
// WeChat in-app browser.
func (a InApp) BrowserLabel(l i18n.Lang) string {
	if a == InAppOther {
		return i18n.Text{ZH: "App 内置浏览器", EN: "an app's built-in browser"}.In(l)
	}
	return i18n.Text{ZH: a.Label(i18n.ZH) + "内置浏览器", EN: a.Label(i18n.EN) + " in-app browser"}.In(l)
}

// The names of the enum values, in both languages.

var symptomLabels = map[Symptom]i18n.Text{
	SymptomPasswordRejected:   i18n.Text{ZH: "提示“用户名或密码错误”", EN: "It says the account or password is wrong"},
	SymptomAccountLocked:      i18n.Text{ZH: "提示账号被锁定或冻结", EN: "It says the account is locked or frozen"},
	SymptomLoginHangs:         i18n.Text{ZH: "登录界面卡住或没有反应", EN: "The login screen hangs or does nothing"},
	SymptomCloudDocs:          i18n.Text{ZH: "打不开云文档", EN: "Cloud documents will not open"},
	SymptomClientCrashOrError: i18n.Text{ZH: "WPS 客户端报错或闪退", EN: "The WPS app shows an error or crashes"},
	SymptomForgotPassword:     i18n.Text{ZH: "忘记了密码", EN: "I forgot my password"},
	SymptomOther:              i18n.Text{ZH: "其他情况", EN: "Something else"},
	SymptomCodeNotReceived:    i18n.Text{ZH: "收不到验证码（短信或邮件）", EN: "The verification code does not arrive"},
	SymptomDocsMissing:        i18n.Text{ZH: "登录成功了，但云文档不见了", EN: "Signed in, but my cloud documents are gone"},
	SymptomOrgAccount:         i18n.Text{ZH: "用的是单位或学校的账号（WPS 365 等）", EN: "I use a work or school account (WPS 365 and similar)"},
	SymptomSecurityCheck:      i18n.Text{ZH: "卡在安全验证（新设备验证、滑块）", EN: "Stuck at a security check (new device, slider puzzle)"},
	SymptomSignedOutElsewhere: i18n.Text{ZH: "提示在别处登录，被退出了", EN: "It says I signed in elsewhere and signs me out"},
}

var severityLabels = map[Severity]i18n.Text{
	SeverityHigh:   i18n.Text{ZH: "很可能", EN: "Most likely"},
	SeverityMedium: i18n.Text{ZH: "可能", EN: "Possible"},
	SeverityLow:    i18n.Text{ZH: "次要", EN: "Minor"},
	SeverityInfo:   i18n.Text{ZH: "提示", EN: "Note"},
}

var statusLabels = map[ProbeStatus]i18n.Text{
	StatusPending: i18n.Text{ZH: "检测中", EN: "Checking"},
	StatusOK:      i18n.Text{ZH: "正常", EN: "OK"},
	StatusSlow:    i18n.Text{ZH: "较慢", EN: "Slow"},
	StatusFail:    i18n.Text{ZH: "连不上", EN: "Failed"},
	StatusTimeout: i18n.Text{ZH: "超时", EN: "Timed out"},
}

var verdictLabels = map[ClockVerdict]i18n.Text{
	ClockOK:      i18n.Text{ZH: "准确", EN: "Correct"},
	ClockWarn:    i18n.Text{ZH: "略有偏差", EN: "Slightly off"},
	ClockFail:    i18n.Text{ZH: "偏差过大", EN: "Wrong"},
	ClockUnknown: i18n.Text{ZH: "无法判断", EN: "Unknown"},
}

var sourceLabels = map[ClockSource]i18n.Text{
	ClockSourceNone:       i18n.Text{ZH: "无", EN: "none"},
	ClockSourceTimeAPI:    i18n.Text{ZH: "服务器时间接口", EN: "server time endpoint"},
	ClockSourceDateHeader: i18n.Text{ZH: "服务器响应头 Date（精度 1 秒）", EN: "server Date header (1 s resolution)"},
}

var osLabels = map[OS]i18n.Text{
	OSUnknown:   i18n.Text{ZH: "未知系统", EN: "Unknown system"},
	OSWindows:   i18n.Text{ZH: "Windows", EN: "Windows"},
	OSMacOS:     i18n.Text{ZH: "macOS", EN: "macOS"},
	OSLinux:     i18n.Text{ZH: "Linux", EN: "Linux"},
	OSChromeOS:  i18n.Text{ZH: "ChromeOS", EN: "ChromeOS"},
	OSAndroid:   i18n.Text{ZH: "安卓 Android", EN: "Android"},
	OSIOS:       i18n.Text{ZH: "iOS", EN: "iOS"},
	OSIPadOS:    i18n.Text{ZH: "iPadOS", EN: "iPadOS"},
	OSHarmonyOS: i18n.Text{ZH: "鸿蒙 HarmonyOS", EN: "HarmonyOS"},
	OSDefault:   i18n.Text{ZH: "其他系统", EN: "Other systems"},
}

var browserLabels = map[Browser]i18n.Text{
	BrowserUnknown:   i18n.Text{ZH: "未知浏览器", EN: "Unknown browser"},
	BrowserChrome:    i18n.Text{ZH: "Chrome", EN: "Chrome"},
	BrowserEdge:      i18n.Text{ZH: "Edge", EN: "Edge"},
	BrowserFirefox:   i18n.Text{ZH: "Firefox", EN: "Firefox"},
	BrowserSafari:    i18n.Text{ZH: "Safari", EN: "Safari"},
	BrowserSamsung:   i18n.Text{ZH: "三星浏览器", EN: "Samsung Internet"},
	BrowserHuawei:    i18n.Text{ZH: "华为浏览器", EN: "Huawei Browser"},
	BrowserQQ:        i18n.Text{ZH: "QQ 浏览器", EN: "QQ Browser"},
	BrowserUC:        i18n.Text{ZH: "UC 浏览器", EN: "UC Browser"},
	Browser360:       i18n.Text{ZH: "360 浏览器", EN: "360 Browser"},
	BrowserQuark:     i18n.Text{ZH: "夸克", EN: "Quark"},
	BrowserOpera:     i18n.Text{ZH: "Opera", EN: "Opera"},
	BrowserSogou:     i18n.Text{ZH: "搜狗浏览器", EN: "Sogou Browser"},
	BrowserXiaomi:    i18n.Text{ZH: "小米浏览器", EN: "Xiaomi Browser"},
	BrowserVivo:      i18n.Text{ZH: "vivo 浏览器", EN: "vivo Browser"},
	BrowserOppo:      i18n.Text{ZH: "OPPO 浏览器", EN: "OPPO Browser"},
	BrowserBaidu:     i18n.Text{ZH: "百度 App/浏览器", EN: "Baidu app/browser"},
	BrowserIE:        i18n.Text{ZH: "IE 浏览器", EN: "Internet Explorer"},
	BrowserWebView:   i18n.Text{ZH: "应用内网页视图", EN: "in-app web view"},
	BrowserArkWeb:    i18n.Text{ZH: "鸿蒙 ArkWeb 浏览器", EN: "HarmonyOS ArkWeb browser"},
	BrowserYandex:    i18n.Text{ZH: "Yandex 浏览器", EN: "Yandex Browser"},
	BrowserChromium:  i18n.Text{ZH: "Chromium", EN: "Chromium"},
	BrowserSeaMonkey: i18n.Text{ZH: "SeaMonkey", EN: "SeaMonkey"},
}

var inAppLabels = map[InApp]i18n.Text{
	InAppNone:        i18n.Text{ZH: "", EN: ""},
	InAppWeChat:      i18n.Text{ZH: "微信", EN: "WeChat"},
	InAppWxWork:      i18n.Text{ZH: "企业微信", EN: "WeCom"},
	InAppDingTalk:    i18n.Text{ZH: "钉钉", EN: "DingTalk"},
	InAppQQ:          i18n.Text{ZH: "QQ", EN: "QQ"},
	InAppFeishu:      i18n.Text{ZH: "飞书", EN: "Feishu/Lark"},
	InAppAlipay:      i18n.Text{ZH: "支付宝", EN: "Alipay"},
	InAppWeibo:       i18n.Text{ZH: "微博", EN: "Weibo"},
	InAppDouyin:      i18n.Text{ZH: "抖音", EN: "Douyin"},
	InAppKuaishou:    i18n.Text{ZH: "快手", EN: "Kuaishou"},
	InAppBaidu:       i18n.Text{ZH: "百度", EN: "Baidu"},
	InAppXiaohongshu: i18n.Text{ZH: "小红书", EN: "Xiaohongshu"},
	InAppToutiao:     i18n.Text{ZH: "今日头条", EN: "Toutiao"},
	InAppMailMaster:  i18n.Text{ZH: "网易邮箱大师", EN: "NetEase Mail Master"},
	InAppFoxmail:     i18n.Text{ZH: "Foxmail", EN: "Foxmail"},
	InAppOther:       i18n.Text{ZH: "某个 App", EN: "an app"},
}

var triLabels = map[Tri]i18n.Text{
	Yes:     i18n.Text{ZH: "是", EN: "yes"},
	No:      i18n.Text{ZH: "否", EN: "no"},
	Unknown: i18n.Text{ZH: "未知", EN: "unknown"},
}
