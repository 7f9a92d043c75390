package reports_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"wpscheck/server/reports"
)

// TestNewDeliveryID: ids have the documented form, differ, and sort in the
// order of their times (so the outbox's id index grows at its end).
func TestNewDeliveryID(t *testing.T) {
	form := regexp.MustCompile(`^D-[0-9A-HJKMNP-TV-Z]{26}$`)
	t0 := time.Date(2026, 6, 1, 8, 30, 12, 345e6, time.UTC)
	prev := ""
	seen := map[string]bool{}
	for i := range 1000 {
		id := reports.NewDeliveryID(t0.Add(time.Duration(i) * time.Millisecond))
		assert.Regexp(t, form, id)
		assert.False(t, seen[id])
		seen[id] = true
		assert.Greater(t, id, prev, "later ids sort later")
		prev = id
	}
	a, b := reports.NewDeliveryID(t0), reports.NewDeliveryID(t0)
	assert.NotEqual(t, a, b, "80 random bits apart within one millisecond")
	assert.Equal(t, a[:12], b[:12], "the same time prefix")
}
