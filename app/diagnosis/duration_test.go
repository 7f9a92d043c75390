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
		{ClockEstimate{Known: true, OffsetMS: -(7*60_000 + 12_000), UncertaintyMS: 20}, "快了 7 分 12 秒 ± 20 毫秒", "7 min 12 s fast ± 20 ms"},
		{ClockEstimate{Known: true, OffsetMS: 8 * 3600_000, UncertaintyMS: 3}, "慢了 8 小时 ± 3 毫秒", "8 h slow ± 3 ms"},
		{ClockEstimate{Known: true, OffsetMS: -(26*3600_000 + 5*60_000), UncertaintyMS: 500}, "快了 26 小时 5 分钟 ± 500 毫秒", "26 h 5 min fast ± 500 ms"},
		{ClockEstimate{Known: true, OffsetMS: 12_345, UncertaintyMS: 1234}, "慢了 12.3 秒 ± 1.2 秒", "12.3 s slow ± 1.2 s"},
		{ClockEstimate{Known: true, OffsetMS: 40, UncertaintyMS: 60}, "与服务器一致（误差在 ± 60 毫秒以内）", "matches the server (within ± 60 ms)"},
	} {
		got := OffsetPhrase(c.est)
		assert.Equal(t, c.zh, got.ZH)
		assert.Equal(t, c.en, got.EN)
	}
}
