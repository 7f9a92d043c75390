package diagnosis

// Tri is a yes/no answer that may be unknown (the browser API was missing).
// The zero value "" counts as unknown.
type Tri string

// The Tri values.
const (
	Yes     Tri = "yes"
	No      Tri = "no"
	Unknown Tri = "unknown"
)

// TriOf converts a bool that the browser did report.
func TriOf(b bool) Tri {
	if b {
		return Yes
	}
	return No
}

// Norm returns t with the zero value and any unknown spelling mapped to
// Unknown.
func (t Tri) Norm() Tri {
	if t == Yes || t == No {
		return t
	}
	return Unknown
}

// Valid reports whether t is exactly yes, no or unknown.
func (t Tri) Valid() bool { return t == Yes || t == No || t == Unknown }

// Brand is one entry of navigator.userAgentData.brands.
type Brand struct {
	Brand   string `json:"brand"`
	Version string `json:"version"`
}

// ClientHints are the UA client hints (navigator.userAgentData and its
// high-entropy values), available only in Chromium 90+ in secure contexts.
type ClientHints struct {
	// Platform is e.g. "Windows", "macOS", "Linux", "Chrome OS", "Android".
	Platform string `json:"platform"`
	// PlatformVersion is e.g. "15.0.0"; on Windows a major ≥ 13 is Windows 11.
	PlatformVersion string  `json:"platform_version"`
	Mobile          bool    `json:"mobile"`
	Brands          []Brand `json:"brands"`
	Model           string  `json:"model"`
}

// Environment is what the browser reports about itself.
type Environment struct {
	UserAgent      string       `json:"user_agent"`
	Hints          *ClientHints `json:"hints,omitempty"`
	OnLine         Tri          `json:"online"`
	CookiesEnabled Tri          `json:"cookies"`
	// StorageUsable: a localStorage write/read/remove round trip worked.
	StorageUsable Tri      `json:"storage"`
	Languages     []string `json:"languages"`
	// TimeZone is Intl.DateTimeFormat().resolvedOptions().timeZone.
	TimeZone string `json:"time_zone"`
	// TZOffsetMinutes is new Date().getTimezoneOffset() as JS returns it:
	// UTC minus local time, so Asia/Shanghai is -480. It counts as known
	// when TimeZone is set or the value is non-zero.
	TZOffsetMinutes int `json:"tz_offset_minutes"`
	// SecureContext is window.isSecureContext (page over HTTPS or localhost).
	SecureContext Tri `json:"secure"`
	// MaxTouchPoints is navigator.maxTouchPoints (tells an iPad that sends a
	// Mac user agent).
	MaxTouchPoints int `json:"max_touch_points"`
}

// UTCOffsetMinutes returns the browser zone's offset east of UTC
// (Asia/Shanghai = +480), i.e. -TZOffsetMinutes, and whether it is known.
func (e Environment) UTCOffsetMinutes() (int, bool) {
	if e.TimeZone == "" && e.TZOffsetMinutes == 0 {
		return 0, false
	}
	return -e.TZOffsetMinutes, true
}

// OS is an operating system family.
type OS string

// The operating systems. OSDefault is not an OS: it keys the fallback steps
// of a knowledge-base entry.
const (
	OSUnknown   OS = "unknown"
	OSWindows   OS = "windows"
	OSMacOS     OS = "macos"
	OSLinux     OS = "linux"
	OSChromeOS  OS = "chromeos"
	OSAndroid   OS = "android"
	OSIOS       OS = "ios"
	OSIPadOS    OS = "ipados"
	OSHarmonyOS OS = "harmonyos"
	OSDefault   OS = "default"
)

// AllOS lists the detectable operating systems (not unknown, not default),
// in the order of the support code.
func AllOS() []OS {
	return []OS{OSWindows, OSMacOS, OSLinux, OSChromeOS, OSAndroid, OSIOS, OSIPadOS, OSHarmonyOS}
}

// Valid reports whether o is unknown or one of AllOS.
func (o OS) Valid() bool {
	if o == OSUnknown {
		return true
	}
	for _, x := range AllOS() {
		if o == x {
			return true
		}
	}
	return false
}

// Desktop reports whether o is a desktop system (Windows, macOS, Linux,
// ChromeOS) where the WPS client has menus and a config folder.
func (o OS) Desktop() bool {
	return o == OSWindows || o == OSMacOS || o == OSLinux || o == OSChromeOS
}

// Browser is a browser family.
type Browser string

// The browsers. Chromium-based Chinese browsers are told apart by their own
// tokens; "webview" is an Android WebView or iOS in-app view with no other
// browser token.
const (
	BrowserUnknown   Browser = "unknown"
	BrowserChrome    Browser = "chrome"
	BrowserEdge      Browser = "edge"
	BrowserFirefox   Browser = "firefox"
	BrowserSafari    Browser = "safari"
	BrowserSamsung   Browser = "samsung"
	BrowserHuawei    Browser = "huawei"
	BrowserQQ        Browser = "qqbrowser"
	BrowserUC        Browser = "uc"
	Browser360       Browser = "360"
	BrowserQuark     Browser = "quark"
	BrowserOpera     Browser = "opera"
	BrowserSogou     Browser = "sogou"
	BrowserXiaomi    Browser = "xiaomi"
	BrowserVivo      Browser = "vivo"
	BrowserOppo      Browser = "oppo"
	BrowserBaidu     Browser = "baidu"
	BrowserIE        Browser = "ie"
	BrowserWebView   Browser = "webview"
	BrowserArkWeb    Browser = "arkweb"
	BrowserYandex    Browser = "yandex"
	BrowserChromium  Browser = "chromium"
	BrowserSeaMonkey Browser = "seamonkey"
)

// AllBrowsers lists the known browsers (not unknown), in the order used by
// the report validator.
func AllBrowsers() []Browser {
	return []Browser{BrowserChrome, BrowserEdge, BrowserFirefox, BrowserSafari, BrowserSamsung,
		BrowserHuawei, BrowserQQ, BrowserUC, Browser360, BrowserQuark, BrowserOpera, BrowserSogou,
		BrowserXiaomi, BrowserVivo, BrowserOppo, BrowserBaidu, BrowserIE, BrowserWebView, BrowserArkWeb,
		BrowserYandex, BrowserChromium, BrowserSeaMonkey}
}

// Valid reports whether b is unknown or one of AllBrowsers.
func (b Browser) Valid() bool {
	if b == BrowserUnknown {
		return true
	}
	for _, x := range AllBrowsers() {
		if b == x {
			return true
		}
	}
	return false
}

// InApp is the app whose built-in browser shows the page, if any: chat
// and work apps, mail apps and content apps open links in a web view of
// their own. Browsers (vendor browsers such as Huawei's or Xiaomi's, UC,
// Quark, QQ Browser, 360, Sogou) are not in-app browsers.
type InApp string

// The in-app browsers. InAppOther is a web view that names no app (an
// Android WebView or an iOS WKWebView with no browser token).
const (
	InAppNone        InApp = "none"
	InAppWeChat      InApp = "wechat"
	InAppWxWork      InApp = "wxwork"
	InAppDingTalk    InApp = "dingtalk"
	InAppQQ          InApp = "qq"
	InAppFeishu      InApp = "feishu"
	InAppAlipay      InApp = "alipay"
	InAppWeibo       InApp = "weibo"
	InAppDouyin      InApp = "douyin"
	InAppKuaishou    InApp = "kuaishou"
	InAppBaidu       InApp = "baidu"
	InAppXiaohongshu InApp = "xiaohongshu"
	InAppToutiao     InApp = "toutiao"
	InAppMailMaster  InApp = "mailmaster"
	InAppFoxmail     InApp = "foxmail"
	InAppOther       InApp = "other"
)

// AllInApps lists the in-app browsers (not none), in support-code order:
// append only.
func AllInApps() []InApp {
	return []InApp{InAppWeChat, InAppWxWork, InAppDingTalk, InAppQQ, InAppFeishu, InAppAlipay, InAppWeibo,
		InAppDouyin, InAppKuaishou, InAppBaidu, InAppXiaohongshu, InAppToutiao, InAppMailMaster, InAppFoxmail, InAppOther}
}

// Valid reports whether a is none or one of AllInApps.
func (a InApp) Valid() bool {
	if a == InAppNone {
		return true
	}
	for _, x := range AllInApps() {
		if a == x {
			return true
		}
	}
	return false
}

// Engine is the rendering engine, used to judge whether a browser is too old.
type Engine string

// The engines. On iOS and iPadOS every browser is WebKit.
const (
	EngineUnknown  Engine = "unknown"
	EngineBlink    Engine = "blink"
	EngineWebKit   Engine = "webkit"
	EngineGecko    Engine = "gecko"
	EngineTrident  Engine = "trident"
	EngineEdgeHTML Engine = "edgehtml"
	EngineArkWeb   Engine = "arkweb"
)

// Valid reports whether e is a known engine value.
func (e Engine) Valid() bool {
	switch e {
	case EngineUnknown, EngineBlink, EngineWebKit, EngineGecko, EngineTrident, EngineEdgeHTML, EngineArkWeb:
		return true
	}
	return false
}

// Platform is what DetectPlatform made of the environment.
type Platform struct {
	OS        OS      `json:"os"`
	OSVersion string  `json:"os_version"`
	Browser   Browser `json:"browser"`
	// BrowserMajor is the browser's own major version (0 when unknown).
	BrowserMajor int    `json:"browser_major"`
	InApp        InApp  `json:"in_app"`
	Mobile       bool   `json:"mobile"`
	Engine       Engine `json:"engine"`
	// EngineMajor: Chromium major for Blink, Safari/iOS major for WebKit,
	// Gecko major, Trident major; 0 when unknown.
	EngineMajor int `json:"engine_major"`
}
