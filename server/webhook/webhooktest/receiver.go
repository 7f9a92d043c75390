package webhooktest

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"wpscheck/app/wire"
)

// Arrival is one request the receiver got.
type Arrival struct {
	// Delivery, Timestamp and Signature are the X-Wpscheck-* headers.
	Delivery, Timestamp, Signature string
	// ContentType is the Content-Type header.
	ContentType string
	// Body is the request body.
	Body []byte
	// At is when it came, on the receiver's clock.
	At time.Time
	// Err is why Verify or decoding refused it (nil: accepted as genuine).
	Err error
	// Event is the decoded body (when Err is nil).
	Event wire.WebhookEvent
	// Status is the status the receiver answered (or meant to: the sender
	// of a held request may be gone).
	Status int
}

// Receiver is a webhook receiver on a loopback address.
type Receiver struct {
	secret []byte
	now    func() time.Time
	addr   string

	mu       sync.Mutex
	srv      *http.Server
	answer   func(n int) int // status for the n-th request (from 1)
	hold     chan struct{}   // non-nil: requests wait until it is closed
	arrivals []Arrival
	seen     map[string]bool
	events   []wire.WebhookEvent
	changed  chan struct{}
}

// NewReceiver starts a receiver that checks signatures with secret and
// timestamps against now (time.Now when nil), answering 204 to genuine
// deliveries and 400 to others. It is stopped when the test ends.
func NewReceiver(tb testing.TB, secret []byte, now func() time.Time) *Receiver {
	tb.Helper()
	if now == nil {
		now = time.Now
	}
	r := &Receiver{secret: secret, now: now, seen: map[string]bool{}, changed: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.serve(ln)
	tb.Cleanup(func() {
		r.Release()
		r.Down()
	})
	return r
}

// URL is where the receiver listens.
func (r *Receiver) URL() string { return "http://" + r.addr + "/hooks/wpscheck?channel=test" }

func (r *Receiver) serve(ln net.Listener) {
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	r.mu.Lock()
	r.srv = srv
	r.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// Down closes the receiver: connections to it are refused until Up.
func (r *Receiver) Down() {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Up listens again on the same address.
func (r *Receiver) Up(tb testing.TB) {
	tb.Helper()
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		tb.Fatal(err)
	}
	r.serve(ln)
}

// AnswerWith makes the receiver answer the n-th request (counting every
// request, from 1) with f(n) once it is verified; nil: 204.
func (r *Receiver) AnswerWith(f func(n int) int) {
	r.mu.Lock()
	r.answer = f
	r.mu.Unlock()
}

// Hold makes requests wait, after they are recorded, until Release.
func (r *Receiver) Hold() {
	r.mu.Lock()
	if r.hold == nil {
		r.hold = make(chan struct{})
	}
	r.mu.Unlock()
}

// Release lets held requests (and later ones) be answered.
func (r *Receiver) Release() {
	r.mu.Lock()
	if r.hold != nil {
		close(r.hold)
		r.hold = nil
	}
	r.mu.Unlock()
}

// ServeHTTP records and verifies one delivery.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	a := Arrival{
		Delivery: req.Header.Get("X-Wpscheck-Delivery"), Timestamp: req.Header.Get("X-Wpscheck-Timestamp"),
		Signature: req.Header.Get("X-Wpscheck-Signature"), ContentType: req.Header.Get("Content-Type"),
		Body: body, At: r.now(), Err: err,
	}
	if req.Method != http.MethodPost {
		a.Err = errors.New("not a POST")
	}
	if a.Err == nil {
		a.Err = Verify(r.secret, a.Timestamp, a.Signature, body, a.At)
	}
	if a.Err == nil {
		a.Err = json.Unmarshal(body, &a.Event)
	}
	if a.Err == nil && a.Event.ID != a.Delivery {
		a.Err = errors.New("the payload's id is not the X-Wpscheck-Delivery header")
	}
	r.mu.Lock()
	n := len(r.arrivals) + 1
	a.Status = http.StatusNoContent
	switch {
	case a.Err != nil:
		a.Status = http.StatusBadRequest
	case r.answer != nil:
		a.Status = r.answer(n)
	}
	r.arrivals = append(r.arrivals, a)
	// A receiver that deduplicates acts once per id, once it has accepted it.
	if a.Err == nil && a.Status >= 200 && a.Status <= 299 && !r.seen[a.Delivery] {
		r.seen[a.Delivery] = true
		r.events = append(r.events, a.Event)
	}
	hold := r.hold
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-req.Context().Done():
			return
		}
	}
	w.WriteHeader(a.Status)
}

// Arrivals returns every request so far, in order.
func (r *Receiver) Arrivals() []Arrival {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Arrival(nil), r.arrivals...)
}

// Events returns the genuine deliveries the receiver accepted (2xx), each
// id once, in order of first arrival.
func (r *Receiver) Events() []wire.WebhookEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]wire.WebhookEvent(nil), r.events...)
}

// WaitFor blocks until cond (called with every arrival so far) holds; it
// fails the test when that does not happen within limit, a guard against
// a hang, not a synchronisation delay.
func (r *Receiver) WaitFor(tb testing.TB, limit time.Duration, what string, cond func([]Arrival) bool) {
	tb.Helper()
	guard := time.NewTimer(limit)
	defer guard.Stop()
	for {
		r.mu.Lock()
		arrivals := append([]Arrival(nil), r.arrivals...)
		ch := r.changed
		r.mu.Unlock()
		if cond(arrivals) { // called unlocked: it may call Events or Arrivals
			return
		}
		n := len(arrivals)
		select {
		case <-ch:
		case <-guard.C:
			tb.Fatalf("webhooktest: %s did not happen within %v (%d requests came)", what, limit, n)
		}
	}
}
