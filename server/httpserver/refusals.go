package httpserver

import (
	"context"
	"log/slog"
	"net/netip"
	"sync"
	"time"
)

// refusalWindow is how long a refused agent request's log line stands for
// the refusals that follow it.
const refusalWindow = time.Minute

// maxRefusalClients bounds the addresses counted per window; more are
// counted together.
const maxRefusalClients = 1024

// refusalLog logs refused agent requests without letting a token guesser
// fill the log: the first refusal of a window is logged in full (path,
// client, whether a token was sent, never the token); the others of that
// window are counted and summed up in one line when it ends: at the next
// refusal after it or, when none comes, by a timer.
type refusalLog struct {
	log *slog.Logger
	now func() time.Time

	mu        sync.Mutex
	open      bool
	start     time.Time
	count     int // refusals after the first of the window
	throttled int // of which answered 429
	clients   map[netip.Prefix]int
	timer     *time.Timer
}

func newRefusalLog(log *slog.Logger, now func() time.Time) *refusalLog {
	return &refusalLog{log: log, now: now}
}

// note records one refused agent request.
func (l *refusalLog) note(ctx context.Context, path string, client netip.Addr, hadToken, throttled bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.open && now.Sub(l.start) >= refusalWindow {
		l.flushLocked(ctx)
	}
	if !l.open {
		l.open, l.start = true, now
		l.clients = map[netip.Prefix]int{}
		l.log.WarnContext(ctx, "agent request refused", "path", path, "client", client.String(),
			"had_token", hadToken, "throttled", throttled)
		l.timer = time.AfterFunc(refusalWindow, l.flush)
		return
	}
	l.count++
	if throttled {
		l.throttled++
	}
	key := clientKey(client)
	if _, ok := l.clients[key]; ok || len(l.clients) < maxRefusalClients {
		l.clients[key]++
	}
}

// flush ends the window (the timer's call).
func (l *refusalLog) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flushLocked(context.Background())
}

func (l *refusalLog) flushLocked(ctx context.Context) {
	if !l.open {
		return
	}
	if l.count > 0 {
		var top netip.Prefix
		for k, n := range l.clients {
			if n > l.clients[top] || (n == l.clients[top] && k.Addr().Less(top.Addr())) {
				top = k
			}
		}
		topClient := top.Addr().String()
		if top.Addr().Is6() {
			topClient = top.String()
		}
		l.log.WarnContext(ctx, "agent requests refused", "count", l.count, "throttled", l.throttled,
			"clients", len(l.clients), "top_client", topClient, "top_count", l.clients[top],
			"since", l.start.UTC().Format(time.RFC3339))
	}
	if l.timer != nil {
		l.timer.Stop()
	}
	l.open, l.count, l.throttled, l.clients, l.timer = false, 0, 0, nil, nil
}
