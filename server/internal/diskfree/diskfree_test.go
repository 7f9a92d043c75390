package diskfree_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/internal/diskfree"
	"wpscheck/server/internal/tmpfs"
)

// TestBytesFollowsTheFileSystem: on a 4 MiB tmpfs the free space is about
// 4 MiB, and writing 1 MiB takes 1 MiB of it.
func TestBytesFollowsTheFileSystem(t *testing.T) {
	dir := tmpfs.Mount(t, "4m")
	before, err := diskfree.Bytes(dir)
	require.NoError(t, err)
	assert.InDelta(t, 4<<20, before, 64<<10)
	tmpfs.Fill(t, filepath.Join(dir, "f"), 1<<20)
	after, err := diskfree.Bytes(dir)
	require.NoError(t, err)
	assert.InDelta(t, before-1<<20, after, 64<<10)

	_, err = diskfree.Bytes(filepath.Join(dir, "missing"))
	assert.Error(t, err)
}
