package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/reports/storetest"
)

// TestQueries runs the shared contract of List and Stats on SQLite.
func TestQueries(t *testing.T) {
	storetest.RunQueries(t, func(t *testing.T) reports.Store {
		s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "reports.db"))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestPutAll bulk-loads synthetic reports (as make bench does): each is a
// valid report with the facets its body gives, and the store lists and
// counts them as if they had been put one by one. A duplicate id stores
// none of the load.
func TestPutAll(t *testing.T) {
	s, _ := open(t)
	end := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	n, err := s.PutAll(t.Context(), storetest.Synthetic(1, 500, end, 48*time.Hour))
	require.NoError(t, err)
	require.Equal(t, 500, n)

	for r := range storetest.Synthetic(1, 500, end, 48*time.Hour) {
		rep, err := report.Parse(r.JSON)
		require.NoError(t, err, r.ID)
		assert.Equal(t, reports.FacetsOf(rep), r.Facets)
		assert.Equal(t, report.EncodeSupportCode(rep), r.SupportCode)
		id, err := reports.ParseID(r.ID)
		require.NoError(t, err)
		assert.Equal(t, r.ID, id)
		got, err := s.Get(t.Context(), r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	page, err := s.List(t.Context(), reports.Query{Limit: 1000})
	require.NoError(t, err)
	assert.Len(t, page, 500)
	st, err := s.Stats(t.Context(), end.Add(-48*time.Hour), end, 48*time.Hour)
	require.NoError(t, err)
	assert.Equal(t, 500, st[0].Total)

	stored, err := s.Get(t.Context(), page[0].ID)
	require.NoError(t, err)
	_, err = s.PutAll(t.Context(), func(yield func(reports.Record) bool) {
		for r := range storetest.Synthetic(2, 10, end.Add(time.Hour), time.Hour) {
			if !yield(r) {
				return
			}
		}
		yield(stored) // already stored
	})
	require.ErrorIs(t, err, reports.ErrDuplicateID)
	page, err = s.List(t.Context(), reports.Query{Limit: 1000})
	require.NoError(t, err)
	assert.Len(t, page, 500, "a failed load stores nothing")
}
