// Package postgres implements reports.Store on PostgreSQL through
// github.com/jackc/pgx/v5 and its connection pool (pgxpool), so that several
// server replicas share one report store.
//
// Open parses a libpq URL (postgres://user:password@host:port/database?…),
// connects, and brings the schema up to date: the numbered files of
// migrations/ (embedded) are applied in order, each in its own transaction,
// under a PostgreSQL advisory lock, so replicas starting together migrate
// once and the others wait. The applied versions are kept in the table
// wpscheck_migrations with a checksum of each file.
//
// A Put is one batch sent at once and run in one implicit transaction: one
// statement for the report, its findings and its hour's counts (see
// migrations/0002_facets.sql), and one for its webhook delivery when it has
// one (outbox.go). It returns nil only once PostgreSQL has committed it, and
// every connection runs with synchronous_commit at least "on" (a server or
// role set to "off" is overridden for this store's sessions), so the commit
// is flushed to the
// WAL on disk before the answer. Concurrent Puts share WAL flushes through
// PostgreSQL's own group commit.
//
// Errors that are not the request's fault (the database out of reach, shut
// down, out of disk or connections, no answer within the operation timeout,
// a read-only standby) wrap reports.ErrUnavailable. The pool reconnects by
// itself: when the database comes back the store works again, no restart
// needed. The URL's password never appears in an error or in Redacted.
package postgres

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"log/slog"
	"net"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"wpscheck/app/diagnosis"
	"wpscheck/server/reports"
)

// Defaults of Options.
const (
	// DefaultOpTimeout bounds one Put, Get or ListByTicket (and one purge
	// batch's wait for a connection) when the caller's context allows longer.
	DefaultOpTimeout = 5 * time.Second
	// DefaultConnectTimeout bounds establishing one connection when the URL
	// has no connect_timeout.
	DefaultConnectTimeout = 5 * time.Second
	// DefaultPurgeBatch is how many reports one purge statement deletes.
	DefaultPurgeBatch = 1000
)

// ReadyTimeout bounds Ready's round trip.
const ReadyTimeout = 2 * time.Second

// purgeBatchTimeout bounds one purge statement.
const purgeBatchTimeout = 30 * time.Second

// MigrationLockKey is the PostgreSQL advisory lock (pg_advisory_lock's
// bigint key) held while the schema is migrated: "wpscheck" in ASCII.
const MigrationLockKey int64 = 0x777073636865636b

// ErrClosed is wrapped by the errors of a store after Close.
var ErrClosed = errors.New("postgres: store closed")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Options tune a Store; the zero value takes the defaults.
type Options struct {
	// OpTimeout bounds each operation (DefaultOpTimeout when zero).
	OpTimeout time.Duration
	// PurgeBatch is how many reports one purge statement deletes
	// (DefaultPurgeBatch when zero).
	PurgeBatch int
	// Logger receives the migration's progress (slog.Default() when nil).
	Logger *slog.Logger
}

// Store is a reports.Store on a PostgreSQL database.
type Store struct {
	pool       *pgxpool.Pool
	redacted   string
	opTimeout  time.Duration
	purgeBatch int
	log        *slog.Logger
	closed     atomic.Bool
}

var _ reports.Store = (*Store)(nil)

// ParseURL checks a libpq URL the way Open will use it and returns the pool
// configuration. Only the URL form (postgres:// or postgresql://) is
// accepted. Its errors never contain the password.
func ParseURL(connURL string) (*pgxpool.Config, error) {
	if !strings.HasPrefix(connURL, "postgres://") && !strings.HasPrefix(connURL, "postgresql://") {
		return nil, errors.New("must be a URL starting with postgres:// or postgresql://")
	}
	cfg, err := pgxpool.ParseConfig(connURL)
	if err != nil {
		// pgconn's message masks the password; strip anything that may
		// still hold it (an unparsable URL has no certain boundaries).
		return nil, fmt.Errorf("cannot parse the URL: %s", reason(err))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = DefaultConnectTimeout
	}
	return cfg, nil
}

// reason is the part of a pgconn parse error after the quoted connection
// string, e.g. "failed to parse as URL (invalid port)".
func reason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "`: "); i >= 0 {
		msg = msg[i+3:]
	}
	return msg
}

// Redact returns cfg's target for logs, without the password:
// postgres://user@host:port/database.
func Redact(cfg *pgconn.Config) string {
	host := cfg.Host
	if !strings.HasPrefix(host, "/") {
		host = net.JoinHostPort(host, strconv.Itoa(int(cfg.Port)))
	}
	s := "postgres://" + cfg.User + "@" + host + "/" + cfg.Database
	// Fallbacks hold every host to try, once per TLS variant.
	others := map[string]bool{}
	for _, f := range cfg.Fallbacks {
		if f.Host != cfg.Host || f.Port != cfg.Port {
			others[net.JoinHostPort(f.Host, strconv.Itoa(int(f.Port)))] = true
		}
	}
	if len(others) > 0 {
		s += fmt.Sprintf(" (+%d more hosts)", len(others))
	}
	return s
}

// Open connects to the database at connURL (a libpq URL), applies the
// migrations that have not run yet under the advisory lock, and returns the
// store. It fails when the URL is malformed or the database cannot be
// reached; its errors name the target without the password.
func Open(ctx context.Context, connURL string, opts Options) (*Store, error) {
	cfg, err := ParseURL(connURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{
		redacted:   Redact(cfg.ConnConfig.Config.Copy()),
		opTimeout:  opts.OpTimeout,
		purgeBatch: opts.PurgeBatch,
		log:        opts.Logger,
	}
	if s.opTimeout <= 0 {
		s.opTimeout = DefaultOpTimeout
	}
	if s.purgeBatch <= 0 {
		s.purgeBatch = DefaultPurgeBatch
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	cfg.AfterConnect = durableCommits
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		return nil, err
	}
	// The migration runs on a connection of its own, closed afterwards: a
	// session's advisory lock can then never stay behind in the pool.
	if err := s.migrate(ctx, cfg.ConnConfig, ms); err != nil {
		return nil, err
	}
	s.pool, err = pgxpool.NewWithConfig(context.WithoutCancel(ctx), cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", s.redacted, err)
	}
	return s, nil
}

// durableCommits makes sure a new connection does not run with
// synchronous_commit off (a commit acknowledged before its WAL is on disk).
// "local", "on", "remote_write" and "remote_apply" are left as configured.
func durableCommits(ctx context.Context, c *pgx.Conn) error {
	var sc string
	if err := c.QueryRow(ctx, "SHOW synchronous_commit").Scan(&sc); err != nil {
		return err
	}
	if sc == "off" {
		_, err := c.Exec(ctx, "SET synchronous_commit = on")
		return err
	}
	return nil
}

// Redacted returns the database the store uses, for logs: the URL's user,
// host, port and database, never its password.
func (s *Store) Redacted() string { return s.redacted }

// Close closes the pool's connections. Operations after Close fail with an
// error wrapping ErrClosed and reports.ErrUnavailable.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.pool.Close()
	return nil
}

// opContext bounds ctx by the operation timeout.
func (s *Store) opContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opTimeout)
}

// retry runs f again once when its error is one pgx guarantees happened
// before anything reached the server (e.g. a pooled connection the server
// had closed): the statement cannot have run, so running it again is safe.
func retry(f func() error) error {
	err := f()
	if err != nil && pgconn.SafeToRetry(err) {
		err = f()
	}
	return err
}

// unavailableClasses are SQLSTATE classes that mean the database cannot
// serve now, through no fault of the request: 08 connection exception, 53
// insufficient resources (disk full, too many connections), 57 operator
// intervention (shutdown, cannot connect now), 58 system error (I/O), 40
// transaction rollback (serialization failure, deadlock), 55 object not in
// prerequisite state (lock not available), 25 invalid transaction state
// (read-only transaction: a standby after a failover).
var unavailableClasses = map[string]bool{"08": true, "53": true, "57": true, "58": true, "40": true, "55": true, "25": true}

// classify turns err, from an operation op for a caller whose context is
// ctx, into the store's error: reports.ErrDuplicateID for a taken id, the
// caller's own context error when it gave up, an error wrapping
// reports.ErrUnavailable when the database is out of reach or cannot serve,
// and a plain error otherwise (a bug: a server error).
func (s *Store) classify(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "reports_pkey" {
		return reports.ErrDuplicateID
	}
	if ctx.Err() != nil {
		return fmt.Errorf("postgres: %s: %w", op, ctx.Err())
	}
	if s.closed.Load() {
		return fmt.Errorf("%w: %w", reports.ErrUnavailable, ErrClosed)
	}
	if pe != nil && !(len(pe.Code) == 5 && unavailableClasses[pe.Code[:2]]) {
		return fmt.Errorf("postgres: %s: %w", op, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: postgres %s: %s: no answer within %v", reports.ErrUnavailable, s.redacted, op, s.opTimeout)
	}
	return fmt.Errorf("%w: postgres %s: %s: %w", reports.ErrUnavailable, s.redacted, op, err)
}

// insertSQL stores a report, each of its findings and its hour's counts in
// one statement (one transaction, one round trip): a duplicate id stores
// none of them.
const insertSQL = `WITH r AS (
	INSERT INTO reports (id, ticket, ticket_verified, support_code, created_at, body,
		top_finding, findings, os, browser, in_app, clock_offset_ms)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
	RETURNING id, created_at, findings, top_finding, os, in_app),
f AS (INSERT INTO report_findings (finding, created_at, id, os, in_app)
	SELECT DISTINCT x, r.created_at, r.id, r.os, r.in_app FROM r, unnest(r.findings) x)
INSERT INTO report_counts (hour, facet, value, shard, n)
	SELECT date_trunc('hour', r.created_at, 'UTC'), v.facet, v.value, hashtext(r.id) & 7, 1
	FROM r CROSS JOIN LATERAL (VALUES ('top', r.top_finding), ('os', r.os)) v(facet, value)
	ON CONFLICT (hour, facet, value, shard) DO UPDATE SET n = report_counts.n + 1`

// facetArgs are the facet columns of insertSQL ($7…$12) for r.
func facetArgs(r reports.Record) []any {
	f := r.Facets
	findings := make([]string, len(f.Findings))
	for i, id := range f.Findings {
		findings[i] = string(id)
	}
	var offset *int64
	if f.ClockKnown {
		offset = &f.ClockOffsetMS
	}
	return []any{string(f.Top()), findings, string(f.OS), string(f.Browser), string(f.InApp), offset}
}

// Put inserts r (and r.Delivery) and returns nil only once PostgreSQL has
// committed it. A Put whose ctx has ended is not inserted; one whose ctx
// ends while the insert runs is rolled back, unless the commit came first
// (the error then says the context ended: the report may be stored).
func (s *Store) Put(ctx context.Context, r reports.Record) error {
	if r.ID == "" {
		return errors.New("postgres: record without id")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	body := r.JSON
	if body == nil {
		body = []byte{}
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	if r.Delivery != nil {
		if err := checkDelivery(r); err != nil {
			return err
		}
	}
	err := retry(func() error {
		// The statements of one batch run in one implicit transaction.
		b := &pgx.Batch{}
		b.Queue(insertSQL, append([]any{r.ID, r.Ticket, r.TicketVerified, r.SupportCode,
			r.CreatedAt.UTC().Truncate(time.Millisecond), body}, facetArgs(r)...)...)
		if r.Delivery != nil {
			queueDelivery(b, r)
		}
		return s.pool.SendBatch(octx, b).Close()
	})
	return s.classify(ctx, "put report", err)
}

// recordCols are the columns scan reads, in its order; the body is read
// only where it is wanted (after them).
const recordCols = `id, ticket, ticket_verified, support_code, created_at, findings, os, browser, in_app, clock_offset_ms`

const selectSQL = `SELECT ` + recordCols + `, body FROM reports`

// Get returns the record with the canonical id, or reports.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (reports.Record, error) {
	octx, cancel := s.opContext(ctx)
	defer cancel()
	var rec reports.Record
	err := retry(func() error {
		return scan(s.pool.QueryRow(octx, selectSQL+` WHERE id = $1`, id), &rec, true)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return reports.Record{}, reports.ErrNotFound
	}
	if err != nil {
		return reports.Record{}, s.classify(ctx, "get report", err)
	}
	return rec, nil
}

// ListByTicket returns up to limit records for ticket, newest first. An
// empty ticket matches nothing.
func (s *Store) ListByTicket(ctx context.Context, ticket string, limit int) ([]reports.Record, error) {
	if ticket == "" || limit <= 0 {
		return nil, nil
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	out, err := s.query(octx, true, selectSQL+` WHERE ticket = $1 AND ticket <> ''
		ORDER BY created_at DESC, id LIMIT $2`, ticket, limit)
	if err != nil {
		return nil, s.classify(ctx, "list reports", err)
	}
	return out, nil
}

// query runs a statement that selects recordCols (and the body when
// withBody) and scans every row.
func (s *Store) query(ctx context.Context, withBody bool, sql string, args ...any) ([]reports.Record, error) {
	var out []reports.Record
	err := retry(func() error {
		rows, err := s.pool.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (reports.Record, error) {
			var rec reports.Record
			err := scan(row, &rec, withBody)
			return rec, err
		})
		return err
	})
	return out, err
}

// List returns a page of the records matching q, newest first, without
// their bodies (see reports.Store). With AnyFinding it walks the findings
// table in order and joins the reports; otherwise PostgreSQL picks the
// index of the equality filters (each combination of top finding, OS and
// app has one ending in created_at, id).
func (s *Store) List(ctx context.Context, q reports.Query) ([]reports.Record, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	sql, args := listSQL(q)
	out, err := s.query(octx, false, sql, args...)
	if err != nil {
		return nil, s.classify(ctx, "list reports", err)
	}
	return out, nil
}

// listSQL builds List's statement.
func listSQL(q reports.Query) (string, []any) {
	var b strings.Builder
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	// k is the table whose (created_at, id) orders the page.
	k := "r."
	b.WriteString(`SELECT r.` + strings.ReplaceAll(recordCols, ", ", ", r.") + ` FROM `)
	if q.AnyFinding != "" {
		// The report of each finding row is looked up by its id as the
		// findings index is walked in order (a LATERAL subquery that
		// OFFSET 0 keeps from being flattened into a join): a page of a
		// thousand, as an export reads, would otherwise be planned as a
		// hash join over every report.
		k = "f."
		b.WriteString(`report_findings f CROSS JOIN LATERAL (SELECT ` + recordCols + `, top_finding FROM reports
			WHERE reports.id = f.id OFFSET 0) r WHERE f.finding = ` + arg(string(q.AnyFinding)))
	} else {
		b.WriteString(`reports r WHERE true`)
	}
	if !q.Since.IsZero() {
		b.WriteString(" AND " + k + "created_at >= " + arg(q.Since.UTC()))
	}
	if !q.Until.IsZero() {
		b.WriteString(" AND " + k + "created_at < " + arg(q.Until.UTC()))
	}
	if a := q.After; a != nil {
		b.WriteString(" AND (" + k + "created_at, " + k + "id) < (" + arg(a.CreatedAt.UTC()) + ", " + arg(a.ID) + ")")
	}
	// With AnyFinding the findings table's own copy of the OS and app is
	// what its indexes order.
	for _, c := range []struct{ col, v string }{
		{"r.top_finding", string(q.TopFinding)}, {k + "os", string(q.OS)}, {k + "in_app", string(q.InApp)},
		{"r.ticket", q.Ticket}, {"r.support_code", q.SupportCode},
	} {
		if c.v != "" {
			b.WriteString(" AND " + c.col + " = " + arg(c.v))
		}
	}
	// The ticket and code indexes leave out the empty value.
	if q.Ticket != "" {
		b.WriteString(" AND r.ticket <> ''")
	}
	if q.SupportCode != "" {
		b.WriteString(" AND r.support_code <> ''")
	}
	b.WriteString(" ORDER BY " + k + "created_at DESC, " + k + "id DESC LIMIT " + arg(q.Limit))
	return b.String(), args
}

// Stats sums the hourly counts of [since, until) into buckets of step.
func (s *Store) Stats(ctx context.Context, since, until time.Time, step time.Duration) ([]reports.Bucket, error) {
	if err := reports.CheckStatsRange(since, until, step); err != nil {
		return nil, err
	}
	octx, cancel := s.opContext(ctx)
	defer cancel()
	var out []reports.Bucket
	err := retry(func() error {
		out = reports.NewBuckets(since, until, step)
		rows, err := s.pool.Query(octx, `SELECT hour, facet = 'top', value, sum(n)::bigint FROM report_counts
			WHERE hour >= $1 AND hour < $2 GROUP BY 1, 2, 3`, since.UTC(), until.UTC())
		if err != nil {
			return err
		}
		var (
			hour  time.Time
			top   bool
			value string
			n     int64
		)
		_, err = pgx.ForEachRow(rows, []any{&hour, &top, &value, &n}, func() error {
			if top {
				reports.AddTop(out, step, hour.UnixMilli(), diagnosis.FindingID(value), int(n))
			} else {
				reports.AddOS(out, step, hour.UnixMilli(), diagnosis.OS(value), int(n))
			}
			return nil
		})
		return err
	})
	if err != nil {
		return nil, s.classify(ctx, "stats", err)
	}
	return out, nil
}

// purgeSQL deletes at most $2 of the oldest reports created before $1 and
// their findings. FOR UPDATE SKIP LOCKED lets replicas purge at the same
// time: each takes rows no other purge holds, so none waits for another,
// none deletes a row twice, and the counts they return add up to what was
// deleted.
const purgeSQL = `WITH d AS (
	DELETE FROM reports WHERE id IN (
		SELECT id FROM reports WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
	RETURNING id, created_at, findings),
f AS (DELETE FROM report_findings rf USING d, unnest(d.findings) x
	WHERE rf.finding = x AND rf.created_at = d.created_at AND rf.id = d.id)
SELECT count(*) FROM d`

// recountSQL brings the hourly counts in line with a purge before $1: the
// hours before the one holding $1 are dropped, that hour is counted again
// from the reports left in it (in shard 0), and the shards of every hour
// that ended over an hour ago are folded into shard 0, so that Stats reads
// at most one row per value and hour of the past. An upload into a folded
// hour (a replica's clock an hour behind) counts in a shard again, as
// before. An upload into the recounted hour (one as old as the retention)
// committed while the recount runs could count twice: only a clock wrong by
// the whole retention would make one.
const recountSQL = `DELETE FROM report_counts WHERE hour < date_trunc('hour', $1::timestamptz, 'UTC');
DELETE FROM report_counts WHERE hour = date_trunc('hour', $1::timestamptz, 'UTC');
INSERT INTO report_counts (hour, facet, value, shard, n)
	SELECT date_trunc('hour', $1::timestamptz, 'UTC'), v.facet, v.value, 0, count(*)
	FROM reports r CROSS JOIN LATERAL (VALUES ('top', r.top_finding), ('os', r.os)) v(facet, value)
	WHERE r.created_at >= date_trunc('hour', $1::timestamptz, 'UTC')
		AND r.created_at < date_trunc('hour', $1::timestamptz, 'UTC') + interval '1 hour'
	GROUP BY 2, 3
	ON CONFLICT (hour, facet, value, shard) DO UPDATE SET n = report_counts.n + excluded.n;
WITH moved AS (
	DELETE FROM report_counts WHERE shard <> 0 AND hour < date_trunc('hour', now(), 'UTC') - interval '1 hour'
	RETURNING hour, facet, value, n)
INSERT INTO report_counts (hour, facet, value, shard, n)
	SELECT hour, facet, value, 0, sum(n) FROM moved GROUP BY 1, 2, 3
	ON CONFLICT (hour, facet, value, shard) DO UPDATE SET n = report_counts.n + excluded.n`

// recountLockKey is the advisory lock (pg_advisory_xact_lock) a recount
// holds: replicas purging at once recount one after the other.
const recountLockKey = MigrationLockKey + 1

// PurgeBefore deletes the records created before t, in batches of
// Options.PurgeBatch (each its own short transaction), brings the hourly
// counts in line (recountSQL), then deletes the finished deliveries created
// before t the same way, and returns how many records it deleted. Safe to
// run from every replica at once; the retention purger runs it every hour.
func (s *Store) PurgeBefore(ctx context.Context, t time.Time) (int, error) {
	n, err := s.purge(ctx, "purge reports", func(bctx context.Context) (int, error) {
		var n int
		err := s.pool.QueryRow(bctx, purgeSQL, t, s.purgeBatch).Scan(&n)
		return n, err
	})
	if err != nil {
		return n, err
	}
	if err := s.recount(ctx, t); err != nil {
		return n, err
	}
	_, err = s.purge(ctx, "purge deliveries", func(bctx context.Context) (int, error) {
		tag, err := s.pool.Exec(bctx, purgeDeliveriesSQL, t, s.purgeBatch)
		return int(tag.RowsAffected()), err
	})
	return n, err
}

// purge runs batch, a deletion of at most Options.PurgeBatch rows, until it
// deletes fewer, and returns how many rows it deleted in all.
func (s *Store) purge(ctx context.Context, op string, batch func(context.Context) (int, error)) (int, error) {
	total := 0
	for {
		bctx, cancel := context.WithTimeout(ctx, purgeBatchTimeout)
		var n int
		err := retry(func() error {
			var err error
			n, err = batch(bctx)
			return err
		})
		cancel()
		if err != nil {
			return total, s.classify(ctx, op, err)
		}
		total += n
		if n < s.purgeBatch {
			return total, nil
		}
	}
}

// recount brings the hourly counts in line with a purge before t
// (recountSQL), one replica at a time.
func (s *Store) recount(ctx context.Context, t time.Time) error {
	rctx, cancel := context.WithTimeout(ctx, purgeBatchTimeout)
	defer cancel()
	err := pgx.BeginFunc(rctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(rctx, "SELECT pg_advisory_xact_lock($1)", recountLockKey); err != nil {
			return err
		}
		// One statement at a time: the extended protocol takes one per
		// call. The last (the fold) takes no parameter.
		sts := strings.Split(recountSQL, ";\n")
		for i, st := range sts {
			args := []any{t}
			if i == len(sts)-1 {
				args = nil
			}
			if _, err := tx.Exec(rctx, st, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return s.classify(ctx, "purge reports", err)
	}
	return nil
}

// PutAll stores every record of recs in one transaction and returns how
// many: a bulk load (benchmarks, moving reports from another store), not
// the upload path. The records are copied (COPY) into a temporary table
// first, then inserted with their findings and counts (in shard 0: one
// writer needs no shards); on the first error
// (a duplicate id included) it stores none of them.
func (s *Store) PutAll(ctx context.Context, recs iter.Seq[reports.Record]) (int, error) {
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE load_reports (LIKE reports INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
			return err
		}
		next, stop := iter.Pull(recs)
		defer stop()
		var err error
		n, err = tx.CopyFrom(ctx, pgx.Identifier{"load_reports"},
			[]string{"id", "ticket", "ticket_verified", "support_code", "created_at", "body",
				"top_finding", "findings", "os", "browser", "in_app", "clock_offset_ms"},
			pgx.CopyFromFunc(func() ([]any, error) {
				r, ok := next()
				if !ok {
					return nil, nil
				}
				body := r.JSON
				if body == nil {
					body = []byte{}
				}
				return append([]any{r.ID, r.Ticket, r.TicketVerified, r.SupportCode,
					r.CreatedAt.UTC().Truncate(time.Millisecond), body}, facetArgs(r)...), nil
			}))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO reports SELECT * FROM load_reports;
			INSERT INTO report_findings (finding, created_at, id, os, in_app)
				SELECT DISTINCT x, r.created_at, r.id, r.os, r.in_app FROM load_reports r, unnest(r.findings) x;
			INSERT INTO report_counts (hour, facet, value, shard, n)
				SELECT date_trunc('hour', created_at, 'UTC'), 'top', top_finding, 0, count(*)
				FROM load_reports GROUP BY 1, 3
				UNION ALL
				SELECT date_trunc('hour', created_at, 'UTC'), 'os', os, 0, count(*)
				FROM load_reports GROUP BY 1, 3
				ON CONFLICT (hour, facet, value, shard) DO UPDATE SET n = report_counts.n + excluded.n;
			ANALYZE reports, report_findings, report_counts`)
		return err
	})
	if err != nil {
		return 0, s.classify(ctx, "bulk put", err)
	}
	return int(n), nil
}

// CountSince returns how many stored reports were created at or after t
// (the daily upload cap counts the day's reports of every replica with it).
func (s *Store) CountSince(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := retry(func() error {
		return s.pool.QueryRow(ctx, `SELECT count(*) FROM reports WHERE created_at >= $1`, t).Scan(&n)
	})
	if err != nil {
		return 0, s.classify(ctx, "count reports", err)
	}
	return n, nil
}

// Ready reports whether the store can take a report now: one round trip
// that also tells a database which only reads (a standby, or
// default_transaction_read_only) from one that writes.
func (s *Store) Ready(ctx context.Context) error {
	if s.closed.Load() {
		return fmt.Errorf("%w: %w", reports.ErrUnavailable, ErrClosed)
	}
	ctx, cancel := context.WithTimeout(ctx, ReadyTimeout)
	defer cancel()
	var readOnly string
	err := retry(func() error {
		return s.pool.QueryRow(ctx, "SELECT current_setting('transaction_read_only')").Scan(&readOnly)
	})
	if err != nil {
		return fmt.Errorf("%w: postgres %s: %w", reports.ErrUnavailable, s.redacted, err)
	}
	if readOnly == "on" {
		return fmt.Errorf("%w: postgres %s: the database is read-only (a standby?)", reports.ErrUnavailable, s.redacted)
	}
	return nil
}

// scan reads the recordCols of a row into rec, and the body after them
// when withBody.
func scan(row pgx.Row, rec *reports.Record, withBody bool) error {
	var (
		findings []string
		os       string
		browser  string
		app      string
		offset   *int64
	)
	dest := []any{&rec.ID, &rec.Ticket, &rec.TicketVerified, &rec.SupportCode, &rec.CreatedAt, &findings, &os, &browser, &app, &offset}
	if withBody {
		dest = append(dest, &rec.JSON)
	}
	if err := row.Scan(dest...); err != nil {
		return err
	}
	rec.CreatedAt = rec.CreatedAt.UTC()
	f := &rec.Facets
	for _, id := range findings {
		f.Findings = append(f.Findings, diagnosis.FindingID(id))
	}
	f.OS, f.Browser, f.InApp = diagnosis.OS(os), diagnosis.Browser(browser), diagnosis.InApp(app)
	if offset != nil {
		f.ClockKnown, f.ClockOffsetMS = true, *offset
	}
	return nil
}

// migration is one numbered schema step, migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string // the file name
	sql     string
	sum     string // hex SHA-256 of the file
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// loadMigrations reads the migration files of fsys's migrations/: named
// NNNN_name.sql and numbered 1, 2, 3… without a gap.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("postgres: migrations/%s: not named NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, "migrations/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("postgres: migrations: %w", err)
		}
		v, _ := strconv.Atoi(m[1])
		sum := sha256.Sum256(b)
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b), sum: hex.EncodeToString(sum[:])})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("postgres: migrations/%s: expected number %04d (numbers start at 1, without gaps)", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies the migrations that have not run yet, each in its own
// transaction with its row in wpscheck_migrations, while holding the
// advisory lock MigrationLockKey on a connection of its own.
func (s *Store) migrate(ctx context.Context, cc *pgx.ConnConfig, ms []migration) error {
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return fmt.Errorf("postgres: cannot reach %s: %s", s.redacted, connectReason(err))
	}
	// Closing the connection releases the session's advisory lock, whatever
	// happened before.
	defer conn.Close(context.WithoutCancel(ctx))
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", MigrationLockKey).Scan(&got); err != nil {
		return fmt.Errorf("postgres: %s: migration lock: %w", s.redacted, err)
	}
	if !got {
		s.log.InfoContext(ctx, "postgres: another server is migrating the schema; waiting for it", "database", s.redacted)
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", MigrationLockKey); err != nil {
			return fmt.Errorf("postgres: %s: waiting for the migration lock: %w", s.redacted, err)
		}
	}
	// Look before creating: a database that is up to date but read-only
	// (a standby) still opens; Ready then says it cannot take reports.
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass('wpscheck_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return fmt.Errorf("postgres: %s: look for wpscheck_migrations: %w", s.redacted, err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE TABLE wpscheck_migrations (
			version    integer     NOT NULL PRIMARY KEY,
			name       text        NOT NULL,
			sha256     text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("postgres: %s: create wpscheck_migrations: %w", s.redacted, err)
		}
	}
	rows, err := conn.Query(ctx, `SELECT version, name, sha256 FROM wpscheck_migrations ORDER BY version`)
	if err != nil {
		return fmt.Errorf("postgres: %s: read wpscheck_migrations: %w", s.redacted, err)
	}
	applied, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (migration, error) {
		var m migration
		err := row.Scan(&m.version, &m.name, &m.sum)
		return m, err
	})
	if err != nil {
		return fmt.Errorf("postgres: %s: read wpscheck_migrations: %w", s.redacted, err)
	}
	for _, a := range applied {
		if a.version > len(ms) {
			return fmt.Errorf("postgres: %s: the schema is at version %d, newer than this server's %d: run a newer server", s.redacted, applied[len(applied)-1].version, len(ms))
		}
		if m := ms[a.version-1]; m.sum != a.sum {
			return fmt.Errorf("postgres: %s: migration %s differs from the one applied as %s: a migration must never change once released", s.redacted, m.name, a.name)
		}
	}
	for _, m := range ms[len(applied):] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO wpscheck_migrations (version, name, sha256) VALUES ($1, $2, $3)`, m.version, m.name, m.sum)
			return err
		})
		if err != nil {
			return fmt.Errorf("postgres: %s: migration %s: %w", s.redacted, m.name, err)
		}
		s.log.InfoContext(ctx, "postgres: schema migrated", "database", s.redacted, "migration", m.name)
	}
	return nil
}

// connectReason is why a connection failed, without pgconn's prefix (which
// names user and database, already in our message).
func connectReason(err error) string {
	msg := err.Error()
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Unwrap() != nil {
		msg = ce.Unwrap().Error()
	}
	// One line per host tried: the first says enough.
	first, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	return first
}
