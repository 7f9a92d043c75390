package config_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/wire"
	"wpscheck/server/config"
)

// shellBlock returns the first ```sh block after heading in docs/config.md.
func shellBlock(t *testing.T, heading string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "config.md"))
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(doc), "\n"+heading+"\n")
	require.True(t, ok, "docs/config.md has no %q", heading)
	_, rest, ok = strings.Cut(rest, "```sh\n")
	require.True(t, ok, "no shell block under %q", heading)
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	return block
}

func bash(t *testing.T, script string) string {
	t.Helper()
	out, err := exec.Command("bash", "-euo", "pipefail", "-c", script).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// TestDocumentedTokenCommand runs the command docs/config.md gives for an
// agent token: the token carries at least 128 bits (URL-safe, so it goes
// into a header as it is), differs every time, and the printed hash is the
// one the config takes.
func TestDocumentedTokenCommand(t *testing.T) {
	block := shellBlock(t, "## Agent tokens")
	seen := map[string]bool{}
	for range 2 {
		lines := strings.Fields(bash(t, block+"\necho \"$TOKEN\""))
		require.Len(t, lines, 2)
		hash, token := lines[0], lines[1]
		assert.GreaterOrEqual(t, len(token)*6, 128, "base64: 6 bits a character")
		assert.Empty(t, strings.Trim(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), "URL-safe: %s", token)
		sum := sha256.Sum256([]byte(token))
		assert.Equal(t, hex.EncodeToString(sum[:]), hash)
		c, err := config.Parse([]byte(`{"agents": {"token_sha256": ["` + hash + `"]}}`))
		require.NoError(t, err)
		assert.True(t, c.CheckAgentToken(token))
		assert.False(t, seen[token], "a new token each time")
		seen[token] = true
	}
}

// TestDocumentedTicketSecretCommand runs the command docs/config.md gives
// for the ticket secret (into a temporary file): the config accepts it.
func TestDocumentedTicketSecretCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ticket-secret")
	block := strings.ReplaceAll(shellBlock(t, "## Signed support links"), "/etc/wpscheck/ticket-secret", path)
	bash(t, block)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	c, err := config.Parse([]byte(`{"tickets": {"secret_file": "` + path + `"}}`))
	require.NoError(t, err)
	s := c.TicketSigner()
	require.NotNil(t, s)
	assert.True(t, wire.ValidTicketSig(s.Sign("T-1")))
}
