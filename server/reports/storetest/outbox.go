package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
)

// outboxTests are the contract of the webhook outbox (reports.Outbox).
var outboxTests = []contractTest{
	{"OutboxPutQueuesDelivery", testPutQueuesDelivery},
	{"OutboxDeliveryOnlyWithItsReport", testDeliveryOnlyWithItsReport},
	{"OutboxClaimHoldsALease", testClaimLease},
	{"OutboxConcurrentClaims", testConcurrentClaims},
	{"OutboxFinish", testFinish},
	{"OutboxRetry", testRetryDelivery},
	{"OutboxList", testListDeliveries},
	{"OutboxRetention", testOutboxRetention},
}

// WithDelivery returns r with a webhook delivery of event report.created
// whose payload names the delivery and the report.
func WithDelivery(r reports.Record, id string) reports.Record {
	r.Delivery = &reports.Delivery{ID: id, ReportID: r.ID, Event: "report.created", CreatedAt: r.CreatedAt,
		Payload: fmt.Appendf(nil, `{"id":%q,"event":"report.created","report_id":%q}`, id, r.ID)}
	return r
}

// ms is t as the stores keep it: to the millisecond, in UTC.
func ms(t time.Time) time.Time { return t.Truncate(time.Millisecond).UTC() }

func deliveriesOf(t *testing.T, s reports.Store, reportID string) []reports.Delivery {
	t.Helper()
	ds, err := s.Deliveries(t.Context(), reports.DeliveryFilter{ReportID: reportID, Limit: 100})
	require.NoError(t, err)
	return ds
}

func oneDelivery(t *testing.T, s reports.Store, reportID string) reports.Delivery {
	t.Helper()
	ds := deliveriesOf(t, s, reportID)
	require.Len(t, ds, 1, "deliveries of %s", reportID)
	return ds[0]
}

func claim(t *testing.T, s reports.Store, now time.Time, lease time.Duration, limit int) []reports.Delivery {
	t.Helper()
	ds, err := s.ClaimDeliveries(t.Context(), now, lease, limit)
	require.NoError(t, err)
	return ds
}

func ids(ds []reports.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// testPutQueuesDelivery: a report put with a delivery has it queued,
// pending and due at once, its payload byte for byte; one put without has
// none; reading the report does not bring the delivery along.
func testPutQueuesDelivery(t *testing.T, s reports.Store) {
	ctx := t.Context()
	at := time.Date(2026, 5, 4, 3, 2, 1, 123456789, time.UTC)
	r := WithDelivery(Rec("R-AAAA-BBBB-CCCC-D", "T-1", at), "D-0000000000000000000000000A")
	require.NoError(t, s.Put(ctx, r))
	require.NoError(t, s.Put(ctx, Rec("R-NONE-0000-0000-0", "T-1", at)))

	d := oneDelivery(t, s, r.ID)
	want := *r.Delivery
	want.CreatedAt = ms(at)
	want.State = reports.DeliveryPending
	want.NextAt, want.WindowStart = ms(at), ms(at)
	assert.Equal(t, want, d)
	assert.Empty(t, deliveriesOf(t, s, "R-NONE-0000-0000-0"))

	got, err := s.Get(ctx, r.ID)
	require.NoError(t, err)
	assert.Nil(t, got.Delivery)

	st, err := s.OutboxStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, reports.OutboxStats{Pending: 1, OldestCreatedAt: ms(at), NextDueAt: ms(at)}, st)
}

// testDeliveryOnlyWithItsReport: a put that stores no report queues no
// delivery (a taken id, a caller that gave up), one whose delivery cannot
// be queued stores no report, and of concurrent puts of one id exactly one
// delivery remains.
func testDeliveryOnlyWithItsReport(t *testing.T, s reports.Store) {
	ctx := t.Context()
	at := time.Unix(1_800_000_000, 0).UTC()
	first := WithDelivery(Rec("R-TAKE-0000-0000-0", "T", at), "D-FIRST")
	require.NoError(t, s.Put(ctx, first))
	err := s.Put(ctx, WithDelivery(Rec(first.ID, "T", at), "D-SECOND"))
	require.ErrorIs(t, err, reports.ErrDuplicateID)
	assert.Equal(t, []string{"D-FIRST"}, ids(deliveriesOf(t, s, first.ID)))

	// A delivery that cannot be queued takes its report down with it.
	other := WithDelivery(Rec("R-OTHR-0000-0000-0", "T", at), "D-FIRST")
	require.Error(t, s.Put(ctx, other), "the delivery id is taken")
	_, err = s.Get(ctx, other.ID)
	require.ErrorIs(t, err, reports.ErrNotFound, "no report without its delivery")

	gone, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, s.Put(gone, WithDelivery(Rec("R-GONE-0000-0000-0", "", at), "D-GONE")), context.Canceled)
	assert.Empty(t, deliveriesOf(t, s, "R-GONE-0000-0000-0"))

	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() { _ = s.Put(ctx, WithDelivery(Rec("R-DUPE-0000-0000-0", "", at), fmt.Sprintf("D-DUPE-%02d", i))) })
	}
	wg.Wait()
	assert.Len(t, deliveriesOf(t, s, "R-DUPE-0000-0000-0"), 1, "one report, one delivery")

	st, err := s.OutboxStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, st.Pending)
}

// testClaimLease: a claim takes only due deliveries, oldest due first,
// counts the attempt and holds each for its lease: no other claim takes it
// until the lease ends, then one does (its holder may have died).
func testClaimLease(t *testing.T, s reports.Store) {
	ctx := t.Context()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	a := WithDelivery(Rec("R-0000-0000-0000-A", "", t0), "D-A")
	b := WithDelivery(Rec("R-0000-0000-0000-B", "", t0.Add(time.Second)), "D-B")
	require.NoError(t, s.Put(ctx, b))
	require.NoError(t, s.Put(ctx, a))

	assert.Empty(t, claim(t, s, t0.Add(-time.Millisecond), time.Minute, 10), "nothing is due yet")
	got := claim(t, s, t0.Add(time.Second), 30*time.Second, 1)
	require.Len(t, got, 1)
	assert.Equal(t, "D-A", got[0].ID, "the earliest due first")

	now := t0.Add(2 * time.Second)
	got = claim(t, s, now, 30*time.Second, 10)
	require.Equal(t, []string{"D-B"}, ids(got), "A is held")
	d := got[0]
	assert.Equal(t, 1, d.Attempts)
	assert.Equal(t, ms(now), d.LastAttemptAt)
	assert.Equal(t, ms(now.Add(30*time.Second)), d.NextAt, "held until the lease ends")
	assert.Equal(t, b.Delivery.Payload, d.Payload)
	assert.Equal(t, reports.DeliveryPending, d.State)

	assert.Empty(t, claim(t, s, now.Add(28*time.Second), 30*time.Second, 10), "both held")
	got = claim(t, s, now.Add(31*time.Second), 30*time.Second, 10)
	sort.Slice(got, func(i, j int) bool { return got[i].ID < got[j].ID })
	require.Equal(t, []string{"D-A", "D-B"}, ids(got), "leases over: taken again")
	assert.Equal(t, 2, got[0].Attempts)
	assert.Equal(t, 2, got[1].Attempts)
}

// testConcurrentClaims: workers claiming at once (as on several replicas)
// take every due delivery exactly once while their leases hold.
func testConcurrentClaims(t *testing.T, s reports.Store) {
	ctx := t.Context()
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const n, workers = 300, 6
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 6 {
		wg.Go(func() {
			for i := w; i < n; i += 6 {
				errs <- s.Put(ctx, WithDelivery(Rec(fmt.Sprintf("R-%04d-0000-0000-0", i), "", at.Add(time.Duration(i)*time.Millisecond)), fmt.Sprintf("D-%04d", i)))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	now := at.Add(time.Hour)
	var (
		mu    sync.Mutex
		taken = map[string]int{}
	)
	for range workers {
		wg.Go(func() {
			for {
				ds, err := s.ClaimDeliveries(ctx, now, time.Hour, 7)
				if !assert.NoError(t, err) || len(ds) == 0 {
					return
				}
				mu.Lock()
				for _, d := range ds {
					taken[d.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, taken, n, "every delivery was claimed")
	for id, c := range taken {
		assert.Equal(t, 1, c, "%s claimed %d times", id, c)
	}
}

// testFinish: a failed attempt is due again at its NextAt with the answer
// kept; an outcome from an attempt that was claimed again since is
// ignored; a delivered delivery is never claimed again; a dead one is
// listed as dead and leaves the queue.
func testFinish(t *testing.T, s reports.Store) {
	ctx := t.Context()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	r := WithDelivery(Rec("R-FAIL-0000-0000-0", "", t0), "D-FAIL")
	require.NoError(t, s.Put(ctx, r))
	d := claim(t, s, t0, time.Minute, 10)[0]
	require.NoError(t, s.FinishDeliveries(ctx, []reports.Outcome{{ID: d.ID, Attempt: d.Attempts,
		State: reports.DeliveryPending, At: t0.Add(time.Second), NextAt: t0.Add(10 * time.Second), Status: 500, Error: "answered 500"}}))
	got := oneDelivery(t, s, r.ID)
	assert.Equal(t, reports.DeliveryPending, got.State)
	assert.Equal(t, 500, got.LastStatus)
	assert.Equal(t, "answered 500", got.LastError)
	assert.Equal(t, ms(t0.Add(10*time.Second)), got.NextAt)
	st, err := s.OutboxStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, ms(t0.Add(10*time.Second)), st.NextDueAt)

	assert.Empty(t, claim(t, s, t0.Add(9*time.Second), time.Minute, 10), "not due before its backoff ends")
	d2 := claim(t, s, t0.Add(10*time.Second), time.Minute, 10)[0]
	assert.Equal(t, 2, d2.Attempts)

	// The first attempt's late answer changes nothing.
	require.NoError(t, s.FinishDeliveries(ctx, []reports.Outcome{{ID: d.ID, Attempt: d.Attempts,
		State: reports.DeliveryDead, At: t0.Add(11 * time.Second), Status: 500, Error: "late"}}))
	got = oneDelivery(t, s, r.ID)
	assert.Equal(t, reports.DeliveryPending, got.State)
	assert.Equal(t, "answered 500", got.LastError)

	// Delivered, with a dead one beside it, in one call.
	dead := WithDelivery(Rec("R-DEAD-0000-0000-0", "", t0), "D-DEAD")
	require.NoError(t, s.Put(ctx, dead))
	dd := claim(t, s, t0.Add(10*time.Second), time.Minute, 10)
	require.Equal(t, []string{"D-DEAD"}, ids(dd))
	done := t0.Add(12 * time.Second)
	require.NoError(t, s.FinishDeliveries(ctx, []reports.Outcome{
		{ID: d2.ID, Attempt: d2.Attempts, State: reports.DeliveryDelivered, At: done, Status: 204},
		{ID: dd[0].ID, Attempt: dd[0].Attempts, State: reports.DeliveryDead, At: done, Status: 0, Error: "connection refused"},
	}))
	got = oneDelivery(t, s, r.ID)
	assert.Equal(t, reports.DeliveryDelivered, got.State)
	assert.Equal(t, ms(done), got.DeliveredAt)
	assert.Equal(t, 204, got.LastStatus)
	assert.Empty(t, got.LastError)
	assert.Empty(t, claim(t, s, t0.Add(48*time.Hour), time.Minute, 10), "finished deliveries are never claimed")

	deadList, err := s.Deliveries(ctx, reports.DeliveryFilter{State: reports.DeliveryDead, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, []string{"D-DEAD"}, ids(deadList))
	assert.Equal(t, "connection refused", deadList[0].LastError)
	assert.True(t, deadList[0].DeliveredAt.IsZero())
	st, err = s.OutboxStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, reports.OutboxStats{}, st, "nothing pending")
}

// testRetryDelivery: an agent's retry puts a dead or delivered delivery
// back, due at once with a new retry window and its history kept; a
// pending one is left as it is; an unknown id is ErrNotFound.
func testRetryDelivery(t *testing.T, s reports.Store) {
	ctx := t.Context()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	r := WithDelivery(Rec("R-RTRY-0000-0000-0", "", t0), "D-RTRY")
	p := WithDelivery(Rec("R-PEND-0000-0000-0", "", t0), "D-PEND")
	require.NoError(t, s.Put(ctx, r))
	d := claim(t, s, t0, time.Minute, 1)[0]
	require.NoError(t, s.Put(ctx, p))
	require.NoError(t, s.FinishDeliveries(ctx, []reports.Outcome{{ID: d.ID, Attempt: d.Attempts,
		State: reports.DeliveryDead, At: t0, Status: 500, Error: "answered 500"}}))

	later := t0.Add(30 * time.Hour)
	got, err := s.RetryDelivery(ctx, "D-RTRY", later)
	require.NoError(t, err)
	assert.Equal(t, reports.DeliveryPending, got.State)
	assert.Equal(t, ms(later), got.NextAt)
	assert.Equal(t, ms(later), got.WindowStart)
	assert.Equal(t, 1, got.Attempts, "the history stays")
	assert.Equal(t, 500, got.LastStatus)
	assert.Equal(t, got, oneDelivery(t, s, r.ID))
	again := claim(t, s, later, time.Minute, 10)
	sort.Slice(again, func(i, j int) bool { return again[i].ID < again[j].ID })
	assert.Equal(t, []string{"D-PEND", "D-RTRY"}, ids(again))

	before := oneDelivery(t, s, p.ID)
	got, err = s.RetryDelivery(ctx, "D-PEND", later.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, before, got, "a pending delivery is left alone")

	_, err = s.RetryDelivery(ctx, "D-NONE", later)
	assert.ErrorIs(t, err, reports.ErrNotFound)
}

// testListDeliveries: newest first, by state and by report, limited.
func testListDeliveries(t *testing.T, s reports.Store) {
	ctx := t.Context()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 5 {
		require.NoError(t, s.Put(ctx, WithDelivery(Rec(fmt.Sprintf("R-%04d-0000-0000-0", i), "", t0.Add(time.Duration(i)*time.Minute)), fmt.Sprintf("D-%d", i))))
	}
	list := func(f reports.DeliveryFilter) []string {
		ds, err := s.Deliveries(ctx, f)
		require.NoError(t, err)
		return ids(ds)
	}
	assert.Equal(t, []string{"D-4", "D-3", "D-2"}, list(reports.DeliveryFilter{Limit: 3}))
	assert.Equal(t, []string{"D-4", "D-3", "D-2", "D-1", "D-0"}, list(reports.DeliveryFilter{State: reports.DeliveryPending, Limit: 10}))
	assert.Empty(t, list(reports.DeliveryFilter{State: reports.DeliveryDead, Limit: 10}))
	assert.Equal(t, []string{"D-2"}, list(reports.DeliveryFilter{ReportID: "R-0002-0000-0000-0", Limit: 10}))
	assert.Empty(t, list(reports.DeliveryFilter{ReportID: "R-0002-0000-0000-0", State: reports.DeliveryDead, Limit: 10}))
	assert.Empty(t, list(reports.DeliveryFilter{}), "no limit, nothing")
}

// testOutboxRetention: the retention purge deletes the finished deliveries
// of the purged age with the reports, and keeps pending ones (which carry
// their payload) until they end, even when their report is gone.
func testOutboxRetention(t *testing.T, s reports.Store) {
	ctx := t.Context()
	cut := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	old := cut.Add(-time.Hour)
	for _, r := range []reports.Record{
		WithDelivery(Rec("R-OLDD-0000-0000-0", "", old), "D-OLD-DELIVERED"),
		WithDelivery(Rec("R-OLDX-0000-0000-0", "", old), "D-OLD-DEAD"),
		WithDelivery(Rec("R-OLDP-0000-0000-0", "", old), "D-OLD-PENDING"),
		WithDelivery(Rec("R-NEWD-0000-0000-0", "", cut), "D-NEW-DELIVERED"),
	} {
		require.NoError(t, s.Put(ctx, r))
	}
	ds := claim(t, s, cut, time.Minute, 10)
	require.Len(t, ds, 4)
	var outs []reports.Outcome
	for _, d := range ds {
		o := reports.Outcome{ID: d.ID, Attempt: d.Attempts, At: cut, State: reports.DeliveryDelivered, Status: 200}
		switch d.ID {
		case "D-OLD-DEAD":
			o.State, o.Status, o.Error = reports.DeliveryDead, 500, "answered 500"
		case "D-OLD-PENDING":
			o.State, o.Status, o.NextAt, o.Error = reports.DeliveryPending, 503, cut.Add(time.Hour), "answered 503"
		}
		outs = append(outs, o)
	}
	require.NoError(t, s.FinishDeliveries(ctx, outs))

	n, err := s.PurgeBefore(ctx, cut)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "the three old reports")
	all, err := s.Deliveries(ctx, reports.DeliveryFilter{Limit: 10})
	require.NoError(t, err)
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	assert.Equal(t, []string{"D-NEW-DELIVERED", "D-OLD-PENDING"}, ids(all))
	due := claim(t, s, cut.Add(time.Hour), time.Minute, 10)
	require.Equal(t, []string{"D-OLD-PENDING"}, ids(due), "the pending delivery outlives its report")
	assert.JSONEq(t, `{"id":"D-OLD-PENDING","event":"report.created","report_id":"R-OLDP-0000-0000-0"}`, string(due[0].Payload))
	_, err = s.Get(ctx, "R-OLDP-0000-0000-0")
	assert.True(t, errors.Is(err, reports.ErrNotFound))
}
