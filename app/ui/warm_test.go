package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWarmRunsEveryPart: the warm-up draws every view of a first visit on
// its made-up results without one failing. A part that fails leaves its
// code for the page's main thread to compile while the person waits; the
// browser tests check the same in the real worker (TestWarmUpWorker).
func TestWarmRunsEveryPart(t *testing.T) {
	assert.Zero(t, Warm())
	assert.Nil(t, takeEarly(), "the warm-up starts no checks")
}
