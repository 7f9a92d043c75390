package reports

import (
	"crypto/rand"
	"errors"
	"strings"
)

// alphabet is Crockford's base32: digits and upper-case letters without I, L,
// O and U, so an id survives being read out over the phone.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// idSymbols is the number of base32 symbols in an id. The first is never R
// (so "R" followed by 12 symbols cannot be mistaken for an id whose prefix was
// left off) and the others are uniform: log2(31) + 12×5 ≈ 64.95 bits.
const idSymbols = 13

// IDPrefix starts every canonical report id.
const IDPrefix = "R-"

// ErrInvalidID is returned by ParseID for text that cannot be a report id.
var ErrInvalidID = errors.New("reports: not a report id (expected R-XXXX-XXXX-XXXX-X)")

// NewID returns a fresh report id with about 64.95 bits from crypto/rand,
// written as "R-" and 13 Crockford base32 symbols in groups of four, e.g.
// R-7K3Q-M2XD-9FAB-T.
func NewID() string {
	var sym [idSymbols]byte
	for {
		var b [idSymbols]byte
		// crypto/rand.Read never returns an error (it panics if the system's
		// random source fails), per its documentation since Go 1.24.
		_, _ = rand.Read(b[:])
		for i, v := range b {
			sym[i] = alphabet[v&31] // 32 divides 256: no modulo bias
		}
		if sym[0] != 'R' { // rejection keeps the first symbol uniform over the other 31
			return format(sym[:])
		}
	}
}

// ParseID normalises an id typed by a person and returns its canonical form.
// It ignores case, spaces and hyphens, accepts the id with or without the
// leading R, and reads I and L as 1 and O as 0, as Crockford base32 does. It
// returns ErrInvalidID for anything else, including an id missing a symbol.
func ParseID(s string) (string, error) {
	if len(s) > 64 {
		return "", ErrInvalidID
	}
	var sym []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r == 'I' || r == 'L':
			r = '1'
		case r == 'O':
			r = '0'
		}
		if r > 0x7f || strings.IndexByte(alphabet, byte(r)) < 0 {
			return "", ErrInvalidID
		}
		sym = append(sym, byte(r))
	}
	if len(sym) > 0 && sym[0] == 'R' {
		sym = sym[1:] // the prefix: no id's first symbol is R
	}
	if len(sym) != idSymbols || sym[0] == 'R' {
		return "", ErrInvalidID
	}
	return format(sym), nil
}

func format(sym []byte) string {
	var b strings.Builder
	b.Grow(len(IDPrefix) + idSymbols + 3)
	b.WriteString(IDPrefix)
	for i, c := range sym {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String()
}
