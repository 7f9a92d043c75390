package browser

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// go-app's start-up sweep runs json.Unmarshal on every localStorage item:
// what the page keeps must come back exactly, and a JSON object or array
// must not be JSON any more in its stored form.
func TestStoredForm(t *testing.T) {
	for _, tc := range []struct {
		value, stored string
	}{
		{"", ""},
		{"en", "en"},
		{"zh-CN", "zh-CN"},
		{"windows", "windows"},
		{`{"endpoints":[{"id":"login"}]}`, `~{"endpoints":[{"id":"login"}]}`},
		{`[1,2]`, `~[1,2]`},
		{"~", "~~"},
		{"~{}", "~~{}"},
		{" {}", " {}"}, // JSON after a space, but the page never writes one
	} {
		stored := storedForm(tc.value)
		assert.Equal(t, tc.stored, stored, "stored form of %q", tc.value)
		assert.Equal(t, tc.value, storedValue(stored), "read back %q", tc.value)
	}
}

func TestStoredFormIsNotJSON(t *testing.T) {
	for _, v := range []string{`{}`, `{"a":{"b":[1,2,3]}}`, `[]`, `[{"x":1}]`} {
		assert.True(t, json.Valid([]byte(v)))
		var into struct{ Value json.RawMessage }
		err := json.Unmarshal([]byte(storedForm(v)), &into)
		var syn *json.SyntaxError
		if assert.ErrorAs(t, err, &syn, "%s", v) {
			assert.EqualValues(t, 1, syn.Offset, "the decode stops at the first byte of %s", v)
		}
	}
}

// Items written before storedForm existed (the raw config, the raw upload
// queue) read as they are.
func TestStoredValueReadsOldItems(t *testing.T) {
	for _, v := range []string{`{"endpoints":[]}`, `[1]`, "en", "c2lnbmF0dXJl"} {
		assert.Equal(t, v, storedValue(v))
	}
}

func FuzzStoredForm(f *testing.F) {
	for _, s := range []string{"", "en", "{}", "[", "~", "~~{", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got := storedValue(storedForm(v)); got != v {
			t.Fatalf("round trip of %q gave %q", v, got)
		}
		if s := storedForm(v); len(v) > 0 && (v[0] == '{' || v[0] == '[') && json.Valid([]byte(s)) {
			t.Fatalf("stored form %q of a JSON object or array is still JSON", s)
		}
	})
}
