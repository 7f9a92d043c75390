package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
)

// TestClockTextRespectsTheServerClock: the clock row never calls a clock
// wrong against a server that doubts its own, in either language.
func TestClockTextRespectsTheServerClock(t *testing.T) {
	est := diagnosis.ClockEstimate{Known: true, OffsetMS: 180_000, UncertaintyMS: 20, Source: diagnosis.ClockSourceTimeAPI,
		Reference: diagnosis.ServerClock{State: diagnosis.ServerClockSuspect, OffsetMS: -180_100, BoundMS: 600, Sources: 8}}
	en, v := clockText(i18n.EN, est, diagnosis.DefaultThresholds())
	assert.Equal(t, diagnosis.ClockUnknown, v)
	assert.Equal(t, "unknown", clockStatus(v))
	assert.Contains(t, en, "cannot be judged right now")
	assert.Contains(t, en, "your clock is right")
	zh, _ := clockText(i18n.ZH, est, diagnosis.DefaultThresholds())
	assert.Contains(t, zh, "暂时无法判断")
	assert.NotContains(t, zh, "慢了")

	est.Reference.State = diagnosis.ServerClockSynced
	en, v = clockText(i18n.EN, est, diagnosis.DefaultThresholds())
	assert.Equal(t, diagnosis.ClockFail, v, "against a synced server the offset is judged")
	assert.Equal(t, "3 min slow ± 20 ms", en)
}
