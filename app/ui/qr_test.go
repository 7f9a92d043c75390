package ui

import (
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rasterQR draws the markup qrMarkup returned the way a browser would: the
// viewBox sets the canvas, the path's "Mx yhnv1h-nz" runs are the dark
// modules. It returns the canvas side in modules and the dark cells.
func rasterQR(t *testing.T, svg string) (int, [][]bool) {
	t.Helper()
	vb := between(svg, `viewBox="`, `"`)
	f := strings.Fields(vb)
	require.Len(t, f, 4, "viewBox %q", vb)
	require.Equal(t, []string{"0", "0"}, f[:2], "the viewBox starts at the origin")
	side, err := strconv.Atoi(f[2])
	require.NoError(t, err)
	require.Equal(t, f[2], f[3], "square")
	grid := make([][]bool, side)
	for i := range grid {
		grid[i] = make([]bool, side)
	}
	d := between(svg, `class="qr-fg" d="`, `"`)
	require.NotEmpty(t, d)
	for _, run := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		var x, y, n, n2 int
		_, err := parseRun(run, &x, &y, &n, &n2)
		require.NoError(t, err, "path run %q", run)
		require.Equal(t, n, n2, "run %q closes where it started", run)
		for i := 0; i < n; i++ {
			require.True(t, x+i < side && y < side, "run %q leaves the canvas", run)
			grid[y][x+i] = true
		}
	}
	return side, grid
}

// parseRun parses one "Mx yhnv1h-n" run.
func parseRun(run string, x, y, n, n2 *int) (int, error) {
	rest, ok := strings.CutPrefix(run, "M")
	if !ok {
		return 0, strconv.ErrSyntax
	}
	xs, rest, _ := strings.Cut(rest, " ")
	ys, rest, _ := strings.Cut(rest, "h")
	ns, rest, _ := strings.Cut(rest, "v1h-")
	var err error
	for _, p := range []struct {
		s string
		v *int
	}{{xs, x}, {ys, y}, {ns, n}, {rest, n2}} {
		if *p.v, err = strconv.Atoi(p.s); err != nil {
			return 0, err
		}
	}
	return 4, nil
}

func between(s, start, end string) string {
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, end)
	return v
}

// TestQRMarkupKeepsTheQuietZone: the drawn code sits 4 light modules inside
// every edge of its canvas (scanners need the margin), and a QR reader reads
// the link back from the drawing.
func TestQRMarkupKeepsTheQuietZone(t *testing.T) {
	text := "https://selfcheck.example/?ticket=T-12345&lang=zh"
	svg := qrMarkup(text, "QR")
	side, grid := rasterQR(t, svg)
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			if x < 4 || y < 4 || x >= side-4 || y >= side-4 {
				assert.False(t, grid[y][x], "dark module at (%d,%d) inside the quiet zone of a %d-module canvas", x, y, side)
			}
		}
	}
	// The top-left finder pattern starts right after the margin.
	assert.True(t, grid[4][4], "finder pattern at (4,4)")

	const scale = 4
	img := image.NewGray(image.Rect(0, 0, side*scale, side*scale))
	for y := 0; y < side*scale; y++ {
		for x := 0; x < side*scale; x++ {
			c := color.Gray{Y: 255}
			if grid[y/scale][x/scale] {
				c = color.Gray{Y: 0}
			}
			img.SetGray(x, y, c)
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true})
	require.NoError(t, err, "a QR reader must read the drawing")
	assert.Equal(t, text, res.GetText())

	assert.Empty(t, qrMarkup(strings.Repeat("x", 400), "QR"), "too long to encode: nothing drawn")
}
