package qrcode

// matrix is a symbol under construction: the module colours and which
// modules belong to function patterns (finder, timing, alignment, format and
// version information) rather than to data.
type matrix struct {
	size int
	dark []bool
	fn   []bool
}

// newMatrix returns the matrix of version v with all function patterns drawn
// and the format area reserved.
func newMatrix(v int) *matrix {
	size := 17 + 4*v
	m := &matrix{size: size, dark: make([]bool, size*size), fn: make([]bool, size*size)}
	for i := 0; i < size; i++ {
		m.set(6, i, i%2 == 0)
		m.set(i, 6, i%2 == 0)
	}
	m.finder(3, 3)
	m.finder(size-4, 3)
	m.finder(3, size-4)
	if v >= 2 {
		pos := []int{6, size - 7}
		if alignMid[v] != 0 {
			pos = []int{6, alignMid[v], size - 7}
		}
		last := len(pos) - 1
		for i, y := range pos {
			for j, x := range pos {
				if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) {
					continue // overlaps a finder pattern
				}
				m.alignment(x, y)
			}
		}
	}
	m.format(0)
	if v >= 7 {
		m.versionInfo(v)
	}
	return m
}

// set colours the module at column x, row y and marks it as a function
// module.
func (m *matrix) set(x, y int, dark bool) {
	m.dark[y*m.size+x] = dark
	m.fn[y*m.size+x] = true
}

// finder draws a finder pattern centred on (cx, cy) with its light
// separator, clipped to the symbol.
func (m *matrix) finder(cx, cy int) {
	for dy := -4; dy <= 4; dy++ {
		for dx := -4; dx <= 4; dx++ {
			x, y := cx+dx, cy+dy
			if x < 0 || y < 0 || x >= m.size || y >= m.size {
				continue
			}
			d := max(abs(dx), abs(dy))
			m.set(x, y, d != 2 && d != 4)
		}
	}
}

// alignment draws a 5×5 alignment pattern centred on (cx, cy).
func (m *matrix) alignment(cx, cy int) {
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			m.set(cx+dx, cy+dy, max(abs(dx), abs(dy)) != 1)
		}
	}
}

// format draws both copies of the format information for level M and the
// given mask, and the dark module.
func (m *matrix) format(mask int) {
	data := ecLevelM<<3 | mask
	rem := data
	for i := 0; i < 10; i++ {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>i&1 != 0 }
	s := m.size
	// Around the top-left finder.
	for i := 0; i <= 5; i++ {
		m.set(8, i, bit(i))
	}
	m.set(8, 7, bit(6))
	m.set(8, 8, bit(7))
	m.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		m.set(14-i, 8, bit(i))
	}
	// Next to the top-right and bottom-left finders.
	for i := 0; i < 8; i++ {
		m.set(s-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		m.set(8, s-15+i, bit(i))
	}
	m.set(8, s-8, true)
}

// versionInfo draws both copies of the version information (versions 7
// and up).
func (m *matrix) versionInfo(v int) {
	rem := v
	for i := 0; i < 12; i++ {
		rem = rem<<1 ^ (rem>>11)*0x1F25
	}
	bits := v<<12 | rem
	for i := 0; i < 18; i++ {
		dark := bits>>i&1 != 0
		a, b := m.size-11+i%3, i/3
		m.set(a, b, dark)
		m.set(b, a, dark)
	}
}

// placeData fills the data modules with the bits of cw, in the zigzag order
// of two-module-wide columns from the bottom-right corner. Remainder modules
// stay light.
func (m *matrix) placeData(cw []byte) {
	i, n := 0, len(cw)*8
	for right := m.size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5 // skip the vertical timing pattern
		}
		upward := (right+1)&2 == 0
		for vert := 0; vert < m.size; vert++ {
			y := vert
			if upward {
				y = m.size - 1 - vert
			}
			for j := 0; j < 2; j++ {
				k := y*m.size + right - j
				if !m.fn[k] && i < n {
					m.dark[k] = cw[i>>3]>>(7-i&7)&1 != 0
					i++
				}
			}
		}
	}
}

// maskBit reports whether mask pattern mask inverts the module at column x,
// row y.
func maskBit(mask, x, y int) bool {
	switch mask {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

// applyMask inverts the data modules selected by mask; applying it twice
// undoes it.
func (m *matrix) applyMask(mask int) {
	for y := 0; y < m.size; y++ {
		for x := 0; x < m.size; x++ {
			k := y*m.size + x
			if !m.fn[k] && maskBit(mask, x, y) {
				m.dark[k] = !m.dark[k]
			}
		}
	}
}

// applyBestMask tries all eight masks, keeps the first one with the lowest
// penalty and writes its format information.
func (m *matrix) applyBestMask() {
	best, bestPenalty := 0, -1
	for mask := 0; mask < 8; mask++ {
		m.applyMask(mask)
		m.format(mask)
		if p := m.penalty(); bestPenalty < 0 || p < bestPenalty {
			best, bestPenalty = mask, p
		}
		m.applyMask(mask)
	}
	m.applyMask(best)
	m.format(best)
}

// Penalty weights N1 to N4 of ISO/IEC 18004 section 7.8.3.1.
const (
	penaltyN1 = 3
	penaltyN2 = 3
	penaltyN3 = 40
	penaltyN4 = 10
)

// penalty scores the masked matrix with the four rules of ISO/IEC 18004
// section 7.8.3.1, read as ZXing reads them: runs of five or more modules of
// one colour, 2×2 blocks of one colour, 1:1:3:1:1 finder-like patterns with
// four light modules on at least one side, and the distance of the dark
// proportion from 50% in steps of 5%.
func (m *matrix) penalty() int {
	s := m.size
	p, dark := 0, 0
	for i := 0; i < s; i++ {
		p += m.linePenalty(i*s, 1) // row i
		p += m.linePenalty(i, s)   // column i
	}
	for y := 0; y < s; y++ {
		for x := 0; x < s; x++ {
			k := y*s + x
			d := m.dark[k]
			if d {
				dark++
			}
			if x+1 < s && y+1 < s && d == m.dark[k+1] && d == m.dark[k+s] && d == m.dark[k+s+1] {
				p += penaltyN2
			}
		}
	}
	total := s * s
	return p + abs(dark*2-total)*10/total*penaltyN4
}

// linePenalty scores rules 1 and 3 on the row or column whose modules are
// m.dark[start], m.dark[start+stride], … (size modules).
func (m *matrix) linePenalty(start, stride int) int {
	var buf [17 + 4*maxVersion]bool
	line := buf[:m.size]
	for i := range line {
		line[i] = m.dark[start+i*stride]
	}
	p, run := 0, 1
	for i := 1; i <= len(line); i++ {
		if i < len(line) && line[i] == line[i-1] {
			run++
			continue
		}
		if run >= 5 {
			p += penaltyN1 + run - 5
		}
		run = 1
	}
	for i := 0; i+6 < len(line); i++ {
		if line[i] && !line[i+1] && line[i+2] && line[i+3] && line[i+4] && !line[i+5] && line[i+6] &&
			(allLight(line, i-4, i) || allLight(line, i+7, i+11)) {
			p += penaltyN3
		}
	}
	return p
}

// allLight reports whether line[from:to], clipped to the line, has no dark
// module.
func allLight(line []bool, from, to int) bool {
	for _, d := range line[max(from, 0):min(to, len(line))] {
		if d {
			return false
		}
	}
	return true
}

// abs returns the absolute value of x.
func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
