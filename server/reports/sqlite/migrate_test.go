package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"
	"wpscheck/server/reports/storetest"

	"github.com/stretchr/testify/require"

	"wpscheck/server/reports/sqlite"
)

// TestMigrationFillsFacets: reports stored before the facets existed get
// them from their JSON when the schema is brought up to date, the same as
// FacetsOf gives an upload today; they are then listed, searched by any
// finding and counted. A body that is not a report keeps empty facets.
func TestMigrationFillsFacets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(sqlite.Migrations[0] + sqlite.Migrations[1] + `PRAGMA user_version = 2;`)
	require.NoError(t, err)
	olds := storetest.OldReports(t, "../../../app/report/testdata/*.json.golden", time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC))
	for _, o := range olds {
		_, err = db.Exec(`INSERT INTO reports (id, ticket, ticket_verified, support_code, created_ms, body) VALUES (?, ?, 0, ?, ?, ?)`,
			o.ID, o.Ticket, o.SupportCode, o.CreatedAt.UnixMilli(), o.Body)
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	storetest.CheckMigratedFacets(t, s, olds)
}
