package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

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
