package httpserver

import (
	"math"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// rateLimiter keeps one token bucket per client: per IPv4 address, and per
// /64 for IPv6 (one subscriber usually holds a whole /64). Buckets idle long
// enough to have refilled are dropped, so memory follows the active clients.
type rateLimiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time
	idle  time.Duration // a bucket untouched this long is full again

	mu        sync.Mutex
	buckets   map[netip.Prefix]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newRateLimiter(perSecond float64, burst int, now func() time.Time) *rateLimiter {
	idle := time.Minute
	if perSecond > 0 {
		idle = max(idle, time.Duration(float64(burst)/perSecond*float64(time.Second)))
	}
	return &rateLimiter{rate: rate.Limit(perSecond), burst: burst, now: now, idle: idle,
		buckets: map[netip.Prefix]*bucket{}}
}

func clientKey(a netip.Addr) netip.Prefix {
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits) // an invalid address yields the zero prefix: one shared bucket
	return p
}

// allow takes a token for addr; when none is left it returns false and how
// long until one is.
func (l *rateLimiter) allow(addr netip.Addr) (bool, time.Duration) {
	now := l.now()
	key := clientKey(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) >= l.idle {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	if b.lim.AllowN(now, 1) {
		return true, 0
	}
	r := b.lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	r.CancelAt(now)
	if !r.OK() || wait == rate.InfDuration {
		wait = time.Hour
	}
	return false, wait
}

// wait returns how long until addr's bucket holds a token again (0 when it
// holds one now), without taking one.
func (l *rateLimiter) wait(addr netip.Addr) time.Duration {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[clientKey(addr)]
	if b == nil {
		return 0
	}
	tokens := b.lim.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	if l.rate <= 0 {
		return time.Hour
	}
	return time.Duration((1 - tokens) / float64(l.rate) * float64(time.Second))
}

// size returns the number of buckets held (for tests).
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// retryAfterSeconds rounds a wait up to whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
