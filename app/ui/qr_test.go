package ui

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"wpscheck/app/qrcode"
)

// TestQRMarkupKeepsTheQuietZone: the code must sit 4 light modules inside
// every edge of the drawing (scanners need it), not flush with one side.
func TestQRMarkupKeepsTheQuietZone(t *testing.T) {
	text := "https://selfcheck.example/?ticket=T-12345"
	c, err := qrcode.Encode(text)
	assert.NoError(t, err)
	svg := qrMarkup(text, "QR")
	assert.Contains(t, svg, `viewBox="`+c.ViewBox()+`"`)
	assert.Contains(t, svg, `<rect class="qr-bg" x="0" y="0"`)
	assert.True(t, strings.HasPrefix(c.ViewBox(), "0 0 "))
	assert.Empty(t, qrMarkup(strings.Repeat("x", 400), "QR"), "too long to encode: nothing drawn")
}
