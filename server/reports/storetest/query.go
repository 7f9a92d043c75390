package storetest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/server/reports"
)

// RunQueries runs the contract of Store.List, Store.Stats and their
// agreement with Put and PurgeBefore against the stores open returns: each
// call must give a new, empty store that is closed when its test ends.
// Every answer is compared with the same question asked of the records in
// memory.
func RunQueries(t *testing.T, open func(t *testing.T) reports.Store) {
	runEach(t, open, []contractTest{
		{"ListPagesInOrder", testListPages},
		{"ListFilters", testListFilters},
		{"ListFacetsRoundTrip", testListFacets},
		{"StatsBuckets", testStats},
		{"StatsRange", testStatsRange},
		{"PurgeKeepsListsAndCountsTrue", testPurgeQueries},
		{"DuplicatePutCountsOnce", testDuplicateCounts},
	})
}

// queryBase is where the generated records start: a whole hour, so that
// the hour buckets of the tests are the store's hours.
var queryBase = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// Sample returns n records spread over the given span after queryBase, with
// facets drawn (deterministically, from seed) from a few findings, systems,
// apps, tickets and support codes, some sharing a millisecond, some with
// no finding or no known clock.
func Sample(seed uint64, n int, span time.Duration) []reports.Record {
	rng := rand.New(rand.NewPCG(seed, 7))
	findings := []diagnosis.FindingID{diagnosis.FindingWPSBlocked, diagnosis.FindingClockSkew,
		diagnosis.FindingNetworkSlow, diagnosis.FindingInAppBrowser, diagnosis.FindingNoIssueFound}
	oses := []diagnosis.OS{diagnosis.OSWindows, diagnosis.OSAndroid, diagnosis.OSIOS, diagnosis.OSUnknown}
	apps := []diagnosis.InApp{diagnosis.InAppNone, diagnosis.InAppNone, diagnosis.InAppWeChat, diagnosis.InAppDingTalk}
	out := make([]reports.Record, n)
	var at time.Time
	for i := range out {
		if i == 0 || rng.IntN(5) > 0 { // one in five shares the previous record's millisecond
			at = queryBase.Add(time.Duration(rng.Int64N(int64(span/time.Millisecond))) * time.Millisecond)
		}
		f := reports.Facets{OS: oses[rng.IntN(len(oses))], Browser: diagnosis.BrowserChrome,
			InApp: apps[rng.IntN(len(apps))]}
		for _, k := range rng.Perm(len(findings))[:rng.IntN(4)] {
			f.Findings = append(f.Findings, findings[k])
		}
		if rng.IntN(3) > 0 {
			f.ClockKnown, f.ClockOffsetMS = true, rng.Int64N(400_000)-200_000
		}
		ticket := ""
		if k := rng.IntN(6); k < 3 {
			ticket = fmt.Sprintf("T-%d", k)
		}
		out[i] = reports.Record{ID: fmt.Sprintf("R-%04d-%04X-0000-0", i, rng.IntN(1<<16)), Ticket: ticket,
			TicketVerified: ticket != "" && rng.IntN(2) == 0, SupportCode: fmt.Sprintf("CODE-%d", rng.IntN(4)),
			CreatedAt: at, JSON: []byte(`{"schema":1}`), Facets: f}
	}
	return out
}

func putAll(t *testing.T, s reports.Store, recs []reports.Record) {
	t.Helper()
	for _, r := range recs {
		require.NoError(t, s.Put(t.Context(), r))
	}
}

// newestFirst sorts records in List's order.
func newestFirst(recs []reports.Record) {
	slices.SortFunc(recs, func(a, b reports.Record) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
}

// matches is Query's meaning, asked of one record in memory.
func matches(q reports.Query, r reports.Record) bool {
	f := r.Facets
	switch {
	case !q.Since.IsZero() && r.CreatedAt.Before(q.Since),
		!q.Until.IsZero() && !r.CreatedAt.Before(q.Until),
		q.TopFinding != "" && f.Top() != q.TopFinding,
		q.AnyFinding != "" && !slices.Contains(f.Findings, q.AnyFinding),
		q.OS != "" && f.OS != q.OS,
		q.InApp != "" && f.InApp != q.InApp,
		q.Ticket != "" && r.Ticket != q.Ticket,
		q.SupportCode != "" && r.SupportCode != q.SupportCode:
		return false
	}
	return true
}

// listed is what List must return for recs: the matching records in order,
// without their JSON, times in UTC to the millisecond.
func listed(q reports.Query, recs []reports.Record) []reports.Record {
	var out []reports.Record
	for _, r := range recs {
		if matches(q, r) {
			r.JSON = nil
			r.CreatedAt = r.CreatedAt.Truncate(time.Millisecond).UTC()
			out = append(out, r)
		}
	}
	newestFirst(out)
	return out
}

// listAll pages through List with q (its Limit the page size) and returns
// every record it gave.
func listAll(t *testing.T, s reports.Store, q reports.Query) []reports.Record {
	t.Helper()
	var all []reports.Record
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10_000, "List never ended")
		page, err := s.List(t.Context(), q)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), q.Limit)
		all = append(all, page...)
		if len(page) < q.Limit {
			return all
		}
		k := reports.KeyOf(page[len(page)-1])
		q.After = &k
	}
}

func testListPages(t *testing.T, s reports.Store) {
	recs := Sample(1, 120, 6*time.Hour)
	putAll(t, s, recs)
	want := listed(reports.Query{}, recs)
	for _, size := range []int{1, 7, 50, 500} {
		got := listAll(t, s, reports.Query{Limit: size})
		assert.Equal(t, want, got, "pages of %d: every report once, newest first (ties by id, descending)", size)
	}
	got, err := s.List(t.Context(), reports.Query{Limit: 0})
	require.NoError(t, err)
	assert.Empty(t, got, "a zero limit lists nothing")

	// A cursor past the oldest report ends the list.
	last := reports.KeyOf(want[len(want)-1])
	got, err = s.List(t.Context(), reports.Query{Limit: 10, After: &last})
	require.NoError(t, err)
	assert.Empty(t, got)
}

func testListFilters(t *testing.T, s reports.Store) {
	recs := Sample(2, 300, 48*time.Hour)
	putAll(t, s, recs)
	at := func(h int) time.Time { return queryBase.Add(time.Duration(h) * time.Hour) }
	// A report's own time as a bound: Since includes it, Until excludes it.
	edge := recs[17].CreatedAt
	queries := map[string]reports.Query{
		"since":                   {Since: at(30)},
		"until":                   {Until: at(5)},
		"since-until":             {Since: at(10), Until: at(11)},
		"bounds at a report":      {Since: edge, Until: edge.Add(time.Millisecond)},
		"until excludes":          {Until: edge, Since: edge.Add(-time.Hour)},
		"top finding":             {TopFinding: diagnosis.FindingClockSkew},
		"any finding":             {AnyFinding: diagnosis.FindingClockSkew},
		"any finding, since":      {AnyFinding: diagnosis.FindingWPSBlocked, Since: at(24), Until: at(36)},
		"any finding and top":     {AnyFinding: diagnosis.FindingNetworkSlow, TopFinding: diagnosis.FindingWPSBlocked},
		"any finding, os":         {AnyFinding: diagnosis.FindingWPSBlocked, OS: diagnosis.OSAndroid},
		"any finding, app, since": {AnyFinding: diagnosis.FindingClockSkew, InApp: diagnosis.InAppWeChat, Since: at(10)},
		"any finding, os and app": {AnyFinding: diagnosis.FindingNetworkSlow, OS: diagnosis.OSWindows, InApp: diagnosis.InAppNone},
		"os":                      {OS: diagnosis.OSAndroid},
		"os unknown":              {OS: diagnosis.OSUnknown},
		"in-app":                  {InApp: diagnosis.InAppWeChat},
		"not in an app":           {InApp: diagnosis.InAppNone},
		"ticket":                  {Ticket: "T-1"},
		"support code":            {SupportCode: "CODE-2"},
		"everything":              {Since: at(2), Until: at(40), TopFinding: diagnosis.FindingWPSBlocked, OS: diagnosis.OSWindows, InApp: diagnosis.InAppNone, Ticket: "T-0", SupportCode: "CODE-1"},
		"nothing matches":         {Ticket: "T-none"},
		"unknown finding matches": {AnyFinding: diagnosis.FindingAccountLocked},
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			want := listed(q, recs)
			for _, size := range []int{3, 500} {
				q.Limit = size
				got := listAll(t, s, q)
				if len(want) == 0 {
					assert.Empty(t, got)
					continue
				}
				assert.Equal(t, want, got, "pages of %d", size)
			}
		})
	}
	assert.NotEmpty(t, listed(queries["any finding, since"], recs), "the sample exercises the findings index")
	assert.NotEmpty(t, listed(queries["bounds at a report"], recs))
	assert.NotEmpty(t, listed(queries["any finding, app, since"], recs), "the sample exercises the findings' app index")
}

func testListFacets(t *testing.T, s reports.Store) {
	at := time.Date(2026, 5, 4, 3, 2, 1, 123e6, time.UTC)
	r := reports.Record{ID: "R-FACE-0000-0000-0", Ticket: "T-9", TicketVerified: true, SupportCode: "ABCD-EFGH-JKMN-PQRS-T",
		CreatedAt: at, JSON: []byte(`{"schema":1}`), Facets: reports.Facets{
			Findings: []diagnosis.FindingID{diagnosis.FindingTimezoneWrong, diagnosis.FindingClockSkew},
			OS:       diagnosis.OSHarmonyOS, Browser: diagnosis.BrowserHuawei, InApp: diagnosis.InAppWeChat,
			ClockKnown: true, ClockOffsetMS: -28_800_123}}
	bare := reports.Record{ID: "R-BARE-0000-0000-0", CreatedAt: at.Add(-time.Second), JSON: []byte(`{}`)}
	zero := reports.Record{ID: "R-ZERO-0000-0000-0", CreatedAt: at.Add(-2 * time.Second), JSON: []byte(`{}`),
		Facets: reports.Facets{ClockKnown: true}} // a clock exactly right is not an unknown clock
	putAll(t, s, []reports.Record{r, bare, zero})

	got, err := s.Get(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got, "Get returns the facets")
	got, err = s.Get(t.Context(), bare.ID)
	require.NoError(t, err)
	assert.Equal(t, bare, got, "a record without facets comes back without")

	page, err := s.List(t.Context(), reports.Query{Limit: 10})
	require.NoError(t, err)
	require.Len(t, page, 3)
	r.JSON, bare.JSON, zero.JSON = nil, nil, nil
	assert.Equal(t, []reports.Record{r, bare, zero}, page, "List returns the facets and no body")
}

// counted is what Stats must say about recs.
func counted(recs []reports.Record, since, until time.Time, step time.Duration) []reports.Bucket {
	out := reports.NewBuckets(since, until, step)
	for _, r := range recs {
		if !r.CreatedAt.Before(since) && r.CreatedAt.Before(until) {
			reports.AddCount(out, step, r.CreatedAt.UnixMilli(), r.Facets.Top(), r.Facets.OS, 1)
		}
	}
	return out
}

func testStats(t *testing.T, s reports.Store) {
	recs := Sample(3, 400, 72*time.Hour)
	putAll(t, s, recs)
	total := 0
	for _, c := range []struct {
		name         string
		since, until time.Time
		step         time.Duration
	}{
		{"hours", queryBase, queryBase.Add(24 * time.Hour), time.Hour},
		{"hours before and after the reports", queryBase.Add(-5 * time.Hour), queryBase.Add(80 * time.Hour), time.Hour},
		{"days", queryBase, queryBase.Add(72 * time.Hour), 24 * time.Hour},
		{"days from 16:00 UTC (midnight in China)", queryBase.Add(-8 * time.Hour), queryBase.Add(88 * time.Hour), 24 * time.Hour},
		{"one bucket", queryBase.Add(-time.Hour), queryBase.Add(73 * time.Hour), 74 * time.Hour},
		{"nothing in range", queryBase.Add(-48 * time.Hour), queryBase, 6 * time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Stats(t.Context(), c.since, c.until, c.step)
			require.NoError(t, err)
			want := counted(recs, c.since, c.until, c.step)
			require.Len(t, got, len(want), "one bucket per step, empty ones too")
			for i := range want {
				assert.Equal(t, want[i].Start, got[i].Start, "bucket %d start", i)
				assert.Equal(t, want[i].Total, got[i].Total, "bucket %d total", i)
				assert.Equal(t, nonZero(want[i].ByTopFinding), nonZero(got[i].ByTopFinding), "bucket %d by top finding", i)
				assert.Equal(t, nonZero(want[i].ByOS), nonZero(got[i].ByOS), "bucket %d by OS", i)
				if c.name == "one bucket" {
					total += got[i].Total
				}
			}
		})
	}
	assert.Equal(t, len(recs), total, "every report is counted once")
}

// nonZero drops zero counts (a store may or may not name them).
func nonZero[K comparable](m map[K]int) map[K]int {
	out := map[K]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func testStatsRange(t *testing.T, s reports.Store) {
	h := queryBase
	for name, c := range map[string]struct {
		since, until time.Time
		step         time.Duration
	}{
		"since not on the hour":     {h.Add(time.Minute), h.Add(2 * time.Hour), time.Hour},
		"until not on the hour":     {h, h.Add(2*time.Hour + time.Second), time.Hour},
		"step not whole hours":      {h, h.Add(2 * time.Hour), 90 * time.Minute},
		"step does not divide":      {h, h.Add(5 * time.Hour), 2 * time.Hour},
		"empty range":               {h, h, time.Hour},
		"until before since":        {h.Add(time.Hour), h, time.Hour},
		"zero step":                 {h, h.Add(time.Hour), 0},
		"sub-millisecond not whole": {h.Add(time.Nanosecond), h.Add(time.Hour), time.Hour},
	} {
		_, err := s.Stats(t.Context(), c.since, c.until, c.step)
		assert.ErrorIs(t, err, reports.ErrBadStatsRange, name)
	}
}

func testPurgeQueries(t *testing.T, s reports.Store) {
	recs := Sample(4, 200, 10*time.Hour)
	putAll(t, s, recs)
	// Cut in the middle of an hour: the counts of that hour must follow.
	cut := queryBase.Add(4*time.Hour + 23*time.Minute + 17*time.Second)
	n, err := s.PurgeBefore(t.Context(), cut)
	require.NoError(t, err)
	var kept []reports.Record
	for _, r := range recs {
		if !r.CreatedAt.Before(cut) {
			kept = append(kept, r)
		}
	}
	assert.Equal(t, len(recs)-len(kept), n)

	assert.Equal(t, listed(reports.Query{}, kept), listAll(t, s, reports.Query{Limit: 500}))
	q := reports.Query{AnyFinding: diagnosis.FindingWPSBlocked, Limit: 500}
	assert.Equal(t, listed(q, kept), listAll(t, s, q), "the findings index forgets purged reports")
	since, until := queryBase, queryBase.Add(12*time.Hour)
	got, err := s.Stats(t.Context(), since, until, time.Hour)
	require.NoError(t, err)
	want := counted(kept, since, until, time.Hour)
	for i := range want {
		assert.Equal(t, want[i].Total, got[i].Total, "hour %d after the purge", i)
		assert.Equal(t, nonZero(want[i].ByTopFinding), nonZero(got[i].ByTopFinding), "hour %d by top finding", i)
		assert.Equal(t, nonZero(want[i].ByOS), nonZero(got[i].ByOS), "hour %d by OS", i)
	}
	assert.NotZero(t, want[4].Total, "the sample has reports left in the hour that was cut")

	// Reports put after a purge are counted as before.
	late := Sample(5, 20, time.Hour)
	for i := range late {
		late[i].ID = "L" + late[i].ID[1:]
		late[i].CreatedAt = late[i].CreatedAt.Add(4 * time.Hour)
	}
	putAll(t, s, late)
	kept = append(kept, late...)
	got, err = s.Stats(t.Context(), since, until, time.Hour)
	require.NoError(t, err)
	want = counted(kept, since, until, time.Hour)
	for i := range want {
		assert.Equal(t, want[i].Total, got[i].Total, "hour %d after new reports", i)
	}
}

func testDuplicateCounts(t *testing.T, s reports.Store) {
	r := Sample(6, 1, time.Hour)[0]
	r.Facets.Findings = []diagnosis.FindingID{diagnosis.FindingClockSkew}
	require.NoError(t, s.Put(t.Context(), r))
	dup := r
	dup.Facets.Findings = []diagnosis.FindingID{diagnosis.FindingWPSBlocked}
	require.ErrorIs(t, s.Put(t.Context(), dup), reports.ErrDuplicateID)

	got, err := s.Stats(t.Context(), queryBase, queryBase.Add(time.Hour), time.Hour)
	require.NoError(t, err)
	assert.Equal(t, 1, got[0].Total)
	assert.Equal(t, map[diagnosis.FindingID]int{diagnosis.FindingClockSkew: 1}, nonZero(got[0].ByTopFinding))
	page, err := s.List(t.Context(), reports.Query{AnyFinding: diagnosis.FindingWPSBlocked, Limit: 10})
	require.NoError(t, err)
	assert.Empty(t, page, "a refused put leaves nothing in the findings index")
}
