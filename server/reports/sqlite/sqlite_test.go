package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
)

func open(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nested", "data", "reports.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, path
}

func rec(id, ticket string, at time.Time) reports.Record {
	return reports.Record{ID: id, Ticket: ticket, SupportCode: "W1-" + id, CreatedAt: at,
		JSON: []byte(fmt.Sprintf(`{"schema":1,"id":%q}`, id))}
}

func TestOpenCreatesDirectoryAndDurableSettings(t *testing.T) {
	s, path := open(t)
	_, err := os.Stat(path)
	require.NoError(t, err, "database file created along with its directories")
	assert.Equal(t, path, s.Path())

	// Check the settings as a second, independent connection sees them.
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	var mode string
	require.NoError(t, db.QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", mode)
	var version int
	require.NoError(t, db.QueryRow("PRAGMA user_version").Scan(&version))
	assert.Equal(t, len(sqlite.Migrations), version)
}

func TestPutGetRoundTrip(t *testing.T) {
	s, _ := open(t)
	ctx := t.Context()
	at := time.Date(2026, 5, 4, 3, 2, 1, 123e6, time.UTC)
	r := rec("R-AAAA-BBBB-CCCC-D", "T-1", at)
	require.NoError(t, s.Put(ctx, r))

	got, err := s.Get(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got)

	_, err = s.Get(ctx, "R-0000-0000-0000-0")
	assert.ErrorIs(t, err, reports.ErrNotFound)

	err = s.Put(ctx, rec(r.ID, "other", at))
	assert.ErrorIs(t, err, reports.ErrDuplicateID)
	got, err = s.Get(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, "T-1", got.Ticket, "a duplicate put does not overwrite")
}

func TestListByTicket(t *testing.T) {
	s, _ := open(t)
	ctx := t.Context()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		require.NoError(t, s.Put(ctx, rec(fmt.Sprintf("R-%04d-0000-0000-0", i), "T-42", base.Add(time.Duration(i)*time.Minute))))
	}
	require.NoError(t, s.Put(ctx, rec("R-9999-0000-0000-0", "T-7", base)))
	require.NoError(t, s.Put(ctx, rec("R-8888-0000-0000-0", "", base)))

	got, err := s.ListByTicket(ctx, "T-42", 3)
	require.NoError(t, err)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"R-0004-0000-0000-0", "R-0003-0000-0000-0", "R-0002-0000-0000-0"}, ids, "newest first, limited")

	got, err = s.ListByTicket(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, got, "reports without a ticket are never listed together")

	got, err = s.ListByTicket(ctx, "T-none", 10)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestReopenKeepsReports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	r := rec("R-AAAA-BBBB-CCCC-D", "", time.UnixMilli(1700000000000).UTC())
	require.NoError(t, s.Put(t.Context(), r))
	require.NoError(t, s.Close())

	s, err = sqlite.Open(t.Context(), path) // migrations are idempotent
	require.NoError(t, err)
	defer s.Close()
	got, err := s.Get(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got)
}

func TestConcurrentPuts(t *testing.T) {
	s, _ := open(t)
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 250)
	ids := make(chan string, 200)
	for range 8 {
		wg.Go(func() {
			for range 25 {
				id := reports.NewID()
				err := s.Put(ctx, rec(id, "T", time.Now()))
				errs <- err
				if err == nil {
					ids <- id
				}
			}
		})
	}
	// Readers run alongside the writer.
	wg.Go(func() {
		for range 50 {
			_, err := s.ListByTicket(ctx, "T", 5)
			errs <- err
		}
	})
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		require.NoError(t, err)
	}
	n := 0
	for id := range ids {
		_, err := s.Get(ctx, id)
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 200, n)
}

// TestRetention stores reports at different ages and runs the purger on
// the synctest bubble's clock: a report is gone exactly once it is older
// than the retention.
func TestRetention(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _ := open(t)
		ctx := t.Context()
		start := time.Now()
		const day = 24 * time.Hour

		old := rec("R-0000-0000-0000-1", "T", start.Add(-31*day))
		edge := rec("R-0000-0000-0000-2", "T", start.Add(-30*day).Add(time.Hour))
		fresh := rec("R-0000-0000-0000-3", "T", start.Add(-time.Hour))
		for _, r := range []reports.Record{old, edge, fresh} {
			require.NoError(t, s.Put(ctx, r))
		}
		var purged []int
		p := &reports.Purger{Logger: discard, Store: s, Retention: 30 * day, Interval: time.Hour,
			OnPurge: func(n int, err error) { assert.NoError(t, err); purged = append(purged, n) }}
		runCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		go p.Run(runCtx)
		exists := func(r reports.Record) bool {
			_, err := s.Get(ctx, r.ID)
			if err != nil {
				require.ErrorIs(t, err, reports.ErrNotFound)
			}
			return err == nil
		}

		synctest.Wait()
		assert.Equal(t, []int{1}, purged, "the purge at start removes the 31-day-old report")
		assert.False(t, exists(old))
		assert.True(t, exists(edge))
		assert.True(t, exists(fresh))

		time.Sleep(time.Hour) // edge is now exactly 30 days old: kept
		synctest.Wait()
		assert.Equal(t, []int{1, 0}, purged)
		assert.True(t, exists(edge))

		time.Sleep(time.Hour) // edge is 30 days + 1 h old: purged
		synctest.Wait()
		assert.Equal(t, []int{1, 0, 1}, purged)
		assert.False(t, exists(edge))
		assert.True(t, exists(fresh))
	})
}

var discard = slog.New(slog.DiscardHandler)

func TestPutEdgeCases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	at := time.Unix(1_800_000_000, 0).UTC()

	// Concurrent puts of one id: exactly one wins, whether or not they share a batch.
	var wg sync.WaitGroup
	results := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() { results <- s.Put(t.Context(), rec("R-DUPE-0000-0000-0", fmt.Sprint(i), at)) })
	}
	wg.Wait()
	close(results)
	ok, dup := 0, 0
	for err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, reports.ErrDuplicateID):
			dup++
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	assert.Equal(t, 1, ok)
	assert.Equal(t, 15, dup)

	// A put whose request is already gone is not stored.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, s.Put(ctx, rec("R-GONE-0000-0000-0", "", at)), context.Canceled)
	_, err = s.Get(t.Context(), "R-GONE-0000-0000-0")
	assert.ErrorIs(t, err, reports.ErrNotFound)

	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.Put(t.Context(), rec("R-LATE-0000-0000-0", "", at)), sqlite.ErrClosed)
	assert.NoError(t, s.Close(), "closing twice is harmless")
}

// TestMigrationKeepsReports: a database written by the first schema opens
// under the current one with its reports intact (their tickets unverified),
// and a verified ticket round-trips.
func TestMigrationKeepsReports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(sqlite.Migrations[0] + `PRAGMA user_version = 1;
		INSERT INTO reports (id, ticket, support_code, created_ms, body) VALUES ('R-OLD', 'T-1', 'C', 1, CAST('{}' AS BLOB));`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	old, err := s.Get(t.Context(), "R-OLD")
	require.NoError(t, err)
	assert.Equal(t, "T-1", old.Ticket)
	assert.False(t, old.TicketVerified)

	require.NoError(t, s.Put(t.Context(), reports.Record{ID: "R-NEW", Ticket: "T-1", TicketVerified: true, CreatedAt: time.Now(), JSON: []byte(`{}`)}))
	got, err := s.ListByTicket(t.Context(), "T-1", 10)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.True(t, got[0].TicketVerified, "newest first: the verified one")
	assert.False(t, got[1].TicketVerified)
}
