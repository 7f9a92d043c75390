//go:build !linux

package refclock

// ReadKernel answers "unknown": only Linux's adjtimex is read.
func ReadKernel() Kernel { return Kernel{} }
