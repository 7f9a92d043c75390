package qrcode

// The encoder is checked against an independent implementation, the Go port
// of ZXing (github.com/makiuchi-d/gozxing, a test-only dependency):
//
//   - every symbol is rendered to an image (4 pixels a module, 4-module quiet
//     zone), found by ZXing's detector and decoded, and the bytes must come
//     back unchanged;
//   - the module matrix is also decoded directly, where ZXing must need no
//     error correction and must not have to read the symbol mirrored;
//   - where ZXing's own encoder picks byte mode (any text with a character
//     outside the alphanumeric set), its matrix — version, mask choice,
//     format and version information, every module — must equal ours.
//
// Expected capacities come from table 7 of ISO/IEC 18004:2015, not from the
// encoder's own arithmetic.

import (
	"bytes"
	"image"
	"image/color"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	zxdecoder "github.com/makiuchi-d/gozxing/qrcode/decoder"
	zxencoder "github.com/makiuchi-d/gozxing/qrcode/encoder"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// isoCapacityM is the byte-mode capacity of versions 1 to 10 at level M,
// from ISO/IEC 18004:2015 table 7 (index 0 unused).
var isoCapacityM = [11]int{0, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213}

// ticketURL is a page URL of the length support sends, 120 bytes.
const ticketURL = "https://wpscheck.example.cn/r?lang=zh-CN&ticket=AbCdEf0123456789GhIjKlMnOpQrStUvWxYz_-AbCdEf0123456789GhIjKlMnOpQrSt#top"

// render draws c as a grey image with scale pixels a module and the quiet
// zone, the way a phone camera would see the page.
func render(c *Code, scale int) *image.Gray {
	n := (c.Size() + 2*quietZone) * scale
	img := image.NewGray(image.Rect(0, 0, n, n))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); x++ {
			if !c.Dark(x, y) {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray((x+quietZone)*scale+dx, (y+quietZone)*scale+dy, color.Gray{})
				}
			}
		}
	}
	return img
}

// grid returns the modules of c as rows of booleans, dark = true.
func grid(c *Code) [][]bool {
	g := make([][]bool, c.Size())
	for y := range g {
		g[y] = make([]bool, c.Size())
		for x := range g[y] {
			g[y][x] = c.Dark(x, y)
		}
	}
	return g
}

// joinSegments concatenates the byte-mode segments ZXing decoded.
func joinSegments(segs interface{}) []byte {
	var b []byte
	if s, ok := segs.([][]byte); ok {
		for _, seg := range s {
			b = append(b, seg...)
		}
	}
	return b
}

var utf8Hint = map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8"}

// decodeImage finds and decodes the symbol in a rendering of c with ZXing's
// detector and returns the text (read as UTF-8) and the raw bytes.
func decodeImage(t testing.TB, c *Code) (string, []byte) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(render(c, 4))
	require.NoError(t, err)
	res, err := zxqr.NewQRCodeReader().Decode(bmp, utf8Hint)
	require.NoError(t, err, "ZXing cannot read the rendered symbol")
	assert.Equal(t, "M", res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL])
	return res.GetText(), joinSegments(res.GetResultMetadata()[gozxing.ResultMetadataType_BYTE_SEGMENTS])
}

// decodeGrid decodes the module grid g with ZXing's decoder, requiring a
// clean read: no corrected codeword, not mirrored, level M. It returns the
// raw bytes.
func decodeGrid(t testing.TB, g [][]bool) []byte {
	t.Helper()
	res, err := zxdecoder.NewDecoder().DecodeBoolMap(g, utf8Hint)
	require.NoError(t, err, "ZXing cannot decode the module matrix")
	assert.Zero(t, res.GetErrorsCorrected(), "ZXing had to correct errors")
	assert.Nil(t, res.GetOther(), "ZXing read the symbol mirrored (rows and columns swapped)")
	assert.Equal(t, "M", res.GetECLevel())
	return joinSegments(res.GetByteSegments())
}

// wantVersion returns the smallest version whose ISO capacity holds n bytes,
// or 0 if none up to 10 does.
func wantVersion(n int) int {
	for v := 1; v <= 10; v++ {
		if n <= isoCapacityM[v] {
			return v
		}
	}
	return 0
}

// textOfLen returns a URL-like ASCII text of exactly n bytes.
func textOfLen(n int) string {
	const base = "https://wpscheck.example.cn/r?ticket="
	var b strings.Builder
	b.WriteString(base)
	for i := 0; b.Len() < n; i++ {
		b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789-_"[i*7%38])
	}
	return b.String()[:n]
}

// roundTripCases are texts a user's link or report could hold.
func roundTripCases() map[string]string {
	cases := map[string]string{
		"empty":          "",
		"one byte":       "a",
		"plain url":      "https://example.com/",
		"ticket url":     ticketURL,
		"chinese":        "WPS 登录自助检测：请检查网络、时间和时区。",
		"chinese only":   "无法登录",
		"emoji and mix":  "报告 ✅ id=7F3K-2Q9P 🚀 ok",
		"uppercase only": "HELLO WORLD",
		"digits only":    "0123456789",
		"control bytes":  "\x00\x01\x7f\n\t",
		"all 0xEC":       strings.Repeat("\xec\x11", 40),
	}
	for v := 1; v <= 10; v++ {
		cases["fits v"+strconv.Itoa(v)] = textOfLen(isoCapacityM[v])
		if v < 10 {
			cases["needs v"+strconv.Itoa(v+1)] = textOfLen(isoCapacityM[v] + 1)
		}
	}
	// Chinese text just at the version 10 limit (3 bytes a character).
	cases["chinese at limit"] = strings.Repeat("检", 71)
	return cases
}

func TestEncodeRoundTrip(t *testing.T) {
	for name, text := range roundTripCases() {
		t.Run(name, func(t *testing.T) {
			c, err := Encode(text)
			require.NoError(t, err)
			assert.Equal(t, wantVersion(len(text)), c.Version())
			assert.Equal(t, 17+4*c.Version(), c.Size())

			gotText, gotBytes := decodeImage(t, c)
			assert.Equal(t, []byte(text), append([]byte{}, gotBytes...), "bytes read from the image")
			if utf8.ValidString(text) {
				assert.Equal(t, text, gotText, "text read from the image")
			}
			assert.Equal(t, []byte(text), append([]byte{}, decodeGrid(t, grid(c))...), "bytes read from the matrix")
		})
	}
}

// zxingByteMode reports whether ZXing's encoder, given no hints, encodes text
// exactly as Encode does: byte mode, no ECI, because text is valid UTF-8 and
// has a character outside the QR alphanumeric set.
func zxingByteMode(text string) bool {
	return utf8.ValidString(text) && strings.IndexFunc(text, func(r rune) bool {
		return !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", r)
	}) >= 0
}

// assertSameAsZXing fails t unless Encode(text) and ZXing's encoder agree
// on every module.
func assertSameAsZXing(t *testing.T, text string) {
	t.Helper()
	c, err := Encode(text)
	require.NoError(t, err)
	ref, err := zxencoder.Encoder_encode(text, zxdecoder.ErrorCorrectionLevel_M, nil)
	require.NoError(t, err)
	require.Equal(t, "BYTE", ref.GetMode().String())
	require.Equal(t, ref.GetVersion().GetVersionNumber(), c.Version(), "version of %q", text)
	m := ref.GetMatrix()
	require.Equal(t, m.GetWidth(), c.Size())
	diff := 0
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); x++ {
			if (m.Get(x, y) == 1) != c.Dark(x, y) {
				diff++
			}
		}
	}
	assert.Zero(t, diff, "modules differing from ZXing (its mask %d) for %q", ref.GetMaskPattern(), text)
}

func TestMatchesZXingEncoder(t *testing.T) {
	compared := 0
	for name, text := range roundTripCases() {
		if !zxingByteMode(text) {
			continue
		}
		compared++
		t.Run(name, func(t *testing.T) { assertSameAsZXing(t, text) })
	}
	assert.Greater(t, compared, 20, "too few cases compared")
}

// TestMaskChoiceMatchesZXing compares many pseudo-random texts of every
// length so that each penalty rule and the tie-break between equal
// penalties decide the mask somewhere; the seed is fixed.
func TestMaskChoiceMatchesZXing(t *testing.T) {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~:/?#[]@!$&'()*+,;=%"
	rng := rand.New(rand.NewPCG(1, 2))
	n := 600
	if testing.Short() {
		n = 100
	}
	masks := map[int]bool{}
	for i := 0; i < n; i++ {
		b := make([]byte, 1+rng.IntN(isoCapacityM[10]))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		b[0] = 'h' // lowercase keeps ZXing in byte mode
		assertSameAsZXing(t, string(b))
		ref, err := zxencoder.Encoder_encode(string(b), zxdecoder.ErrorCorrectionLevel_M, nil)
		require.NoError(t, err)
		masks[ref.GetMaskPattern()] = true
	}
	assert.Len(t, masks, 8, "every mask should win for some text")
}

// TestPenaltyMatchesZXing scores random module patterns of every version
// size and darkness with our penalty and with ZXing's four rules. Rule 4
// (dark proportion) and the one-sided light border of rule 3 seldom decide
// the mask for real texts, so they are checked here directly.
func TestPenaltyMatchesZXing(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		v := 1 + i%10
		m := newMatrix(v)
		darkPer1000 := 50 + rng.IntN(900)
		ref := zxencoder.NewByteMatrix(m.size, m.size)
		for y := 0; y < m.size; y++ {
			for x := 0; x < m.size; x++ {
				d := rng.IntN(1000) < darkPer1000
				m.dark[y*m.size+x] = d
				ref.SetBool(x, y, d)
			}
		}
		want := zxencoder.MaskUtil_applyMaskPenaltyRule1(ref) + zxencoder.MaskUtil_applyMaskPenaltyRule2(ref) +
			zxencoder.MaskUtil_applyMaskPenaltyRule3(ref) + zxencoder.MaskUtil_applyMaskPenaltyRule4(ref)
		require.Equal(t, want, m.penalty(), "v%d, %d‰ dark", v, darkPer1000)
	}
}

func TestMaskPatternsMatchZXing(t *testing.T) {
	for mask := 0; mask < 8; mask++ {
		for y := 0; y < 57; y++ {
			for x := 0; x < 57; x++ {
				want, err := zxencoder.MaskUtil_getDataMaskBit(mask, x, y)
				require.NoError(t, err)
				require.Equal(t, want, maskBit(mask, x, y), "mask %d at %d,%d", mask, x, y)
			}
		}
	}
}

func TestCapacityBoundaries(t *testing.T) {
	for v := 1; v <= 10; v++ {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			c, err := Encode(textOfLen(isoCapacityM[v]))
			require.NoError(t, err)
			assert.Equal(t, v, c.Version(), "the longest text for version %d", v)
			assert.Equal(t, 17+4*v, c.Size())

			c, err = Encode(textOfLen(isoCapacityM[v] + 1))
			if v == 10 {
				assert.Error(t, err)
				assert.Nil(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, v+1, c.Version(), "one byte more than version %d holds", v)
			assert.Equal(t, 17+4*(v+1), c.Size())
		})
	}
}

func TestEncodeTooLong(t *testing.T) {
	for _, n := range []int{214, 215, 300, 4096} {
		c, err := Encode(textOfLen(n))
		require.Error(t, err, "%d bytes", n)
		assert.Nil(t, c)
		assert.Contains(t, err.Error(), strconv.Itoa(n)+" bytes")
		assert.Contains(t, err.Error(), "213")
	}
	// Multi-byte characters count by their UTF-8 bytes: 72 × 3 = 216.
	_, err := Encode(strings.Repeat("检", 72))
	assert.Error(t, err)
}

// parseSVGPath draws the path d of a symbol of the given size (without quiet
// zone) onto a module grid. It accepts only the documented rectangle form
// "Mx yhnv1h-nz" and fails the test on anything else, on a square outside
// the symbol or on a square drawn twice.
func parseSVGPath(t *testing.T, d string, size int) [][]bool {
	t.Helper()
	g := make([][]bool, size)
	for y := range g {
		g[y] = make([]bool, size)
	}
	if d == "" {
		return g
	}
	require.True(t, strings.HasPrefix(d, "M") && strings.HasSuffix(d, "z"), "path %.40q", d)
	for _, sub := range strings.Split(strings.TrimSuffix(d[1:], "z"), "zM") {
		xs, rest, _ := strings.Cut(sub, " ")
		ys, rest, _ := strings.Cut(rest, "h")
		ns, backs, _ := strings.Cut(rest, "v1h-")
		x, err1 := strconv.Atoi(xs)
		y, err2 := strconv.Atoi(ys)
		n, err3 := strconv.Atoi(ns)
		back, err4 := strconv.Atoi(backs)
		ok := err1 == nil && err2 == nil && err3 == nil && err4 == nil && n > 0 && back == n
		require.True(t, ok, "malformed rectangle %q", sub)
		x -= quietZone
		y -= quietZone
		require.True(t, x >= 0 && y >= 0 && x+n <= size && y < size, "rectangle %q outside the symbol", sub)
		for i := x; i < x+n; i++ {
			require.False(t, g[y][i], "module %d,%d drawn twice", i, y)
			g[y][i] = true
		}
	}
	return g
}

func TestSVGPath(t *testing.T) {
	for _, text := range []string{"", "a", ticketURL, strings.Repeat("检", 71)} {
		c, err := Encode(text)
		require.NoError(t, err)
		d := c.SVGPath()
		g := parseSVGPath(t, d, c.Size())
		assert.Equal(t, grid(c), g, "the path draws exactly the dark modules")
		// What the page shows must scan: decode the grid drawn by the path.
		assert.Equal(t, []byte(text), append([]byte{}, decodeGrid(t, g)...))
		// Horizontal runs are merged: no two rectangles touch end to start.
		assert.Equal(t, strings.Count(d, "M"), countRuns(c), "one rectangle per run")
		n := strconv.Itoa(c.Size() + 8)
		assert.Equal(t, "0 0 "+n+" "+n, c.ViewBox())
	}
}

// countRuns counts maximal horizontal runs of dark modules in c.
func countRuns(c *Code) int {
	runs := 0
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); x++ {
			if c.Dark(x, y) && (x == 0 || !c.Dark(x-1, y)) {
				runs++
			}
		}
	}
	return runs
}

func TestDarkOutsideSymbolIsLight(t *testing.T) {
	c, err := Encode("a")
	require.NoError(t, err)
	s := c.Size()
	assert.True(t, c.Dark(0, 0), "finder corner")
	assert.True(t, c.Dark(s-1, 0), "finder corner")
	assert.True(t, c.Dark(0, s-1), "finder corner")
	assert.True(t, c.Dark(8, s-8), "dark module")
	for _, p := range [][2]int{{-1, 0}, {0, -1}, {s, 0}, {0, s}, {-4, -4}, {s + 3, s + 3}} {
		assert.False(t, c.Dark(p[0], p[1]), "%v", p)
	}
}

// TestEncodeBlockStructure checks the level-M table against the raw module
// count: every version's data and error-correction codewords, plus its
// remainder bits (ISO/IEC 18004 table 1), must fill exactly the modules
// left free by the function patterns.
func TestEncodeBlockStructure(t *testing.T) {
	remainder := [11]int{0, 0, 7, 7, 7, 7, 7, 0, 0, 0, 0}
	total := [11]int{0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346} // ISO table 1
	for v := 1; v <= 10; v++ {
		m := newMatrix(v)
		free := 0
		for _, f := range m.fn {
			if !f {
				free++
			}
		}
		b := blocks[v]
		assert.Equal(t, total[v], dataCodewords(v)+(b.n1+b.n2)*b.ec, "v%d codewords", v)
		assert.Equal(t, total[v]*8+remainder[v], free, "v%d data modules", v)
		assert.Equal(t, isoCapacityM[v], capacity(v), "v%d capacity", v)
	}
}

func FuzzEncode(f *testing.F) {
	for _, text := range roundTripCases() {
		f.Add(text)
	}
	f.Add(strings.Repeat("x", 214))
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Encode(text)
		if len(text) > isoCapacityM[10] {
			require.Error(t, err)
			require.Nil(t, c)
			return
		}
		require.NoError(t, err)
		require.Equal(t, wantVersion(len(text)), c.Version())
		require.Equal(t, 17+4*c.Version(), c.Size())
		require.True(t, bytes.Equal([]byte(text), decodeGrid(t, grid(c))), "round trip of %q", text)
		require.Equal(t, grid(c), parseSVGPath(t, c.SVGPath(), c.Size()))
	})
}

func BenchmarkEncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(ticketURL); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVGPath(b *testing.B) {
	c, err := Encode(ticketURL)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.SVGPath()
	}
}
