//go:build !(linux || darwin || freebsd)

package diskfree

import (
	"errors"
	"fmt"
)

func bytes(dir string) (uint64, error) {
	return 0, fmt.Errorf("diskfree: free space of %s: %w", dir, errors.ErrUnsupported)
}
