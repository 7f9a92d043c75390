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
	n := c.Size()
	const quiet = 4
	box := strconv.Itoa(-quiet) + " " + strconv.Itoa(-quiet) + " " + strconv.Itoa(n+2*quiet) + " " + strconv.Itoa(n+2*quiet)
	return `<svg xmlns="http://www.w3.org/2000/svg" class="qr-svg" viewBox="` + box +
		`" role="img" aria-label="` + label + `" shape-rendering="crispEdges">` +
		`<rect class="qr-bg" x="-4" y="-4" width="` + strconv.Itoa(n+2*quiet) + `" height="` + strconv.Itoa(n+2*quiet) + `"/>` +
		`<path class="qr-fg" d="` + c.SVGPath() + `"/></svg>`
}
