package qrcode

import "strconv"

// SVGPath returns an SVG path "d" attribute that draws every dark module as
// a 1×1 square, in module units, offset by the 4-module quiet zone. Each
// horizontal run of n dark modules starting at (x, y) becomes one rectangle
// "Mx yhnv1h-nz". Fill the path in the foreground colour inside an <svg>
// whose viewBox is ViewBox and whose background is light.
func (c *Code) SVGPath() string {
	// About one run per four modules, each "Mxx yyhnv1h-nz": 14 bytes.
	b := make([]byte, 0, c.size*c.size*4)
	for y := 0; y < c.size; y++ {
		for x := 0; x < c.size; {
			if !c.Dark(x, y) {
				x++
				continue
			}
			n := 1
			for c.Dark(x+n, y) {
				n++
			}
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(x+quietZone), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(y+quietZone), 10)
			b = append(b, 'h')
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, "v1h-"...)
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, 'z')
			x += n
		}
	}
	return string(b)
}

// ViewBox returns the SVG viewBox "0 0 N N" of the symbol with its quiet
// zone, N being Size()+8.
func (c *Code) ViewBox() string {
	n := strconv.Itoa(c.size + 2*quietZone)
	return "0 0 " + n + " " + n
}
