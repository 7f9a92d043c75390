package diagnosis

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"wpscheck/app/i18n"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type uaCase struct {
	Desc      string       `json:"desc"`
	UA        string       `json:"ua"`
	Source    string       `json:"source"`
	Touch     int          `json:"touch"`
	Hints     *ClientHints `json:"hints"`
	OS        OS           `json:"os"`
	OSVersion string       `json:"os_version"`
	Browser   Browser      `json:"browser"`
	Major     int          `json:"major"`
	InApp     InApp        `json:"in_app"`
	Mobile    bool         `json:"mobile"`
	Engine    Engine       `json:"engine"`
}

// uaFiles are the user-agent tables: browsers and systems in general, and
// the places a support link is opened in (in-app browsers of chat, work,
// mail and content apps, and the vendor and big Chinese browsers that are
// not in-app browsers). Every entry is a real user agent with its source.
var uaFiles = []string{"testdata/useragents.json", "testdata/inapp_browsers.json"}

func loadUACases(t testing.TB) []uaCase {
	t.Helper()
	var cases []uaCase
	for _, f := range uaFiles {
		cases = append(cases, loadUAFile(t, f)...)
	}
	return cases
}

func loadUAFile(t testing.TB, name string) []uaCase {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	var cases []uaCase
	require.NoError(t, json.Unmarshal(b, &cases))
	for _, c := range cases {
		require.NotEmpty(t, c.Desc, "%s: an entry without a description", name)
		require.NotEmpty(t, c.Source, "%s: %s has no source", name, c.Desc)
	}
	return cases
}

func TestDetectPlatformRealUserAgents(t *testing.T) {
	cases := loadUACases(t)
	real := 0
	for _, c := range cases {
		if c.UA != "" && c.Hints == nil && c.Touch == 0 {
			real++
		}
	}
	require.GreaterOrEqual(t, real, 80, "at least 80 real user-agent strings")
	for _, c := range cases {
		t.Run(c.Desc, func(t *testing.T) {
			p := DetectPlatform(Environment{UserAgent: c.UA, Hints: c.Hints, MaxTouchPoints: c.Touch})
			assert.Equal(t, c.OS, p.OS, "os")
			assert.Equal(t, c.OSVersion, p.OSVersion, "os version")
			assert.Equal(t, c.Browser, p.Browser, "browser")
			assert.Equal(t, c.Major, p.BrowserMajor, "browser major")
			assert.Equal(t, c.InApp, p.InApp, "in-app")
			assert.Equal(t, c.Mobile, p.Mobile, "mobile")
			if c.Engine != "" {
				assert.Equal(t, c.Engine, p.Engine, "engine")
			}
		})
	}
}

// TestDetectPlatformCoverage checks that the fixtures cover every OS,
// in-app value and the browsers the issue names.
func TestDetectPlatformCoverage(t *testing.T) {
	seenOS := map[OS]bool{}
	seenApp := map[InApp]bool{}
	seenBrowser := map[Browser]bool{}
	for _, c := range loadUACases(t) {
		seenOS[c.OS] = true
		seenApp[c.InApp] = true
		seenBrowser[c.Browser] = true
	}
	for _, o := range AllOS() {
		assert.True(t, seenOS[o], "no fixture for %s", o)
	}
	for _, a := range AllInApps() {
		assert.True(t, seenApp[a], "no fixture for %s", a)
	}
	for _, b := range []Browser{BrowserChrome, BrowserEdge, BrowserFirefox, BrowserSafari, BrowserSamsung,
		BrowserHuawei, BrowserQQ, BrowserUC, Browser360, BrowserQuark} {
		assert.True(t, seenBrowser[b], "no fixture for %s", b)
	}
	assert.True(t, seenOS[OSUnknown], "an unknown UA must stay unknown")
}

// TestInAppTable checks the table of where a support link is opened: every
// in-app browser has a real user agent, the mail apps, content apps and
// super-apps the page names have one on a phone, and the phone vendors'
// browsers and the big Chinese browsers are recognised as browsers, not
// as in-app browsers.
func TestInAppTable(t *testing.T) {
	cases := loadUAFile(t, "testdata/inapp_browsers.json")
	apps := map[InApp][]OS{}
	browsers := map[Browser]bool{}
	for _, c := range cases {
		apps[c.InApp] = append(apps[c.InApp], c.OS)
		if c.InApp == InAppNone {
			browsers[c.Browser] = true
		}
		p := DetectPlatform(Environment{UserAgent: c.UA, Hints: c.Hints, MaxTouchPoints: c.Touch})
		assert.Equal(t, c.InApp, p.InApp, "%s (%s)", c.Desc, c.Source)
	}
	for _, a := range AllInApps() {
		assert.NotEmpty(t, apps[a], "no real user agent for the in-app browser %s", a)
	}
	phone := func(oses []OS) bool {
		for _, o := range oses {
			if o == OSAndroid || o == OSIOS || o == OSIPadOS || o == OSHarmonyOS {
				return true
			}
		}
		return false
	}
	for _, a := range []InApp{InAppMailMaster, InAppDouyin, InAppKuaishou, InAppBaidu, InAppXiaohongshu, InAppToutiao,
		InAppWeibo, InAppWxWork, InAppFeishu, InAppAlipay, InAppQQ, InAppWeChat, InAppDingTalk} {
		assert.True(t, phone(apps[a]), "%s has no phone user agent", a)
	}
	for _, b := range []Browser{BrowserHuawei, BrowserXiaomi, BrowserVivo, BrowserOppo, BrowserSamsung,
		BrowserUC, BrowserQuark, BrowserQQ, Browser360, BrowserSogou} {
		assert.True(t, browsers[b], "no user agent of %s as a browser of its own (not in-app)", b)
	}
}

func TestDetectPlatformHints(t *testing.T) {
	win10UA := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	tests := []struct {
		name  string
		ua    string
		hints ClientHints
		os    OS
		ver   string
		br    Browser
		major int
	}{
		{"windows 11", win10UA, ClientHints{Platform: "Windows", PlatformVersion: "13.0.0"}, OSWindows, "11", BrowserChrome, 120},
		{"windows 10", win10UA, ClientHints{Platform: "Windows", PlatformVersion: "1.0.0"}, OSWindows, "10", BrowserChrome, 120},
		{"windows 8.1", win10UA, ClientHints{Platform: "Windows", PlatformVersion: "0.3.0"}, OSWindows, "8.1", BrowserChrome, 120},
		{"windows 8", win10UA, ClientHints{Platform: "Windows", PlatformVersion: "0.2.0"}, OSWindows, "8", BrowserChrome, 120},
		{"windows 7", win10UA, ClientHints{Platform: "Windows", PlatformVersion: "0.1.0"}, OSWindows, "7", BrowserChrome, 120},
		{"windows without version keeps UA", win10UA, ClientHints{Platform: "Windows"}, OSWindows, "10", BrowserChrome, 120},
		{"chrome os", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0", ClientHints{Platform: "Chrome OS", PlatformVersion: "15633.0.0"}, OSChromeOS, "15633.0.0", BrowserChrome, 120},
		{"linux fills unknown", "Mozilla/5.0 Chrome/120.0.0.0", ClientHints{Platform: "Linux"}, OSLinux, "", BrowserChrome, 120},
		{"linux does not override android", "Mozilla/5.0 (Linux; Android 14) Chrome/120.0.0.0 Mobile", ClientHints{Platform: "Linux"}, OSAndroid, "14", BrowserChrome, 120},
		{"android version", "Mozilla/5.0 (Linux; Android 10; K) Chrome/120.0.0.0 Mobile", ClientHints{Platform: "Android", PlatformVersion: "14.0.0", Mobile: true}, OSAndroid, "14.0.0", BrowserChrome, 120},
		{"harmonyos hint", "Mozilla/5.0 Chrome/114.0.0.0", ClientHints{Platform: "HarmonyOS", PlatformVersion: "5.0.0"}, OSHarmonyOS, "5.0.0", BrowserChrome, 114},
		{"brands name an unknown browser", "Mozilla/5.0 (X11; Linux x86_64)", ClientHints{Platform: "Linux", Brands: []Brand{{"Not A(Brand", "99"}, {"Chromium", "121"}, {"Microsoft Edge", "121"}}}, OSLinux, "", BrowserEdge, 121},
		{"brands opera", "", ClientHints{Brands: []Brand{{"Opera", "106"}}}, OSUnknown, "", BrowserOpera, 106},
		{"brands chrome", "", ClientHints{Brands: []Brand{{"Google Chrome", "125"}}}, OSUnknown, "", BrowserChrome, 125},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.hints
			p := DetectPlatform(Environment{UserAgent: tt.ua, Hints: &h})
			assert.Equal(t, tt.os, p.OS)
			assert.Equal(t, tt.ver, p.OSVersion)
			assert.Equal(t, tt.br, p.Browser)
			assert.Equal(t, tt.major, p.BrowserMajor)
		})
	}
	p := DetectPlatform(Environment{UserAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/120.0.0.0", Hints: &ClientHints{Mobile: true}})
	assert.True(t, p.Mobile)
	// An iPad that reports a Mac UA is not turned back into a Mac by hints.
	p = DetectPlatform(Environment{UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15", MaxTouchPoints: 5, Hints: &ClientHints{Platform: "macOS"}})
	assert.Equal(t, OSIPadOS, p.OS)
}

func TestDetectPlatformEdgeCases(t *testing.T) {
	tests := []struct {
		ua      string
		os      OS
		ver     string
		browser Browser
	}{
		{"Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)", OSWindows, "XP", BrowserIE},
		{"Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.0)", OSWindows, "Vista", BrowserIE},
		{"Mozilla/5.0 (Windows NT 6.2; WOW64) Chrome/49.0", OSWindows, "8", BrowserChrome},
		{"Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv 11.0) like Gecko", OSWindows, "8.1", BrowserIE},
		{"Mozilla/5.0 (Windows NT 99.1) Foo", OSWindows, "", BrowserUnknown},
		{"Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1) Edge/40.15254.603", OSAndroid, "6.0.1", BrowserEdge},
		{"Mozilla/5.0 (compatible; Windows Phone 8.1) IEMobile", OSUnknown, "", BrowserUnknown},
		{"Mozilla/5.0 (Linux; U; Android-4.0.3; en-us) AppleWebKit/535.7 CrMo/16.0", OSAndroid, "4.0.3", BrowserUnknown},
		{"Mozilla/5.0 (Linux; Android 9; HP Chromebook x2 Build/R76) AppleWebKit/537.36 Chrome/74.0.3729.157 Safari/537.36", OSChromeOS, "", BrowserChrome},
		{"Mozilla/5.0 (X11; Linux x86_64) Chromium/16.0.912.21 Chrome/16.0.912.21", OSLinux, "", BrowserChromium},
		{"Mozilla/5.0 (X11; Linux i686; rv:1.9) Gecko/2008 SeaMonkey/2.0", OSLinux, "", BrowserSeaMonkey},
		{"Mozilla/5.0 (Macintosh; U; PPC Mac OS X; sv-se) AppleWebKit/419 (KHTML, like Gecko) Safari/419.3", OSMacOS, "", BrowserSafari},
		{"Mozilla/5.0 (iOS; like Mac OS X) AppleWebKit/536.36", OSIOS, "", BrowserWebView},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 12_1_2 like Mac OS X) Mobile/16C101 baiduboxapp/11.12.0.18 (Baidu; P2 12.1.2)", OSIOS, "12.1.2", BrowserBaidu},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/90.0.4430.61 Safari/537.36 HeyTapBrowser/40.8.10.1", OSLinux, "", BrowserOppo},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_2 like Mac OS X) Version/4.0 Mobile Safari/534.30 SogouMSE,SogouMobileBrowser/3.7.4", OSIOS, "10.3.2", BrowserSogou},
		{"Mozilla/5.0 (Android 7.0) AppleWebKit/537.36 Chrome/73.0 Safari/537.36 OPR/60.0", OSAndroid, "7.0", BrowserOpera},
		{"(((((((((", OSUnknown, "", BrowserUnknown},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:55.0) Gecko/20100101 Goanna/4.0", OSLinux, "", BrowserUnknown},
	}
	for _, tt := range tests {
		p := DetectPlatform(Environment{UserAgent: tt.ua})
		assert.Equal(t, tt.os, p.OS, tt.ua)
		assert.Equal(t, tt.ver, p.OSVersion, tt.ua)
		assert.Equal(t, tt.browser, p.Browser, tt.ua)
	}
	// The Goanna UA has no Firefox token but is Gecko by rv:.
	p := DetectPlatform(Environment{UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:55.0) Gecko/20100101 Goanna/4.0"})
	assert.Equal(t, EngineGecko, p.Engine)
	assert.Equal(t, 55, p.EngineMajor)
	// A nested WeChat desktop UA uses the newest Chrome it names.
	p = DetectPlatform(Environment{UserAgent: "chrome/53.0 x chrome/81.0 micromessenger/7"})
	assert.Equal(t, 81, p.EngineMajor)
	// Very long strings are cut, not scanned forever.
	p = DetectPlatform(Environment{UserAgent: strings.Repeat("a", 10*maxUALen) + " Chrome/120"})
	assert.Equal(t, BrowserUnknown, p.Browser)
}

func TestVersionHelpers(t *testing.T) {
	assert.Equal(t, "16.4.1", readVersion("16_4_1 like"))
	assert.Equal(t, "", readVersion("x1"))
	assert.Equal(t, "", readVersion("._"))
	assert.Equal(t, 0, major(""))
	assert.Equal(t, 123456, major("1234567.8"))
	assert.True(t, hasToken("qq/1", "qq/"))
	assert.False(t, hasToken("mqqbrowser/1 xqq/2", "qq/"))
}

func FuzzDetectPlatform(f *testing.F) {
	for _, c := range loadUACases(f) {
		f.Add(c.UA, c.Touch, "", "")
	}
	f.Add("Mozilla/5.0 (Windows NT 10.0) Chrome/120", 0, "Windows", "15.0.0")
	f.Add("harmonyos/", 2, "Android", "")
	f.Fuzz(func(t *testing.T, ua string, touch int, platform, version string) {
		env := Environment{UserAgent: ua, MaxTouchPoints: touch}
		if platform != "" || version != "" {
			env.Hints = &ClientHints{Platform: platform, PlatformVersion: version, Brands: []Brand{{platform, version}}}
		}
		p := DetectPlatform(env)
		if !p.OS.Valid() || !p.Browser.Valid() || !p.InApp.Valid() || !p.Engine.Valid() {
			t.Fatalf("invalid enum in %+v", p)
		}
		if p.BrowserMajor < 0 || p.EngineMajor < 0 || len(p.OSVersion) > 24 || !utf8.ValidString(p.OSVersion) {
			t.Fatalf("bad version fields in %+v", p)
		}
		_ = p.Describe(i18n.ZH)
	})
}
