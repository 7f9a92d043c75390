package sqlite_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/reports/storetest"
)

func open(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nested", "data", "reports.db")
	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, path
}

var rec = storetest.Rec

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

// TestContract runs the store contract (server/reports/storetest) on SQLite.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) reports.Store {
		s, _ := open(t)
		return s
	})
}

func TestPutAfterClose(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.Put(t.Context(), rec("R-LATE-0000-0000-0", "", time.Unix(1_800_000_000, 0))), sqlite.ErrClosed)
	assert.ErrorIs(t, s.Ready(t.Context()), reports.ErrUnavailable)
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

// TestWritesReachTheDatabaseFileInTheBackground: the log is copied back
// into the database file by the store's checkpointer, soon after the
// writes, not only once it reaches BackstopCheckpointPages (the commit that
// fills it would otherwise do it while every upload waits).
func TestWritesReachTheDatabaseFileInTheBackground(t *testing.T) {
	s, path := open(t)
	at := time.UnixMilli(1_750_000_000_000).UTC()
	for i := range 200 {
		r := rec(fmt.Sprintf("R-CKPT-%04d-0000-0", i), "", at.Add(time.Duration(i)*time.Second))
		require.NoError(t, s.Put(t.Context(), r))
	}
	// A second connection sees the database through the log; the file
	// alone holds all of it once the log was copied back. 200 uploads
	// are ~2,500 pages of log, far below the backstop: only the
	// checkpointer copies them.
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var pages, pageSize int64
	require.NoError(t, db.QueryRow("PRAGMA page_count").Scan(&pages))
	require.NoError(t, db.QueryRow("PRAGMA page_size").Scan(&pageSize))
	require.Greater(t, pages, int64(10))
	inFile := func() int64 {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		return fi.Size() / pageSize
	}
	require.Eventually(t, func() bool { return inFile() >= pages }, 10*time.Second, 20*time.Millisecond,
		"the database's %d pages reach its file (%d were there when it began)", pages, inFile())
}
