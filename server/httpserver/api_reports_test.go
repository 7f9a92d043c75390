package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/server/config"
	"wpscheck/server/reports"
)

var jsonCT = map[string]string{"Content-Type": "application/json"}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

// upload posts body and returns the recorder.
func (e *apiEnv) upload(body []byte, remote string) *httptest.ResponseRecorder {
	return e.do(req{method: http.MethodPost, target: "/api/reports", body: body, header: jsonCT, remote: remote})
}

func TestUploadHappyPath(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	body := validReport(t, "T-1001")
	rec := env.upload(body, "")
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))

	var got struct {
		ID          string `json:"id"`
		SupportCode string `json:"support_code"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	id, err := reports.ParseID(got.ID)
	require.NoError(t, err)
	assert.Equal(t, got.ID, id, "the id is canonical")
	assert.Equal(t, "/api/reports/"+got.ID, rec.Header().Get("Location"))
	rep, err := report.Parse(body)
	require.NoError(t, err)
	assert.Equal(t, report.EncodeSupportCode(rep), got.SupportCode)
	assert.NotEmpty(t, got.SupportCode)

	// Acknowledged means stored: the record is there, byte for byte.
	stored, err := env.store.Get(t.Context(), got.ID)
	require.NoError(t, err)
	assert.Equal(t, body, stored.JSON)
	assert.Equal(t, "T-1001", stored.Ticket)
	assert.Equal(t, env.now, stored.CreatedAt)

	// Two uploads of the same report get two ids.
	rec2 := env.upload(body, "")
	require.Equal(t, http.StatusCreated, rec2.Code)
	assert.NotContains(t, rec2.Body.String(), got.ID)

	// charset=utf-8 is fine too.
	rec3 := env.do(req{method: http.MethodPost, target: "/api/reports", body: body,
		header: map[string]string{"Content-Type": "application/json; charset=UTF-8"}})
	assert.Equal(t, http.StatusCreated, rec3.Code)
}

func TestUploadErrors(t *testing.T) {
	valid := validReport(t, "")
	var withExtra map[string]any
	require.NoError(t, json.Unmarshal(valid, &withExtra))
	withExtra["password"] = "hunter2"
	extra, _ := json.Marshal(withExtra)
	var badEnum map[string]any
	require.NoError(t, json.Unmarshal(valid, &badEnum))
	badEnum["lang"] = "fr"
	enum, _ := json.Marshal(badEnum)

	tests := []struct {
		name       string
		cfg        string
		method     string
		body       []byte
		header     map[string]string
		status     int
		code       string
		field      string
		retryAfter bool
	}{
		{name: "not JSON", body: []byte("hello"), header: jsonCT, status: 400, code: "invalid"},
		{name: "empty body", body: []byte{}, header: jsonCT, status: 400, code: "invalid"},
		{name: "JSON array", body: []byte(`[1,2]`), header: jsonCT, status: 400, code: "invalid"},
		{name: "unknown field named", body: extra, header: jsonCT, status: 400, code: "invalid", field: "password"},
		{name: "bad enum named", body: enum, header: jsonCT, status: 400, code: "invalid", field: "lang"},
		{name: "trailing data", body: append(append([]byte{}, valid...), []byte(` {}`)...), header: jsonCT, status: 400, code: "invalid"},
		{name: "too large", body: append(append([]byte{}, valid[:len(valid)-1]...), []byte(`,"pad":"`+strings.Repeat("x", 70<<10)+`"}`)...), header: jsonCT, status: 413, code: "too_large"},
		{name: "no content type", body: valid, status: 415, code: "media_type"},
		{name: "text/plain", body: valid, header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "media_type"},
		{name: "form", body: valid, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, code: "media_type"},
		{name: "latin1", body: valid, header: map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}, status: 415, code: "media_type"},
		{name: "upload off", cfg: `{"reports": {"upload": false}}`, body: valid, header: jsonCT, status: 503, code: "unavailable"},
		{name: "wrong method", method: http.MethodPut, body: valid, header: jsonCT, status: 405, code: "method"},
	}
	// One server per configuration (building one compresses go-app's files).
	envs := map[string]*apiEnv{}
	puts := map[string]*countingStore{}
	for _, tt := range tests {
		if envs[tt.cfg] == nil {
			var cs *countingStore
			envs[tt.cfg] = newAPIEnv(t, testConfig(tt.cfg), func(o *Options) {
				cs = &countingStore{Store: o.Reports}
				o.Reports = cs
			})
			puts[tt.cfg] = cs
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envs[tt.cfg]
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			rec := env.do(req{method: method, target: "/api/reports", body: tt.body, header: tt.header})
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := decodeError(t, rec)
			assert.Equal(t, tt.code, e.Error.Code)
			if tt.field != "" {
				assert.Equal(t, tt.field, e.Error.Field)
			}
		})
	}
	for cfg, cs := range puts {
		assert.Zero(t, cs.puts.Load(), "config %s: a refused upload stores nothing", cfg)
	}
}

// countingStore counts Put calls.
type countingStore struct {
	reports.Store
	puts atomic.Int32
}

func (c *countingStore) Put(ctx context.Context, r reports.Record) error {
	c.puts.Add(1)
	return c.Store.Put(ctx, r)
}

func TestUploadTooLargeWithoutContentLength(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	r := httptest.NewRequest(http.MethodPost, "/api/reports", bytes.NewReader(bytes.Repeat([]byte(" "), MaxReportBody+1)))
	r.ContentLength = -1 // chunked: the limit is enforced while reading
	r.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	env.srv.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Equal(t, "too_large", decodeError(t, rec).Error.Code)

	// Exactly the limit is read (and then judged on content).
	env2 := newAPIEnv(t, testConfig(""))
	rec = env2.upload(bytes.Repeat([]byte(" "), MaxReportBody), "")
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}

func TestUploadRateLimitPerClientAddress(t *testing.T) {
	env := newAPIEnv(t, testConfig(`{"reports": {"rate_limit": {"per_minute": 2, "burst": 3}}, "trusted_proxies": ["10.0.0.1"]}`))
	body := validReport(t, "")
	for i := range 3 {
		rec := env.upload(body, "203.0.113.5:1000")
		require.Equal(t, http.StatusCreated, rec.Code, "burst upload %d", i)
	}
	rec := env.upload(body, "203.0.113.5:1001")
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.Equal(t, "rate_limited", decodeError(t, rec).Error.Code)
	assert.Equal(t, "30", rec.Header().Get("Retry-After"), "2 per minute: the next token in 30 s")

	assert.Equal(t, http.StatusCreated, env.upload(body, "203.0.113.6:1000").Code, "another address is not limited")

	// X-Forwarded-For from an untrusted peer does not dodge the limit...
	rec = env.do(req{method: http.MethodPost, target: "/api/reports", body: body, remote: "203.0.113.5:1002",
		header: map[string]string{"Content-Type": "application/json", "X-Forwarded-For": "198.51.100.77"}})
	assert.Equal(t, http.StatusTooManyRequests, rec.Code)
	// ...but behind the trusted proxy each client has its own bucket.
	for _, client := range []string{"198.51.100.1", "198.51.100.2"} {
		rec = env.do(req{method: http.MethodPost, target: "/api/reports", body: body, remote: "10.0.0.1:5000",
			header: map[string]string{"Content-Type": "application/json", "X-Forwarded-For": client}})
		assert.Equal(t, http.StatusCreated, rec.Code, client)
	}

	env.now = env.now.Add(30 * time.Second)
	assert.Equal(t, http.StatusCreated, env.upload(body, "203.0.113.5:1003").Code, "a token is back")
}

func TestUploadStoreFailureIsNot201(t *testing.T) {
	env := newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = failingStore{} })
	rec := env.upload(validReport(t, ""), "")
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	e := decodeError(t, rec)
	assert.Equal(t, "internal", e.Error.Code)
	assert.NotContains(t, rec.Body.String(), "/var/lib/secret", "internal details stay in the log")
	assert.Contains(t, env.logs.String(), "disk I/O error")

	env = newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = nil })
	rec = env.upload(validReport(t, ""), "")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	decodeError(t, rec)
}

func TestAgentGetReport(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	body := validReport(t, "T-77")
	rec := env.upload(body, "")
	require.Equal(t, http.StatusCreated, rec.Code)
	var up struct {
		ID, SupportCode string `json:"-"`
	}
	var ans map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &ans))
	up.ID, up.SupportCode = ans["id"], ans["support_code"]
	target := "/api/reports/" + up.ID

	unauthorized := []struct {
		name   string
		header map[string]string
	}{
		{"no header", nil},
		{"wrong token", bearer("not-the-token")},
		{"hash instead of token", bearer(tokenHash(agentToken))},
		{"basic scheme", map[string]string{"Authorization": "Basic " + agentToken}},
		{"token without scheme", map[string]string{"Authorization": agentToken}},
		{"empty bearer", map[string]string{"Authorization": "Bearer "}},
	}
	for _, tt := range unauthorized {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.do(req{method: http.MethodGet, target: target, header: tt.header})
			require.Equal(t, http.StatusUnauthorized, rec.Code)
			assert.True(t, strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer"))
			assert.Equal(t, "unauthorized", decodeError(t, rec).Error.Code)
			assert.NotContains(t, rec.Body.String(), "T-77", "nothing of the report")
			assert.NotContains(t, rec.Body.String(), up.SupportCode)
			assert.NotContains(t, rec.Body.String(), "checks")
		})
	}

	rec = env.do(req{method: http.MethodGet, target: target, header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	var got struct {
		ID          string          `json:"id"`
		Ticket      string          `json:"ticket"`
		SupportCode string          `json:"support_code"`
		CreatedAt   time.Time       `json:"created_at"`
		Report      json.RawMessage `json:"report"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Equal(t, up.ID, got.ID)
	assert.Equal(t, "T-77", got.Ticket)
	assert.Equal(t, up.SupportCode, got.SupportCode)
	assert.Equal(t, env.now, got.CreatedAt)
	assert.JSONEq(t, string(body), string(got.Report))
	_, err := report.Parse(got.Report)
	assert.NoError(t, err, "the agent gets a report the page can render")

	// An id typed by hand: lower case, no hyphens, O for 0.
	typed := strings.ToLower(strings.ReplaceAll(up.ID, "-", " "))
	rec = env.do(req{method: http.MethodGet, target: "/api/reports/" + strings.ReplaceAll(typed, " ", "%20"), header: bearer(agentToken)})
	assert.Equal(t, http.StatusOK, rec.Code)

	for _, tt := range []struct {
		name, target string
		header       map[string]string
		method       string
		status       int
		code         string
	}{
		{"unknown id", "/api/reports/R-0000-0000-0000-0", bearer(agentToken), http.MethodGet, 404, "not_found"},
		{"malformed id", "/api/reports/not-an-id", bearer(agentToken), http.MethodGet, 400, "invalid"},
		{"malformed id without token is still 401", "/api/reports/not-an-id", nil, http.MethodGet, 401, "unauthorized"},
		{"unknown id without token is 401, not 404", "/api/reports/R-0000-0000-0000-0", nil, http.MethodGet, 401, "unauthorized"},
		{"delete", target, bearer(agentToken), http.MethodDelete, 405, "method"},
		{"sub path", target + "/raw", bearer(agentToken), http.MethodGet, 404, "not_found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.do(req{method: tt.method, target: tt.target, header: tt.header})
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			assert.Equal(t, tt.code, decodeError(t, rec).Error.Code)
		})
	}

	// The token never reaches the log, nor does the report body.
	logs := env.logs.String()
	assert.NotContains(t, logs, agentToken)
	assert.NotContains(t, logs, "TypeError")
	assert.NotContains(t, logs, "T-77")
	assert.Contains(t, logs, "agent request refused")
}

func TestAgentWithoutConfiguredTokens(t *testing.T) {
	env := newAPIEnv(t, `{}`)
	rec := env.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer("anything")})
	require.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Contains(t, decodeError(t, rec).Error.Message, "not configured")
}

func TestAgentStoreFailures(t *testing.T) {
	env := newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = failingStore{} })
	rec := env.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer(agentToken)})
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	decodeError(t, rec)
	rec = env.do(req{method: http.MethodGet, target: "/api/reports?ticket=T-1", header: bearer(agentToken)})
	assert.Equal(t, http.StatusInternalServerError, rec.Code)

	env = newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = nil })
	rec = env.do(req{method: http.MethodGet, target: "/api/reports/R-0000-0000-0000-0", header: bearer(agentToken)})
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	rec = env.do(req{method: http.MethodGet, target: "/api/reports?ticket=T-1", header: bearer(agentToken)})
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
}

func TestAgentListByTicket(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	var ids []string
	for i := range 3 {
		env.now = env.now.Add(time.Minute)
		rec := env.upload(validReport(t, "T-5"), "")
		require.Equal(t, http.StatusCreated, rec.Code)
		var a map[string]string
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a))
		ids = append(ids, a["id"])
		_ = i
	}
	require.Equal(t, http.StatusCreated, env.upload(validReport(t, "T-6"), "").Code)
	require.Equal(t, http.StatusCreated, env.upload(validReport(t, ""), "").Code)

	list := func(target string) []string {
		rec := env.do(req{method: http.MethodGet, target: target, header: bearer(agentToken)})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var ans struct {
			Ticket  string `json:"ticket"`
			Reports []struct {
				ID     string          `json:"id"`
				Ticket string          `json:"ticket"`
				Report json.RawMessage `json:"report"`
			} `json:"reports"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &ans))
		var out []string
		for _, r := range ans.Reports {
			assert.Equal(t, ans.Ticket, r.Ticket)
			assert.NotEmpty(t, r.Report)
			out = append(out, r.ID)
		}
		return out
	}
	assert.Equal(t, []string{ids[2], ids[1], ids[0]}, list("/api/reports?ticket=T-5"), "newest first")
	assert.Equal(t, []string{ids[2]}, list("/api/reports?ticket=T-5&limit=1"))
	assert.Empty(t, list("/api/reports?ticket=T-404"))

	for _, tt := range []struct {
		name, target string
		header       map[string]string
		status       int
		field        string
	}{
		{"no token", "/api/reports?ticket=T-5", nil, 401, ""},
		{"wrong token", "/api/reports?ticket=T-5", bearer("x"), 401, ""},
		{"no ticket", "/api/reports", bearer(agentToken), 400, "ticket"},
		{"bad ticket", "/api/reports?ticket=" + strings.Repeat("a", 65), bearer(agentToken), 400, "ticket"},
		{"ticket with space", "/api/reports?ticket=T%205", bearer(agentToken), 400, "ticket"},
		{"limit zero", "/api/reports?ticket=T-5&limit=0", bearer(agentToken), 400, "limit"},
		{"limit too big", "/api/reports?ticket=T-5&limit=101", bearer(agentToken), 400, "limit"},
		{"limit not a number", "/api/reports?ticket=T-5&limit=ten", bearer(agentToken), 400, "limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.do(req{method: http.MethodGet, target: tt.target, header: tt.header})
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := decodeError(t, rec)
			assert.Equal(t, tt.field, e.Error.Field)
			if tt.status == 401 {
				assert.NotContains(t, rec.Body.String(), "T-5")
			}
		})
	}
	assert.NotContains(t, env.logs.String(), "T-5", "tickets are not logged")
}

// FuzzUploadBody sends arbitrary bodies through the whole upload handler: the
// answer is always 201, 400 or 413 with a JSON body (never a 500 or a
// panic), and whatever was acknowledged is a valid report, stored
// compacted: the same JSON without its insignificant whitespace.
func FuzzUploadBody(f *testing.F) {
	valid := validReport(f, "T-1")
	f.Add(valid)
	f.Add(validReport(f, ""))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`{"schema":2}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"schema":1,"schema":1}`))
	f.Add([]byte("\xff\xfe"))
	f.Add(bytes.Replace(valid, []byte(`"zh"`), []byte(`"xx"`), 1))
	f.Add(bytes.Replace(valid, []byte(`"T-1"`), []byte(`"T 1"`), 1))
	f.Add(append(append([]byte{}, valid...), '\n'))
	env := newAPIEnv(f, testConfig(""), func(o *Options) {
		// Fuzzing runs tens of thousands of uploads a second from one address.
		o.Config.Reports.RateLimit = config.RateLimit{PerMinute: 1e12, Burst: 1e9}
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := env.upload(body, "")
		switch rec.Code {
		case http.StatusCreated:
			var a map[string]string
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a))
			stored, err := env.srv.opts.Reports.Get(t.Context(), a["id"])
			require.NoError(t, err)
			var compact bytes.Buffer
			require.NoError(t, json.Compact(&compact, body))
			assert.Equal(t, compact.Bytes(), stored.JSON)
			_, err = report.Parse(stored.JSON)
			assert.NoError(t, err)
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var e apiError
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), rec.Body.String())
			assert.NotEmpty(t, e.Error.Message)
		default:
			t.Fatalf("status %d for body %q: %s", rec.Code, body, rec.Body.String())
		}
	})
}
