package diagnosis

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOffsetPhrase(t *testing.T) {
	for _, c := range []struct {
		est    ClockEstimate
		zh, en string
	}{
		{ClockEstimate{}, "", ""},
		{ClockEstimate{Known: true, OffsetMS: -(7*60_000 + 12_000), UncertaintyMS: 20}, "快了 7 分 12 秒 ± 0.02 秒", "7 min 12 s fast ± 0.02 s"},
		{ClockEstimate{Known: true, OffsetMS: 8 * 3600_000, UncertaintyMS: 3}, "慢了 8 小时 ± 0.01 秒", "8 h slow ± 0.01 s"},
		{ClockEstimate{Known: true, OffsetMS: -(26*3600_000 + 5*60_000), UncertaintyMS: 500}, "快了 1 天 2 小时 ± 0.50 秒", "1 d 2 h fast ± 0.50 s"},
		{ClockEstimate{Known: true, OffsetMS: 12_345, UncertaintyMS: 1234}, "慢了 12.3 秒 ± 1.23 秒", "12.3 s slow ± 1.23 s"},
		{ClockEstimate{Known: true, OffsetMS: 40, UncertaintyMS: 60}, "与服务器一致（误差在 ± 0.06 秒以内）", "matches the server (within ± 0.06 s)"},
	} {
		got := OffsetPhrase(c.est)
		assert.Equal(t, c.zh, got.ZH)
		assert.Equal(t, c.en, got.EN)
	}
}

func TestParseVantage(t *testing.T) {
	v := ParseVantage([]byte(`{"known":true,"age_seconds":30,"endpoints":{"login_cn":{"status":"fail","latency_ms":3},"web_wps":"ok","bad id!":"ok","api":{"status":"weird"}}}`))
	assert.True(t, v.Known)
	assert.Equal(t, map[string]ProbeStatus{"login_cn": StatusFail, "web_wps": StatusOK}, v.Endpoints)
	for _, bad := range []string{``, `nope`, `{"known":false}`, `{"known":true,"age_seconds":99999,"endpoints":{"api":"ok"}}`, `{"known":true,"endpoints":{}}`} {
		assert.False(t, ParseVantage([]byte(bad)).Known, bad)
	}
}

func TestParseConfig(t *testing.T) {
	c := ParseConfig([]byte(`{"upload_enabled":true,"thresholds":{"slow_ms":1000},"catalog":[{"id":"x","url":"http://insecure","role":"login"}],"banner":{"text":{"zh":"维护中","en":"Maintenance"},"level":"loud","expires_unix_ms":10}}`))
	assert.True(t, c.UploadEnabled)
	assert.Nil(t, c.Catalog, "an invalid catalog is dropped")
	assert.Equal(t, int64(1000), c.Thresholds.SlowMS)
	assert.Equal(t, "info", c.Banner.Level)
	assert.True(t, c.Banner.Active(5))
	assert.False(t, c.Banner.Active(10))
	assert.Equal(t, PageConfig{}, ParseConfig([]byte(`[`)))
	var none *Banner
	assert.False(t, none.Active(0))
}
