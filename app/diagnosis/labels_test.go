package diagnosis

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"wpscheck/app/i18n"
)

func TestLabels(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, s := range AllSymptoms() {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, s := range []Severity{SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo} {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, s := range []ProbeStatus{StatusPending, StatusOK, StatusSlow, StatusFail, StatusTimeout} {
			assert.NotEmpty(t, s.Label(l))
		}
		for _, v := range []ClockVerdict{ClockOK, ClockWarn, ClockFail, ClockUnknown} {
			assert.NotEmpty(t, v.Label(l))
		}
		for _, s := range []ClockSource{ClockSourceNone, ClockSourceTimeAPI, ClockSourceDateHeader} {
			assert.NotEmpty(t, s.Label(l))
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
	assert.Equal(t, "未知系统", OS("beos").Label(i18n.ZH))
	assert.Equal(t, "Unknown browser", Browser("lynx").Label(i18n.EN))
	assert.Equal(t, "鸿蒙 HarmonyOS 5.0 · 微信内置浏览器", DetectPlatform(Environment{UserAgent: uaWeChatHarmonyNext}).Describe(i18n.ZH))
	assert.Equal(t, "Windows 10 · Chrome 120", DetectPlatform(Environment{UserAgent: uaChromeWin}).Describe(i18n.EN))
	assert.Equal(t, "Unknown system · Unknown browser", DetectPlatform(Environment{}).Describe(i18n.EN))
	assert.Equal(t, "en", i18n.Text{ZH: "中", EN: "en"}.In(i18n.EN))
	assert.Equal(t, "中", i18n.Text{ZH: "中", EN: "en"}.In("fr"))
	assert.True(t, i18n.ZH.Valid() && i18n.EN.Valid() && !i18n.Lang("fr").Valid())
	assert.Equal(t, Yes, TriOf(true))
	assert.Equal(t, No, TriOf(false))
}
