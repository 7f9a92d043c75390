// Package reports defines how uploaded diagnosis reports are stored: the
// Record kept for each upload, the small Store interface that storage
// adapters implement (see the sqlite and postgres subpackages), report ids,
// the retention Purger, and the webhook outbox kept in the same store
// (Delivery, Outbox). It holds no transport code.
package reports

import (
	"context"
	"errors"
	"time"
)

// Record is one stored report as uploaded by a person's browser.
type Record struct {
	// ID is the canonical report id (see NewID and ParseID).
	ID string
	// Ticket is the support ticket reference the report carries, or "".
	Ticket string
	// TicketVerified is true when the support link carried a valid
	// signature of the ticket: anyone can upload under any ticket, so an
	// unverified one may be made up.
	TicketVerified bool
	// SupportCode is the short code derived from the report.
	SupportCode string
	// CreatedAt is when the server accepted the report.
	CreatedAt time.Time
	// JSON is the report exactly as validated (schema 1). Store.List
	// leaves it nil.
	JSON []byte
	// Facets are what agents filter, count and export by (FacetsOf the
	// report); a store keeps them indexed beside the report.
	Facets Facets
	// Delivery, when set, is the webhook delivery announcing this report:
	// Put queues it in the outbox in the same transaction as the report
	// (Delivery.ReportID must be ID). Get and ListByTicket leave it nil.
	Delivery *Delivery
}

// Store keeps reports, and beside them the webhook outbox (Outbox).
// Implementations must be safe for concurrent use.
type Store interface {
	// Put stores r, and r.Delivery when set, in one transaction. It returns
	// nil only once both are durably committed; ErrDuplicateID when a record
	// with r.ID already exists (then neither is stored).
	Put(ctx context.Context, r Record) error
	// Get returns the record with the canonical id, or ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)
	// ListByTicket returns up to limit records for ticket, newest first.
	ListByTicket(ctx context.Context, ticket string, limit int) ([]Record, error)
	// List returns up to q.Limit records matching q (see Query), newest
	// first: CreatedAt descending, then ID descending, so that the Key of
	// the last record of a page, given as the next Query's After, continues
	// the list where it stopped with nothing skipped or repeated. The
	// records carry their Facets but no JSON. It reads indexes, never
	// report bodies, and answers in time proportional to the page, not to
	// the number of reports (a filter on several fields may scan the
	// reports matching one of them).
	List(ctx context.Context, q Query) ([]Record, error)
	// Stats counts the records created in [since, until) in buckets of
	// step, one Bucket per step from since (empty ones too), by top finding
	// and by OS, without reading report bodies or every record: the counts
	// are kept per StatsGrain as records are put and purged. Bounds and step
	// must pass CheckStatsRange, else it returns ErrBadStatsRange.
	Stats(ctx context.Context, since, until time.Time, step time.Duration) ([]Bucket, error)
	// PurgeBefore deletes every record created before t and returns how
	// many it deleted; List and Stats no longer see them. It also deletes
	// the delivered and dead deliveries created before t; pending
	// deliveries stay until they end (a delivery carries its whole
	// payload, so it outlives its report if it must).
	PurgeBefore(ctx context.Context, t time.Time) (int, error)
	// CountSince returns how many records were created at or after t (the
	// daily upload cap counts the day's reports with it, after a restart
	// and, with several servers on one database, the others' too).
	CountSince(ctx context.Context, t time.Time) (int, error)
	// Ready reports whether the store can take a report now: nil, or an
	// error wrapping ErrUnavailable that says why not (a readiness probe
	// asks it; it must be cheap and must not store anything).
	Ready(ctx context.Context) error

	Outbox
}

// ErrNotFound is returned by Store.Get when no record has the id.
var ErrNotFound = errors.New("reports: not found")

// ErrDuplicateID is returned by Store.Put when the id is already taken; the
// caller draws a new id and tries again.
var ErrDuplicateID = errors.New("reports: duplicate id")

// ErrUnavailable is wrapped by the errors of a store that cannot take or
// give reports right now through no fault of the request (disk full, the
// database out of reach): the client may try again later.
var ErrUnavailable = errors.New("reports: storage unavailable")
