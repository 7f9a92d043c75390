// Package diskfree tells how much space a file system has left for the
// server, for the report store's free-space floor.
package diskfree

// Bytes returns the bytes available to an unprivileged user on the file
// system holding dir (what the server can still write, the blocks reserved
// for root left out). On a platform where this is not implemented the
// error wraps errors.ErrUnsupported.
func Bytes(dir string) (uint64, error) { return bytes(dir) }
