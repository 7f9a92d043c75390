package strict

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type doc struct {
	Name    string            `json:"name"`
	Count   int               `json:"count"`
	Small   int8              `json:"small"`
	Ratio   float64           `json:"ratio"`
	On      bool              `json:"on"`
	Items   []item            `json:"items"`
	Inner   *inner            `json:"inner"`
	Labels  map[string]string `json:"labels"`
	Raw     json.RawMessage   `json:"raw"`
	When    time.Time         `json:"when"`
	Ignored string            `json:"-"`
	secret  string
}

type item struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

type inner struct {
	RetentionDays int `json:"retention_days"`
}

func TestDecode(t *testing.T) {
	var d doc
	require.NoError(t, Decode([]byte(`{"name":"a","count":3,"ratio":0.5,"on":true,"items":[{"id":"x","url":"u"}],
		"inner":{"retention_days":7},"labels":{"k":"v"},"raw":{"any":[1,{"x":2}]},"when":"2026-01-02T03:04:05Z"}`), &d, Options{}))
	assert.Equal(t, "a", d.Name)
	assert.Equal(t, 3, d.Count)
	assert.Equal(t, []item{{"x", "u"}}, d.Items)
	assert.Equal(t, 7, d.Inner.RetentionDays)
	assert.Equal(t, map[string]string{"k": "v"}, d.Labels)
	assert.JSONEq(t, `{"any":[1,{"x":2}]}`, string(d.Raw))
	assert.Equal(t, 2026, d.When.Year())

	var n doc
	require.NoError(t, Decode([]byte(`{"name": null, "inner": null}`), &n, Options{}), "null keeps the zero value")
	assert.Nil(t, n.Inner)
}

func TestDecodeErrors(t *testing.T) {
	lines := Options{Lines: true, Comments: true}
	tests := []struct {
		name string
		in   string
		o    Options
		want FieldError
	}{
		{"empty", " \n", Options{}, FieldError{Reason: "the document is empty (expected a JSON object)"}},
		{"too large", `{"name":"abcdef"}`, Options{MaxBytes: 10}, FieldError{Reason: "the document is larger than 10 bytes"}},
		{"not an object", `[1]`, lines, FieldError{Reason: "must be an object (line 1)"}},
		{"syntax with lines", "{\n  \"inner\": {\"retention_days\": 10,}\n}", lines,
			FieldError{Reason: "line 2, column 34: invalid character '}' looking for beginning of object key string"}},
		{"syntax without lines", `{"name":"a",}`, Options{}, FieldError{Reason: "the document is not valid JSON at offset 12: invalid character '}' looking for beginning of object key string"}},
		{"cut short", `{"name":`, Options{}, FieldError{Reason: "the document ends too early (unbalanced braces or brackets?)"}},
		{"trailing data", "{}\n{}", lines, FieldError{Reason: "the document has data after the JSON value (line 2)"}},
		{"unknown", `{"upload": true}`, lines, FieldError{Field: "upload", Reason: "unknown field (line 1)"}},
		{"unknown, no lines", `{"upload": true}`, Options{}, FieldError{Field: "upload", Reason: "unknown field"}},
		{"hint", "{\"inner\": {\n\"retentionDays\": 7}}", lines, FieldError{Field: "inner.retentionDays", Reason: `unknown field (line 2); did you mean "retention_days"?`}},
		{"case must match", `{"Name": "a"}`, Options{}, FieldError{Field: "Name", Reason: `unknown field; did you mean "name"?`}},
		{"json:- is not a member", `{"Ignored": "a"}`, Options{}, FieldError{Field: "Ignored", Reason: "unknown field"}},
		{"unexported is not a member", `{"secret": "a"}`, Options{}, FieldError{Field: "secret", Reason: "unknown field"}},
		{"duplicate", `{"count": 1, "count": 2}`, Options{}, FieldError{Field: "count", Reason: "appears twice"}},
		{"duplicate map key", `{"labels": {"a": "1", "a": "2"}}`, Options{}, FieldError{Field: "labels.a", Reason: "appears twice"}},
		{"bool", `{"on": "yes"}`, Options{}, FieldError{Field: "on", Reason: "must be true or false"}},
		{"int", `{"count": 7.5}`, lines, FieldError{Field: "count", Reason: "must be a whole number (line 1)"}},
		{"int overflow", `{"small": 300}`, Options{}, FieldError{Field: "small", Reason: "must be a whole number"}},
		{"float", `{"ratio": "1"}`, Options{}, FieldError{Field: "ratio", Reason: "must be a number"}},
		{"string in list", `{"items": [{"id": "a", "url": 5}]}`, Options{}, FieldError{Field: "items[0].url", Reason: "must be a string"}},
		{"unknown in list", `{"items": [{}, {"id": "a", "uri": "x"}]}`, Options{}, FieldError{Field: "items[1].uri", Reason: `unknown field; did you mean "url"?`}},
		{"list", `{"items": "x"}`, Options{}, FieldError{Field: "items", Reason: "must be a list"}},
		{"object", `{"inner": "x"}`, Options{}, FieldError{Field: "inner", Reason: "must be an object"}},
		{"map value", `{"labels": {"a": 1}}`, Options{}, FieldError{Field: "labels.a", Reason: "must be a string"}},
		{"comment without option", `{"// note": "x"}`, Options{}, FieldError{Field: "// note", Reason: "unknown field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			err := Decode([]byte(tt.in), &d, tt.o)
			var fe *FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			assert.Equal(t, tt.want, *fe)
		})
	}
}

func TestDecodeComments(t *testing.T) {
	var d doc
	require.NoError(t, Decode([]byte(`{"// what": "this file is", "//": "one", "//": "two", "name": "a", "inner": {"// why": {"x": [1]}, "retention_days": 3}}`), &d, Options{Comments: true}))
	assert.Equal(t, "a", d.Name)
	assert.Equal(t, 3, d.Inner.RetentionDays)
}

func TestFieldErrorText(t *testing.T) {
	assert.Equal(t, "checks[2].status: is not a known value", Errorf("checks[2].status", "is not a known %s", "value").Error())
	assert.Equal(t, "is empty", (&FieldError{Reason: "is empty"}).Error())
}
