package wire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseConfigJSON and parseStatusJSON are ParseConfig and ParseStatus as
// they were written with encoding/json: the reference the hand-written
// reader must agree with on every input.
func parseConfigJSON(data []byte) Config {
	var raw Config
	if len(data) == 0 || len(data) > maxAnswerBytes || json.Unmarshal(data, &raw) != nil {
		return Config{}
	}
	return normalizeConfig(raw)
}

func parseStatusJSON(data []byte) diagnosis.Vantage {
	var raw struct {
		Known      bool                       `json:"known"`
		AgeSeconds int64                      `json:"age_seconds"`
		Endpoints  map[string]json.RawMessage `json:"endpoints"`
	}
	if len(data) == 0 || len(data) > maxAnswerBytes || json.Unmarshal(data, &raw) != nil || !raw.Known {
		return diagnosis.Vantage{}
	}
	if raw.AgeSeconds < 0 || raw.AgeSeconds > diagnosis.MaxVantageAgeSeconds {
		return diagnosis.Vantage{}
	}
	v := diagnosis.Vantage{Known: true, AgeSeconds: raw.AgeSeconds, Endpoints: map[string]diagnosis.ProbeStatus{}}
	for id, msg := range raw.Endpoints {
		if !diagnosis.ValidCheckID(id) || len(v.Endpoints) >= diagnosis.MaxEndpoints {
			continue
		}
		var st diagnosis.ProbeStatus
		var obj struct {
			Status diagnosis.ProbeStatus `json:"status"`
		}
		if json.Unmarshal(msg, &obj) == nil && obj.Status != "" {
			st = obj.Status
		} else if json.Unmarshal(msg, &st) != nil {
			continue
		}
		if st.Valid() && st != diagnosis.StatusPending {
			v.Endpoints[id] = st
		}
	}
	if len(v.Endpoints) == 0 {
		return diagnosis.Vantage{}
	}
	return v
}

// answerSeeds are config and status answers, well and badly formed, for the
// table test and as the fuzz tests' seed corpus.
var answerSeeds = []string{
	``, ` `, `null`, `{}`, `[]`, `"x"`, `1`, `true`, `{`, `}`, `{"a":}`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `{"a":1}x`,
	`{"catalog":[]}`, `{"catalog":null}`, `{"catalog":{}}`, `{"catalog":[null]}`, `{"catalog":[1]}`,
	`{"catalog":[{"id":"a","url":"https://a.example/","role":"login","label":{"zh":"甲","en":"A"}}]}`,
	// Duplicates: encoding/json decodes into what is there already.
	`{"catalog":[{"id":"a","url":"https://a.example/","role":"login"},{"id":"b","url":"https://b.example/","role":"web"}],"catalog":[{"label":{"en":"A"}}]}`,
	`{"catalog":[{"id":"a"},{"id":"b"},{"id":"c"}],"catalog":[{"url":"https://x.example/"}],"catalog":[{"role":"login"},{"role":"web"}]}`,
	`{"thresholds":{"slow_ms":1000},"thresholds":{"timeout_ms":5000}}`,
	`{"banner":{"text":{"zh":"维护"}},"banner":{"level":"warn"}}`, `{"banner":{"text":{"zh":"维护"}},"banner":null}`,
	`{"Upload_Enabled":true,"THRESHOLDS":{"SLOW_MS":900}}`, "{\"upload_enabled\":true,\"\u212aey\":1}",
	`{"thresholds":{"slow_ms":1.5}}`, `{"thresholds":{"slow_ms":1e3}}`, `{"thresholds":{"slow_ms":-0}}`,
	`{"thresholds":{"slow_ms":9223372036854775808}}`, `{"thresholds":{"slow_ms":"1000"}}`, `{"thresholds":{"slow_ms":01}}`,
	`{"thresholds":{"slow_ms":-}}`, `{"thresholds":{"slow_ms":1.}}`, `{"thresholds":{"slow_ms":1e}}`, `{"upload_enabled":1}`,
	`{"banner":{"text":{"zh":"a\u0000b\ud83d\ude00\ud800x\\u00e9\"\\\/\b\f\n\r\t"},"level":"warn","expires_unix_ms":99}}`,
	"{\"banner\":{\"text\":{\"en\":\"bad \xff utf-8 \xed\xa0\x80\"}}}", "{\"banner\":{\"text\":{\"en\":\"tab\there\"}}}",
	`{"banner":{"text":{"en":"\ud800\udc00 \udc00\ud800 \ud800\u0041"}}}`, `{"banner":{"text":{"en":"\u12"}}}`, `{"banner":{"text":{"en":"\x"}}}`,
	`{"banner":7}`, `{"banner":[]}`, `{"unknown":{"deep":[1,2,{"x":null}]},"upload_enabled":true}`,
	`{"known":true,"age_seconds":30,"endpoints":{"login_cn":{"status":"fail","latency_ms":3},"web_wps":"ok","bad id!":"ok","api":{"status":"weird"}}}`,
	`{"known":true,"endpoints":{"api":"ok"},"endpoints":{"web_wps":{"status":"slow"}},"endpoints":{"api":"fail"}}`,
	`{"known":true,"endpoints":{"api":"ok"},"endpoints":null}`, `{"known":true,"endpoints":{"api":{"STATUS":"ok"}}}`,
	`{"known":true,"endpoints":{"api":{"status":""}}}`, `{"known":true,"endpoints":{"api":{"status":5}}}`, `{"known":true,"endpoints":{"api":null}}`,
	`{"known":true,"endpoints":{"api":"pending"}}`, `{"known":true,"endpoints":[]}`, `{"known":"yes","endpoints":{"api":"ok"}}`,
	`{"known":true,"age_seconds":-1,"endpoints":{"api":"ok"}}`, ` {"known" : true , "endpoints" : { "api" : "ok" } } `,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
}

func TestReadersAgreeWithEncodingJSON(t *testing.T) {
	cfg, err := json.Marshal(Config{Catalog: diagnosis.DefaultCatalog(), Thresholds: diagnosis.DefaultThresholds(), UploadEnabled: true,
		Banner: &Banner{Text: i18n.Text{ZH: "维护中", EN: "Maintenance"}, Level: "warn", ExpiresUnixMS: 1}})
	require.NoError(t, err)
	for _, in := range append([]string{string(cfg)}, answerSeeds...) {
		assert.Equal(t, parseConfigJSON([]byte(in)), ParseConfig([]byte(in)), "config %.80q", in)
		assert.Equal(t, parseStatusJSON([]byte(in)), ParseStatus([]byte(in)), "status %.80q", in)
	}
	// What the server sends by default comes through whole.
	c := ParseConfig(cfg)
	assert.Equal(t, diagnosis.DefaultCatalog(), c.Catalog)
	assert.True(t, c.UploadEnabled)
	require.NotNil(t, c.Banner)
	assert.Equal(t, "Maintenance", c.Banner.Text.EN)
}

// TestReaderKnowsEveryField holds the reader's field lists to the types'
// json tags, so that a field added to a type is not silently dropped.
func TestReaderKnowsEveryField(t *testing.T) {
	tags := func(v any) []string {
		var names []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			names = append(names, name)
		}
		return names
	}
	assert.Equal(t, tags(Config{}), configNames)
	assert.Equal(t, tags(diagnosis.Endpoint{}), endpointNames)
	assert.Equal(t, tags(i18n.Text{}), textNames)
	assert.Equal(t, tags(diagnosis.Thresholds{}), thresholdNames)
	assert.Equal(t, tags(Banner{}), bannerNames)
}

func TestReadJSONRejectsWhatEncodingJSONRejects(t *testing.T) {
	for _, in := range answerSeeds {
		_, ok := readJSON([]byte(in))
		assert.Equal(t, json.Valid([]byte(in)), ok, "%.80q", in)
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range answerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ok := readJSON(data)
		if ok != json.Valid(data) {
			t.Fatalf("readJSON ok=%v, json.Valid=%v for %q", ok, !ok, data)
		}
		assert.Equal(t, parseConfigJSON(data), ParseConfig(data), "%q", data)
	})
}

func FuzzParseStatus(f *testing.F) {
	for _, s := range answerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, got := parseStatusJSON(data), ParseStatus(data)
		// The reference ranges over a map: with more valid ids than the
		// rules take, which ones it keeps is chance.
		if len(want.Endpoints) >= diagnosis.MaxEndpoints {
			assert.Equal(t, len(want.Endpoints), len(got.Endpoints), "%q", data)
			return
		}
		assert.Equal(t, want, got, "%q", data)
	})
}
