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
// The write-ahead log is copied back into the database file (checkpointed)
// by a goroutine of its own, on a connection of its own, a moment after
// writes (CheckpointEvery), beside the writer as WAL allows. SQLite's
// automatic checkpoint runs inside the commit that fills the log, and every
// upload queued behind the single writer waited for its page copies and
// fsyncs. The writer still checkpoints by itself once the log reaches
// BackstopCheckpointPages: under a steady stream of writes only a checkpoint
// made between two of its transactions lets the log start over, and by then
// the background has copied nearly all of it.
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
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"wpscheck/app/diagnosis"
	"wpscheck/server/internal/diskfree"
	"wpscheck/server/reports"
)

// BusyTimeout is how long a statement waits for a lock held by another
// connection or process before failing.
const BusyTimeout = 5 * time.Second

// MaxBatch bounds how many Puts share one transaction.
const MaxBatch = 64

// CheckpointEvery is the least time between two background checkpoints: the
// log holds about that much of the writes, and a page written many times
// meanwhile is copied once.
const CheckpointEvery = 200 * time.Millisecond

// BackstopCheckpointPages is the log size, in pages, at which the writer's
// commit checkpoints by itself (SQLite's wal_autocheckpoint; its default is
// 1,000), so that the log starts over and stays within ~32 MiB.
const BackstopCheckpointPages = 8192

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

	// ckpt is the checkpointer's connection; wrote wakes it after a write
	// (never blocking), ckptStop ends it and ckptD is closed when it has.
	ckpt     *sql.DB
	wrote    chan struct{}
	ckptStop chan struct{}
	ckptD    chan struct{}

	// stmts are the upload's statements, prepared once on the writer's
	// connection: a transaction uses them without parsing the SQL again.
	stmts *inserts

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
	migrationFacets,
	outboxMigration,
	outboxByCreated,
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

// migrationFacets gives every report the facets agents filter, count and
// export by (reports.Facets), indexed, and fills them in for the reports
// already stored from their JSON. The table is rebuilt so that the body
// comes last: a list reads the columns before it without touching the
// body's overflow pages. report_findings indexes every finding of a report
// (a search for a finding at any rank), with the report's OS and app so
// that a search for a finding on one system or in one app walks an index
// of its own instead of looking up every report with the finding (which
// takes seconds when few or none match); report_counts counts the reports
// per UTC hour by top finding and by OS (Stats reads it, at most 37 rows
// an hour, instead of the reports).
// Every combination of the top finding, OS and app filters has an index
// that ends in (created_ms, id), so a list filtered by any of them walks
// its page in order instead of checking rows that do not match: a rare
// combination would otherwise scan every report of its most common part.
// A body that is not JSON leaves its report's facets empty.
const migrationFacets = `
	CREATE TABLE reports_new (
		id              TEXT    NOT NULL PRIMARY KEY,
		created_ms      INTEGER NOT NULL,
		ticket          TEXT    NOT NULL DEFAULT '',
		ticket_verified INTEGER NOT NULL DEFAULT 0 CHECK (ticket_verified IN (0, 1)),
		support_code    TEXT    NOT NULL DEFAULT '',
		top_finding     TEXT    NOT NULL DEFAULT '',
		findings        TEXT    NOT NULL DEFAULT '',
		os              TEXT    NOT NULL DEFAULT '',
		browser         TEXT    NOT NULL DEFAULT '',
		in_app          TEXT    NOT NULL DEFAULT '',
		clock_offset_ms INTEGER,
		body            BLOB    NOT NULL
	) STRICT;
	INSERT INTO reports_new (id, created_ms, ticket, ticket_verified, support_code, body,
			top_finding, findings, os, browser, in_app, clock_offset_ms)
		SELECT id, created_ms, ticket, ticket_verified, support_code, body,
			CASE json_type(j, '$.findings[0]') WHEN 'text' THEN json_extract(j, '$.findings[0]') ELSE '' END,
			coalesce((SELECT group_concat(value, ' ' ORDER BY key) FROM json_each(j, '$.findings')
				WHERE json_type(j, '$.findings') = 'array' AND type = 'text'), ''),
			CASE json_type(j, '$.platform.os') WHEN 'text' THEN json_extract(j, '$.platform.os') ELSE '' END,
			CASE json_type(j, '$.platform.browser') WHEN 'text' THEN json_extract(j, '$.platform.browser') ELSE '' END,
			CASE json_type(j, '$.platform.in_app') WHEN 'text' THEN json_extract(j, '$.platform.in_app') ELSE '' END,
			CASE WHEN json_extract(j, '$.clock.source') IN ('time_api', 'date_header')
				AND json_type(j, '$.clock.offset_ms') = 'integer' THEN json_extract(j, '$.clock.offset_ms') END
		FROM (SELECT *, CASE WHEN json_valid(CAST(body AS TEXT)) THEN CAST(body AS TEXT) END AS j FROM reports);
	DROP TABLE reports;
	ALTER TABLE reports_new RENAME TO reports;
	CREATE INDEX reports_created ON reports(created_ms, id);
	CREATE INDEX reports_ticket ON reports(ticket, created_ms, id) WHERE ticket <> '';
	CREATE INDEX reports_top ON reports(top_finding, created_ms, id);
	CREATE INDEX reports_os ON reports(os, created_ms, id);
	CREATE INDEX reports_in_app ON reports(in_app, created_ms, id);
	CREATE INDEX reports_top_os ON reports(top_finding, os, created_ms, id);
	CREATE INDEX reports_top_in_app ON reports(top_finding, in_app, created_ms, id);
	CREATE INDEX reports_os_in_app ON reports(os, in_app, created_ms, id);
	CREATE INDEX reports_top_os_in_app ON reports(top_finding, os, in_app, created_ms, id);
	CREATE INDEX reports_code ON reports(support_code, created_ms, id) WHERE support_code <> '';

	CREATE TABLE report_findings (
		finding    TEXT    NOT NULL,
		created_ms INTEGER NOT NULL,
		id         TEXT    NOT NULL,
		os         TEXT    NOT NULL DEFAULT '',
		in_app     TEXT    NOT NULL DEFAULT '',
		PRIMARY KEY (finding, created_ms, id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX report_findings_created ON report_findings(created_ms);
	CREATE INDEX report_findings_os ON report_findings(finding, os, created_ms, id);
	CREATE INDEX report_findings_in_app ON report_findings(finding, in_app, created_ms, id);
	INSERT OR IGNORE INTO report_findings (finding, created_ms, id, os, in_app)
		SELECT f.value, r.created_ms, r.id, r.os, r.in_app FROM reports r, json_each(CAST(r.body AS TEXT), '$.findings') f
		WHERE json_valid(CAST(r.body AS TEXT)) AND json_type(CAST(r.body AS TEXT), '$.findings') = 'array' AND f.type = 'text';

	CREATE TABLE report_counts (
		hour_ms INTEGER NOT NULL,
		facet   TEXT    NOT NULL CHECK (facet IN ('top', 'os')),
		value   TEXT    NOT NULL,
		n       INTEGER NOT NULL,
		PRIMARY KEY (hour_ms, facet, value)
	) STRICT, WITHOUT ROWID;
	INSERT INTO report_counts (hour_ms, facet, value, n)
		SELECT created_ms - ((created_ms % 3600000) + 3600000) % 3600000, 'top', top_finding, count(*) FROM reports GROUP BY 1, 3;
	INSERT INTO report_counts (hour_ms, facet, value, n)
		SELECT created_ms - ((created_ms % 3600000) + 3600000) % 3600000, 'os', os, count(*) FROM reports GROUP BY 1, 3;`

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
	ckptDSN := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", BackstopCheckpointPages))
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

	c, err := sql.Open("sqlite", ckptDSN)
	if err != nil {
		_ = errors.Join(r.Close(), w.Close())
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	c.SetMaxIdleConns(1)

	s := &Store{path: path, w: w, r: r, puts: make(chan putReq), writerD: make(chan struct{}),
		ckpt: c, wrote: make(chan struct{}, 1), ckptStop: make(chan struct{}), ckptD: make(chan struct{})}
	fail := func(err error) (*Store, error) {
		close(s.writerD)
		close(s.ckptD)
		s.closed = true
		_ = errors.Join(s.r.Close(), s.w.Close(), s.ckpt.Close())
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		return fail(err)
	}
	s.optimize(ctx)
	if s.stmts, err = prepareWrites(ctx, s.w); err != nil {
		return fail(fmt.Errorf("sqlite: prepare: %w", err))
	}
	go s.writer()
	go s.checkpointer()
	return s, nil
}

// written tells the checkpointer that a write committed; it never blocks.
func (s *Store) written() {
	select {
	case s.wrote <- struct{}{}:
	default:
	}
}

// checkpointer copies the log back into the database file after writes,
// at most once per CheckpointEvery, until Close. A checkpoint that fails
// (a full disk, a reader holding an old snapshot) leaves the log as it is
// for the next one; the writes themselves report such failures.
func (s *Store) checkpointer() {
	defer close(s.ckptD)
	ctx := context.Background()
	for {
		select {
		case <-s.ckptStop:
			return
		case <-s.wrote:
		}
		var busy, logPages, copied int
		_ = s.ckpt.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logPages, &copied)
		t := time.NewTimer(CheckpointEvery)
		select {
		case <-s.ckptStop:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// optimize refreshes the statistics SQLite's planner uses to choose
// between the facet indexes (which filter of a list narrows it most),
// sampling at most analysisLimit rows per index so that it stays quick on
// a large database. A failure only leaves the old statistics.
func (s *Store) optimize(ctx context.Context) {
	_, _ = s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA analysis_limit = %d; PRAGMA optimize = 0x10002;", analysisLimit))
}

// analysisLimit bounds the rows PRAGMA optimize reads per index.
const analysisLimit = 1000

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
	close(s.ckptStop)
	<-s.ckptD
	s.stmts.close()
	return errors.Join(s.ckpt.Close(), s.r.Close(), s.w.Close())
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

// The statements of a put: the report, each of its findings, and its
// hour's count.
const (
	insertReport = `INSERT INTO reports (id, created_ms, ticket, ticket_verified, support_code,
		top_finding, findings, os, browser, in_app, clock_offset_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertFinding = `INSERT OR IGNORE INTO report_findings (finding, created_ms, id, os, in_app) VALUES (?, ?, ?, ?, ?)`
	countHour     = `INSERT INTO report_counts (hour_ms, facet, value, n) VALUES (?1, 'top', ?2, 1), (?1, 'os', ?3, 1)
		ON CONFLICT (hour_ms, facet, value) DO UPDATE SET n = n + 1`
)

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
	ins := s.prepareInserts(ctx, tx)
	defer ins.close()
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
		err := ins.insert(ctx, r.rec)
		if err == nil && r.rec.Delivery != nil {
			// The report is in: its delivery must be too, or neither is.
			if err := ins.insertDelivery(ctx, r.rec); err != nil {
				_ = tx.Rollback()
				s.writeFailed.Store(true)
				answer(unavailable("put webhook delivery", err))
				return
			}
		}
		switch {
		case err == nil:
			inserted++
		case duplicate(err):
			// A constraint failure undoes only its own statement, and
			// insert stops before the finding and count rows.
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
	s.written()
	answer(nil) // nil for the committed ones
}

// inserts are the statements that store a report: the report, each of
// its findings, its hour's count, and its webhook delivery.
type inserts struct{ report, finding, hour, delivery *sql.Stmt }

func (ins *inserts) each() []**sql.Stmt {
	return []**sql.Stmt{&ins.report, &ins.finding, &ins.hour, &ins.delivery}
}

// prepareWrites prepares the inserts on db (the writer).
func prepareWrites(ctx context.Context, db *sql.DB) (*inserts, error) {
	var ins inserts
	for i, q := range []string{insertReport, insertFinding, countHour, insertDeliverySQL} {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			ins.close()
			return nil, err
		}
		*ins.each()[i] = st
	}
	return &ins, nil
}

// prepareInserts returns the Store's inserts bound to tx: the statements
// prepared on the writer's connection, not parsed again (database/sql
// prepares them anew only if that connection was replaced).
func (s *Store) prepareInserts(ctx context.Context, tx *sql.Tx) *inserts {
	var ins inserts
	for i, st := range s.stmts.each() {
		*ins.each()[i] = tx.StmtContext(ctx, *st)
	}
	return &ins
}

func (ins *inserts) close() {
	for _, st := range ins.each() {
		if *st != nil {
			_ = (*st).Close()
		}
	}
}

// insert adds one record, its findings and its count.
func (ins *inserts) insert(ctx context.Context, r reports.Record) error {
	f := r.Facets
	ms := r.CreatedAt.UnixMilli()
	var offset sql.NullInt64
	if f.ClockKnown {
		offset = sql.NullInt64{Int64: f.ClockOffsetMS, Valid: true}
	}
	if _, err := ins.report.ExecContext(ctx, r.ID, ms, r.Ticket, r.TicketVerified, r.SupportCode,
		string(f.Top()), joinFindings(f.Findings), string(f.OS), string(f.Browser), string(f.InApp), offset, r.JSON); err != nil {
		return err
	}
	for _, id := range f.Findings {
		if _, err := ins.finding.ExecContext(ctx, string(id), ms, r.ID, string(f.OS), string(f.InApp)); err != nil {
			return err
		}
	}
	_, err := ins.hour.ExecContext(ctx, hourOf(ms), string(f.Top()), string(f.OS))
	return err
}

// PutAll stores every record of recs in one transaction and returns how
// many: a bulk load (benchmarks, moving reports from another store), not
// the upload path. It holds the database's one writer until it is done,
// and on the first error (a duplicate id included) stores none of them.
func (s *Store) PutAll(ctx context.Context, recs iter.Seq[reports.Record]) (int, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlite: bulk put: %w", err)
	}
	defer tx.Rollback()
	ins := s.prepareInserts(ctx, tx)
	defer ins.close()
	n := 0
	for r := range recs {
		if err := ins.insert(ctx, r); duplicate(err) {
			return 0, fmt.Errorf("sqlite: bulk put %s: %w", r.ID, reports.ErrDuplicateID)
		} else if err != nil {
			return 0, fmt.Errorf("sqlite: bulk put %s: %w", r.ID, err)
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sqlite: bulk put: %w", err)
	}
	s.written()
	s.optimize(ctx)
	return n, nil
}

// duplicate reports whether err is SQLite refusing a second report with
// the same id.
func duplicate(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE)
}

// hourMS is StatsGrain in milliseconds.
const hourMS = int64(time.Hour / time.Millisecond)

// hourOf returns the start of the UTC hour holding ms (migrationFacets
// computes the same in SQL).
func hourOf(ms int64) int64 { return ms - ((ms%hourMS)+hourMS)%hourMS }

// joinFindings writes finding ids as the findings column keeps them:
// separated by spaces, most likely first.
func joinFindings(ids []diagnosis.FindingID) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(id))
	}
	return b.String()
}

// recordCols are the columns scan reads, in its order; the body is read
// only where it is wanted (after them).
const recordCols = `id, ticket, ticket_verified, support_code, created_ms, findings, os, browser, in_app, clock_offset_ms`

// Get returns the record with the canonical id.
func (s *Store) Get(ctx context.Context, id string) (reports.Record, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+recordCols+`, body FROM reports WHERE id = ?`, id)
	rec, err := scan(row, true)
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
	return s.query(ctx, true, `SELECT `+recordCols+`, body FROM reports
		 WHERE ticket = ? AND ticket <> '' ORDER BY created_ms DESC, id LIMIT ?`, ticket, limit)
}

// List returns a page of the records matching q, newest first, without
// their bodies (see reports.Store). With AnyFinding it walks the findings
// index and joins the reports; otherwise SQLite picks the index of one
// equality filter (or created_ms) and checks the others on the row.
func (s *Store) List(ctx context.Context, q reports.Query) ([]reports.Record, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	query, args := listSQL(q)
	return s.query(ctx, false, query, args...)
}

// listSQL builds List's statement.
func listSQL(q reports.Query) (string, []any) {
	var b strings.Builder
	var args []any
	// k is the table whose (created_ms, id) orders the page.
	k := "r."
	b.WriteString(`SELECT r.` + strings.ReplaceAll(recordCols, ", ", ", r.") + ` FROM `)
	if q.AnyFinding != "" {
		k = "f."
		b.WriteString(`report_findings f JOIN reports r ON r.id = f.id WHERE f.finding = ?`)
		args = append(args, string(q.AnyFinding))
	} else {
		b.WriteString(`reports r WHERE 1`)
	}
	cond := func(sql string, v any) {
		b.WriteString(" AND " + sql)
		args = append(args, v)
	}
	if !q.Since.IsZero() {
		cond(k+"created_ms >= ?", q.Since.UnixMilli())
	}
	if !q.Until.IsZero() {
		cond(k+"created_ms < ?", q.Until.UnixMilli())
	}
	if a := q.After; a != nil {
		ms := a.CreatedAt.UnixMilli()
		cond(k+"created_ms <= ?", ms)
		b.WriteString(" AND (" + k + "created_ms < ? OR " + k + "id < ?)")
		args = append(args, ms, a.ID)
	}
	// With AnyFinding the findings table's own copy of the OS and app is
	// what its indexes order.
	for _, c := range []struct{ col, v string }{
		{"r.top_finding", string(q.TopFinding)}, {k + "os", string(q.OS)}, {k + "in_app", string(q.InApp)},
		{"r.ticket", q.Ticket}, {"r.support_code", q.SupportCode},
	} {
		if c.v != "" {
			cond(c.col+" = ?", c.v)
		}
	}
	// The ticket and code indexes leave out the empty value: saying so
	// lets SQLite use them for a bound parameter.
	if q.Ticket != "" {
		b.WriteString(" AND r.ticket <> ''")
	}
	if q.SupportCode != "" {
		b.WriteString(" AND r.support_code <> ''")
	}
	b.WriteString(" ORDER BY " + k + "created_ms DESC, " + k + "id DESC LIMIT ?")
	args = append(args, q.Limit)
	return b.String(), args
}

// query runs a statement that selects recordCols (and the body when
// withBody) and scans every row.
func (s *Store) query(ctx context.Context, withBody bool, query string, args ...any) ([]reports.Record, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, unavailable("list reports", err)
	}
	defer rows.Close()
	var out []reports.Record
	for rows.Next() {
		rec, err := scan(rows, withBody)
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

// Stats sums the hourly counts of [since, until) into buckets of step.
func (s *Store) Stats(ctx context.Context, since, until time.Time, step time.Duration) ([]reports.Bucket, error) {
	if err := reports.CheckStatsRange(since, until, step); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT hour_ms, facet = 'top', value, n FROM report_counts
		WHERE hour_ms >= ? AND hour_ms < ?`, since.UnixMilli(), until.UnixMilli())
	if err != nil {
		return nil, unavailable("stats", err)
	}
	defer rows.Close()
	out := reports.NewBuckets(since, until, step)
	for rows.Next() {
		var (
			ms    int64
			top   bool
			value string
			n     int
		)
		if err := rows.Scan(&ms, &top, &value, &n); err != nil {
			return nil, unavailable("stats", err)
		}
		if top {
			reports.AddTop(out, step, ms, diagnosis.FindingID(value), n)
		} else {
			reports.AddOS(out, step, ms, diagnosis.OS(value), n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable("stats", err)
	}
	return out, nil
}

// PurgeBefore deletes the records created before t, their findings and
// their counts, in one transaction (the hour that holds t is counted again
// from the reports that remain in it), then the finished deliveries
// created before t.
func (s *Store) PurgeBefore(ctx context.Context, t time.Time) (int, error) {
	ms := t.UnixMilli()
	hour := hourOf(ms)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, unavailable("purge reports", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM reports WHERE created_ms < ?`, ms)
	if err != nil {
		return 0, unavailable("purge reports", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, unavailable("purge reports", err)
	}
	if n > 0 {
		if err := s.recount(ctx, tx, ms, hour); err != nil {
			return 0, err
		}
	} else {
		_ = tx.Rollback() // nothing to count again; frees the one writer connection
	}
	if err := s.purgeDeliveries(ctx, t); err != nil {
		return int(n), err
	}
	return int(n), nil
}

// recount deletes, in tx, the findings and counts of the records created
// before ms, counts the hour that holds ms again, commits, and optimizes.
func (s *Store) recount(ctx context.Context, tx *sql.Tx, ms, hour int64) error {
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM report_findings WHERE created_ms < ?`, []any{ms}},
		{`DELETE FROM report_counts WHERE hour_ms <= ?`, []any{hour}},
		{`INSERT INTO report_counts (hour_ms, facet, value, n)
			SELECT ?1, 'top', top_finding, count(*) FROM reports WHERE created_ms >= ?1 AND created_ms < ?2 GROUP BY top_finding
			UNION ALL
			SELECT ?1, 'os', os, count(*) FROM reports WHERE created_ms >= ?1 AND created_ms < ?2 GROUP BY os`, []any{hour, hour + hourMS}},
	} {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return unavailable("purge reports", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return unavailable("purge reports", err)
	}
	s.written()
	s.optimize(ctx)
	return nil
}

// Ready reports whether the database answers and takes writes. While the
// last write succeeded it only asks the database to answer (cheap enough
// for a load balancer's probe); after a failed write (a full disk, a
// read-only file system) it says yes only once the database's file system
// has room for the largest report and a rewrite of the one row of its
// write_probe table (as large as that report) commits, so that recovery is
// seen without waiting for an upload that a load balancer would not send
// to an unready server.
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
	// A test write alone can succeed on a full disk: once the log has been
	// checkpointed, SQLite writes the next transaction over the log's
	// existing space. Ask the file system too, where it can tell.
	free, err := diskfree.Bytes(filepath.Dir(s.path))
	switch {
	case errors.Is(err, errors.ErrUnsupported):
	case err != nil:
		return unavailable("the last write failed and the free space is unknown", err)
	case free < probeBytes:
		return unavailable("the last write failed", fmt.Errorf("%d bytes free on the database's file system, fewer than a report's %d", free, probeBytes))
	}
	_, err = s.w.ExecContext(ctx,
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

// scan reads the recordCols of a row, and the body after them when withBody.
func scan(sc scanner, withBody bool) (reports.Record, error) {
	var (
		rec                        reports.Record
		ms                         int64
		findings, os, browser, app string
		offset                     sql.NullInt64
	)
	dest := []any{&rec.ID, &rec.Ticket, &rec.TicketVerified, &rec.SupportCode, &ms, &findings, &os, &browser, &app, &offset}
	if withBody {
		dest = append(dest, &rec.JSON)
	}
	if err := sc.Scan(dest...); err != nil {
		return reports.Record{}, err
	}
	rec.CreatedAt = time.UnixMilli(ms).UTC()
	f := &rec.Facets
	for id := range strings.FieldsSeq(findings) {
		f.Findings = append(f.Findings, diagnosis.FindingID(id))
	}
	f.OS, f.Browser, f.InApp = diagnosis.OS(os), diagnosis.Browser(browser), diagnosis.InApp(app)
	f.ClockKnown, f.ClockOffsetMS = offset.Valid, offset.Int64
	return rec, nil
}
