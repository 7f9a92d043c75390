package sqlite_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/internal/tmpfs"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
)

// body2K is a report-sized body that does not compress or repeat.
func body2K(t *testing.T) []byte {
	b := make([]byte, 1000)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return []byte(`{"schema":1,"pad":"` + hex.EncodeToString(b) + `"}`)
}

// TestFullDiskIsUnavailableAndRecovers fills a real 2 MiB file system:
// the Put that does not fit fails with an error wrapping ErrUnavailable
// (not the request's fault), Ready says so, and once space is freed Ready
// finds out by itself (no upload has to succeed first) and Puts work
// again. Every acknowledged report stays readable throughout.
func TestFullDiskIsUnavailableAndRecovers(t *testing.T) {
	dir := tmpfs.Mount(t, "2m")
	filler := filepath.Join(dir, "filler")
	tmpfs.Fill(t, filler, 1<<20)
	s, err := sqlite.Open(t.Context(), filepath.Join(dir, "data", "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.Ready(t.Context()))

	ctx := t.Context()
	var acked []string
	var putErr error
	for i := 0; i < 2000 && putErr == nil; i++ {
		id := reports.NewID()
		putErr = s.Put(ctx, reports.Record{ID: id, Ticket: "T-FULL", CreatedAt: time.Now(), JSON: body2K(t)})
		if putErr == nil {
			acked = append(acked, id)
		}
	}
	require.Error(t, putErr, "a 2 MiB file system must fill up")
	t.Logf("%d reports stored before the disk was full: %v", len(acked), putErr)
	assert.ErrorIs(t, putErr, reports.ErrUnavailable, "a full disk is not the request's fault")
	assert.NotErrorIs(t, putErr, reports.ErrDuplicateID)

	err = s.Ready(ctx)
	assert.ErrorIs(t, err, reports.ErrUnavailable, "not ready while the disk is full")
	assert.ErrorIs(t, s.Ready(ctx), reports.ErrUnavailable, "still not ready on asking again")
	for _, id := range acked {
		_, err := s.Get(ctx, id)
		require.NoError(t, err, "acknowledged %s readable while the disk is full", id)
	}

	require.NoError(t, os.Remove(filler))
	assert.NoError(t, s.Ready(ctx), "ready again once space is back, before any upload")
	require.NoError(t, s.Put(ctx, reports.Record{ID: reports.NewID(), CreatedAt: time.Now(), JSON: body2K(t)}))
	for _, id := range acked {
		_, err := s.Get(ctx, id)
		require.NoError(t, err, "acknowledged %s readable after recovery", id)
	}
}

// TestFilesAreOwnerOnly: the database, its WAL and its shared-memory file
// hold people's reports and are created readable by the server's user
// only, whatever the umask; a database left world-readable by an older
// version is tightened when opened.
func TestFilesAreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	t.Run("fresh", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "data", "reports.db")
		s, err := sqlite.Open(t.Context(), path)
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, s.Put(t.Context(), rec(reports.NewID(), "T", time.Now())))
		assertOwnerOnly(t, path)
	})

	t.Run("tightened", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "reports.db")
		s, err := sqlite.Open(t.Context(), path)
		require.NoError(t, err)
		require.NoError(t, s.Put(t.Context(), rec(reports.NewID(), "T", time.Now())))
		require.NoError(t, s.Close())
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.Chmod(p, 0o644); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
		}
		s, err = sqlite.Open(t.Context(), path)
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, s.Put(t.Context(), rec(reports.NewID(), "T", time.Now())))
		assertOwnerOnly(t, path)
	})
}

// assertOwnerOnly checks that the database at path, its WAL and its
// shared-memory file are readable by their owner only.
func assertOwnerOnly(t *testing.T, path string) {
	t.Helper()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), p)
	}
}

// TestCountSince counts the reports created at or after a time (the daily
// upload cap starts from it after a restart).
func TestCountSince(t *testing.T) {
	s, _ := open(t)
	ctx := t.Context()
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, at := range []time.Time{day.Add(-time.Millisecond), day, day.Add(time.Hour), day.Add(23 * time.Hour)} {
		require.NoError(t, s.Put(ctx, rec(reports.NewID(), string(rune('A'+i)), at)))
	}
	n, err := s.CountSince(ctx, day)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
}
