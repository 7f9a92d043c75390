package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"wpscheck/server/reports"
)

// The webhook outbox (migrations/0003_webhook_outbox.sql). A delivery is
// inserted in its report's Put; workers on every replica claim due rows
// with FOR UPDATE SKIP LOCKED, so each attempt belongs to one replica, and a
// claim holds its row for a lease (next_at) so a replica that died mid-send
// does not keep it.
//
// Claims and outcomes commit with synchronous_commit off (for their own
// transaction only): losing the last of them in a crash of PostgreSQL
// means, at worst, a delivery sent once more, which at-least-once delivery
// allows, and it spares every upload a WAL flush of its own.

// asyncCommit lets the transaction it runs in commit without waiting for
// the WAL flush.
const asyncCommit = `SET LOCAL synchronous_commit = off`

const insertDeliverySQL = `INSERT INTO webhook_outbox (id, report_id, event, created_at, payload, next_at, window_start)
VALUES ($1, $2, $3, $4, $5, $4, $4)`

// checkDelivery checks that r.Delivery belongs to r.
func checkDelivery(r reports.Record) error {
	if d := r.Delivery; d.ID == "" || d.ReportID != r.ID {
		return fmt.Errorf("postgres: delivery %q does not belong to report %s", d.ID, r.ID)
	}
	return nil
}

// queueDelivery adds the insert of r's delivery to the Put's batch.
func queueDelivery(b *pgx.Batch, r reports.Record) {
	d := r.Delivery
	payload := d.Payload
	if payload == nil {
		payload = []byte{}
	}
	b.Queue(insertDeliverySQL, d.ID, d.ReportID, d.Event, r.CreatedAt.UTC().Truncate(time.Millisecond), payload)
}

const deliveryColumns = `id, report_id, event, created_at, payload, state, attempts, next_at, window_start,
	last_attempt_at, last_status, last_error, delivered_at`

// claimSQL takes up to $3 due rows that no other transaction holds and
// leases them until $2.
const claimSQL = `UPDATE webhook_outbox o SET attempts = o.attempts + 1, last_attempt_at = $1, next_at = $2
FROM (SELECT id FROM webhook_outbox WHERE state = 'pending' AND next_at <= $1
      ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
WHERE o.id = due.id
RETURNING o.id, o.report_id, o.event, o.created_at, o.payload, o.state, o.attempts, o.next_at, o.window_start,
	o.last_attempt_at, o.last_status, o.last_error, o.delivered_at`

// ClaimDeliveries takes up to limit due deliveries and leases them.
func (s *Store) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]reports.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = now.UTC().Truncate(time.Millisecond)
	octx, cancel := s.opContext(ctx)
	defer cancel()
	var out []reports.Delivery
	err := retry(func() error {
		return pgx.BeginFunc(octx, s.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(octx, asyncCommit); err != nil {
				return err
			}
			rows, err := tx.Query(octx, claimSQL, now, now.Add(lease), limit)
			if err != nil {
				return err
			}
			out, err = pgx.CollectRows(rows, scanDelivery)
			return err
		})
	})
	if err != nil {
		return nil, s.classify(ctx, "claim deliveries", err)
	}
	return out, nil
}

const finishSQL = `UPDATE webhook_outbox SET state = $3, next_at = coalesce($4, next_at), last_status = $5, last_error = $6,
	delivered_at = $7 WHERE id = $1 AND attempts = $2 AND state = 'pending'`

// FinishDeliveries records the outcomes in one transaction.
func (s *Store) FinishDeliveries(ctx context.Context, outcomes []reports.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	for _, o := range outcomes {
		if !o.State.Valid() {
			return fmt.Errorf("postgres: outcome of %s: bad state %q", o.ID, o.State)
		}
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	err := retry(func() error {
		return pgx.BeginFunc(octx, s.pool, func(tx pgx.Tx) error {
			b := &pgx.Batch{}
			b.Queue(asyncCommit)
			for _, o := range outcomes {
				var delivered, next *time.Time
				if o.State == reports.DeliveryDelivered {
					at := o.At.UTC().Truncate(time.Millisecond)
					delivered = &at
				}
				if !o.NextAt.IsZero() {
					at := o.NextAt.UTC().Truncate(time.Millisecond)
					next = &at
				}
				b.Queue(finishSQL, o.ID, o.Attempt, string(o.State), next, o.Status, o.Error, delivered)
			}
			return tx.SendBatch(octx, b).Close()
		})
	})
	return s.classify(ctx, "finish deliveries", err)
}

// Deliveries returns the deliveries matching f, newest first.
func (s *Store) Deliveries(ctx context.Context, f reports.DeliveryFilter) ([]reports.Delivery, error) {
	if f.Limit <= 0 {
		return nil, nil
	}
	q := `SELECT ` + deliveryColumns + ` FROM webhook_outbox WHERE true`
	var args []any
	if f.State != "" {
		args = append(args, string(f.State))
		q += ` AND state = $` + strconv.Itoa(len(args))
	}
	if f.ReportID != "" {
		args = append(args, f.ReportID)
		q += ` AND report_id = $` + strconv.Itoa(len(args))
	}
	args = append(args, f.Limit)
	q += ` ORDER BY created_at DESC, id LIMIT $` + strconv.Itoa(len(args))
	octx, cancel := s.opContext(ctx)
	defer cancel()
	var out []reports.Delivery
	err := retry(func() error {
		rows, err := s.pool.Query(octx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, scanDelivery)
		return err
	})
	if err != nil {
		return nil, s.classify(ctx, "list deliveries", err)
	}
	return out, nil
}

// retrySQL puts a finished delivery back in the queue and answers the row
// as it is then (a pending one as it was: the CTE's UPDATE touched nothing).
const retrySQL = `WITH u AS (
	UPDATE webhook_outbox SET state = 'pending', next_at = $2, window_start = $2
	WHERE id = $1 AND state <> 'pending' RETURNING ` + deliveryColumns + `)
SELECT ` + deliveryColumns + ` FROM u
UNION ALL
SELECT ` + deliveryColumns + ` FROM webhook_outbox WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM u)`

// RetryDelivery puts a finished delivery back in the queue, due at now.
func (s *Store) RetryDelivery(ctx context.Context, id string, now time.Time) (reports.Delivery, error) {
	octx, cancel := s.opContext(ctx)
	defer cancel()
	var d reports.Delivery
	err := retry(func() error {
		rows, err := s.pool.Query(octx, retrySQL, id, now.UTC().Truncate(time.Millisecond))
		if err != nil {
			return err
		}
		d, err = pgx.CollectExactlyOneRow(rows, scanDelivery)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return reports.Delivery{}, reports.ErrNotFound
	}
	if err != nil {
		return reports.Delivery{}, s.classify(ctx, "retry delivery", err)
	}
	return d, nil
}

// OutboxStats summarises the pending deliveries.
func (s *Store) OutboxStats(ctx context.Context) (reports.OutboxStats, error) {
	octx, cancel := s.opContext(ctx)
	defer cancel()
	var (
		st             reports.OutboxStats
		oldest, nextAt *time.Time
	)
	err := retry(func() error {
		return s.pool.QueryRow(octx, `SELECT count(*), min(created_at), min(next_at) FROM webhook_outbox WHERE state = 'pending'`).
			Scan(&st.Pending, &oldest, &nextAt)
	})
	if err != nil {
		return reports.OutboxStats{}, s.classify(ctx, "outbox stats", err)
	}
	st.OldestCreatedAt, st.NextDueAt = utc(oldest), utc(nextAt)
	return st, nil
}

// purgeDeliveriesSQL deletes at most $2 finished deliveries created before
// $1 (see purgeSQL); pending ones stay.
const purgeDeliveriesSQL = `DELETE FROM webhook_outbox WHERE id IN (
	SELECT id FROM webhook_outbox WHERE state IN ('delivered', 'dead') AND created_at < $1
	LIMIT $2 FOR UPDATE SKIP LOCKED)`

// scanDelivery reads one row of deliveryColumns.
func scanDelivery(row pgx.CollectableRow) (reports.Delivery, error) {
	var (
		d               reports.Delivery
		state           string
		last, delivered *time.Time
	)
	if err := row.Scan(&d.ID, &d.ReportID, &d.Event, &d.CreatedAt, &d.Payload, &state, &d.Attempts, &d.NextAt,
		&d.WindowStart, &last, &d.LastStatus, &d.LastError, &delivered); err != nil {
		return d, err
	}
	d.State = reports.DeliveryState(state)
	d.CreatedAt, d.NextAt, d.WindowStart = d.CreatedAt.UTC(), d.NextAt.UTC(), d.WindowStart.UTC()
	d.LastAttemptAt, d.DeliveredAt = utc(last), utc(delivered)
	return d, nil
}

// utc is *t in UTC, or the zero time for nil.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
