package reports_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/internal/diskfree"
	"wpscheck/server/internal/tmpfs"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
)

func openStore(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(dir, "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func record(at time.Time) reports.Record {
	return reports.Record{ID: reports.NewID(), CreatedAt: at, JSON: []byte(`{"schema":1}`)}
}

// TestGuardDailyCap: the cap counts the reports of the UTC day, refuses
// the one too many with a hint to come back at midnight UTC, starts again
// the next day, survives a restart (the day's count is read from the
// store) and does not count an upload that was not stored.
func TestGuardDailyCap(t *testing.T) {
	store := openStore(t, t.TempDir())
	start := time.Date(2026, 6, 1, 20, 0, 0, 0, time.UTC) // 04:00 in Beijing on 2 June
	clk := clocktest.New(start)
	var logs bytes.Buffer
	g := &reports.Guard{Store: store, Limits: reports.Limits{PerDay: 3}, Clock: clk,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx := t.Context()

	dup := record(start)
	require.NoError(t, g.Put(ctx, dup))
	assert.ErrorIs(t, g.Put(ctx, dup), reports.ErrDuplicateID)
	require.NoError(t, g.Put(ctx, record(start)), "a put that stored nothing took no place")
	require.NoError(t, g.Put(ctx, record(start)))
	for range 5 {
		err := g.Put(ctx, record(start))
		require.ErrorIs(t, err, reports.ErrUnavailable)
		var ue *reports.UnavailableError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, 4*time.Hour, ue.RetryAfter, "until midnight UTC")
		assert.Contains(t, ue.Reason, "today")
	}
	assert.Equal(t, 1, strings.Count(logs.String(), "daily upload cap"), "logged once, not per refusal")
	assert.NoError(t, g.Ready(ctx), "the cap does not make the server unready")

	restarted := &reports.Guard{Store: store, Limits: reports.Limits{PerDay: 3}, Clock: clk, Logger: slog.New(slog.DiscardHandler)}
	assert.ErrorIs(t, restarted.Put(ctx, record(start)), reports.ErrUnavailable, "a restart does not reset the day's count")

	clk.Advance(4 * time.Hour)
	require.NoError(t, g.Put(ctx, record(clk.Now())), "a new day")
	require.NoError(t, restarted.Put(ctx, record(clk.Now())))
	n, err := store.CountSince(ctx, start.Add(-24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 5, n, "3 on the first day, 2 on the second")
}

// TestGuardFreeSpaceFloor fills a real 4 MiB file system below a 1 MiB
// floor: uploads are refused before anything is written, Ready says no,
// and both recover once the space is freed, by themselves.
func TestGuardFreeSpaceFloor(t *testing.T) {
	dir := tmpfs.Mount(t, "4m")
	store := openStore(t, filepath.Join(dir, "data"))
	var logs bytes.Buffer
	g := &reports.Guard{Store: store, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Limits: reports.Limits{MinFree: 1 << 20, Dirs: []string{filepath.Join(dir, "data")}, FreeSpace: diskfree.Bytes}}
	ctx := t.Context()
	require.NoError(t, g.Ready(ctx))
	kept := record(time.Now())
	require.NoError(t, g.Put(ctx, kept))

	filler := filepath.Join(dir, "filler")
	free, err := diskfree.Bytes(dir)
	require.NoError(t, err)
	tmpfs.Fill(t, filler, int(free)-(512<<10)) // 512 KiB left
	for range 10 {
		r := record(time.Now())
		err := g.Put(ctx, r)
		require.ErrorIs(t, err, reports.ErrUnavailable)
		var ue *reports.UnavailableError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, reports.RetryLowSpace, ue.RetryAfter)
		assert.Equal(t, "the server's disk is nearly full", ue.Reason)
		_, err = store.Get(ctx, r.ID)
		assert.ErrorIs(t, err, reports.ErrNotFound, "refused before writing")
	}
	assert.ErrorIs(t, g.Ready(ctx), reports.ErrUnavailable)
	_, err = g.Get(ctx, kept.ID)
	assert.NoError(t, err, "reading goes on below the floor")

	require.NoError(t, os.Remove(filler))
	assert.NoError(t, g.Ready(ctx))
	assert.NoError(t, g.Put(ctx, record(time.Now())))
	l := logs.String()
	assert.Equal(t, 1, strings.Count(l, "storage refuses reports"), l)
	assert.Equal(t, 1, strings.Count(l, "storage takes reports again"), l)
	assert.Contains(t, l, "below the floor of 1 MiB")
}

// TestGuardStoreFailure: a failed write of the store gets a retry hint and
// makes the guard unready until the store is ready again.
func TestGuardStoreFailure(t *testing.T) {
	dir := tmpfs.Mount(t, "2m")
	filler := filepath.Join(dir, "filler")
	tmpfs.Fill(t, filler, 1<<20)
	store := openStore(t, dir)
	g := &reports.Guard{Store: store, Logger: slog.New(slog.DiscardHandler), Limits: reports.Limits{PerDay: 100000}}
	ctx := t.Context()
	var err error
	for i := 0; i < 2000 && err == nil; i++ {
		err = g.Put(ctx, reports.Record{ID: reports.NewID(), CreatedAt: time.Now(), JSON: bytes.Repeat([]byte{'x'}, 2000)})
	}
	var ue *reports.UnavailableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, reports.RetryStore, ue.RetryAfter)
	assert.ErrorIs(t, g.Ready(ctx), reports.ErrUnavailable)
	require.NoError(t, os.Remove(filler))
	assert.NoError(t, g.Ready(ctx))
}

func TestUnavailableErrorWraps(t *testing.T) {
	cause := errors.New("disk I/O error")
	err := error(&reports.UnavailableError{Reason: "r", Err: cause})
	assert.ErrorIs(t, err, reports.ErrUnavailable)
	assert.ErrorIs(t, err, cause)
	assert.ErrorIs(t, &reports.UnavailableError{Reason: "r"}, reports.ErrUnavailable)
	assert.NotErrorIs(t, context.Canceled, reports.ErrUnavailable)
}
