package diagnosis

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// checkText asserts a Text reads as Chinese in ZH and English in EN.
func checkText(t *testing.T, what string, x Text) {
	t.Helper()
	assert.NotEmpty(t, strings.TrimSpace(x.ZH), "%s: empty zh", what)
	assert.NotEmpty(t, strings.TrimSpace(x.EN), "%s: empty en", what)
	assert.True(t, hasHan(x.ZH), "%s: zh has no Chinese: %q", what, x.ZH)
	assert.False(t, hasHan(x.EN), "%s: en has Chinese: %q", what, x.EN)
	// Chinese sentences use full-width punctuation.
	for _, bad := range []string{"，", "。", "：", "；"} {
		assert.NotContains(t, x.EN, bad, "%s: en has Chinese punctuation", what)
	}
	// A space between Chinese and Latin words ("打开 Safari"), except in
	// Apple's own menu name.
	prev := rune(0)
	for _, r := range strings.ReplaceAll(x.ZH, "VPN与设备管理", "VPN 与设备管理") {
		if unicode.Is(unicode.Han, prev) && isLatin(r) || isLatin(prev) && unicode.Is(unicode.Han, r) {
			assert.Fail(t, "no space between Chinese and Latin", "%s: %q", what, x.ZH)
			break
		}
		prev = r
	}
	prevHan := false
	for _, r := range x.ZH {
		if prevHan && strings.ContainsRune(",.;!?", r) {
			assert.Fail(t, "half-width punctuation after Chinese", "%s: %q", what, x.ZH)
			break
		}
		prevHan = unicode.Is(unicode.Han, r)
	}
}

func TestGuideEveryFinding(t *testing.T) {
	require.Len(t, kb, len(AllFindingIDs()), "one entry per finding id, no extras")
	for _, id := range AllFindingIDs() {
		e := Guide(id)
		require.Equal(t, id, e.ID)
		checkText(t, string(id)+" title", e.Title)
		checkText(t, string(id)+" why", e.Why)
		require.NotEmpty(t, e.Steps[OSDefault], "%s has no default steps", id)
		for _, os := range append(AllOS(), OSUnknown, OSDefault) {
			steps := e.StepsFor(os)
			require.NotEmpty(t, steps, "%s has no steps for %s", id, os)
			for i, s := range steps {
				checkText(t, string(id)+"/"+string(os)+"/step", s)
				for j := 0; j < i; j++ {
					assert.NotEqual(t, steps[j], s, "%s/%s repeats a step", id, os)
				}
			}
		}
		for _, r := range e.SeedFix {
			checkText(t, string(id)+" seed "+r.ID, r.Name)
		}
		if id != FindingCheckerUnreachable && id != FindingChecksIncomplete {
			assert.NotEmpty(t, e.SeedFix, "%s points to no part of the article", id)
		}
	}
	unknown := Guide("made_up")
	assert.Equal(t, FindingID("made_up"), unknown.ID)
	assert.Equal(t, "made_up", unknown.Title.EN)
	assert.NotEmpty(t, unknown.StepsFor(OSWindows))
	assert.Equal(t, kb[FindingAccountLocked].Title, Finding{ID: FindingAccountLocked}.Entry().Title)
}

// TestPlatformSteps checks that entries whose fix differs per platform give
// every platform its own steps, with the facts the article names.
func TestPlatformSteps(t *testing.T) {
	perPlatform := []FindingID{FindingClockSkew, FindingTimezoneWrong, FindingLoginHangs, FindingClientProblem,
		FindingWPSBlocked, FindingLoginUnreachable, FindingInAppBrowser, FindingBrowserOutdated, FindingNoIssueFound,
		FindingNetworkRestricted}
	for _, id := range perPlatform {
		e := Guide(id)
		seen := map[string]OS{}
		for _, os := range AllOS() {
			if id == FindingInAppBrowser && (os == OSLinux || os == OSChromeOS) {
				continue // no WeChat/DingTalk-style in-app browsers there
			}
			s, ok := e.Steps[os]
			require.True(t, ok, "%s lacks its own steps for %s", id, os)
			key := s[0].ZH + s[len(s)-1].ZH
			for _, x := range s {
				key += x.EN
			}
			if prev, dup := seen[key]; dup && !(os == OSIPadOS && prev == OSIOS) {
				t.Errorf("%s: %s and %s have identical steps", id, prev, os)
			}
			seen[key] = os
		}
	}
	all := func(id FindingID, os OS) string {
		var b strings.Builder
		for _, s := range Guide(id).StepsFor(os) {
			b.WriteString(s.ZH + "\n" + s.EN + "\n")
		}
		return b.String()
	}
	facts := []struct {
		id   FindingID
		os   OS
		want []string
	}{
		{FindingClockSkew, OSWindows, []string{"自动设置时间", "立即同步", "Sync now"}},
		{FindingClockSkew, OSMacOS, []string{"日期与时间", "Set time and date automatically"}},
		{FindingClockSkew, OSLinux, []string{"timedatectl set-ntp true"}},
		{FindingClockSkew, OSAndroid, []string{"自动确定日期和时间"}},
		{FindingClockSkew, OSIOS, []string{"「设置」→「通用」→「日期与时间」", "Set Automatically"}},
		{FindingClockSkew, OSIPadOS, []string{"iPad"}},
		{FindingClockSkew, OSHarmonyOS, []string{"系统和更新", "中国标准时间"}},
		{FindingTimezoneWrong, OSWindows, []string{"时区", "先不要手动拨钟点"}},
		{FindingLoginHangs, OSWindows, []string{`%appdata%\Kingsoft\WPS Office\`, "user.config.bak", `office6\backup`, "备份中心",
			"「配置工具」", "Configuration tool", "例如", "for example", "「帮助」→「检查更新」"}},
		{FindingLoginHangs, OSMacOS, []string{"~/Library/Containers/com.kingsoft.wpsoffice.mac", "com.kingsoft.wpsoffice.mac.global",
			"~/Library/Preferences/com.kingsoft.wpsoffice.plist", "不存在", "If neither place exists", "改名", "Help → Check for updates"}},
		{FindingLoginHangs, OSLinux, []string{"~/.config/Kingsoft/", "例如", "for example"}},
		{FindingLoginHangs, OSAndroid, []string{"清除缓存", "应用商店", "联网控制"}},
		{FindingLoginHangs, OSIOS, []string{"App Store", "删除 App", "Delete App", "不要用「卸载 App」", "Offload", "只存在这台设备上的文件",
			"「设置」→ 往下找到「WPS Office」→「无线数据」", "Wireless Data"}},
		{FindingLoginHangs, OSIPadOS, []string{"iPad", "删除 App", "无线数据"}},
		{FindingLoginHangs, OSHarmonyOS, []string{"应用市场", "AppGallery", "应用联网"}},
		{FindingClientProblem, OSWindows, []string{"卸载", "选保留", "Windows 更新", "官方渠道", "www.wps.com"}},
		{FindingClientProblem, OSMacOS, []string{"废纸篓", "沙盒", "Mac App Store"}},
		{FindingWPSBlocked, OSWindows, []string{"代理", "VPN", "杀毒", "信任名单", "公共 Wi-Fi", "立刻重新打开", "turn it back on right after",
			"管理员", "*.wps.com", "account.wps.com", "account.wps.cn"}},
		{FindingWPSBlocked, OSMacOS, []string{"允许列表", "公共 Wi-Fi", "turn it back on right after"}},
		{FindingWPSBlocked, OSIOS, []string{"配置代理"}},
		{FindingOffline, OSWindows, []string{"网络重置", "VPN 客户端和虚拟网卡", "last resort"}},
		{FindingOffline, OSIOS, []string{"无线数据", "控制中心"}},
		{FindingOffline, OSAndroid, []string{"联网控制"}},
		{FindingNetworkRestricted, OSWindows, []string{"打开浏览器并连接", "*.wps.com", "手机数据"}},
		{FindingNetworkRestricted, OSIOS, []string{"「设置」→「无线局域网」", "Safari"}},
		{FindingNetworkRestricted, OSAndroid, []string{"登录 WLAN 网络"}},
		{FindingClockSkew, OSChromeOS, []string{"「设置」→「系统偏好设置」→「日期和时间」", "System preferences"}},
		{FindingCookiesDisabled, OSIOS, []string{"「设置」→「App」→「Safari 浏览器」", "Settings → Apps → Safari"}},
		{FindingCookiesDisabled, OSIPadOS, []string{"「设置」→「App」→「Safari 浏览器」"}},
		{FindingInAppBrowser, OSAndroid, []string{"···", "在浏览器打开"}},
		{FindingInAppBrowser, OSIOS, []string{"在 Safari 中打开"}},
		{FindingInAppBrowser, OSHarmonyOS, []string{"在浏览器打开"}},
		{FindingAccountLocked, OSDefault, []string{"官方客服", "证明账号是你的", "不要相信"}},
		{FindingAccountLocked, OSAndroid, []string{"「我」→「帮助与反馈」", "举例"}},
		{FindingAccountLocked, OSWindows, []string{"「在线客服」", "举例"}},
		{FindingPasswordRejected, OSDefault, []string{"大小写", "旧密码", "忘记密码", "微信、QQ、钉钉或 Apple", "wps.com", "may never have had a password"}},
		{FindingForgotPassword, OSDefault, []string{"忘记密码", "手机号或邮箱", "其他设备", "不需要密码"}},
		{FindingCloudDocs, OSDefault, []string{"www.kdocs.cn", "手机 App", "不见了"}},
		{FindingCodeNotReceived, OSAndroid, []string{"60 秒", "区号", "手机管家", "骚扰拦截", "垃圾邮件", "语音验证码"}},
		{FindingCodeNotReceived, OSHarmonyOS, []string{"手机管家", "骚扰拦截"}},
		{FindingCodeNotReceived, OSIOS, []string{"「过滤」", "未知发件人", "垃圾信息"}},
		{FindingCodeNotReceived, OSIPadOS, []string{"iPad 一般收不到短信"}},
		{FindingCodeNotReceived, OSWindows, []string{"手机管家", "垃圾邮件", "「在线客服」"}},
		{FindingWrongAccount, OSAndroid, []string{"账号 ID", "「账号与安全」", "account.wps.com", "合并"}},
		{FindingWrongAccount, OSWindows, []string{"账号 ID", "「个人中心」"}},
		{FindingOrgAccount, OSDefault, []string{"IT", "SSO", "不是 WPS 客服", "检测链接"}},
		{FindingSecurityCheck, OSDefault, []string{"滑块", "内置浏览器", "拦截插件", "新设备"}},
		{FindingSignedOutElsewhere, OSDefault, []string{"忘记密码", "不认识的设备", "双重验证"}},
	}
	// Phones get one reinstall step (from the cache steps), not the desktop
	// or default one as well.
	for _, os := range []OS{OSAndroid, OSIOS, OSHarmonyOS} {
		assert.Equal(t, 1, strings.Count(all(FindingClientProblem, os), "重新安装"), os)
	}
	for _, f := range facts {
		text := all(f.id, f.os)
		for _, w := range f.want {
			assert.Contains(t, text, w, "%s/%s", f.id, f.os)
		}
	}
}

func TestTips(t *testing.T) {
	s := Tips()
	assert.Len(t, s.Causes, 7)
	assert.Len(t, s.BasicChecks, 4)
	assert.Len(t, s.Fixes, 7)
	assert.Len(t, s.Advanced, 5)
	assert.Len(t, s.FAQ, 4)
	assert.Len(t, s.Prevention, 5)
	assert.Len(t, s.Beyond, 7)
	assert.Len(t, s.All(), 39)
	seen := map[string]bool{}
	for _, tip := range s.All() {
		assert.False(t, seen[tip.ID], "duplicate tip id %s", tip.ID)
		seen[tip.ID] = true
		checkText(t, tip.ID, tip.Title)
		require.NotEmpty(t, tip.Points, tip.ID)
		for _, p := range tip.Points {
			checkText(t, tip.ID+" point", p)
		}
		require.NotEmpty(t, tip.Related, tip.ID)
		for _, id := range tip.Related {
			assert.True(t, id.Valid(), "%s relates to unknown %s", tip.ID, id)
		}
	}
	// Every cause, basic check, fix and FAQ entry is reachable from a finding.
	referenced := map[string]bool{}
	for _, id := range AllFindingIDs() {
		for _, r := range Guide(id).SeedFix {
			require.True(t, seen[r.ID], "%s refers to unknown tip %s", id, r.ID)
			referenced[r.ID] = true
		}
	}
	// The Beyond tips are not from the article: no finding cites them as its
	// article part ("From the help article: …").
	for _, tip := range s.Beyond {
		assert.False(t, referenced[tip.ID], "%s is cited as an article part but is not from the article", tip.ID)
	}
	for _, group := range [][]Tip{s.Causes, s.BasicChecks, s.Fixes, s.FAQ} {
		for _, tip := range group {
			assert.True(t, referenced[tip.ID], "no finding points to %s", tip.ID)
		}
	}
	checkText(t, "intro", Intro())
	assert.Panics(t, func() { ref("no_such_tip") })
}

// TestPickerShowsEverySymptom: the picker's order holds every symptom once,
// with the catch-all last.
func TestPickerShowsEverySymptom(t *testing.T) {
	picker := PickerSymptoms()
	assert.ElementsMatch(t, AllSymptoms(), picker)
	assert.Equal(t, SymptomOther, picker[len(picker)-1])
}

func TestLabels(t *testing.T) {
	for _, l := range []Lang{LangZH, LangEN} {
		for _, s := range AllSymptoms() {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, s := range []Severity{SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo} {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, s := range codeStatuses {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, v := range []ClockVerdict{ClockOK, ClockWarn, ClockFail, ClockUnknown} {
			assert.NotEmpty(t, v.Label(l))
		}
		for _, s := range []ClockSource{ClockSourceNone, ClockSourceTimeAPI, ClockSourceDateHeader} {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, b := range codeBuckets {
			assert.NotEmpty(t, b.Label(l))
		}
		for _, o := range append(AllOS(), OSUnknown, OSDefault) {
			assert.NotEmpty(t, o.Label(l))
		}
		for _, b := range append(AllBrowsers(), BrowserUnknown) {
			assert.NotEmpty(t, b.Label(l))
		}
		for _, a := range AllInApps() {
			assert.NotEmpty(t, a.Label(l))
		}
		for _, x := range []Tri{Yes, No, Unknown, ""} {
			assert.NotEmpty(t, x.Label(l))
		}
	}
	assert.Equal(t, "未知系统", OS("beos").Label(LangZH))
	assert.Equal(t, "Unknown browser", Browser("lynx").Label(LangEN))
	assert.Equal(t, "鸿蒙 HarmonyOS 5.0 · 微信内置浏览器", DetectPlatform(Environment{UserAgent: uaWeChatHarmonyNext}).Describe(LangZH))
	assert.Equal(t, "Windows 10 · Chrome 120", DetectPlatform(Environment{UserAgent: uaChromeWin}).Describe(LangEN))
	assert.Equal(t, "Unknown system · Unknown browser", DetectPlatform(Environment{}).Describe(LangEN))
	assert.Equal(t, "en", tx("中", "en").In(LangEN))
	assert.Equal(t, "中", tx("中", "en").In("fr"))
	assert.True(t, LangZH.Valid() && LangEN.Valid() && !Lang("fr").Valid())
	assert.Equal(t, Yes, TriOf(true))
	assert.Equal(t, No, TriOf(false))
}

// TestStepsNameTheRunAgainButton: a step that tells people to run the checks
// again names the page's button with its exact label (it once said 「重新检测」
// beside a button labelled 「重新检查」).
func TestStepsNameTheRunAgainButton(t *testing.T) {
	named := 0
	for _, id := range AllFindingIDs() {
		for _, os := range append(AllOS(), OSUnknown, OSDefault) {
			for _, s := range Guide(id).StepsFor(os) {
				zhButton := strings.Contains(s.ZH, "「重新检")
				enButton := strings.Contains(s.EN, "“Run") || strings.Contains(s.EN, "check again to confirm")
				assert.Equal(t, zhButton, enButton, "%s/%s: one language names the button, the other not: %q / %q", id, os, s.ZH, s.EN)
				if zhButton {
					named++
					assert.Contains(t, s.ZH, "「"+RunAgainLabel.ZH+"」", "%s/%s", id, os)
					assert.Contains(t, s.EN, "“"+RunAgainLabel.EN+"”", "%s/%s", id, os)
				}
			}
		}
	}
	require.Positive(t, named, "no step names the button")
}

// allSteps returns every step list of the knowledge base, by where it is.
func allSteps() map[string][]Text {
	out := map[string][]Text{}
	for _, id := range AllFindingIDs() {
		for _, app := range append(AllInApps(), InAppNone) {
			for os, steps := range GuideFor(id, app).Steps {
				out[string(id)+"/"+string(app)+"/"+string(os)] = steps
			}
		}
	}
	return out
}

// TestCacheAndReinstallDeleteNoUserData: the cache and reinstall steps
// delete nothing that holds user data. On computers, the WPS folders that
// hold backups, settings or unsynced documents are only ever renamed (or
// named as things not to delete); the backup folder is named before any
// step touches a WPS folder. On phones, every step that deletes the app
// or clears its data comes after a step that saves the device-only files.
func TestCacheAndReinstallDeleteNoUserData(t *testing.T) {
	protected := []string{winDataDir, `office6\backup`, `WPS Office\`, "user.config", "com.kingsoft.wpsoffice", "~/.config/Kingsoft"}
	notDelete := []string{"要不要删除", "whether to delete", "不要删除", "不删除", "不要删", "也不要手动删除", "整个文件夹不要删除", "本身不要删除", "不会删除", "而不是删除",
		"do not delete", "never delete", "rather than deleting", "not delete"}
	for where, steps := range allSteps() {
		sawBackup, sawPhoneBackup := false, false
		for i, s := range steps {
			names := false
			for _, p := range protected {
				names = names || strings.Contains(s.ZH, p) || strings.Contains(s.EN, p)
			}
			if names {
				zh, en := s.ZH, strings.ToLower(s.EN)
				for _, n := range notDelete {
					zh, en = strings.ReplaceAll(zh, n, ""), strings.ReplaceAll(en, n, "")
				}
				assert.NotContains(t, zh, "删", "%s step %d deletes a WPS folder: %s", where, i+1, s.ZH)
				assert.NotContains(t, en, "delete", "%s step %d deletes a WPS folder: %s", where, i+1, s.EN)
				if strings.Contains(where, "/windows") && (strings.Contains(s.ZH, `WPS Office\`) || strings.Contains(s.ZH, "user.config")) {
					assert.True(t, sawBackup, "%s step %d touches a WPS folder before saying where the backups are", where, i+1)
				}
			}
			sawBackup = sawBackup || strings.Contains(s.ZH, winBackupDir)
			sawPhoneBackup = sawPhoneBackup || s == stepPhoneBackup
			phone := strings.HasSuffix(where, "/android") || strings.HasSuffix(where, "/ios") || strings.HasSuffix(where, "/ipados") ||
				strings.HasSuffix(where, "/harmonyos") || strings.HasSuffix(where, "/chromeos")
			destroys := strings.Contains(s.ZH, "清除数据") || strings.Contains(s.ZH, "「删除 App」") || strings.Contains(s.ZH, "卸载 WPS") ||
				strings.Contains(s.ZH, "清除存储空间") || strings.Contains(s.ZH, "卸载后")
			if phone && destroys {
				assert.True(t, sawPhoneBackup, "%s step %d deletes app data before the backup warning: %s", where, i+1, s.ZH)
			}
		}
	}
	// The iOS steps say delete and reinstall, not Offload, and warn first.
	ios := Guide(FindingLoginHangs).StepsFor(OSIOS)
	var text string
	for _, s := range ios {
		text += s.ZH + "\n"
	}
	assert.Contains(t, text, "不要用「卸载 App」")
	assert.Contains(t, text, "「删除 App」")
	assert.Contains(t, stepPhoneBackup.ZH, "删除 App 会把留在 App 里的本机文件一起删掉")
}

// TestSecuritySoftwareStaysOn: wherever a step pauses security software or
// a firewall, the trusted-list route comes first and the step says to turn
// it back on right after and never on public Wi-Fi.
func TestSecuritySoftwareStaysOn(t *testing.T) {
	pauses := 0
	for where, steps := range allSteps() {
		trusted := false
		for i, s := range steps {
			trusted = trusted || strings.Contains(s.ZH, "信任名单") || strings.Contains(s.ZH, "允许列表")
			if strings.Contains(s.ZH, "暂停防护") || strings.Contains(s.ZH, "退出杀毒") || strings.Contains(s.ZH, "关闭防火墙") || strings.Contains(s.ZH, "暂时退出") {
				pauses++
				assert.True(t, trusted, "%s step %d pauses protection before trying the trusted list", where, i+1)
				assert.Contains(t, s.ZH, "公共 Wi-Fi", where)
				assert.Contains(t, s.ZH, "立刻重新打开", where)
				assert.Contains(t, s.EN, "turn it back on right after", where)
				assert.Contains(t, s.EN, "never on public Wi-Fi", where)
			}
		}
	}
	assert.Positive(t, pauses, "no step pauses protection at all: the test checks nothing")
	fix3 := Tips().Fixes[2]
	assert.Contains(t, fix3.Points[2].ZH, "信任名单")
	assert.Contains(t, fix3.Points[2].ZH, "公共 Wi-Fi 上不要关")
}

// TestNetworkResetIsLast: the Windows network reset is the last step before
// "run again", and says what it removes.
func TestNetworkResetIsLast(t *testing.T) {
	found := 0
	for where, steps := range allSteps() {
		for i, s := range steps {
			if !strings.Contains(s.ZH, "网络重置") {
				continue
			}
			found++
			assert.True(t, strings.HasSuffix(where, "/windows"), "%s mentions a network reset", where)
			rest := steps[i+1:]
			assert.True(t, len(rest) == 0 || (len(rest) == 1 && rest[0] == stepRecheck), "%s: the network reset is not last", where)
			assert.Contains(t, s.ZH, "VPN 客户端和虚拟网卡")
			assert.Contains(t, s.EN, "VPN clients and virtual adapters")
		}
	}
	assert.Positive(t, found)
}

// TestInAppStepsPerAppAndSystem: the in-app card names the app and the
// real browser of the system, in both languages, on every system.
func TestInAppStepsPerAppAndSystem(t *testing.T) {
	browserOf := map[OS]string{OSIOS: "Safari", OSIPadOS: "Safari", OSAndroid: "手机自带的浏览器", OSHarmonyOS: "华为浏览器",
		OSWindows: "Edge", OSMacOS: "Safari", OSLinux: "浏览器", OSChromeOS: "浏览器", OSDefault: "浏览器"}
	for _, app := range AllInApps() {
		e := GuideFor(FindingInAppBrowser, app)
		assert.Equal(t, Guide(FindingInAppBrowser).Title, e.Title)
		for _, os := range append(AllOS(), OSDefault, OSUnknown) {
			steps := e.StepsFor(os)
			require.Len(t, steps, 3, "%s/%s", app, os)
			for _, s := range steps {
				checkText(t, string(app)+"/"+string(os), s)
			}
			if app != InAppOther {
				assert.Contains(t, steps[0].ZH, "「"+app.Label(LangZH)+"」", "%s/%s names the app", app, os)
				assert.Contains(t, steps[0].EN, app.Label(LangEN), "%s/%s names the app", app, os)
			}
			assert.Contains(t, steps[1].ZH+steps[2].ZH, browserOf[os], "%s/%s names the browser", app, os)
			assert.Contains(t, steps[1].ZH, "复制", "%s/%s offers copying the link", app, os)
		}
		assert.Contains(t, e.StepsFor(OSIOS)[0].ZH, "在 Safari 中打开")
		assert.Contains(t, e.StepsFor(OSWindows)[0].ZH+e.StepsFor(OSWindows)[1].ZH, "浏览器")
	}
	assert.Equal(t, Guide(FindingInAppBrowser), GuideFor(FindingInAppBrowser, InAppNone))
	assert.Equal(t, Guide(FindingClockSkew), GuideFor(FindingClockSkew, InAppWeChat))
	// What the in-app browser means for the check and for signing in.
	why := Guide(FindingInAppBrowser).Why
	assert.Contains(t, why.ZH, "对这次检测来说")
	assert.Contains(t, why.ZH, "对登录来说")
	assert.Contains(t, why.ZH, "滑块")
}

// TestOneNameForTheSupportCode: the short code has one name everywhere, in
// both languages: the page, the text report, the steps and the errors.
func TestOneNameForTheSupportCode(t *testing.T) {
	for s, where := range productTexts(t) {
		assert.NotContains(t, s, "检测码", "%s calls the code by another name: %q", where, s)
	}
	assert.Equal(t, SupportCodeName.ZH, rtCode.ZH)
	assert.Equal(t, "Support code", rtCode.EN)
	for _, err := range []error{ErrSupportCodeLength, ErrSupportCodeSymbol, ErrSupportCodeCheck, ErrSupportCodeVersion, ErrSupportCodeInvalid} {
		d := DescribeCodeError(err)
		assert.True(t, strings.Contains(d.ZH, SupportCodeName.ZH) || strings.Contains(d.ZH, "校验位"), d.ZH)
	}
	assert.Contains(t, Guide(FindingWPSServiceIssue).StepsFor(OSDefault)[3].ZH, SupportCodeName.ZH)
}

// TestOfficialChannelsOnly: the guidance gives no phone number and links
// only to WPS's own sites; support is found inside the app, worded as an
// example, with a warning about fake support numbers.
func TestOfficialChannelsOnly(t *testing.T) {
	allowed := []string{"www.wps.cn", "www.wps.com", "www.kdocs.cn", "account.wps.cn", "account.wps.com", "wps.cn", "wps.com",
		"kdocs.cn", "wpscdn.cn", "wpscdn.com", "timedatectl", "user.config", "Office.conf", "app.wasm"}
	digitRun := func(s string) int {
		best, cur := 0, 0
		for _, r := range s {
			if r >= '0' && r <= '9' {
				cur++
				best = max(best, cur)
			} else if r != '-' && r != ' ' {
				cur = 0
			}
		}
		return best
	}
	for s, where := range productTexts(t) {
		assert.Less(t, digitRun(s), 7, "%s has something like a phone number: %q", where, s)
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r > 0x2000 || r == '(' || r == ')' || r == ',' }) {
			if !strings.Contains(f, ".cn") && !strings.Contains(f, ".com") {
				continue
			}
			ok := false
			for _, a := range allowed {
				ok = ok || strings.Contains(f, a)
			}
			assert.True(t, ok, "%s links to an unofficial site %q", where, f)
		}
	}
	for _, os := range AllOS() {
		s := Guide(FindingAccountLocked).StepsFor(os)
		var text string
		for _, x := range s {
			text += x.ZH
		}
		assert.Contains(t, text, "举例", os)
		assert.Contains(t, text, "不要相信", os)
	}
}

// TestPasswordAdviceFollowsNIST keeps the article's fact (change the
// password regularly) and frames it as current guidance does.
func TestPasswordAdviceFollowsNIST(t *testing.T) {
	for _, tip := range []Tip{Tips().Advanced[2], Tips().Prevention[3]} {
		var zh, en string
		for _, p := range tip.Points {
			zh, en = zh+p.ZH, en+p.EN
		}
		assert.Contains(t, zh, "定期", tip.ID+": the article's fact")
		assert.Contains(t, zh, "NIST SP 800-63B", tip.ID)
		assert.Contains(t, en, "NIST SP 800-63B", tip.ID)
		assert.NotContains(t, tip.Title.ZH, "定期更换", tip.ID+": the title is not the dated advice")
	}
}
