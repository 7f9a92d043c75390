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
		FindingWPSBlocked, FindingLoginUnreachable, FindingInAppBrowser, FindingBrowserOutdated, FindingNoIssueFound}
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
		{FindingLoginHangs, OSWindows, []string{`%appdata%\Kingsoft\WPS Office\`, "user.config", "「帮助」→「检查更新」"}},
		{FindingLoginHangs, OSMacOS, []string{"~/Library/Preferences/com.kingsoft.wpsoffice.plist", "Help → Check for updates"}},
		{FindingLoginHangs, OSLinux, []string{"~/.config/Kingsoft/", "例如", "for example"}},
		{FindingLoginHangs, OSAndroid, []string{"清除缓存", "应用商店"}},
		{FindingLoginHangs, OSIOS, []string{"App Store", "Offload App"}},
		{FindingLoginHangs, OSHarmonyOS, []string{"应用市场", "AppGallery"}},
		{FindingClientProblem, OSWindows, []string{"卸载", "Windows 更新", "官方渠道"}},
		{FindingWPSBlocked, OSWindows, []string{"代理", "VPN", "杀毒", "管理员", "account.wps.cn"}},
		{FindingWPSBlocked, OSIOS, []string{"配置代理"}},
		{FindingInAppBrowser, OSAndroid, []string{"···", "在浏览器打开"}},
		{FindingInAppBrowser, OSIOS, []string{"在 Safari 中打开"}},
		{FindingInAppBrowser, OSHarmonyOS, []string{"在浏览器打开"}},
		{FindingAccountLocked, OSDefault, []string{"客服", "身份验证"}},
		{FindingPasswordRejected, OSDefault, []string{"大小写", "旧密码", "忘记密码"}},
		{FindingForgotPassword, OSDefault, []string{"忘记密码", "手机号或邮箱", "其他设备"}},
		{FindingCloudDocs, OSDefault, []string{"www.kdocs.cn", "手机 App"}},
	}
	// Phones get one reinstall step (from the cache steps), not the desktop
	// or default one as well.
	for _, os := range []OS{OSAndroid, OSIOS, OSHarmonyOS} {
		assert.NotContains(t, all(FindingClientProblem, os), "清掉残留文件", os)
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
	assert.Len(t, s.All(), 32)
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
	for _, group := range [][]Tip{s.Causes, s.BasicChecks, s.Fixes, s.FAQ} {
		for _, tip := range group {
			assert.True(t, referenced[tip.ID], "no finding points to %s", tip.ID)
		}
	}
	checkText(t, "intro", Intro())
	assert.Panics(t, func() { ref("no_such_tip") })
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
