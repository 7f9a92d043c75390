package httpserver

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/wire"
	"wpscheck/server/tickets"
)

const ticketSecret = "ticket-secret-0123456789abcdef-0123456789"

// TestSignedTicketIsVerified: an upload carrying the right signature of
// its ticket is stored as verified and agents see it so, in the report and
// in the ticket's list; a wrong or missing signature (or a signature of
// another ticket) still stores the report, unverified. The secret never
// appears in /api/config nor in the log.
func TestSignedTicketIsVerified(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "ticket-secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(ticketSecret+"\n"), 0o600))
	env := newAPIEnv(t, testConfig(`{"tickets": {"secret_file": "`+secretFile+`"}}`))
	signer, err := tickets.NewSigner([]byte(ticketSecret))
	require.NoError(t, err)

	upload := func(ticket, sig string) string {
		h := map[string]string{"Content-Type": "application/json"}
		if sig != "" {
			h[wire.TicketSigHeader] = sig
		}
		rec := env.do(req{method: http.MethodPost, target: "/api/reports", body: validReport(t, ticket), header: h})
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var up struct{ ID string }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &up))
		return up.ID
	}
	verified := func(id string) bool {
		rec := env.do(req{method: http.MethodGet, target: "/api/reports/" + id, header: bearer(agentToken)})
		require.Equal(t, http.StatusOK, rec.Code)
		var a wire.AgentReport
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a))
		var raw map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &raw))
		require.Contains(t, raw, "ticket_verified", "always present, true or false")
		return a.TicketVerified
	}

	signed := upload("T-123", signer.Sign("T-123"))
	assert.True(t, verified(signed))
	for name, tc := range map[string]struct{ ticket, sig string }{
		"unsigned":           {"T-123", ""},
		"wrong signature":    {"T-123", "AAAAAAAAAAAAAAAAAAAAAA"},
		"another's":          {"T-124", signer.Sign("T-123")},
		"malformed":          {"T-123", signer.Sign("T-123") + "=="},
		"no ticket":          {"", signer.Sign("T-123")},
		"signature of empty": {"", signer.Sign("")},
	} {
		assert.False(t, verified(upload(tc.ticket, tc.sig)), name)
	}

	rec := env.do(req{method: http.MethodGet, target: "/api/reports?ticket=T-123", header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code)
	var list wire.TicketReports
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &list))
	n := 0
	for _, r := range list.Reports {
		assert.Equal(t, r.ID == signed, r.TicketVerified, r.ID)
		n++
	}
	assert.Equal(t, 4, n)

	cfg := env.do(req{method: http.MethodGet, target: "/api/config"})
	assert.NotContains(t, cfg.Body.String(), ticketSecret)
	assert.NotContains(t, cfg.Body.String(), "secret")
	assert.NotContains(t, env.logs.String(), ticketSecret)
	assert.NotContains(t, env.logs.String(), signer.Sign("T-123"), "signatures are not logged")

	// Without a secret every ticket is unverified, signed or not.
	plain := newAPIEnv(t, testConfig(""))
	rec = plain.do(req{method: http.MethodPost, target: "/api/reports", body: validReport(t, "T-123"),
		header: map[string]string{"Content-Type": "application/json", wire.TicketSigHeader: signer.Sign("T-123")}})
	require.Equal(t, http.StatusCreated, rec.Code)
	var up struct{ ID string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &up))
	stored, err := plain.store.Get(t.Context(), up.ID)
	require.NoError(t, err)
	assert.False(t, stored.TicketVerified)
}
