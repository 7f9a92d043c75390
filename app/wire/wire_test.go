package wire

import (
	"testing"

	"wpscheck/app/diagnosis"

	"github.com/stretchr/testify/assert"
)

func TestParseStatus(t *testing.T) {
	v := ParseStatus([]byte(`{"known":true,"age_seconds":30,"endpoints":{"login_cn":{"status":"fail","latency_ms":3},"web_wps":"ok","bad id!":"ok","api":{"status":"weird"}}}`))
	assert.True(t, v.Known)
	assert.Equal(t, map[string]diagnosis.ProbeStatus{"login_cn": diagnosis.StatusFail, "web_wps": diagnosis.StatusOK}, v.Endpoints)
	for _, bad := range []string{``, `nope`, `{"known":false}`, `{"known":true,"age_seconds":99999,"endpoints":{"api":"ok"}}`, `{"known":true,"endpoints":{}}`} {
		assert.False(t, ParseStatus([]byte(bad)).Known, bad)
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
	assert.Equal(t, Config{}, ParseConfig([]byte(`[`)))
	var none *Banner
	assert.False(t, none.Active(0))
}
