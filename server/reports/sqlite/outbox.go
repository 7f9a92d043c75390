package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"wpscheck/server/reports"
)

// outboxMigration adds the webhook outbox: one row per delivery, times in
// ms since the epoch (0: none), kept in the order of their ids (WITHOUT
// ROWID: one b-tree, not a table and an index of ids; ids grow with time,
// so new rows are appended). Every index costs the single writer work on
// each upload: pending rows are found by their due time and dead ones (for
// agents) by a partial index each, which a delivered row leaves; listing
// delivered ones sorts them. Pending rows are found by their due time;
// finished ones are listed (dead) and purged by state and age.
const outboxMigration = `CREATE TABLE webhook_outbox (
	id              TEXT    NOT NULL PRIMARY KEY,
	report_id       TEXT    NOT NULL,
	event           TEXT    NOT NULL,
	created_ms      INTEGER NOT NULL,
	payload         BLOB    NOT NULL,
	state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_ms         INTEGER NOT NULL,
	window_ms       INTEGER NOT NULL,
	last_attempt_ms INTEGER NOT NULL DEFAULT 0,
	last_status     INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT    NOT NULL DEFAULT '',
	delivered_ms    INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_ms) WHERE state = 'pending';
CREATE INDEX webhook_outbox_dead ON webhook_outbox(created_ms) WHERE state = 'dead';
CREATE INDEX webhook_outbox_report ON webhook_outbox(report_id);`

// outboxByCreated trades the index of report ids for one of creation
// times. Report ids are random, so each upload's entry in the first landed
// on a page of its own and a group commit of n uploads wrote n more pages
// of log; creation times grow, so a commit appends to one page. Deliveries
// of one report are found through the report's creation time (deliveries
// share it), and the newest deliveries without a state filter through it.
const outboxByCreated = `DROP INDEX webhook_outbox_report;
CREATE INDEX webhook_outbox_created ON webhook_outbox(created_ms);`

// insertDeliverySQL queues a delivery, due at once.
const insertDeliverySQL = `INSERT INTO webhook_outbox (id, report_id, event, created_ms, payload, next_ms, window_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`

// insertDelivery queues r's delivery in the transaction of ins, the one
// inserting r.
func (ins *inserts) insertDelivery(ctx context.Context, r reports.Record) error {
	d := r.Delivery
	if d.ID == "" || d.ReportID != r.ID {
		return fmt.Errorf("sqlite: delivery %q does not belong to report %s", d.ID, r.ID)
	}
	at := r.CreatedAt.UnixMilli()
	payload := d.Payload
	if payload == nil {
		payload = []byte{}
	}
	if _, err := ins.delivery.ExecContext(ctx, d.ID, d.ReportID, d.Event, at, payload, at, at); err != nil {
		return fmt.Errorf("queue delivery: %w", err)
	}
	return nil
}

const deliveryColumns = `id, report_id, event, created_ms, payload, state, attempts, next_ms, window_ms,
	last_attempt_ms, last_status, last_error, delivered_ms`

// ClaimDeliveries takes up to limit due deliveries and holds them for
// lease. The claim is a write of the group commit: SQLite has one writer,
// so two claims never overlap.
func (s *Store) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]reports.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []reports.Delivery
	err := s.write(ctx, putReq{ctx: ctx, done: make(chan error, 1), op: func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE webhook_outbox SET attempts = attempts + 1, last_attempt_ms = ?1, next_ms = ?2
			WHERE id IN (SELECT id FROM webhook_outbox WHERE state = 'pending' AND next_ms <= ?1 ORDER BY next_ms LIMIT ?3)
			RETURNING `+deliveryColumns, now.UnixMilli(), now.Add(lease).UnixMilli(), limit)
		if err != nil {
			return fmt.Errorf("claim deliveries: %w", err)
		}
		out, err = scanDeliveries(rows)
		if err != nil {
			return fmt.Errorf("claim deliveries: %w", err)
		}
		return nil
	}})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, nil
}

// FinishDeliveries records the outcomes in one write of the group commit.
func (s *Store) FinishDeliveries(ctx context.Context, outcomes []reports.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	for _, o := range outcomes {
		if !o.State.Valid() {
			return fmt.Errorf("sqlite: outcome of %s: bad state %q", o.ID, o.State)
		}
	}
	return s.write(ctx, putReq{ctx: ctx, done: make(chan error, 1), op: func(ctx context.Context, tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE webhook_outbox SET state = ?, next_ms = ?, last_status = ?, last_error = ?,
			delivered_ms = ? WHERE id = ? AND attempts = ? AND state = 'pending'`)
		if err != nil {
			return fmt.Errorf("finish deliveries: %w", err)
		}
		defer st.Close()
		for _, o := range outcomes {
			var delivered int64
			if o.State == reports.DeliveryDelivered {
				delivered = o.At.UnixMilli()
			}
			if _, err := st.ExecContext(ctx, string(o.State), msOrZero(o.NextAt), o.Status, o.Error, delivered, o.ID, o.Attempt); err != nil {
				return fmt.Errorf("finish deliveries: %w", err)
			}
		}
		return nil
	}})
}

// Deliveries returns the deliveries matching f, newest first. Those of one
// report (f.ReportID) are found while the store holds the report: through
// its creation time, which its delivery shares.
func (s *Store) Deliveries(ctx context.Context, f reports.DeliveryFilter) ([]reports.Delivery, error) {
	if f.Limit <= 0 {
		return nil, nil
	}
	q, args, err := deliveriesQuery(f)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list deliveries: %w", err)
	}
	out, err := scanDeliveries(rows)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list deliveries: %w", err)
	}
	return out, nil
}

// deliveriesQuery returns the query of Deliveries for f and its arguments.
func deliveriesQuery(f reports.DeliveryFilter) (string, []any, error) {
	q := `SELECT ` + deliveryColumns + ` FROM webhook_outbox`
	if f.ReportID != "" || f.State == "" || f.State == reports.DeliveryDelivered {
		// Newest first from the index of creation times, stopping at the
		// limit. Without statistics SQLite's planner would rather read the
		// whole outbox and sort it (and delivered rows are most of it);
		// dead and pending ones have partial indexes of their own.
		q += ` INDEXED BY webhook_outbox_created`
	}
	q += ` WHERE 1 = 1`
	var args []any
	if f.State != "" {
		if !f.State.Valid() {
			return "", nil, fmt.Errorf("sqlite: list deliveries: bad state %q", f.State)
		}
		// A literal, one of three: the partial indexes match it.
		q += ` AND state = '` + string(f.State) + `'`
	}
	if f.ReportID != "" {
		q += ` AND created_ms IN (SELECT created_ms FROM reports WHERE id = ?1) AND report_id = ?1`
		args = append(args, f.ReportID)
	}
	q += ` ORDER BY created_ms DESC, id LIMIT ?`
	return q, append(args, f.Limit), nil
}

// RetryDelivery puts a finished delivery back in the queue, due at now.
func (s *Store) RetryDelivery(ctx context.Context, id string, now time.Time) (reports.Delivery, error) {
	var (
		d     reports.Delivery
		found bool
	)
	err := s.write(ctx, putReq{ctx: ctx, done: make(chan error, 1), op: func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_outbox SET state = 'pending', next_ms = ?1, window_ms = ?1
			WHERE id = ?2 AND state <> 'pending'`, now.UnixMilli(), id); err != nil {
			return fmt.Errorf("retry delivery: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_outbox WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("retry delivery: %w", err)
		}
		ds, err := scanDeliveries(rows)
		if err != nil {
			return fmt.Errorf("retry delivery: %w", err)
		}
		found = len(ds) == 1
		if found {
			d = ds[0]
		}
		return nil // an unknown id is no reason to fail the batch's other writes
	}})
	if err == nil && !found {
		return reports.Delivery{}, reports.ErrNotFound
	}
	return d, err
}

// OutboxStats summarises the pending deliveries.
func (s *Store) OutboxStats(ctx context.Context) (reports.OutboxStats, error) {
	var (
		st             reports.OutboxStats
		oldest, nextAt sql.NullInt64
	)
	err := s.r.QueryRowContext(ctx, `SELECT count(*), min(created_ms), min(next_ms) FROM webhook_outbox WHERE state = 'pending'`).
		Scan(&st.Pending, &oldest, &nextAt)
	if err != nil {
		return st, fmt.Errorf("sqlite: outbox stats: %w", err)
	}
	if oldest.Valid {
		st.OldestCreatedAt = time.UnixMilli(oldest.Int64).UTC()
	}
	if nextAt.Valid {
		st.NextDueAt = time.UnixMilli(nextAt.Int64).UTC()
	}
	return st, nil
}

// purgeDeliveries deletes the delivered and dead deliveries created before t.
func (s *Store) purgeDeliveries(ctx context.Context, t time.Time) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM webhook_outbox WHERE state IN ('delivered', 'dead') AND created_ms < ?`, t.UnixMilli())
	if err != nil {
		return fmt.Errorf("sqlite: purge deliveries: %w", err)
	}
	return nil
}

// scanDeliveries reads rows of deliveryColumns and closes them.
func scanDeliveries(rows *sql.Rows) ([]reports.Delivery, error) {
	defer rows.Close()
	var out []reports.Delivery
	for rows.Next() {
		var (
			d                                          reports.Delivery
			state                                      string
			created, next, window, last, deliveredAtMS int64
		)
		if err := rows.Scan(&d.ID, &d.ReportID, &d.Event, &created, &d.Payload, &state, &d.Attempts, &next, &window,
			&last, &d.LastStatus, &d.LastError, &deliveredAtMS); err != nil {
			return nil, err
		}
		d.State = reports.DeliveryState(state)
		d.CreatedAt, d.NextAt, d.WindowStart = msTime(created), msTime(next), msTime(window)
		d.LastAttemptAt, d.DeliveredAt = msTime(last), msTime(deliveredAtMS)
		out = append(out, d)
	}
	return out, rows.Err()
}

// msTime is t (ms since the epoch) in UTC; 0 is the zero time.
func msTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// msOrZero is t in ms since the epoch; the zero time is 0.
func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
