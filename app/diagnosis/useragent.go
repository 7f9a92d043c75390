package diagnosis

import (
	"strconv"
	"strings"
)

// maxUALen bounds the work on a hostile or broken user agent string.
const maxUALen = 2048

// DetectPlatform works out the OS, browser, engine and in-app browser from
// the environment's user agent, client hints and touch points. Client hints
// override the user agent where present (platform; platformVersion, where a
// Windows major ≥ 13 is Windows 11), except that an "Android" hint does not
// override a HarmonyOS user agent. An iPad that sends a Mac user agent is
// told apart by MaxTouchPoints > 1. Whatever it cannot tell stays unknown;
// it never panics. Matching is case-insensitive and string-based.
func DetectPlatform(env Environment) Platform {
	raw := env.UserAgent
	if len(raw) > maxUALen {
		raw = raw[:maxUALen]
	}
	ua := strings.ToLower(raw)
	p := Platform{OS: OSUnknown, Browser: BrowserUnknown, InApp: detectInApp(ua), Engine: EngineUnknown}
	detectOS(ua, env.MaxTouchPoints, &p)
	detectBrowser(ua, &p)
	detectEngine(ua, &p)
	if p.InApp == InAppNone && (p.Browser == BrowserWebView || strings.Contains(ua, "tbs/")) {
		// A web view that names no browser and no known app, or Tencent's
		// X5 engine (TBS) that apps embed, which reports itself as
		// MQQBrowser but is not the QQ Browser app: some app's built-in
		// browser all the same.
		p.InApp = InAppOther
	}
	if env.Hints != nil {
		applyHints(env.Hints, &p)
	}
	return p
}

// detectInApp finds the host app of an in-app browser from the tokens the
// apps add to their web view's user agent (testdata/inapp_browsers.json
// holds a real user agent of each, with its source). WeCom (wxwork) sends
// MicroMessenger too, so it is checked first; a web view that names no
// app becomes InAppOther in DetectPlatform.
func detectInApp(ua string) InApp {
	switch {
	case strings.Contains(ua, "wxwork/"):
		return InAppWxWork
	case strings.Contains(ua, "micromessenger"):
		return InAppWeChat
	case strings.Contains(ua, "dingtalk"):
		return InAppDingTalk
	case strings.Contains(ua, "lark/") || strings.Contains(ua, "feishu"):
		return InAppFeishu
	case strings.Contains(ua, "alipayclient") || strings.Contains(ua, "aliapp(ap/"):
		return InAppAlipay
	case strings.Contains(ua, "weibo"):
		return InAppWeibo
	case strings.Contains(ua, "aweme"):
		return InAppDouyin
	case hasToken(ua, "kwai") || hasToken(ua, "ksnebula/"):
		return InAppKuaishou
	case strings.Contains(ua, "baiduboxapp/"):
		return InAppBaidu
	case hasToken(ua, "discover/") || strings.Contains(ua, "xhsminiapp") || strings.Contains(ua, "xiaohongshu"):
		return InAppXiaohongshu
	case hasToken(ua, "newsarticle/"):
		return InAppToutiao
	case strings.Contains(ua, "mailmaster"):
		return InAppMailMaster
	case hasToken(ua, "foxmail/"):
		return InAppFoxmail
	case hasToken(ua, "qq/"):
		return InAppQQ
	}
	return InAppNone
}

// hasToken reports whether tok occurs in ua at the start or right after a
// space, semicolon or parenthesis (so "qq/" does not match "mqqbrowser/").
func hasToken(ua, tok string) bool {
	for i := 0; i < len(ua); {
		j := strings.Index(ua[i:], tok)
		if j < 0 {
			return false
		}
		k := i + j
		if k == 0 || strings.IndexByte(" ;(", ua[k-1]) >= 0 {
			return true
		}
		i = k + 1
	}
	return false
}

func detectOS(ua string, touch int, p *Platform) {
	switch {
	case strings.Contains(ua, "openharmony") || strings.Contains(ua, "arkweb/"):
		p.OS = OSHarmonyOS
		v := versionAfter(ua, "harmonyos ")
		if v == "" {
			v = versionAfter(ua, "openharmony ")
		}
		p.OSVersion = v
		p.Mobile = strings.Contains(ua, "(phone") || strings.Contains(ua, "(tablet")
	case strings.Contains(ua, "harmonyos"):
		p.OS = OSHarmonyOS
		v := versionAfter(ua, "harmonyos/")
		if v == "" {
			v = versionAfter(ua, "harmonyos ")
		}
		p.OSVersion = v
		p.Mobile = true
	case strings.Contains(ua, "ipad"):
		p.OS = OSIPadOS
		p.OSVersion = iosVersion(ua)
		p.Mobile = true
	case strings.Contains(ua, "iphone") || strings.Contains(ua, "ipod") || strings.Contains(ua, "(ios;"):
		p.OS = OSIOS
		p.OSVersion = iosVersion(ua)
		p.Mobile = true
	case strings.Contains(ua, "android") && strings.Contains(ua, "chromebook"):
		p.OS = OSChromeOS
	case strings.Contains(ua, "android"):
		p.OS = OSAndroid
		v := versionAfter(ua, "android ")
		if v == "" {
			v = versionAfter(ua, "android-")
		}
		p.OSVersion = v
		p.Mobile = true
	case strings.Contains(ua, "cros "):
		p.OS = OSChromeOS
		if i := strings.Index(ua, "cros "); i >= 0 {
			rest := ua[i+len("cros "):]
			if sp := strings.IndexByte(rest, ' '); sp >= 0 {
				p.OSVersion = readVersion(rest[sp+1:])
			}
		}
	case strings.Contains(ua, "windows phone"):
		// Windows phones are gone and WPS never shipped for them.
	case strings.Contains(ua, "windows nt"):
		p.OS = OSWindows
		p.OSVersion = windowsName(versionAfter(ua, "windows nt "))
	case strings.Contains(ua, "macintosh") || strings.Contains(ua, "mac os x"):
		if touch > 1 {
			// iPadOS 13+ desktop-class Safari: a Mac UA on a touch screen.
			p.OS = OSIPadOS
			p.Mobile = true
			return
		}
		p.OS = OSMacOS
		p.OSVersion = versionAfter(ua, "mac os x ")
	case strings.Contains(ua, "linux") || strings.Contains(ua, "x11"):
		p.OS = OSLinux
	}
}

// windowsName maps an NT version to the product name. NT 10.0 is Windows 10
// or 11 (the UA cannot tell; client hints can).
func windowsName(nt string) string {
	switch {
	case nt == "10.0" || nt == "10":
		return "10"
	case strings.HasPrefix(nt, "6.3"):
		return "8.1"
	case strings.HasPrefix(nt, "6.2"):
		return "8"
	case strings.HasPrefix(nt, "6.1"):
		return "7"
	case strings.HasPrefix(nt, "6.0"):
		return "Vista"
	case strings.HasPrefix(nt, "5."):
		return "XP"
	}
	return ""
}

func iosVersion(ua string) string {
	for _, tok := range [...]string{"iphone os ", "cpu os ", "; ios "} {
		if v := versionAfter(ua, tok); v != "" {
			return v
		}
	}
	return ""
}

// browserTokens are checked in order; the first match names the browser.
// Specific shells come before the engines they wrap.
var browserTokens = [...]struct {
	tok string
	b   Browser
}{
	{"edge/", BrowserEdge},
	{"edg/", BrowserEdge},
	{"edga/", BrowserEdge},
	{"edgios/", BrowserEdge},
	{"opr/", BrowserOpera},
	{"opt/", BrowserOpera},
	{"opios/", BrowserOpera},
	{"samsungbrowser/", BrowserSamsung},
	{"huaweibrowser/", BrowserHuawei},
	{"qihoobrowserhd/", Browser360},
	{"qihoobrowser/", Browser360},
	{"harmony360browser/", Browser360},
	{"360se", Browser360},
	{"360ee", Browser360},
	{"qhbrowser/", Browser360},
	{"quarkpc/", BrowserQuark},
	{"quark/", BrowserQuark},
	{"ucbrowser/", BrowserUC},
	{"ucbrowser", BrowserUC},
	{"ubrowser/", BrowserUC},
	{"ucweb", BrowserUC},
	{"mqqbrowser/", BrowserQQ},
	{"qqbrowser/", BrowserQQ},
	{"qqbrowserlite/", BrowserQQ},
	{"metasr", BrowserSogou},
	{"sogoumobilebrowser/", BrowserSogou},
	{"miuibrowser/", BrowserXiaomi},
	{"vivobrowser/", BrowserVivo},
	{"heytapbrowser/", BrowserOppo},
	{"oppobrowser/", BrowserOppo},
	{"baiduboxapp/", BrowserBaidu},
	{"bdbrowser/", BrowserBaidu},
	{"bidubrowser/", BrowserBaidu},
	{"baidubrowser", BrowserBaidu},
	{"yabrowser/", BrowserYandex},
	{"seamonkey/", BrowserSeaMonkey},
	{"fxios/", BrowserFirefox},
	{"firefox/", BrowserFirefox},
	{"crios/", BrowserChrome},
}

func detectBrowser(ua string, p *Platform) {
	if strings.Contains(ua, "trident/") || strings.Contains(ua, "msie ") {
		p.Browser = BrowserIE
		if v := versionAfter(ua, "msie "); v != "" {
			p.BrowserMajor = major(v)
		}
		if v := versionAfter(ua, "rv:"); v != "" && strings.Contains(ua, "trident/7") {
			p.BrowserMajor = major(v)
		} else if v := versionAfter(ua, "rv "); v != "" && strings.Contains(ua, "trident/7") {
			p.BrowserMajor = major(v)
		}
		return
	}
	for _, t := range browserTokens {
		i := strings.Index(ua, t.tok)
		if i < 0 {
			continue
		}
		p.Browser = t.b
		if strings.HasSuffix(t.tok, "/") {
			p.BrowserMajor = major(readVersion(ua[i+len(t.tok):]))
		}
		return
	}
	apple := p.OS == OSIOS || p.OS == OSIPadOS || p.OS == OSMacOS
	switch {
	case strings.Contains(ua, "chromium/"):
		p.Browser = BrowserChromium
		p.BrowserMajor = major(versionAfter(ua, "chromium/"))
	case strings.Contains(ua, "chrome/") && (strings.Contains(ua, "; wv)") || strings.Contains(ua, "version/4.0 chrome/") || strings.Contains(ua, "version/4.0 mobile")):
		p.Browser = BrowserWebView
		p.BrowserMajor = major(versionAfter(ua, "chrome/"))
	case strings.Contains(ua, "arkweb/"):
		p.Browser = BrowserArkWeb
		p.BrowserMajor = major(versionAfter(ua, "arkweb/"))
	case strings.Contains(ua, "chrome/"):
		p.Browser = BrowserChrome
		p.BrowserMajor = major(versionAfter(ua, "chrome/"))
	case apple && strings.Contains(ua, "safari/") && strings.Contains(ua, "version/"):
		p.Browser = BrowserSafari
		p.BrowserMajor = major(versionAfter(ua, "version/"))
	case (p.OS == OSIOS || p.OS == OSIPadOS) && strings.Contains(ua, "applewebkit/"):
		// A WKWebView inside an app: no Safari token of its own.
		p.Browser = BrowserWebView
	case apple && strings.Contains(ua, "safari/"):
		p.Browser = BrowserSafari
	}
}

func detectEngine(ua string, p *Platform) {
	switch {
	case p.Browser == BrowserIE:
		p.Engine, p.EngineMajor = EngineTrident, p.BrowserMajor
	case strings.Contains(ua, "edge/"):
		p.Engine, p.EngineMajor = EngineEdgeHTML, p.BrowserMajor
	case p.OS == OSIOS || p.OS == OSIPadOS:
		p.Engine = EngineWebKit
		p.EngineMajor = major(p.OSVersion)
		if p.EngineMajor == 0 {
			p.EngineMajor = major(versionAfter(ua, "version/"))
		}
	case strings.Contains(ua, "arkweb/"):
		p.Engine, p.EngineMajor = EngineArkWeb, maxMajorAfter(ua, "chrome/")
	case strings.Contains(ua, "chrome/"):
		p.Engine, p.EngineMajor = EngineBlink, maxMajorAfter(ua, "chrome/")
	case strings.Contains(ua, "firefox/"):
		p.Engine, p.EngineMajor = EngineGecko, major(versionAfter(ua, "firefox/"))
	case strings.Contains(ua, "gecko/") && strings.Contains(ua, "rv:"):
		p.Engine, p.EngineMajor = EngineGecko, major(versionAfter(ua, "rv:"))
	case strings.Contains(ua, "applewebkit/"):
		p.Engine = EngineWebKit
		p.EngineMajor = major(versionAfter(ua, "version/"))
	}
}

// applyHints lets UA client hints override what the UA string said.
func applyHints(h *ClientHints, p *Platform) {
	pv := readVersion(strings.TrimSpace(h.PlatformVersion))
	switch strings.ToLower(strings.TrimSpace(h.Platform)) {
	case "windows":
		p.OS = OSWindows
		if pv != "" {
			switch m := major(pv); {
			case m >= 13:
				p.OSVersion = "11"
			case m >= 1:
				p.OSVersion = "10"
			case strings.HasPrefix(pv, "0.3"):
				p.OSVersion = "8.1"
			case strings.HasPrefix(pv, "0.2"):
				p.OSVersion = "8"
			case strings.HasPrefix(pv, "0.1"):
				p.OSVersion = "7"
			}
		}
	case "macos":
		if p.OS != OSIPadOS {
			p.OS = OSMacOS
			if pv != "" {
				p.OSVersion = pv
			}
		}
	case "linux":
		if p.OS == OSUnknown {
			p.OS = OSLinux
		}
	case "chrome os", "chromeos", "chromium os":
		p.OS = OSChromeOS
		if pv != "" {
			p.OSVersion = pv
		}
	case "android":
		if p.OS != OSHarmonyOS {
			p.OS = OSAndroid
			if pv != "" {
				p.OSVersion = pv
			}
		}
	case "harmonyos", "openharmony":
		p.OS = OSHarmonyOS
		if pv != "" {
			p.OSVersion = pv
		}
	}
	if h.Mobile {
		p.Mobile = true
	}
	if p.Browser == BrowserUnknown {
		for _, b := range h.Brands {
			name := strings.ToLower(b.Brand)
			var br Browser
			switch {
			case strings.Contains(name, "edge"):
				br = BrowserEdge
			case strings.Contains(name, "opera"):
				br = BrowserOpera
			case strings.Contains(name, "google chrome"):
				br = BrowserChrome
			case name == "chromium":
				br = BrowserChromium
			default:
				continue
			}
			if p.Browser == BrowserUnknown || p.Browser == BrowserChromium {
				p.Browser, p.BrowserMajor = br, major(b.Version)
			}
		}
	}
}

// versionAfter returns the version number right after the first tok in ua.
func versionAfter(ua, tok string) string {
	i := strings.Index(ua, tok)
	if i < 0 {
		return ""
	}
	return readVersion(ua[i+len(tok):])
}

// readVersion reads a leading version like "16_4_1" or "4.0.3.601" (at most
// 24 bytes), turning underscores into dots and dropping a trailing dot.
func readVersion(s string) string {
	n := 0
	for n < len(s) && n < 24 && (s[n] >= '0' && s[n] <= '9' || s[n] == '.' || s[n] == '_') {
		n++
	}
	v := strings.Trim(strings.ReplaceAll(s[:n], "_", "."), ".")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return ""
	}
	return v
}

// major returns the leading integer of a version (0 when none or absurd).
func major(v string) int {
	n := 0
	for n < len(v) && n < 6 && v[n] >= '0' && v[n] <= '9' {
		n++
	}
	m, err := strconv.Atoi(v[:n])
	if err != nil {
		return 0
	}
	return m
}

// maxMajorAfter returns the largest major version following any tok (a
// WeChat desktop UA nests two Chrome versions).
func maxMajorAfter(ua, tok string) int {
	best := 0
	for i := 0; i < len(ua); {
		j := strings.Index(ua[i:], tok)
		if j < 0 {
			break
		}
		k := i + j + len(tok)
		if m := major(readVersion(ua[k:])); m > best {
			best = m
		}
		i = k
	}
	return best
}
