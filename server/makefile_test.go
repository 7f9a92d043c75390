package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryMakeTargetDoesSomething: each target the Makefile declares phony
// (the README's commands among them) has a rule; a declared target with no
// rule "succeeds" doing nothing.
func TestEveryMakeTargetDoesSomething(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make on this machine")
	}
	mk, err := os.ReadFile("../Makefile")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\.PHONY:(.*)$`).FindSubmatch(mk)
	require.NotNil(t, m, "the Makefile declares no phony targets")
	targets := strings.Fields(string(m[1]))
	require.Contains(t, targets, "test")
	for _, target := range targets {
		// -n prints what would run; -B counts every file as out of date.
		out, err := exec.Command("make", "-C", "..", "-n", "-B", target).CombinedOutput()
		require.NoError(t, err, "make -n %s:\n%s", target, out)
		assert.NotContains(t, string(out), "Nothing to be done", "make %s has no rule", target)
		assert.NotEmpty(t, strings.TrimSpace(string(out)), "make %s runs nothing", target)
	}
}
