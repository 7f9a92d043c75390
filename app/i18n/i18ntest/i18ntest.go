// Package i18ntest checks two-language texts the way every package of the
// self-check writes them.
package i18ntest

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"

	"wpscheck/app/i18n"
)

// HasHan reports whether s holds a Chinese character.
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// CheckText asserts that x reads as Chinese in ZH and English in EN, in
// the house style: no Chinese in the English, full-width punctuation after
// Chinese, a space between Chinese and Latin words.
func CheckText(t *testing.T, what string, x i18n.Text) {
	t.Helper()
	assert.NotEmpty(t, strings.TrimSpace(x.ZH), "%s: empty zh", what)
	assert.NotEmpty(t, strings.TrimSpace(x.EN), "%s: empty en", what)
	assert.True(t, HasHan(x.ZH), "%s: zh has no Chinese: %q", what, x.ZH)
	assert.False(t, HasHan(x.EN), "%s: en has Chinese: %q", what, x.EN)
	// Chinese sentences use full-width punctuation.
	for _, bad := range []string{"，", "。", "：", "；"} {
		assert.NotContains(t, x.EN, bad, "%s: en has Chinese punctuation", what)
	}
	// A space between Chinese and Latin words ("打开 Safari"), except in
	// Apple's own menu name.
	prev := rune(0)
	for _, r := range strings.ReplaceAll(x.ZH, "VPN与设备管理", "VPN 与设备管理") {
		if unicode.Is(unicode.Han, prev) && latin(r) || latin(prev) && unicode.Is(unicode.Han, r) {
			assert.Fail(t, "no space between Chinese and Latin", "%s: %q", what, x.ZH)
			break
		}
		prev = r
	}
	prevHan := false
	for _, r := range x.ZH {
		if prevHan && strings.ContainsRune(",.;!?", r) {
			assert.Fail(t, "half-width punctuation after Chinese", "%s: %q", what, x.ZH)
			break
		}
		prevHan = unicode.Is(unicode.Han, r)
	}
}

// latin reports whether r is an ASCII letter or digit.
func latin(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
