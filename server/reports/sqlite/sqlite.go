// Package sqlite implements reports.Store on an embedded SQLite database
// through the pure-Go driver modernc.org/sqlite (no cgo).
//
// The database runs in WAL mode with synchronous=FULL, so a Put that returned
// nil has been fsynced and survives a crash or power loss. Writes go through
// one connection (SQLite has one writer at a time anyway, and a single
// connection avoids busy-waiting between the pool's own connections); reads
// use a separate pool that runs alongside the writer, as WAL allows.
//
// Puts are group-committed: one goroutine takes every Put waiting at that
// moment (up to MaxBatch), inserts them in one transaction and commits once,
// then answers each. Under concurrent uploads one fsync acknowledges many
// reports; a lone Put is committed at once, without waiting for company.
// The webhook outbox (outbox.go) lives in the same file: a report's
// delivery is inserted in its Put's transaction, and the workers' claims and
// outcomes ride the same group commits, so they add statements, not fsyncs,
// while uploads flow.
//
// The database and its -wal and -shm files are readable by the server's
// user only (0600): they hold people's reports. Every failure that is not
// the caller's (a full disk, an I/O error, a read-only file system) wraps
// reports.ErrUnavailable, and after a failed write Ready proves the
// database writable again with a write of its own before it says yes.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"wpscheck/server/reports"
)

// BusyTimeout is how long a statement waits for a lock held by another
// connection or process before failing.
const BusyTimeout = 5 * time.Second

// MaxBatch bounds how many Puts share one transaction.
const MaxBatch = 64

// ErrClosed is returned by Put after Close.
var ErrClosed = errors.New("sqlite: store closed")

// Store is a reports.Store backed by one SQLite file.
type Store struct {
	path string
	w    *sql.DB // single writer connection
	r    *sql.DB // reader pool

	puts    chan putReq
	closeMu sync.RWMutex // held for reading while sending on puts
	closed  bool
	writerD chan struct{} // closed when the writer goroutine has ended

	// writeFailed is set when a write failed through no fault of the
	// caller and cleared by the next write that commits (a Put, or the
	// write Ready makes to find out).
	writeFailed atomic.Bool
}

// putReq is one Put, or one other write (op), waiting for the group commit.
type putReq struct {
	ctx  context.Context
	rec  reports.Record
	op   func(ctx context.Context, tx *sql.Tx) error // set for a write that is not a Put
	done chan error                                  // buffered: the writer never blocks on it
}

var _ reports.Store = (*Store)(nil)

// migrations are applied in order; PRAGMA user_version records how many ran.
var migrations = []string{
	`CREATE TABLE reports (
		id           TEXT    NOT NULL PRIMARY KEY,
		ticket       TEXT    NOT NULL DEFAULT '',
		support_code TEXT    NOT NULL DEFAULT '',
		created_ms   INTEGER NOT NULL,
		body         BLOB    NOT NULL
	) STRICT;
	CREATE INDEX reports_ticket ON reports(ticket, created_ms) WHERE ticket <> '';
	CREATE INDEX reports_created ON reports(created_ms);`,
	`ALTER TABLE reports ADD COLUMN ticket_verified INTEGER NOT NULL DEFAULT 0 CHECK (ticket_verified IN (0, 1));`,
	// One row that Ready rewrites after a failed write, to learn whether
	// the database takes writes again; it holds no report.
	`CREATE TABLE write_probe (
		id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
		at_ms INTEGER NOT NULL,
		pad   BLOB    NOT NULL
	) STRICT;`,
	outboxMigration,
}

// probeBytes is the size of Ready's test write: as large as the largest
// report, so that a yes means a report fits.
const probeBytes = 64 << 10

// fileMode is the permission of the database and of the -wal and -shm
// files SQLite creates beside it (it gives them the database's mode).
const fileMode = 0o600

// unavailable wraps err, a failure that is not the caller's, as
// reports.ErrUnavailable.
func unavailable(what string, err error) error {
	return fmt.Errorf("%w: sqlite: %s: %w", reports.ErrUnavailable, what, err)
}

// ownerOnly creates the database file with fileMode when it is missing, so
// that SQLite's -wal and -shm files get the same mode, and tightens the
// mode of the three files when an older version left them readable by
// others.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, fileMode)
	if err != nil {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		if fi.Mode().Perm()&^fileMode != 0 {
			if err := os.Chmod(p, fileMode); err != nil {
				return fmt.Errorf("sqlite: make %s readable by its owner only: %w", p, err)
			}
		}
	}
	return nil
}

// Open opens (creating it and its directory when missing) the database at
// path and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create data directory: %w", err)
	}
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()

	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)

	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(1)")
	r, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)

	s := &Store{path: path, w: w, r: r, puts: make(chan putReq), writerD: make(chan struct{})}
	if err := s.migrate(ctx); err != nil {
		close(s.writerD)
		s.closed = true
		_ = errors.Join(s.r.Close(), s.w.Close())
		return nil, err
	}
	go s.writer()
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close waits for the Puts in progress, then closes the database. Puts
// after Close return ErrClosed.
func (s *Store) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	close(s.puts)
	s.closeMu.Unlock()
	<-s.writerD
	return errors.Join(s.r.Close(), s.w.Close())
}

func (s *Store) migrate(ctx context.Context) error {
	var mode string
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: read journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("sqlite: journal mode is %q, want wal", mode)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("sqlite: read schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("sqlite: database schema version %d is newer than this server (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
	}
	if version == len(migrations) {
		return nil
	}
	// PRAGMA takes no bound parameters; the value is a constant of ours.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("sqlite: write schema version: %w", err)
	}
	return tx.Commit()
}

// Put inserts r and returns nil only once the transaction holding the
// insert is committed to disk. A Put whose ctx ends before its batch starts
// is not inserted; once its batch has started, Put waits for the commit.
func (s *Store) Put(ctx context.Context, r reports.Record) error {
	if r.ID == "" {
		return errors.New("sqlite: record without id")
	}
	return s.write(ctx, putReq{ctx: ctx, rec: r, done: make(chan error, 1)})
}

// write hands req to the writer goroutine and waits for its answer.
func (s *Store) write(ctx context.Context, req putReq) error {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return ErrClosed
	}
	select {
	case s.puts <- req:
		s.closeMu.RUnlock()
	case <-ctx.Done():
		s.closeMu.RUnlock()
		return ctx.Err()
	}
	return <-req.done
}

// writer group-commits the Puts until Close.
func (s *Store) writer() {
	defer close(s.writerD)
	batch := make([]putReq, 0, MaxBatch)
	for first := range s.puts {
		batch = append(batch[:0], first)
	more:
		for len(batch) < MaxBatch {
			select {
			case r, ok := <-s.puts:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.commit(batch)
	}
}

// commit inserts a batch in one transaction and answers every Put in it.
func (s *Store) commit(batch []putReq) {
	errs := make([]error, len(batch))
	// answer sends each Put its own error, or err where it has none.
	answer := func(err error) {
		for i, r := range batch {
			if errs[i] == nil {
				errs[i] = err
			}
			r.done <- errs[i]
		}
	}
	// The transaction is not tied to any one request's context: a client
	// going away must not roll back the others' reports.
	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		s.writeFailed.Store(true)
		answer(unavailable("put report", err))
		return
	}
	inserted := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // gave up before its turn: not inserted
			continue
		}
		if r.op != nil {
			if err := r.op(ctx, tx); err != nil {
				_ = tx.Rollback()
				answer(fmt.Errorf("sqlite: %w", err))
				return
			}
			inserted++
			continue
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO reports (id, ticket, ticket_verified, support_code, created_ms, body) VALUES (?, ?, ?, ?, ?, ?)`,
			r.rec.ID, r.rec.Ticket, r.rec.TicketVerified, r.rec.SupportCode, r.rec.CreatedAt.UnixMilli(), r.rec.JSON)
		var se *sqlite.Error
		if err == nil && r.rec.Delivery != nil {
			err = insertDelivery(ctx, tx, r.rec)
		}
		switch {
		case err == nil:
			inserted++
		case errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE):
			// A constraint failure undoes only its own statement.
			errs[i] = reports.ErrDuplicateID
		default:
			_ = tx.Rollback()
			s.writeFailed.Store(true)
			answer(unavailable("put report", err))
			return
		}
	}
	if inserted == 0 {
		_ = tx.Rollback()
		answer(nil)
		return
	}
	if err := tx.Commit(); err != nil {
		s.writeFailed.Store(true)
		answer(unavailable("commit reports", err))
		return
	}
	s.writeFailed.Store(false)
	answer(nil) // nil for the committed ones
}

// Get returns the record with the canonical id.
func (s *Store) Get(ctx context.Context, id string) (reports.Record, error) {
	row := s.r.QueryRowContext(ctx,
		`SELECT id, ticket, ticket_verified, support_code, created_ms, body FROM reports WHERE id = ?`, id)
	rec, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return reports.Record{}, reports.ErrNotFound
	}
	if err != nil {
		return reports.Record{}, unavailable("get report", err)
	}
	return rec, nil
}

// ListByTicket returns up to limit records for ticket, newest first. An
// empty ticket matches nothing.
func (s *Store) ListByTicket(ctx context.Context, ticket string, limit int) ([]reports.Record, error) {
	if ticket == "" || limit <= 0 {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx,
		`SELECT id, ticket, ticket_verified, support_code, created_ms, body FROM reports
		 WHERE ticket = ? AND ticket <> '' ORDER BY created_ms DESC, id LIMIT ?`, ticket, limit)
	if err != nil {
		return nil, unavailable("list reports", err)
	}
	defer rows.Close()
	var out []reports.Record
	for rows.Next() {
		rec, err := scan(rows)
		if err != nil {
			return nil, unavailable("list reports", err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable("list reports", err)
	}
	return out, nil
}

// PurgeBefore deletes the records, and the finished deliveries, created
// before t.
func (s *Store) PurgeBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM reports WHERE created_ms < ?`, t.UnixMilli())
	if err != nil {
		return 0, unavailable("purge reports", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, unavailable("purge reports", err)
	}
	if err := s.purgeDeliveries(ctx, t); err != nil {
		return int(n), err
	}
	return int(n), nil
}

// Ready reports whether the database answers and takes writes. While the
// last write succeeded it only asks the database to answer (cheap enough
// for a load balancer's probe); after a failed write (a full disk, a
// read-only file system) it rewrites the one row of its write_probe table
// (as large as the largest report) and says yes only once that commits, so that recovery is seen without
// waiting for an upload that a load balancer would not send to an unready
// server.
func (s *Store) Ready(ctx context.Context) error {
	s.closeMu.RLock()
	closed := s.closed
	s.closeMu.RUnlock()
	if closed {
		return fmt.Errorf("%w: %w", reports.ErrUnavailable, ErrClosed)
	}
	if err := s.r.PingContext(ctx); err != nil {
		return unavailable("ping", err)
	}
	if !s.writeFailed.Load() {
		return nil
	}
	_, err := s.w.ExecContext(ctx,
		`INSERT INTO write_probe (id, at_ms, pad) VALUES (1, ?, zeroblob(?))
		 ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms, pad = excluded.pad`,
		time.Now().UnixMilli(), probeBytes)
	if err != nil {
		return unavailable("the last write failed and a test write fails too", err)
	}
	s.writeFailed.Store(false)
	return nil
}

// CountSince returns how many stored reports were created at or after t
// (the server's daily upload cap counts from it when it starts).
func (s *Store) CountSince(ctx context.Context, t time.Time) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE created_ms >= ?`, t.UnixMilli()).Scan(&n); err != nil {
		return 0, unavailable("count reports", err)
	}
	return n, nil
}

type scanner interface{ Scan(dest ...any) error }

func scan(sc scanner) (reports.Record, error) {
	var (
		rec reports.Record
		ms  int64
	)
	if err := sc.Scan(&rec.ID, &rec.Ticket, &rec.TicketVerified, &rec.SupportCode, &ms, &rec.JSON); err != nil {
		return reports.Record{}, err
	}
	rec.CreatedAt = time.UnixMilli(ms).UTC()
	return rec, nil
}
