package sqlite_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/reports/storetest"
)

// TestDeliveriesUseIndexes: every listing of deliveries an agent can ask
// for is found through an index, never by reading the whole outbox, so it
// stays quick with a retention's worth of deliveries; all but the pending
// ones come newest first from the index itself (the pending ones, only
// what waits to be sent, are sorted).
func TestDeliveriesUseIndexes(t *testing.T) {
	s, path := open(t)
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 50 {
		r := storetest.WithDelivery(rec(fmt.Sprintf("R-%04d-PLAN-0000-0", i), "", t0.Add(time.Duration(i)*time.Second)), fmt.Sprintf("D-%d", i))
		require.NoError(t, s.Put(t.Context(), r))
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()

	for _, f := range []reports.DeliveryFilter{
		{Limit: 20},
		{State: reports.DeliveryDead, Limit: 20},
		{State: reports.DeliveryDelivered, Limit: 20},
		{State: reports.DeliveryPending, Limit: 20},
		{ReportID: "R-0007-PLAN-0000-0", Limit: 20},
		{ReportID: "R-0007-PLAN-0000-0", State: reports.DeliveryDead, Limit: 20},
	} {
		q, args, err := sqlite.DeliveriesQuery(f)
		require.NoError(t, err)
		rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		require.NoError(t, rows.Err())
		for _, step := range plan {
			assert.NotEqual(t, "SCAN webhook_outbox", step, "%+v reads the whole outbox: %q", f, plan)
			if f.State != reports.DeliveryPending {
				assert.NotEqual(t, "USE TEMP B-TREE FOR ORDER BY", step, "%+v sorts what it found: %q", f, plan)
			}
		}
		assert.True(t, strings.Contains(strings.Join(plan, "\n"), "USING INDEX"), "%+v: %q", f, plan)
	}

	ds, err := s.Deliveries(t.Context(), reports.DeliveryFilter{ReportID: "R-0007-PLAN-0000-0", Limit: 20})
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, "D-7", ds[0].ID)
}
