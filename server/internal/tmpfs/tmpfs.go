// Package tmpfs mounts small tmpfs file systems for tests that need a disk
// that really fills up (ENOSPC), such as a report store on a full disk.
// Mounting needs root (or CAP_SYS_ADMIN) on Linux; elsewhere, or when the
// mount is refused, the test is skipped, never failed.
package tmpfs

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
)

// Mount mounts a tmpfs of size (as mount(8) takes it, e.g. "2m") on a new
// directory and returns the directory; the file system is unmounted when
// the test ends. The test is skipped when mounting is not permitted.
func Mount(t testing.TB, size string) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root on Linux")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0750", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mounting a tmpfs is not permitted here: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// Fill writes a file of n bytes at path (fsynced), taking that much of the
// file system's space until it is removed.
func Fill(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, n)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}
