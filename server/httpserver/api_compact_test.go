package httpserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUploadIsStoredCompacted: a valid report padded with 63 KB of
// whitespace is stored at the size of its content, and the agent reads the
// same report.
func TestUploadIsStoredCompacted(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	body := validReport(t, "T-PAD")
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, body, "", "  "))
	padded := append([]byte(strings.Repeat(" \n\t", 21_000)), indented.Bytes()...)
	require.Greater(t, len(padded), 63_000)
	require.LessOrEqual(t, len(padded), MaxReportBody)

	rec := env.upload(padded, "")
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var up struct{ ID string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &up))

	stored, err := env.store.Get(t.Context(), up.ID)
	require.NoError(t, err)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, body))
	assert.Equal(t, compact.Bytes(), stored.JSON, "stored compacted: %d bytes for a %d-byte upload", len(stored.JSON), len(padded))
	assert.Less(t, len(stored.JSON), 4<<10)

	got := env.do(req{method: http.MethodGet, target: "/api/reports/" + up.ID, header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, got.Code)
	var ans struct {
		Report json.RawMessage `json:"report"`
	}
	require.NoError(t, json.Unmarshal(got.Body.Bytes(), &ans))
	assert.JSONEq(t, string(padded), string(ans.Report), "the agent sees the same report")
	assert.Equal(t, compact.String(), string(ans.Report))
}
