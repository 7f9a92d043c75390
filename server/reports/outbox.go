package reports

import (
	"context"
	"crypto/rand"
	"time"
)

// DeliveryState is where a webhook delivery stands.
type DeliveryState string

// The states of a delivery. A delivery starts pending; an attempt answered
// with 2xx makes it delivered; failed attempts keep it pending, due again
// after a backoff, until its retry window has passed: then it is dead. An
// agent may put a delivered or dead one back (RetryDelivery).
const (
	DeliveryPending   DeliveryState = "pending"
	DeliveryDelivered DeliveryState = "delivered"
	DeliveryDead      DeliveryState = "dead"
)

// Valid reports whether s is one of the three states.
func (s DeliveryState) Valid() bool {
	return s == DeliveryPending || s == DeliveryDelivered || s == DeliveryDead
}

// Delivery is one webhook message in the outbox: the body to send (signed
// anew at every attempt) and how its attempts went. A Record's Delivery is
// written by Store.Put in the same transaction as the report, so a report
// acknowledged to its uploader always has its delivery queued.
type Delivery struct {
	// ID identifies the delivery to the receiver (X-Wpscheck-Delivery, the
	// payload's "id"); it stays the same across attempts, so a receiver
	// that deduplicates by it acts once. See NewDeliveryID.
	ID string
	// ReportID is the report the delivery announces.
	ReportID string
	// Event is the event name, e.g. "report.created".
	Event string
	// CreatedAt is when the report was accepted (the delivery's queue time).
	CreatedAt time.Time
	// Payload is the exact JSON body sent.
	Payload []byte

	// The fields below are kept by the store; Put ignores them.

	// State is pending, delivered or dead.
	State DeliveryState
	// Attempts counts the attempts claimed so far; each claim increments it,
	// and it fences the claim's outcome (see Outcome.Attempt).
	Attempts int
	// NextAt is when a pending delivery is due: after a backoff, or, while
	// an attempt is in flight, when that attempt's lease ends.
	NextAt time.Time
	// WindowStart starts the retry window (CreatedAt, or the time an agent
	// last retried it).
	WindowStart time.Time
	// LastAttemptAt is when the last attempt was claimed (zero before any).
	LastAttemptAt time.Time
	// LastStatus is the HTTP status of the last answer (0: no answer).
	LastStatus int
	// LastError says why the last attempt failed ("" when it did not).
	LastError string
	// DeliveredAt is when a 2xx answer came (zero unless delivered).
	DeliveredAt time.Time
}

// Outcome is what one claimed attempt came to, for FinishDeliveries.
type Outcome struct {
	// ID is the delivery's id.
	ID string
	// Attempt is the delivery's Attempts as ClaimDeliveries returned it: an
	// outcome whose attempt was claimed again since (its lease ran out and
	// another worker took it) is ignored, so a late answer never overwrites
	// a newer one.
	Attempt int
	// State is the new state: delivered, pending (try again at NextAt) or dead.
	State DeliveryState
	// At is when the attempt ended.
	At time.Time
	// NextAt is when a pending delivery is due again.
	NextAt time.Time
	// Status is the HTTP status answered (0: none).
	Status int
	// Error says why the attempt failed ("" for a delivered one).
	Error string
}

// DeliveryFilter selects deliveries for Store.Deliveries.
type DeliveryFilter struct {
	// State, when set, keeps deliveries in that state.
	State DeliveryState
	// ReportID, when set, keeps the deliveries of that report, while the store
	// holds the report (a purge may leave a delivery that is still pending;
	// it is listed, and sent, without the filter).
	ReportID string
	// Limit bounds the answer (nothing when zero or less).
	Limit int
}

// OutboxStats is a summary of the pending deliveries.
type OutboxStats struct {
	// Pending is how many deliveries are pending.
	Pending int
	// OldestCreatedAt is the CreatedAt of the oldest pending delivery (zero
	// when none is pending): its age is the queue's age.
	OldestCreatedAt time.Time
	// NextDueAt is the earliest NextAt of a pending delivery (zero when none).
	NextDueAt time.Time
}

// Outbox is the webhook outbox every Store keeps beside its reports. Put
// queues a Record's Delivery in the report's own transaction; workers, on
// one server or several sharing the store, claim due deliveries, send them
// and record the outcome.
type Outbox interface {
	// ClaimDeliveries takes up to limit pending deliveries due at now
	// (NextAt ≤ now), oldest due first, and holds each for lease: its
	// Attempts grows by one, LastAttemptAt becomes now and NextAt now+lease,
	// so no other claim takes it until the lease ends (a worker that died
	// mid-send holds it no longer). Concurrent claims, from one process or
	// many, never return the same delivery while its lease holds. The
	// returned deliveries carry their new Attempts.
	ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// FinishDeliveries records the outcomes of claimed attempts, all at
	// once; an outcome whose delivery was claimed again since is ignored.
	FinishDeliveries(ctx context.Context, outcomes []Outcome) error
	// Deliveries returns the deliveries that match f, newest first.
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error)
	// RetryDelivery puts a delivered or dead delivery back in the queue, due
	// at now with a retry window starting at now, and returns it; a pending
	// one is returned unchanged. ErrNotFound when no delivery has the id.
	RetryDelivery(ctx context.Context, id string, now time.Time) (Delivery, error)
	// OutboxStats summarises the pending deliveries.
	OutboxStats(ctx context.Context) (OutboxStats, error)
}

// DeliveryIDPrefix starts every delivery id.
const DeliveryIDPrefix = "D-"

// NewDeliveryID returns a fresh delivery id for a delivery queued at t:
// "D-" and 26 Crockford base32 symbols, the first 10 the milliseconds of t
// since the epoch and the other 16 80 bits from crypto/rand, e.g.
// D-01KBB2XW7N8Q3MZ4K7T1VX0C9N. Ids queued later sort later, so the
// outbox's index of ids grows at its end, as its rows are added, rather
// than at a random page per delivery.
func NewDeliveryID(t time.Time) string {
	var b [26]byte
	ms := uint64(max(t.UnixMilli(), 0))
	for i := 9; i >= 0; i-- {
		b[i] = alphabet[ms&31]
		ms >>= 5
	}
	_, _ = rand.Read(b[10:]) // never fails (crypto/rand, Go 1.24+)
	for i := 10; i < len(b); i++ {
		b[i] = alphabet[b[i]&31] // 32 divides 256: no modulo bias
	}
	return DeliveryIDPrefix + string(b[:])
}

// A Guard passes the outbox through to its store: a delivery is bounded by
// the report it announces, which the Guard has let in.

// ClaimDeliveries is g.Store's.
func (g *Guard) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error) {
	return g.Store.ClaimDeliveries(ctx, now, lease, limit)
}

// FinishDeliveries is g.Store's.
func (g *Guard) FinishDeliveries(ctx context.Context, outcomes []Outcome) error {
	return g.Store.FinishDeliveries(ctx, outcomes)
}

// Deliveries is g.Store's.
func (g *Guard) Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	return g.Store.Deliveries(ctx, f)
}

// RetryDelivery is g.Store's.
func (g *Guard) RetryDelivery(ctx context.Context, id string, now time.Time) (Delivery, error) {
	return g.Store.RetryDelivery(ctx, id, now)
}

// OutboxStats is g.Store's.
func (g *Guard) OutboxStats(ctx context.Context) (OutboxStats, error) {
	return g.Store.OutboxStats(ctx)
}
