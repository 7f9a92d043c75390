// Package qrcode encodes a short text, such as a page URL, as a QR code
// (ISO/IEC 18004) in byte mode with error-correction level M, versions 1 to 10.
//
// Package qrcode is stdlib-only and works on bytes and ints (no image, fmt,
// reflection or regexp) so that it adds little to a WebAssembly build. The
// result is drawn as an SVG path; see Code.SVGPath.
package qrcode

import (
	"errors"
	"strconv"
)

// maxVersion is the largest version Encode produces. At level M it holds
// 213 bytes, enough for a page URL carrying a ticket.
const maxVersion = 10

// quietZone is the width, in modules, of the light border the standard asks
// for around the symbol.
const quietZone = 4

// ecLevelM is the two-bit error-correction level indicator for level M as
// written in the format information.
const ecLevelM = 0

// block describes how a version's codewords are split at level M:
// n1 blocks of d1 data codewords, then n2 blocks of d1+1 data codewords,
// every block followed by ec error-correction codewords.
type block struct {
	ec, n1, d1, n2 int
}

// blocks holds the level-M block structure of versions 1 to 10 (index 0 is
// unused), from table 9 of ISO/IEC 18004:2015.
var blocks = [maxVersion + 1]block{
	{},
	{ec: 10, n1: 1, d1: 16},
	{ec: 16, n1: 1, d1: 28},
	{ec: 26, n1: 1, d1: 44},
	{ec: 18, n1: 2, d1: 32},
	{ec: 24, n1: 2, d1: 43},
	{ec: 16, n1: 4, d1: 27},
	{ec: 18, n1: 4, d1: 31},
	{ec: 22, n1: 2, d1: 38, n2: 2},
	{ec: 22, n1: 3, d1: 36, n2: 2},
	{ec: 26, n1: 4, d1: 43, n2: 1},
}

// alignMid is the middle alignment-pattern coordinate of versions 7 to 10;
// versions 2 to 6 have only the coordinates 6 and size-7.
var alignMid = [maxVersion + 1]int{7: 22, 8: 24, 9: 26, 10: 28}

// dataCodewords returns how many data codewords version v holds at level M.
func dataCodewords(v int) int {
	b := blocks[v]
	return b.n1*b.d1 + b.n2*(b.d1+1)
}

// countBits returns the width of the byte-mode character count indicator.
func countBits(v int) int {
	if v < 10 {
		return 8
	}
	return 16
}

// capacity returns how many bytes version v holds in byte mode at level M.
func capacity(v int) int {
	return (dataCodewords(v)*8 - 4 - countBits(v)) / 8
}

// Code is an encoded QR code symbol: a square of dark and light modules.
// The zero Code is empty; get one from Encode.
type Code struct {
	version int
	size    int
	dark    []bool // row-major, size*size
}

// Size returns the number of modules per side, 17+4·Version, without the
// quiet zone.
func (c *Code) Size() int { return c.size }

// Version returns the QR code version, 1 to 10.
func (c *Code) Version() int { return c.version }

// Dark reports whether the module in column x and row y is dark. Modules
// outside the symbol, including the quiet zone, are light.
func (c *Code) Dark(x, y int) bool {
	if x < 0 || y < 0 || x >= c.size || y >= c.size {
		return false
	}
	return c.dark[y*c.size+x]
}

// Encode returns text, taken as its UTF-8 bytes, encoded in byte mode at
// error-correction level M in the smallest version from 1 to 10 that holds
// it, with the mask of lowest penalty. Encode returns an error when text is
// longer than 213 bytes, the capacity of version 10.
func Encode(text string) (*Code, error) {
	v := 1
	for v <= maxVersion && len(text) > capacity(v) {
		v++
	}
	if v > maxVersion {
		return nil, errors.New("qrcode: text is " + strconv.Itoa(len(text)) +
			" bytes; at most " + strconv.Itoa(capacity(maxVersion)) + " fit (version 10, level M)")
	}
	m := newMatrix(v)
	m.placeData(codewords(text, v))
	m.applyBestMask()
	return &Code{version: v, size: m.size, dark: m.dark}, nil
}

// codewords returns the final codeword sequence of text in version v: the
// data bit stream split into blocks, each given its error-correction
// codewords, then interleaved.
func codewords(text string, v int) []byte {
	n := dataCodewords(v)
	var w bitWriter
	w.buf = make([]byte, 0, n)
	w.put(0x4, 4) // byte mode
	w.put(len(text), countBits(v))
	for i := 0; i < len(text); i++ {
		w.put(int(text[i]), 8)
	}
	// Terminator of up to four zero bits, then zero bits to a byte boundary.
	w.put(0, min(4, n*8-w.n))
	w.put(0, (8-w.n%8)%8)
	for pad := 0xEC; len(w.buf) < n; pad ^= 0xEC ^ 0x11 {
		w.buf = append(w.buf, byte(pad))
	}
	data := w.buf

	b := blocks[v]
	nb := b.n1 + b.n2
	div := rsDivisor(b.ec)
	dataBlocks := make([][]byte, nb)
	ecBlocks := make([][]byte, nb)
	for i, off := 0, 0; i < nb; i++ {
		d := b.d1
		if i >= b.n1 {
			d++
		}
		dataBlocks[i] = data[off : off+d]
		ecBlocks[i] = rsRemainder(dataBlocks[i], div)
		off += d
	}
	out := make([]byte, 0, n+nb*b.ec)
	for i := 0; i <= b.d1; i++ {
		for _, d := range dataBlocks {
			if i < len(d) {
				out = append(out, d[i])
			}
		}
	}
	for i := 0; i < b.ec; i++ {
		for _, e := range ecBlocks {
			out = append(out, e[i])
		}
	}
	return out
}

// bitWriter appends bits, most significant first, to a byte slice.
type bitWriter struct {
	buf []byte
	n   int // bits written
}

// put appends the low nbits bits of v.
func (w *bitWriter) put(v, nbits int) {
	for i := nbits - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		if v>>i&1 != 0 {
			w.buf[w.n/8] |= 0x80 >> (w.n % 8)
		}
		w.n++
	}
}
