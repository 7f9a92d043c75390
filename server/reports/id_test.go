package reports_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/reports"
)

var canonical = regexp.MustCompile(`^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$`)

func TestNewIDFormatAndUniqueness(t *testing.T) {
	seen := make(map[string]bool)
	// Count how often each symbol appears at each position: with 65 random
	// bits every one of the 32 symbols shows up at every position.
	var counts [13][32]int
	const n = 20000
	for range n {
		id := reports.NewID()
		require.Regexp(t, canonical, id)
		require.False(t, seen[id], "duplicate id %s", id)
		seen[id] = true
		parsed, err := reports.ParseID(id)
		require.NoError(t, err)
		require.Equal(t, id, parsed)
		pos := 0
		for _, c := range id[2:] {
			if c == '-' {
				continue
			}
			idx := indexOf(byte(c))
			counts[pos][idx]++
			pos++
		}
	}
	for pos := range counts {
		for sym, c := range counts[pos] {
			// Expected 625 per cell; a stuck bit or a biased mapping would give 0 or ~double.
			if pos == 0 {
				if alphabetAt(sym) == 'R' {
					assert.Zero(t, c, "no id starts with R after the prefix")
				} else {
					assert.InDelta(t, n/31, c, 200, "position %d symbol %d", pos, sym)
				}
				continue
			}
			assert.InDelta(t, n/32, c, 200, "position %d symbol %d", pos, sym)
		}
	}
}

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func alphabetAt(i int) byte { return alphabet[i] }

func indexOf(c byte) int {
	for i := range len(alphabet) {
		if alphabet[i] == c {
			return i
		}
	}
	return -1
}

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"R-7K3Q-M2XD-9FAB-T", "R-7K3Q-M2XD-9FAB-T", true},
		{"r-7k3q-m2xd-9fab-t", "R-7K3Q-M2XD-9FAB-T", true},
		{"7K3QM2XD9FABT", "R-7K3Q-M2XD-9FAB-T", true},
		{" R 7K3Q M2XD 9FAB T ", "R-7K3Q-M2XD-9FAB-T", true},
		{"R7K3QM2XD9FABT", "R-7K3Q-M2XD-9FAB-T", true},
		{"R-7K3Q-M2XD-9FAB-T", "R-7K3Q-M2XD-9FAB-T", true},
		{"R-IL0O-M2XD-9FAB-T", "R-1100-M2XD-9FAB-T", true}, // read-out confusions fold
		{"R-7K3Q-M2XD-9FAB", "", false},                    // a symbol missing, even though 13 remain with the R
		{"R-R7K3-M2XD-9FAB-T", "", false},                  // no id starts with R
		{"7K3Q-M2XD-9FAB", "", false},                      // too short
		{"R-7K3Q-M2XD-9FAB-TT", "", false},                 // too long
		{"R-7K3Q-M2XD-9FAB-U", "", false},                  // U is not in the alphabet
		{"R-7K3Q-M2XD-9FAB-*", "", false},
		{"R-7K3Q-M2XD-9FAB-é", "", false},
		{"", "", false},
		{"../../etc/passwd", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := reports.ParseID(tt.in)
			if !tt.ok {
				assert.ErrorIs(t, err, reports.ErrInvalidID)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
