-- The reports table: one row per uploaded report, the body kept byte for
-- byte as it was validated (bytea, like SQLite's BLOB: jsonb would reorder
-- it). created_at is kept to the millisecond.
CREATE TABLE reports (
    id              text        NOT NULL PRIMARY KEY,
    ticket          text        NOT NULL DEFAULT '',
    ticket_verified boolean     NOT NULL DEFAULT false,
    support_code    text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    body            bytea       NOT NULL
);

-- An agent lists a ticket's reports, newest first.
CREATE INDEX reports_ticket ON reports (ticket, created_at) WHERE ticket <> '';

-- The retention purge deletes the oldest first.
CREATE INDEX reports_created ON reports (created_at);
