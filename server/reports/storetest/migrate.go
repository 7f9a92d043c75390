package storetest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/report"
	"wpscheck/server/reports"
)

// OldReport is a report as a store kept it before facets existed, with the
// facets a migration must give it.
type OldReport struct {
	ID, Ticket, SupportCode string
	CreatedAt               time.Time
	Body                    []byte
	Want                    reports.Facets
}

// OldReports returns the golden reports of testdataGlob (e.g.
// app/report/testdata/*.json.golden), a minute apart from base, followed by
// bodies that are not reports (not JSON, not UTF-8, facets of the wrong
// type), which must keep empty facets.
func OldReports(t *testing.T, testdataGlob string, base time.Time) []OldReport {
	t.Helper()
	golden, err := filepath.Glob(testdataGlob)
	require.NoError(t, err)
	require.NotEmpty(t, golden)
	var out []OldReport
	for i, p := range golden {
		body, err := os.ReadFile(p)
		require.NoError(t, err)
		rep, err := report.Parse(body)
		require.NoError(t, err, p)
		out = append(out, OldReport{ID: "R-OLD" + string(rune('A'+i)) + "-0000-0000-0", Ticket: rep.Ticket,
			SupportCode: report.EncodeSupportCode(rep), CreatedAt: base.Add(time.Duration(i) * time.Minute),
			Body: body, Want: reports.FacetsOf(rep)})
	}
	for _, junk := range []string{"not json", "{}", `{"findings": 7, "platform": {"os": 1}}`,
		`{"clock": {"source": "time_api", "offset_ms": "7"}}`, "\xff\xfe"} {
		out = append(out, OldReport{ID: "R-JUNK-" + string(rune('A'+len(out))) + "000-0000-0", CreatedAt: base, Body: []byte(junk)})
	}
	return out
}

// CheckMigratedFacets checks a store opened on the olds after its
// migration: each has the facets FacetsOf gives (none for a body that is
// not a report); they are listed, found by any of their findings, and
// counted in their hour.
func CheckMigratedFacets(t *testing.T, s reports.Store, olds []OldReport) {
	t.Helper()
	for _, o := range olds {
		got, err := s.Get(t.Context(), o.ID)
		require.NoError(t, err)
		assert.Equal(t, o.Want, got.Facets, o.ID)
	}
	page, err := s.List(t.Context(), reports.Query{Limit: 100})
	require.NoError(t, err)
	assert.Len(t, page, len(olds))
	for _, o := range olds {
		for _, f := range o.Want.Findings {
			page, err := s.List(t.Context(), reports.Query{AnyFinding: f, Limit: 100})
			require.NoError(t, err)
			assert.True(t, slices.ContainsFunc(page, func(r reports.Record) bool { return r.ID == o.ID }), "%s has %s", o.ID, f)
		}
	}
	hour := olds[0].CreatedAt.Truncate(time.Hour)
	stats, err := s.Stats(t.Context(), hour, hour.Add(time.Hour), time.Hour)
	require.NoError(t, err)
	assert.Equal(t, len(olds), stats[0].Total, "the old reports are counted")
	top := map[diagnosis.FindingID]int{}
	for _, o := range olds {
		top[o.Want.Top()]++
	}
	assert.Equal(t, nonZero(top), nonZero(stats[0].ByTopFinding))
}
