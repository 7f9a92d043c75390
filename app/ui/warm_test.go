package ui

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
)

// TestWarmRunsEveryPart: the warm-up draws every view of a first visit on
// its made-up results without one failing, whatever language the page
// says it is in. A part that fails leaves its code for the page's main
// thread to compile while the person waits; the browser tests check the
// same in the real worker (TestWarmUpWorker).
func TestWarmRunsEveryPart(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en", "", "fr"} {
		t.Run(lang, func(t *testing.T) {
			assert.Zero(t, Warm(lang))
			assert.Nil(t, takeEarly(), "the warm-up starts no checks")
		})
	}
}

// TestWarmWireIsServerJSON: the answers the warm-up parses are what the
// server would send for the same values, with every field the wire types
// have (a field added to them fails this until the answers carry it too),
// and the page's parsers take every part of them.
func TestWarmWireIsServerJSON(t *testing.T) {
	var c wire.Config
	require.NoError(t, json.Unmarshal([]byte(warmConfigJSON), &c))
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, warmConfigJSON, string(b), "the server's encoding of the same config")

	var s wire.Status
	require.NoError(t, json.Unmarshal([]byte(warmStatusJSON), &s))
	b, err = json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, warmStatusJSON, string(b), "the server's encoding of the same status")

	cfg := wire.ParseConfig([]byte(warmConfigJSON))
	assert.Len(t, cfg.Catalog, 2, "the catalog is valid, not dropped")
	assert.NotNil(t, cfg.Banner, "the banner is kept")
	assert.True(t, cfg.UploadEnabled)
	assert.Equal(t, diagnosis.DefaultThresholds(), cfg.Thresholds)

	st := wire.ParseStatus([]byte(warmStatusJSON))
	assert.True(t, st.Known)
	assert.Equal(t, int64(12), st.AgeSeconds)
	assert.Equal(t, map[string]diagnosis.ProbeStatus{diagnosis.EndpointAPI: diagnosis.StatusTimeout, diagnosis.EndpointAccountCN: diagnosis.StatusOK}, st.Endpoints)
}
