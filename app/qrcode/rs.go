package qrcode

// gfMul returns the product of x and y in GF(2^8) modulo the QR code
// polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D).
func gfMul(x, y byte) byte {
	var z byte
	for i := 7; i >= 0; i-- {
		z = z<<1 ^ (z>>7)*0x1D
		z ^= (y >> i & 1) * x
	}
	return z
}

// rsDivisor returns the Reed–Solomon generator polynomial of the given
// degree, (x - α^0)(x - α^1)…(x - α^(degree-1)), with coefficients from the
// highest power down and the leading 1 left out.
func rsDivisor(degree int) []byte {
	r := make([]byte, degree)
	r[degree-1] = 1
	root := byte(1)
	for i := 0; i < degree; i++ {
		for j := range r {
			r[j] = gfMul(r[j], root)
			if j+1 < len(r) {
				r[j] ^= r[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return r
}

// rsRemainder returns the error-correction codewords of data: the remainder
// of data·x^len(div) divided by the generator polynomial div.
func rsRemainder(data, div []byte) []byte {
	r := make([]byte, len(div))
	for _, b := range data {
		f := b ^ r[0]
		copy(r, r[1:])
		r[len(r)-1] = 0
		for i, d := range div {
			r[i] ^= gfMul(d, f)
		}
	}
	return r
}
