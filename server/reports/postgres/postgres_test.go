package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
	"wpscheck/server/reports/postgres"
	"wpscheck/server/reports/postgres/pgtest"
	"wpscheck/server/reports/storetest"
)

var discard = slog.New(slog.DiscardHandler)

func open(t *testing.T, url string, opts postgres.Options) *postgres.Store {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = discard
	}
	s, err := postgres.Open(t.Context(), url, opts)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestPostgres runs everything that needs one healthy cluster: the store
// contract, the migration under its advisory lock, purges from several
// replicas, and the durability setting.
func TestPostgres(t *testing.T) {
	c := pgtest.Start(t)

	t.Run("Contract", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) reports.Store {
			// A small purge batch, so that concurrent purges share the work.
			return open(t, c.NewDatabase(t), postgres.Options{PurgeBatch: 100})
		})
	})

	t.Run("Queries", func(t *testing.T) {
		storetest.RunQueries(t, func(t *testing.T) reports.Store {
			return open(t, c.NewDatabase(t), postgres.Options{PurgeBatch: 50})
		})
	})

	t.Run("MigrationFillsFacets", func(t *testing.T) { testMigrationFillsFacets(t, c.NewDatabase(t)) })

	t.Run("PurgeFoldsPastHoursShards", func(t *testing.T) {
		url := c.NewDatabase(t)
		s := open(t, url, postgres.Options{})
		recs := storetest.Sample(9, 300, 3*time.Hour)
		for _, r := range recs {
			require.NoError(t, s.Put(t.Context(), r))
		}
		since := recs[0].CreatedAt.Truncate(24 * time.Hour)
		before, err := s.Stats(t.Context(), since, since.Add(24*time.Hour), time.Hour)
		require.NoError(t, err)
		rows := func(where string) (n int) {
			require.NoError(t, connect(t, url).QueryRow(t.Context(), "SELECT count(*) FROM report_counts WHERE "+where).Scan(&n))
			return n
		}
		require.NotZero(t, rows("shard <> 0"), "uploads count in shards")
		n, err := s.PurgeBefore(t.Context(), since.Add(-time.Hour))
		require.NoError(t, err)
		assert.Zero(t, n)
		assert.Zero(t, rows("shard <> 0"), "the purge folded the past hours into shard 0")
		after, err := s.Stats(t.Context(), since, since.Add(24*time.Hour), time.Hour)
		require.NoError(t, err)
		assert.Equal(t, before, after, "folding changes no count")
	})

	t.Run("ReplicasStartingTogetherMigrateOnce", func(t *testing.T) {
		url := c.NewDatabase(t)
		const replicas = 8
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			errs  = make(chan error, replicas)
			logs  [replicas]bytes.Buffer
		)
		for i := range replicas {
			wg.Go(func() {
				<-start
				s, err := postgres.Open(t.Context(), url, postgres.Options{Logger: slog.New(slog.NewTextHandler(&logs[i], nil))})
				if err == nil {
					err = s.Put(t.Context(), storetest.Rec(fmt.Sprintf("R-%04d-0000-0000-0", i), "", time.Now()))
					s.Close()
				}
				errs <- err
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		conn := connect(t, url)
		var versions, rows int
		require.NoError(t, conn.QueryRow(t.Context(), "SELECT count(*) FROM wpscheck_migrations").Scan(&versions))
		require.NoError(t, conn.QueryRow(t.Context(), "SELECT count(*) FROM reports").Scan(&rows))
		assert.Equal(t, len(postgres.Migrations()), versions, "each migration recorded once")
		assert.Equal(t, replicas, rows)
		migrated := 0
		for i := range logs {
			migrated += strings.Count(logs[i].String(), "schema migrated")
		}
		assert.Equal(t, len(postgres.Migrations()), migrated, "one replica applied each migration")
	})

	t.Run("MigrationWaitsForTheLock", func(t *testing.T) {
		url := c.NewDatabase(t)
		// Another "replica" holds the migration lock.
		holder := connect(t, url)
		_, err := holder.Exec(t.Context(), "SELECT pg_advisory_lock($1)", postgres.MigrationLockKey)
		require.NoError(t, err)

		var log bytes.Buffer
		var logMu sync.Mutex
		opened := make(chan error, 1)
		go func() {
			s, err := postgres.Open(t.Context(), url, postgres.Options{Logger: slog.New(slog.NewTextHandler(lockedWriter{&logMu, &log}, nil))})
			if err == nil {
				s.Close()
			}
			opened <- err
		}()
		// Wait (bounded) until PostgreSQL shows Open waiting for the lock.
		observer := connect(t, url)
		deadline := time.Now().Add(30 * time.Second)
		for {
			var waiting int
			require.NoError(t, observer.QueryRow(t.Context(),
				"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").Scan(&waiting))
			if waiting == 1 {
				break
			}
			require.True(t, time.Now().Before(deadline), "Open never waited for the advisory lock")
			select {
			case err := <-opened:
				t.Fatalf("Open finished while another session held the migration lock: %v", err)
			case <-time.After(20 * time.Millisecond):
			}
		}
		var tables int
		require.NoError(t, observer.QueryRow(t.Context(), "SELECT count(*) FROM pg_tables WHERE tablename = 'reports'").Scan(&tables))
		assert.Zero(t, tables, "nothing migrated while the lock was held")

		_, err = holder.Exec(t.Context(), "SELECT pg_advisory_unlock($1)", postgres.MigrationLockKey)
		require.NoError(t, err)
		require.NoError(t, <-opened)
		logMu.Lock()
		assert.Contains(t, log.String(), "another server is migrating the schema; waiting for it")
		logMu.Unlock()
		require.NoError(t, observer.QueryRow(t.Context(), "SELECT count(*) FROM pg_tables WHERE tablename = 'reports'").Scan(&tables))
		assert.Equal(t, 1, tables)
	})

	// A schema this server does not know, or an applied migration that
	// changed since, stops Open.
	for _, tt := range []struct{ name, tamper, want string }{
		{"SchemaNewerThanServer", "INSERT INTO wpscheck_migrations (version, name, sha256) VALUES (999, '0999_future.sql', 'x')", "newer than this server"},
		{"ChangedMigrationRefused", "UPDATE wpscheck_migrations SET sha256 = 'edited' WHERE version = 1", "must never change once released"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			url := c.NewDatabase(t)
			open(t, url, postgres.Options{}).Close()
			_, err := connect(t, url).Exec(t.Context(), tt.tamper)
			require.NoError(t, err)
			_, err = postgres.Open(t.Context(), url, postgres.Options{Logger: discard})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}

	t.Run("PurgesFromSeveralReplicas", func(t *testing.T) {
		url := c.NewDatabase(t)
		const replicas, expired = 4, 5000
		stores := make([]*postgres.Store, replicas)
		for i := range stores {
			stores[i] = open(t, url, postgres.Options{PurgeBatch: 50})
		}
		// Expired reports written in bulk, plus one that must stay.
		conn := connect(t, url)
		old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		_, err := conn.Exec(t.Context(), `INSERT INTO reports (id, created_at, body)
			SELECT 'R-' || lpad(i::text, 14, '0'), $1::timestamptz + i * interval '1 second', '\x7b7d'::bytea
			FROM generate_series(1, $2) AS i`, old, expired)
		require.NoError(t, err)
		keep := storetest.Rec("R-KEEP-0000-0000-0", "T", old.Add(72*time.Hour))
		require.NoError(t, stores[0].Put(t.Context(), keep))

		var wg sync.WaitGroup
		counts := make([]int, replicas)
		start := make(chan struct{})
		for i, s := range stores {
			wg.Go(func() {
				<-start
				n, err := s.PurgeBefore(t.Context(), old.Add(48*time.Hour))
				assert.NoError(t, err)
				counts[i] = n
			})
		}
		close(start)
		wg.Wait()
		sum := 0
		for _, n := range counts {
			sum += n
		}
		t.Logf("deleted per replica: %v", counts)
		assert.Equal(t, expired, sum, "every expired report deleted once, counted once")
		var left int
		require.NoError(t, conn.QueryRow(t.Context(), "SELECT count(*) FROM reports").Scan(&left))
		assert.Equal(t, 1, left)
		_, err = stores[1].Get(t.Context(), keep.ID)
		assert.NoError(t, err)
	})

	t.Run("CommitsAreDurableEvenWhenTheDatabaseSaysOtherwise", func(t *testing.T) {
		url := c.NewDatabase(t)
		conn := connect(t, url)
		db := strings.TrimPrefix(url[strings.LastIndex(url, "/"):], "/")
		_, err := conn.Exec(t.Context(), "ALTER DATABASE "+db+" SET synchronous_commit = off")
		require.NoError(t, err)
		s := open(t, url, postgres.Options{})
		// Every connection of the store's pool runs with synchronous_commit on.
		var got []string
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range 4 {
			wg.Go(func() {
				var v string
				assert.NoError(t, s.Pool().QueryRow(t.Context(), "SELECT current_setting('synchronous_commit') FROM pg_sleep(0.05)").Scan(&v))
				mu.Lock()
				got = append(got, v)
				mu.Unlock()
			})
		}
		wg.Wait()
		assert.Equal(t, []string{"on", "on", "on", "on"}, got)
		// ...and a session of its own would not: the override is the store's.
		var plain string
		require.NoError(t, connect(t, url).QueryRow(t.Context(), "SHOW synchronous_commit").Scan(&plain))
		assert.Equal(t, "off", plain)
	})

	t.Run("SearchPathKeepsTablesApart", func(t *testing.T) {
		url := c.NewDatabase(t)
		_, err := connect(t, url).Exec(t.Context(), "CREATE SCHEMA wpscheck")
		require.NoError(t, err)
		s := open(t, url+"?search_path=wpscheck", postgres.Options{})
		require.NoError(t, s.Put(t.Context(), storetest.Rec("R-SCHM-0000-0000-0", "", time.Now())))
		var n int
		require.NoError(t, connect(t, url).QueryRow(t.Context(), "SELECT count(*) FROM wpscheck.reports").Scan(&n))
		assert.Equal(t, 1, n)
	})

	t.Run("ReadOnlyDatabaseIsNotReady", func(t *testing.T) {
		url := c.NewDatabase(t)
		s := open(t, url, postgres.Options{})
		require.NoError(t, s.Ready(t.Context()))
		db := strings.TrimPrefix(url[strings.LastIndex(url, "/"):], "/")
		_, err := connect(t, url).Exec(t.Context(), "ALTER DATABASE "+db+" SET default_transaction_read_only = on")
		require.NoError(t, err)
		ro := open(t, url, postgres.Options{})
		err = ro.Ready(t.Context())
		assert.ErrorIs(t, err, reports.ErrUnavailable)
		assert.ErrorContains(t, err, "read-only")
		err = ro.Put(t.Context(), storetest.Rec("R-RDON-0000-0000-0", "", time.Now()))
		assert.ErrorIs(t, err, reports.ErrUnavailable, "a read-only database cannot take a report now")
	})

	t.Run("ClosedStore", func(t *testing.T) {
		s := open(t, c.NewDatabase(t), postgres.Options{})
		require.NoError(t, s.Close())
		err := s.Put(t.Context(), storetest.Rec("R-LATE-0000-0000-0", "", time.Now()))
		assert.ErrorIs(t, err, postgres.ErrClosed)
		assert.ErrorIs(t, err, reports.ErrUnavailable)
		assert.ErrorIs(t, s.Ready(t.Context()), reports.ErrUnavailable)
		assert.NoError(t, s.Close(), "closing twice is harmless")
	})
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestDatabaseGoesAwayAndComesBack stops the cluster under a running store:
// uploads fail with an error wrapping reports.ErrUnavailable, Ready says not
// ready, and once the cluster is back both work again with the same store.
func TestDatabaseGoesAwayAndComesBack(t *testing.T) {
	c := pgtest.Start(t)
	url := c.NewDatabase(t)
	s := open(t, url, postgres.Options{OpTimeout: 2 * time.Second})
	before := storetest.Rec("R-BFOR-0000-0000-0", "T", time.Now())
	require.NoError(t, s.Put(t.Context(), before))
	require.NoError(t, s.Ready(t.Context()))

	c.Stop(t)
	err := s.Put(t.Context(), storetest.Rec("R-DOWN-0000-0000-0", "T", time.Now()))
	require.Error(t, err)
	assert.ErrorIs(t, err, reports.ErrUnavailable, "%v", err)
	assert.NotContains(t, err.Error(), c.Password())
	err = s.Ready(t.Context())
	assert.ErrorIs(t, err, reports.ErrUnavailable)
	_, err = s.Get(t.Context(), before.ID)
	assert.ErrorIs(t, err, reports.ErrUnavailable)
	_, err = s.ListByTicket(t.Context(), "T", 5)
	assert.ErrorIs(t, err, reports.ErrUnavailable)
	_, err = s.PurgeBefore(t.Context(), time.Now())
	assert.ErrorIs(t, err, reports.ErrUnavailable)

	c.Resume(t)
	// The pool reconnects by itself; the first attempt may still meet a
	// connection from before the restart, so allow a few (bounded).
	var readyErr error
	for range 20 {
		if readyErr = s.Ready(t.Context()); readyErr == nil {
			break
		}
	}
	require.NoError(t, readyErr, "ready again without a restart")
	after := storetest.Rec("R-AFTR-0000-0000-0", "T", time.Now())
	require.NoError(t, s.Put(t.Context(), after))
	got, err := s.ListByTicket(t.Context(), "T", 5)
	require.NoError(t, err)
	require.Len(t, got, 2, "the report from before the outage and the one after; none from during it")
	assert.Equal(t, after.ID, got[0].ID)
}

// TestOpenRefusesBadTargets: a malformed URL and an unreachable database
// stop Open with a message that names the problem, never the password.
func TestOpenRefusesBadTargets(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedPort := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())

	tests := []struct{ name, url, want string }{
		{"not a URL", "host=db password=s3cret-pw", "must be a URL starting with postgres://"},
		{"wrong scheme", "mysql://u:s3cret-pw@db/x", "must be a URL starting with postgres://"},
		{"bad port", "postgres://u:s3cret-pw@db:port/x", "cannot parse the URL"},
		{"bad option", "postgres://u:s3cret-pw@db/x?sslmode=sometimes", "cannot parse the URL"},
		{"bad pool size", "postgres://u:s3cret-pw@db/x?pool_max_conns=0", "cannot parse the URL"},
		{"unreachable", "postgres://u:s3cret-pw@127.0.0.1:" + strconv.Itoa(closedPort) + "/x", "cannot reach postgres://u@127.0.0.1:" + strconv.Itoa(closedPort) + "/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := postgres.Open(t.Context(), tt.url, postgres.Options{Logger: discard})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "s3cret-pw")
			t.Log(err)
		})
	}
}

// TestErrorKinds: which failures are the request's, which mean "try again
// later" (reports.ErrUnavailable), and which are bugs.
func TestErrorKinds(t *testing.T) {
	pg := func(code, constraint string) error {
		return fmt.Errorf("exec: %w", &pgconn.PgError{Severity: "ERROR", Code: code, ConstraintName: constraint, Message: "m"})
	}
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	for _, tt := range []struct {
		name         string
		ctx          context.Context
		err          error
		dup, unavail bool
		canceled     bool
	}{
		{"taken id", t.Context(), pg("23505", "reports_pkey"), true, false, false},
		{"other unique", t.Context(), pg("23505", "something_else"), false, false, false},
		{"admin shutdown", t.Context(), pg("57P01", ""), false, true, false},
		{"cannot connect now", t.Context(), pg("57P03", ""), false, true, false},
		{"disk full", t.Context(), pg("53100", ""), false, true, false},
		{"too many connections", t.Context(), pg("53300", ""), false, true, false},
		{"read-only", t.Context(), pg("25006", ""), false, true, false},
		{"serialization", t.Context(), pg("40001", ""), false, true, false},
		{"I/O error", t.Context(), pg("58030", ""), false, true, false},
		{"no such table (a bug)", t.Context(), pg("42P01", ""), false, false, false},
		{"bad data (a bug)", t.Context(), pg("22P02", ""), false, false, false},
		{"no answer in time", t.Context(), fmt.Errorf("write: %w", context.DeadlineExceeded), false, true, false},
		{"network", t.Context(), &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, false, true, false},
		{"caller gave up", gone, pg("57014", ""), false, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := postgres.Classify(tt.ctx, 5*time.Second, tt.err)
			require.Error(t, err)
			assert.Equal(t, tt.dup, errors.Is(err, reports.ErrDuplicateID), "%v", err)
			assert.Equal(t, tt.unavail, errors.Is(err, reports.ErrUnavailable), "%v", err)
			assert.Equal(t, tt.canceled, errors.Is(err, context.Canceled), "%v", err)
		})
	}
}

func TestRedact(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"postgres://app:s3cret@db.internal:6432/reports?sslmode=require", "postgres://app@db.internal:6432/reports"},
		{"postgresql://app@[::1]/r", "postgres://app@[::1]:5432/r"},
		{"postgres://app:s3cret@/r?host=/run/postgresql", "postgres://app@/run/postgresql/r"},
		{"postgres://app:s3cret@a:5432,b:5433/r", "postgres://app@a:5432/r (+1 more hosts)"},
		{"postgres://app@h/r?password=s3cret", "postgres://app@h:5432/r"},
	} {
		cfg, err := postgres.ParseURL(tt.url)
		require.NoError(t, err, tt.url)
		assert.Equal(t, tt.want, postgres.Redact(cfg.ConnConfig.Config.Copy()), tt.url)
	}
}

func TestMigrationFiles(t *testing.T) {
	ms := postgres.Migrations()
	require.NotEmpty(t, ms)
	for i, name := range ms {
		assert.True(t, strings.HasPrefix(name, fmt.Sprintf("%04d_", i+1)), name)
	}
	_, err := postgres.LoadMigrations(fstestMap(map[string]string{"migrations/0001_a.sql": "", "migrations/0003_c.sql": ""}))
	assert.ErrorContains(t, err, "expected number 0002")
	_, err = postgres.LoadMigrations(fstestMap(map[string]string{"migrations/1_a.sql": ""}))
	assert.ErrorContains(t, err, "not named NNNN_name.sql")
}

func fstestMap(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

// testMigrationFillsFacets: reports stored before the facets existed get
// them from their JSON when the schema is brought up to date (see
// storetest.CheckMigratedFacets).
func testMigrationFillsFacets(t *testing.T, url string) {
	require.NoError(t, postgres.MigrateTo(t.Context(), url, 1))
	conn := connect(t, url)
	olds := storetest.OldReports(t, "../../../app/report/testdata/*.json.golden", time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC))
	for _, o := range olds {
		_, err := conn.Exec(t.Context(), `INSERT INTO reports (id, ticket, support_code, created_at, body) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, o.Ticket, o.SupportCode, o.CreatedAt, o.Body)
		require.NoError(t, err)
	}
	storetest.CheckMigratedFacets(t, open(t, url, postgres.Options{}), olds)
}
