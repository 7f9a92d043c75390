package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
)

// TestMigrationFillsFacets: reports stored before the facets existed get
// them from their JSON when the schema is brought up to date, the same as
// FacetsOf gives an upload today; they are then listed, searched by any
// finding and counted. A body that is not a report keeps empty facets.
func TestMigrationFillsFacets(t *testing.T) {
	golden, err := filepath.Glob("../../../app/report/testdata/*.json.golden")
	require.NoError(t, err)
	require.NotEmpty(t, golden)

	path := filepath.Join(t.TempDir(), "reports.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(sqlite.Migrations[0] + sqlite.Migrations[1] + `PRAGMA user_version = 2;`)
	require.NoError(t, err)
	base := time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC)
	want := map[string]reports.Facets{}
	var bodies []report.Report
	for i, p := range golden {
		body, err := os.ReadFile(p)
		require.NoError(t, err)
		rep, err := report.Parse(body)
		require.NoError(t, err, p)
		id := "R-OLD" + string(rune('A'+i)) + "-0000-0000-0"
		want[id] = reports.FacetsOf(rep)
		bodies = append(bodies, rep)
		_, err = db.Exec(`INSERT INTO reports (id, ticket, ticket_verified, support_code, created_ms, body) VALUES (?, ?, 0, ?, ?, ?)`,
			id, rep.Ticket, report.EncodeSupportCode(rep), base.Add(time.Duration(i)*time.Minute).UnixMilli(), body)
		require.NoError(t, err)
	}
	for _, junk := range []string{"not json", "{}", `{"findings": 7, "platform": {"os": 1}}`, `{"clock": {"source": "time_api", "offset_ms": "7"}}`} {
		id := "R-JUNK-" + string(rune('A'+len(want))) + "000-0000-0"
		want[id] = reports.Facets{}
		_, err = db.Exec(`INSERT INTO reports (id, created_ms, body) VALUES (?, ?, CAST(? AS BLOB))`, id, base.UnixMilli(), junk)
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	s, err := sqlite.Open(t.Context(), path)
	require.NoError(t, err)
	defer s.Close()
	for id, f := range want {
		got, err := s.Get(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, f, got.Facets, id)
	}
	page, err := s.List(t.Context(), reports.Query{Limit: 100})
	require.NoError(t, err)
	assert.Len(t, page, len(want))

	// Every finding of every old report is in the findings index.
	for _, rep := range bodies {
		for _, f := range rep.Findings {
			page, err := s.List(t.Context(), reports.Query{AnyFinding: f, Limit: 100})
			require.NoError(t, err)
			assert.True(t, slices.ContainsFunc(page, func(r reports.Record) bool { return slices.Contains(r.Facets.Findings, f) }), f)
		}
	}
	hour := base.Truncate(time.Hour)
	stats, err := s.Stats(t.Context(), hour, hour.Add(time.Hour), time.Hour)
	require.NoError(t, err)
	assert.Equal(t, len(want), stats[0].Total, "the old reports are counted")
	top := map[string]int{}
	for _, f := range want {
		top[string(f.Top())]++
	}
	for id, n := range stats[0].ByTopFinding {
		assert.Equal(t, top[string(id)], n, "top finding %q", id)
	}
}
