package main

import (
	"bytes"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/config"
	"wpscheck/server/tickets"
)

// TestSignTicket: `server -sign-ticket T -base-url URL` prints a link whose
// signature the server accepts, with the secret from the config's file or
// from the environment, and says plainly what is missing otherwise. The
// secret is never printed.
func TestSignTicket(t *testing.T) {
	const secret = "sign-test-secret-0123456789abcdef0123"
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "ticket-secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(secret+"\n"), 0o600))
	cfgPath := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(cfgPath, []byte(`{"tickets": {"secret_file": "`+secretFile+`"}}`), 0o600))
	signer, err := tickets.NewSigner([]byte(secret))
	require.NoError(t, err)

	run := func(args []string, env map[string]string) (string, error) {
		m := NewMain()
		m.Stderr = io.Discard
		if err := m.ParseFlags(args, func(k string) string { return env[k] }); err != nil {
			return "", err
		}
		var out bytes.Buffer
		err := m.PrintSignedLink(&out)
		return out.String(), err
	}
	check := func(out string) {
		t.Helper()
		assert.True(t, strings.HasSuffix(out, "\n"))
		u, err := url.Parse(strings.TrimSpace(out))
		require.NoError(t, err, out)
		assert.Equal(t, "https://check.example.com/", u.Scheme+"://"+u.Host+u.Path)
		assert.Equal(t, "T-123", u.Query().Get("ticket"))
		assert.True(t, signer.Verify("T-123", u.Query().Get("sig")), out)
		assert.NotContains(t, out, secret)
	}

	out, err := run([]string{"-config", cfgPath, "-sign-ticket", "T-123", "-base-url", "https://check.example.com/"}, nil)
	require.NoError(t, err)
	check(out)

	out, err = run([]string{"-sign-ticket", "T-123"}, map[string]string{config.TicketSecretEnv: secret, "WPSCHECK_BASE_URL": "https://check.example.com"})
	require.NoError(t, err)
	check(out)

	_, err = run([]string{"-sign-ticket", "T-123", "-base-url", "https://check.example.com/"}, nil)
	assert.ErrorContains(t, err, "no ticket secret is configured")
	_, err = run([]string{"-sign-ticket", "T-123"}, map[string]string{config.TicketSecretEnv: secret})
	assert.ErrorContains(t, err, "-sign-ticket needs -base-url")
	_, err = run([]string{"-sign-ticket", "T 123", "-base-url", "https://check.example.com/"}, map[string]string{config.TicketSecretEnv: secret})
	assert.ErrorContains(t, err, "a ticket is 1-64 characters")
	_, err = run([]string{"-config", cfgPath, "-sign-ticket", "T-1", "-base-url", "https://x/"}, map[string]string{config.TicketSecretEnv: secret})
	assert.ErrorContains(t, err, "both set")
}
