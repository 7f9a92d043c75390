package main

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDefaultGCFlagsMatchMakefile keeps a direct `go run ./.ci/perf/sizereport`
// (no WASM_GCFLAGS in the environment) building the floor and the wasm with
// names exactly as the Makefile builds app.wasm.
func TestDefaultGCFlagsMatchMakefile(t *testing.T) {
	mk, err := os.ReadFile("../../../Makefile")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^WASM_GCFLAGS\s*:?=\s*(\S*)\s*$`).FindSubmatch(mk)
	require.NotNil(t, m, "the Makefile sets no WASM_GCFLAGS")
	require.Equal(t, string(m[1]), DefaultGCFlags)
}
