// Package storetest is the contract every reports.Store adapter must meet,
// as one test suite that each adapter's tests run against a real engine:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) reports.Store { return openEmptyStore(t) })
//	}
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
)

// Run runs the contract against the stores open returns: each call must
// give a new, empty store that is closed when its test ends.
func Run(t *testing.T, open func(t *testing.T) reports.Store) {
	runEach(t, open, append([]contractTest{
		{"PutGetRoundTrip", testPutGet},
		{"ListByTicket", testListByTicket},
		{"ConcurrentPuts", testConcurrentPuts},
		{"ConcurrentPutsOfOneID", testConcurrentSameID},
		{"PutAfterCallerGaveUp", testCanceledPut},
		{"PurgeBefore", testPurgeBefore},
		{"CountSince", testCountSince},
		{"ConcurrentPurges", testConcurrentPurges},
		{"Retention", testRetention},
		{"Ready", testReady},
	}, outboxTests...))
}

// contractTest is one test of a contract, run on a new store.
type contractTest struct {
	name string
	f    func(t *testing.T, s reports.Store)
}

// runEach runs each test as a subtest on a new store from open.
func runEach(t *testing.T, open func(t *testing.T) reports.Store, tests []contractTest) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, open(t)) })
	}
}

// Rec returns a record with a small JSON body naming id.
func Rec(id, ticket string, at time.Time) reports.Record {
	return reports.Record{ID: id, Ticket: ticket, SupportCode: "W1-" + id, CreatedAt: at,
		JSON: []byte(fmt.Sprintf(`{"schema":1,"id":%q}`, id))}
}

func testPutGet(t *testing.T, s reports.Store) {
	ctx := t.Context()
	at := time.Date(2026, 5, 4, 3, 2, 1, 123e6, time.UTC)
	r := Rec("R-AAAA-BBBB-CCCC-D", "T-1", at)
	r.TicketVerified = true
	require.NoError(t, s.Put(ctx, r))

	got, err := s.Get(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got)

	_, err = s.Get(ctx, "R-0000-0000-0000-0")
	assert.ErrorIs(t, err, reports.ErrNotFound)

	err = s.Put(ctx, Rec(r.ID, "other", at))
	assert.ErrorIs(t, err, reports.ErrDuplicateID)
	got, err = s.Get(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, "T-1", got.Ticket, "a duplicate put does not overwrite")

	// The body comes back byte for byte, at the upload size limit, and the
	// time to the millisecond, in UTC.
	big := make([]byte, 64<<10)
	for i := range big {
		big[i] = byte(i)
	}
	local := time.Date(2026, 5, 4, 11, 2, 1, 987654321, time.FixedZone("CST", 8*3600))
	b := reports.Record{ID: "R-BIGG-0000-0000-0", CreatedAt: local, JSON: big}
	require.NoError(t, s.Put(ctx, b))
	got, err = s.Get(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, big, got.JSON)
	assert.Equal(t, local.Truncate(time.Millisecond).UTC(), got.CreatedAt)
	assert.Equal(t, time.UTC, got.CreatedAt.Location())
	assert.False(t, got.TicketVerified)
}

func testListByTicket(t *testing.T, s reports.Store) {
	ctx := t.Context()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		require.NoError(t, s.Put(ctx, Rec(fmt.Sprintf("R-%04d-0000-0000-0", i), "T-42", base.Add(time.Duration(i)*time.Minute))))
	}
	require.NoError(t, s.Put(ctx, Rec("R-9999-0000-0000-0", "T-7", base)))
	require.NoError(t, s.Put(ctx, Rec("R-8888-0000-0000-0", "", base)))

	got, err := s.ListByTicket(ctx, "T-42", 3)
	require.NoError(t, err)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"R-0004-0000-0000-0", "R-0003-0000-0000-0", "R-0002-0000-0000-0"}, ids, "newest first, limited")
	assert.Equal(t, Rec("R-0004-0000-0000-0", "T-42", base.Add(4*time.Minute)), got[0], "whole records")

	got, err = s.ListByTicket(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, got, "reports without a ticket are never listed together")

	got, err = s.ListByTicket(ctx, "T-none", 10)
	require.NoError(t, err)
	assert.Empty(t, got)

	got, err = s.ListByTicket(ctx, "T-42", 0)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func testConcurrentPuts(t *testing.T, s reports.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 250)
	ids := make(chan string, 200)
	for range 8 {
		wg.Go(func() {
			for range 25 {
				id := reports.NewID()
				err := s.Put(ctx, Rec(id, "T", time.Now()))
				errs <- err
				if err == nil {
					ids <- id
				}
			}
		})
	}
	// Readers run alongside the writers.
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

// testConcurrentSameID: concurrent puts of one id: exactly one wins, the
// others are told the id is taken.
func testConcurrentSameID(t *testing.T, s reports.Store) {
	at := time.Unix(1_800_000_000, 0).UTC()
	var wg sync.WaitGroup
	results := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() { results <- s.Put(t.Context(), Rec("R-DUPE-0000-0000-0", fmt.Sprint(i), at)) })
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
}

// testCanceledPut: a put whose request is already gone is not stored, and
// its error is the context's, not the store's.
func testCanceledPut(t *testing.T, s reports.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := s.Put(ctx, Rec("R-GONE-0000-0000-0", "", time.Unix(1_800_000_000, 0)))
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, reports.ErrUnavailable)
	_, err = s.Get(t.Context(), "R-GONE-0000-0000-0")
	assert.ErrorIs(t, err, reports.ErrNotFound)
}

func testPurgeBefore(t *testing.T, s reports.Store) {
	ctx := t.Context()
	cut := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, s.Put(ctx, Rec("R-OLD1-0000-0000-0", "T", cut.Add(-time.Hour))))
	require.NoError(t, s.Put(ctx, Rec("R-OLD2-0000-0000-0", "", cut.Add(-time.Millisecond))))
	require.NoError(t, s.Put(ctx, Rec("R-EDGE-0000-0000-0", "T", cut)))
	require.NoError(t, s.Put(ctx, Rec("R-NEW1-0000-0000-0", "T", cut.Add(time.Hour))))

	n, err := s.PurgeBefore(ctx, cut)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "strictly before the cutoff")
	for id, kept := range map[string]bool{"R-OLD1-0000-0000-0": false, "R-OLD2-0000-0000-0": false, "R-EDGE-0000-0000-0": true, "R-NEW1-0000-0000-0": true} {
		_, err := s.Get(ctx, id)
		if kept {
			assert.NoError(t, err, id)
		} else {
			assert.ErrorIs(t, err, reports.ErrNotFound, id)
		}
	}
	n, err = s.PurgeBefore(ctx, cut)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left to purge")
}

// testCountSince counts the records created at or after a time, the
// boundary included.
func testCountSince(t *testing.T, s reports.Store) {
	ctx := t.Context()
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	n, err := s.CountSince(ctx, day)
	require.NoError(t, err)
	assert.Zero(t, n, "an empty store")
	require.NoError(t, s.Put(ctx, Rec("R-YEST-0000-0000-0", "T", day.Add(-time.Millisecond))))
	require.NoError(t, s.Put(ctx, Rec("R-MIDN-0000-0000-0", "", day)))
	require.NoError(t, s.Put(ctx, Rec("R-NOON-0000-0000-0", "T", day.Add(12*time.Hour))))
	n, err = s.CountSince(ctx, day)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "midnight counts, the millisecond before does not")
	n, err = s.CountSince(ctx, day.Add(13*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n)
}

// testConcurrentPurges: purges running at once (as on several replicas)
// delete every expired report once; their counts add up to what was there.
func testConcurrentPurges(t *testing.T, s reports.Store) {
	ctx := t.Context()
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const expired, purgers = 3000, 4
	puts := make(chan error, expired)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < expired; i += 8 {
				puts <- s.Put(ctx, Rec(fmt.Sprintf("R-%04d-%04d-0000-0", i/10000, i%10000), "", old.Add(time.Duration(i)*time.Second)))
			}
		})
	}
	wg.Wait()
	close(puts)
	for err := range puts {
		require.NoError(t, err)
	}
	fresh := Rec("R-KEEP-0000-0000-0", "T", old.Add(48*time.Hour))
	require.NoError(t, s.Put(ctx, fresh))

	counts := make(chan int, purgers)
	for range purgers {
		wg.Go(func() {
			n, err := s.PurgeBefore(ctx, old.Add(24*time.Hour))
			assert.NoError(t, err)
			counts <- n
		})
	}
	wg.Wait()
	close(counts)
	sum := 0
	for n := range counts {
		sum += n
	}
	assert.Equal(t, expired, sum)
	n, err := s.PurgeBefore(ctx, old.Add(24*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n)
	_, err = s.Get(ctx, fresh.ID)
	assert.NoError(t, err)
}

// testRetention stores reports at different ages and purges as the
// retention purger does, at three moments an hour apart: a report is gone
// exactly once it was created before the cutoff (now minus the
// retention), and one created at the cutoff itself is kept. (The purger's
// schedule is tested on its own, in a synctest bubble.)
func testRetention(t *testing.T, s reports.Store) {
	ctx := t.Context()
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const day, retention = 24 * time.Hour, 30 * 24 * time.Hour

	old := Rec("R-0000-0000-0000-1", "T", start.Add(-31*day))
	edge := Rec("R-0000-0000-0000-2", "T", start.Add(-retention).Add(time.Hour))
	fresh := Rec("R-0000-0000-0000-3", "T", start.Add(-time.Hour))
	for _, r := range []reports.Record{old, edge, fresh} {
		require.NoError(t, s.Put(ctx, r))
	}
	exists := func(r reports.Record) bool {
		_, err := s.Get(ctx, r.ID)
		if err != nil {
			require.ErrorIs(t, err, reports.ErrNotFound)
		}
		return err == nil
	}
	purge := func(now time.Time) int {
		n, err := s.PurgeBefore(ctx, now.Add(-retention))
		require.NoError(t, err)
		return n
	}

	assert.Equal(t, 1, purge(start), "the purge at start removes the 31-day-old report")
	assert.False(t, exists(old))
	assert.True(t, exists(edge))
	assert.True(t, exists(fresh))

	assert.Equal(t, 0, purge(start.Add(time.Hour)), "edge is now exactly 30 days old: kept")
	assert.True(t, exists(edge))

	assert.Equal(t, 1, purge(start.Add(2*time.Hour)), "edge is 30 days + 1 h old: purged")
	assert.False(t, exists(edge))
	assert.True(t, exists(fresh))
}

// testReady: a working store is ready, and asking stores nothing.
func testReady(t *testing.T, s reports.Store) {
	require.NoError(t, s.Ready(t.Context()))
	n, err := s.PurgeBefore(t.Context(), time.Now().Add(24*time.Hour))
	require.NoError(t, err)
	assert.Zero(t, n, "Ready stored nothing")
}
