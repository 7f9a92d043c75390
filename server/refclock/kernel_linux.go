//go:build linux

package refclock

import (
	"time"

	"golang.org/x/sys/unix"
)

// ReadKernel asks the kernel about its clock with a read-only adjtimex
// (modes 0: no privilege needed, nothing is changed). The clock is
// unsynchronised when STA_UNSYNC is set: no NTP client disciplines it, or
// its maximum error grew past the kernel's 16 s limit. A refused call
// (e.g. a seccomp filter) gives an unknown Kernel.
func ReadKernel() Kernel {
	var tx unix.Timex
	if _, err := unix.Adjtimex(&tx); err != nil {
		return Kernel{}
	}
	return Kernel{
		Known:    true,
		Synced:   tx.Status&unix.STA_UNSYNC == 0,
		EstError: time.Duration(tx.Esterror) * time.Microsecond,
		MaxError: time.Duration(tx.Maxerror) * time.Microsecond,
	}
}
