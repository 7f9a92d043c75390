-- The webhook outbox: one row per delivery, inserted in the transaction of
-- its report, so an acknowledged report always has its delivery queued. The
-- payload is the exact body sent (bytea: signed byte for byte). Replicas
-- claim due rows with FOR UPDATE SKIP LOCKED; next_at is both the backoff's
-- due time and, while an attempt runs, the end of its lease.
CREATE TABLE webhook_outbox (
    id              text        NOT NULL PRIMARY KEY,
    report_id       text        NOT NULL,
    event           text        NOT NULL,
    created_at      timestamptz NOT NULL,
    payload         bytea       NOT NULL,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_at         timestamptz NOT NULL,
    window_start    timestamptz NOT NULL,
    last_attempt_at timestamptz,
    last_status     integer     NOT NULL DEFAULT 0,
    last_error      text        NOT NULL DEFAULT '',
    delivered_at    timestamptz
);

-- Workers claim the pending rows that are due, earliest first.
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_at) WHERE state = 'pending';

-- Agents list dead deliveries, newest first; the retention purge deletes
-- finished ones by age.
CREATE INDEX webhook_outbox_state ON webhook_outbox (state, created_at);

-- The deliveries of one report.
CREATE INDEX webhook_outbox_report ON webhook_outbox (report_id);
