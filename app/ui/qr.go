package ui

import (
	"strconv"

	"wpscheck/app/qrcode"
)

// qrMarkup draws text as a QR code in inline SVG (no image request, works
// offline, no inline style: the CSP allows none). label must be plain text
// without markup characters. It returns "" when text cannot be encoded.
func qrMarkup(text, label string) string {
	c, err := qrcode.Encode(text)
	if err != nil || c == nil || c.Size() == 0 {
		return ""
	}
	// SVGPath already offsets the modules by the 4-module quiet zone that
	// ViewBox includes; the light background fills the whole box.
	side := strconv.Itoa(c.Size() + 8)
	return `<svg xmlns="http://www.w3.org/2000/svg" class="qr-svg" viewBox="` + c.ViewBox() +
		`" role="img" aria-label="` + label + `" shape-rendering="crispEdges">` +
		`<rect class="qr-bg" x="0" y="0" width="` + side + `" height="` + side + `"/>` +
		`<path class="qr-fg" d="` + c.SVGPath() + `"/></svg>`
}
