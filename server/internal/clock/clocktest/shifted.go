package clocktest

import (
	"time"

	"wpscheck/server/internal/clock"
)

// Shifted returns the real clock moved by d: Now is time.Now()+d and timers
// are real. Tests use it to play a server whose clock is wrong by d, giving
// the same clock to everything that reads the server's time.
func Shifted(d time.Duration) clock.Clock { return shifted{clock.Real(), d} }

type shifted struct {
	clock.Clock
	d time.Duration
}

func (s shifted) Now() time.Time { return s.Clock.Now().Add(s.d) }
