package tickets_test

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/wire"
	"wpscheck/server/tickets"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func TestSignAndVerify(t *testing.T) {
	s, err := tickets.NewSigner(secret)
	require.NoError(t, err)
	sig := s.Sign("T-123")
	assert.Len(t, sig, wire.TicketSigLen)
	assert.True(t, wire.ValidTicketSig(sig), "URL-safe: %s", sig)
	assert.Equal(t, sig, s.Sign("T-123"), "deterministic")
	assert.True(t, s.Verify("T-123", sig))

	assert.False(t, s.Verify("T-124", sig), "another ticket")
	assert.False(t, s.Verify("t-123", sig), "tickets are case-sensitive")
	assert.False(t, s.Verify("", sig))
	assert.False(t, s.Verify("T-123", ""))
	assert.False(t, s.Verify("T-123", sig[:21]))
	assert.False(t, s.Verify("T-123", sig+"A"))
	flipped := []byte(sig)
	flipped[0] ^= 1
	assert.False(t, s.Verify("T-123", string(flipped)))

	other, err := tickets.NewSigner(bytes.Repeat([]byte("x"), 32))
	require.NoError(t, err)
	assert.False(t, other.Verify("T-123", sig), "another secret")

	// A fixed vector (computed apart with Python's hmac), so that a change
	// of the scheme, which would turn every link given out unverified,
	// cannot pass unnoticed.
	assert.Equal(t, "HVlZBhg2g7teEHMqKjecwg", s.Sign("T-123"))
}

func TestSecretLength(t *testing.T) {
	_, err := tickets.NewSigner([]byte("short"))
	assert.ErrorIs(t, err, tickets.ErrShortSecret)
	_, err = tickets.NewSigner(make([]byte, tickets.MaxSecretBytes+1))
	assert.Error(t, err)
}

func TestLink(t *testing.T) {
	s, err := tickets.NewSigner(secret)
	require.NoError(t, err)
	link, err := s.Link("https://check.example.com", "T-123")
	require.NoError(t, err)
	u, err := url.Parse(link)
	require.NoError(t, err)
	assert.Equal(t, "https://check.example.com/", u.Scheme+"://"+u.Host+u.Path)
	assert.Equal(t, "T-123", u.Query().Get("ticket"))
	assert.True(t, s.Verify("T-123", u.Query().Get("sig")))

	link, err = s.Link("https://check.example.com/?lang=en", "T-9")
	require.NoError(t, err)
	u, _ = url.Parse(link)
	assert.Equal(t, "en", u.Query().Get("lang"), "other parameters are kept")
	assert.True(t, s.Verify("T-9", u.Query().Get("sig")))

	for _, bad := range []struct{ base, ticket string }{
		{"check.example.com", "T-1"},
		{"ftp://check.example.com/", "T-1"},
		{"https://user:pw@check.example.com/", "T-1"},
		{"https://check.example.com/", ""},
		{"https://check.example.com/", "T 1"},
		{"https://check.example.com/", "T-1&sig=x"},
	} {
		_, err := s.Link(bad.base, bad.ticket)
		assert.Error(t, err, "%+v", bad)
	}
}
