package kb

import (
	"strings"
	"testing"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/i18n/i18ntest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGuideEveryFinding(t *testing.T) {
	require.Len(t, kb(), len(diagnosis.AllFindingIDs()), "one entry per finding id, no extras")
	for _, id := range diagnosis.AllFindingIDs() {
		e := Guide(id)
		require.Equal(t, id, e.ID)
		i18ntest.CheckText(t, string(id)+" title", e.Title)
		i18ntest.CheckText(t, string(id)+" why", e.Why)
		require.NotEmpty(t, e.Steps[diagnosis.OSDefault], "%s has no default steps", id)
		for _, os := range append(diagnosis.AllOS(), diagnosis.OSUnknown, diagnosis.OSDefault) {
			steps := e.StepsFor(os)
			require.NotEmpty(t, steps, "%s has no steps for %s", id, os)
			for i, s := range steps {
				i18ntest.CheckText(t, string(id)+"/"+string(os)+"/step", s)
				for j := 0; j < i; j++ {
					assert.NotEqual(t, steps[j], s, "%s/%s repeats a step", id, os)
				}
			}
		}
		for _, r := range e.SeedFix {
			i18ntest.CheckText(t, string(id)+" seed "+r.ID, r.Name)
		}
		if id != diagnosis.FindingCheckerUnreachable && id != diagnosis.FindingChecksIncomplete {
			assert.NotEmpty(t, e.SeedFix, "%s points to no part of the article", id)
		}
	}
	unknown := Guide("made_up")
	assert.Equal(t, diagnosis.FindingID("made_up"), unknown.ID)
	assert.Equal(t, "made_up", unknown.Title.EN)
	assert.NotEmpty(t, unknown.StepsFor(diagnosis.OSWindows))
}

// TestPlatformSteps checks that entries whose fix differs per platform give
// every platform its own steps, with the facts the article names.
func TestPlatformSteps(t *testing.T) {
	perPlatform := []diagnosis.FindingID{diagnosis.FindingClockSkew, diagnosis.FindingTimezoneWrong, diagnosis.FindingLoginHangs, diagnosis.FindingClientProblem, diagnosis.FindingWPSBlocked, diagnosis.FindingLoginUnreachable, diagnosis.FindingInAppBrowser, diagnosis.FindingBrowserOutdated, diagnosis.FindingNoIssueFound, diagnosis.FindingNetworkRestricted}
	for _, id := range perPlatform {
		e := Guide(id)
		seen := map[string]diagnosis.OS{}
		for _, os := range diagnosis.AllOS() {
			if id == diagnosis.FindingInAppBrowser && (os == diagnosis.OSLinux || os == diagnosis.OSChromeOS) {
				continue // no WeChat/DingTalk-style in-app browsers there
			}
			s, ok := e.Steps[os]
			require.True(t, ok, "%s lacks its own steps for %s", id, os)
			key := s[0].ZH + s[len(s)-1].ZH
			for _, x := range s {
				key += x.EN
			}
			if prev, dup := seen[key]; dup && !(os == diagnosis.OSIPadOS && prev == diagnosis.OSIOS) {
				t.Errorf("%s: %s and %s have identical steps", id, prev, os)
			}
			seen[key] = os
		}
	}
	all := func(id diagnosis.FindingID, os diagnosis.OS) string {
		var b strings.Builder
		for _, s := range Guide(id).StepsFor(os) {
			b.WriteString(s.ZH + "\n" + s.EN + "\n")
		}
		return b.String()
	}
	facts := []struct {
		id   diagnosis.FindingID
		os   diagnosis.OS
		want []string
	}{
		{diagnosis.FindingClockSkew, diagnosis.OSWindows, []string{"自动设置时间", "立即同步", "Sync now"}},
		{diagnosis.FindingClockSkew, diagnosis.OSMacOS, []string{"日期与时间", "Set time and date automatically"}},
		{diagnosis.FindingClockSkew, diagnosis.OSLinux, []string{"timedatectl set-ntp true"}},
		{diagnosis.FindingClockSkew, diagnosis.OSAndroid, []string{"自动确定日期和时间"}},
		{diagnosis.FindingClockSkew, diagnosis.OSIOS, []string{"「设置」→「通用」→「日期与时间」", "Set Automatically"}},
		{diagnosis.FindingClockSkew, diagnosis.OSIPadOS, []string{"iPad"}},
		{diagnosis.FindingClockSkew, diagnosis.OSHarmonyOS, []string{"系统和更新", "中国标准时间"}},
		{diagnosis.FindingTimezoneWrong, diagnosis.OSWindows, []string{"时区", "先不要手动拨钟点"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSWindows, []string{`%appdata%\Kingsoft\WPS Office\`, "user.config.bak", `office6\backup`, "备份中心",
			"「配置工具」", "Configuration tool", "例如", "for example", "「帮助」→「检查更新」"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSMacOS, []string{"~/Library/Containers/com.kingsoft.wpsoffice.mac", "com.kingsoft.wpsoffice.mac.global",
			"~/Library/Preferences/com.kingsoft.wpsoffice.plist", "不存在", "If neither place exists", "改名", "Help → Check for updates"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSLinux, []string{"~/.config/Kingsoft/", "例如", "for example"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSAndroid, []string{"清除缓存", "应用商店", "联网控制"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSIOS, []string{"App Store", "删除 App", "Delete App", "不要用「卸载 App」", "Offload", "只存在这台设备上的文件",
			"「设置」→ 往下找到「WPS Office」→「无线数据」", "Wireless Data"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSIPadOS, []string{"iPad", "删除 App", "无线数据"}},
		{diagnosis.FindingLoginHangs, diagnosis.OSHarmonyOS, []string{"应用市场", "AppGallery", "应用联网"}},
		{diagnosis.FindingClientProblem, diagnosis.OSWindows, []string{"卸载", "选保留", "Windows 更新", "官方渠道", "www.wps.com"}},
		{diagnosis.FindingClientProblem, diagnosis.OSMacOS, []string{"废纸篓", "沙盒", "Mac App Store"}},
		{diagnosis.FindingWPSBlocked, diagnosis.OSWindows, []string{"代理", "VPN", "杀毒", "信任名单", "公共 Wi-Fi", "立刻重新打开", "turn it back on right after",
			"管理员", "*.wps.com", "account.wps.com", "account.wps.cn"}},
		{diagnosis.FindingWPSBlocked, diagnosis.OSMacOS, []string{"允许列表", "公共 Wi-Fi", "turn it back on right after"}},
		{diagnosis.FindingWPSBlocked, diagnosis.OSIOS, []string{"配置代理"}},
		{diagnosis.FindingOffline, diagnosis.OSWindows, []string{"网络重置", "VPN 客户端和虚拟网卡", "last resort"}},
		{diagnosis.FindingOffline, diagnosis.OSIOS, []string{"无线数据", "控制中心"}},
		{diagnosis.FindingOffline, diagnosis.OSAndroid, []string{"联网控制"}},
		{diagnosis.FindingNetworkRestricted, diagnosis.OSWindows, []string{"打开浏览器并连接", "*.wps.com", "手机数据"}},
		{diagnosis.FindingNetworkRestricted, diagnosis.OSIOS, []string{"「设置」→「无线局域网」", "Safari"}},
		{diagnosis.FindingNetworkRestricted, diagnosis.OSAndroid, []string{"登录 WLAN 网络"}},
		{diagnosis.FindingClockSkew, diagnosis.OSChromeOS, []string{"「设置」→「系统偏好设置」→「日期和时间」", "System preferences"}},
		{diagnosis.FindingCookiesDisabled, diagnosis.OSIOS, []string{"「设置」→「App」→「Safari 浏览器」", "Settings → Apps → Safari"}},
		{diagnosis.FindingCookiesDisabled, diagnosis.OSIPadOS, []string{"「设置」→「App」→「Safari 浏览器」"}},
		{diagnosis.FindingInAppBrowser, diagnosis.OSAndroid, []string{"···", "在浏览器打开"}},
		{diagnosis.FindingInAppBrowser, diagnosis.OSIOS, []string{"在 Safari 中打开"}},
		{diagnosis.FindingInAppBrowser, diagnosis.OSHarmonyOS, []string{"在浏览器打开"}},
		{diagnosis.FindingAccountLocked, diagnosis.OSDefault, []string{"官方客服", "证明账号是你的", "不要相信"}},
		{diagnosis.FindingAccountLocked, diagnosis.OSAndroid, []string{"「我」→「帮助与反馈」", "举例"}},
		{diagnosis.FindingAccountLocked, diagnosis.OSWindows, []string{"「在线客服」", "举例"}},
		{diagnosis.FindingPasswordRejected, diagnosis.OSDefault, []string{"大小写", "旧密码", "忘记密码", "微信、QQ、钉钉或 Apple", "wps.com", "may never have had a password"}},
		{diagnosis.FindingForgotPassword, diagnosis.OSDefault, []string{"忘记密码", "手机号或邮箱", "其他设备", "不需要密码"}},
		{diagnosis.FindingCloudDocs, diagnosis.OSDefault, []string{"www.kdocs.cn", "手机 App", "不见了"}},
		{diagnosis.FindingCodeNotReceived, diagnosis.OSAndroid, []string{"60 秒", "区号", "手机管家", "骚扰拦截", "垃圾邮件", "语音验证码"}},
		{diagnosis.FindingCodeNotReceived, diagnosis.OSHarmonyOS, []string{"手机管家", "骚扰拦截"}},
		{diagnosis.FindingCodeNotReceived, diagnosis.OSIOS, []string{"「过滤」", "未知发件人", "垃圾信息"}},
		{diagnosis.FindingCodeNotReceived, diagnosis.OSIPadOS, []string{"iPad 一般收不到短信"}},
		{diagnosis.FindingCodeNotReceived, diagnosis.OSWindows, []string{"手机管家", "垃圾邮件", "「在线客服」"}},
		{diagnosis.FindingWrongAccount, diagnosis.OSAndroid, []string{"账号 ID", "「账号与安全」", "account.wps.com", "合并"}},
		{diagnosis.FindingWrongAccount, diagnosis.OSWindows, []string{"账号 ID", "「个人中心」"}},
		{diagnosis.FindingOrgAccount, diagnosis.OSDefault, []string{"IT", "SSO", "不是 WPS 客服", "检测链接"}},
		{diagnosis.FindingSecurityCheck, diagnosis.OSDefault, []string{"滑块", "内置浏览器", "拦截插件", "新设备"}},
		{diagnosis.FindingSignedOutElsewhere, diagnosis.OSDefault, []string{"忘记密码", "不认识的设备", "双重验证"}},
	}
	// Phones get one reinstall step (from the cache steps), not the desktop
	// or default one as well.
	for _, os := range []diagnosis.OS{diagnosis.OSAndroid, diagnosis.OSIOS, diagnosis.OSHarmonyOS} {
		assert.Equal(t, 1, strings.Count(all(diagnosis.FindingClientProblem, os), "重新安装"), os)
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
		i18ntest.CheckText(t, tip.ID, tip.Title)
		require.NotEmpty(t, tip.Points, tip.ID)
		for _, p := range tip.Points {
			i18ntest.CheckText(t, tip.ID+" point", p)
		}
		require.NotEmpty(t, tip.Related, tip.ID)
		for _, id := range tip.Related {
			assert.True(t, id.Valid(), "%s relates to unknown %s", tip.ID, id)
		}
	}
	// Every cause, basic check, fix and FAQ entry is reachable from a finding.
	referenced := map[string]bool{}
	for _, id := range diagnosis.AllFindingIDs() {
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
	i18ntest.CheckText(t, "intro", Intro())
	assert.Panics(t, func() { ref("no_such_tip") })
}

// TestPickerShowsEverySymptom: the picker's order holds every symptom once,
// with the catch-all last.
func TestPickerShowsEverySymptom(t *testing.T) {
	picker := diagnosis.PickerSymptoms()
	assert.ElementsMatch(t, diagnosis.AllSymptoms(), picker)
	assert.Equal(t, diagnosis.SymptomOther, picker[len(picker)-1])
}

// TestStepsNameTheRunAgainButton: a step that tells people to run the checks
// again names the page's button with its exact label (it once said 「重新检测」
// beside a button labelled 「重新检查」).
func TestStepsNameTheRunAgainButton(t *testing.T) {
	named := 0
	for _, id := range diagnosis.AllFindingIDs() {
		for _, os := range append(diagnosis.AllOS(), diagnosis.OSUnknown, diagnosis.OSDefault) {
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
func allSteps() map[string][]i18n.Text {
	out := map[string][]i18n.Text{}
	for _, id := range diagnosis.AllFindingIDs() {
		for _, app := range append(diagnosis.AllInApps(), diagnosis.InAppNone) {
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
	ios := Guide(diagnosis.FindingLoginHangs).StepsFor(diagnosis.OSIOS)
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
	browserOf := map[diagnosis.OS]string{diagnosis.OSIOS: "Safari", diagnosis.OSIPadOS: "Safari", diagnosis.OSAndroid: "手机自带的浏览器", diagnosis.OSHarmonyOS: "华为浏览器", diagnosis.OSWindows: "Edge", diagnosis.OSMacOS: "Safari", diagnosis.OSLinux: "浏览器", diagnosis.OSChromeOS: "浏览器", diagnosis.OSDefault: "浏览器"}
	for _, app := range diagnosis.AllInApps() {
		e := GuideFor(diagnosis.FindingInAppBrowser, app)
		assert.Equal(t, Guide(diagnosis.FindingInAppBrowser).Title, e.Title)
		for _, os := range append(diagnosis.AllOS(), diagnosis.OSDefault, diagnosis.OSUnknown) {
			steps := e.StepsFor(os)
			require.Len(t, steps, 3, "%s/%s", app, os)
			for _, s := range steps {
				i18ntest.CheckText(t, string(app)+"/"+string(os), s)
			}
			if app != diagnosis.InAppOther {
				assert.Contains(t, steps[0].ZH, "「"+app.Label(i18n.ZH)+"」", "%s/%s names the app", app, os)
				assert.Contains(t, steps[0].EN, app.Label(i18n.EN), "%s/%s names the app", app, os)
			}
			assert.Contains(t, steps[1].ZH+steps[2].ZH, browserOf[os], "%s/%s names the browser", app, os)
			assert.Contains(t, steps[1].ZH, "复制", "%s/%s offers copying the link", app, os)
		}
		assert.Contains(t, e.StepsFor(diagnosis.OSIOS)[0].ZH, "在 Safari 中打开")
		assert.Contains(t, e.StepsFor(diagnosis.OSWindows)[0].ZH+e.StepsFor(diagnosis.OSWindows)[1].ZH, "浏览器")
	}
	assert.Equal(t, Guide(diagnosis.FindingInAppBrowser), GuideFor(diagnosis.FindingInAppBrowser, diagnosis.InAppNone))
	assert.Equal(t, Guide(diagnosis.FindingClockSkew), GuideFor(diagnosis.FindingClockSkew, diagnosis.InAppWeChat))

	// What the in-app browser means for the check and for signing in.

	why := Guide(diagnosis.FindingInAppBrowser).Why
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
	assert.Contains(t, Guide(diagnosis.FindingWPSServiceIssue).StepsFor(diagnosis.OSDefault)[3].ZH, SupportCodeName.ZH)
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
	for _, os := range diagnosis.AllOS() {
		s := Guide(diagnosis.FindingAccountLocked).StepsFor(os)
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

// TestHeadlineTitles: only the title of wps_blocked says the internet works
// (the rules put it on top only when a reference site answered); the
// intranet-only finding says the network lets only a few sites through.
func TestHeadlineTitles(t *testing.T) {
	assert.Contains(t, Guide(diagnosis.FindingWPSBlocked).Title.ZH, "网络能用")
	assert.Contains(t, Guide(diagnosis.FindingWPSBlocked).Title.EN, "internet works")
	for _, id := range diagnosis.AllFindingIDs() {
		if id == diagnosis.FindingWPSBlocked {
			continue
		}
		assert.NotContains(t, Guide(id).Title.ZH, "网络能用", id)
		assert.NotContains(t, Guide(id).Title.EN, "internet works", id)
	}
	assert.Contains(t, Guide(diagnosis.FindingNetworkRestricted).Title.ZH, "只放行少数网站")
	// Its first steps are about the portal and the intranet, on every system.
	e := Guide(diagnosis.FindingNetworkRestricted)
	for _, os := range append(diagnosis.AllOS(), diagnosis.OSDefault) {
		first := e.StepsFor(os)[0]
		assert.True(t, strings.Contains(first.ZH, "公共 Wi-Fi") || strings.Contains(first.ZH, "公共 WLAN"), "%s: %s", os, first.ZH)
	}
}
