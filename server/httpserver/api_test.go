package httpserver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
	"wpscheck/server/config"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
)

const agentToken = "agent-token-9f8e7d6c5b4a"

func tokenHash(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}

// apiEnv is a Server with the issue-5 API, a real SQLite store and a log buffer.
type apiEnv struct {
	srv   *Server
	store reports.Store
	logs  *syncBuffer
	now   time.Time
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newAPIEnv builds the server from a config JSON (on top of a test base:
// an agent token, a generous rate limit) and options mutations.
func newAPIEnv(t testing.TB, cfgJSON string, mutate ...func(*Options)) *apiEnv {
	t.Helper()
	cfg, err := config.Parse([]byte(cfgJSON))
	require.NoError(t, err)
	store, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reports.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	env := &apiEnv{store: store, logs: &syncBuffer{}, now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}
	env.srv = newTestServer(t, append([]func(*Options){func(o *Options) {
		o.Config = cfg
		o.Reports = store
		o.Now = func() time.Time { return env.now }
		o.Logger = slog.New(slog.NewJSONHandler(env.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}}, mutate...)...)
	return env
}

// baseConfig allows many uploads and failed authentications per address,
// so that tests of other things are not throttled (the limits' own tests
// set theirs).
const baseConfig = `{"agents": {"token_sha256": ["` + "%TOKEN%" + `"], "failed_auth": {"per_minute": 600, "burst": 100}}, "reports": {"rate_limit": {"per_minute": 600, "burst": 100}}}`

func testConfig(extra string) string {
	c := strings.Replace(baseConfig, "%TOKEN%", tokenHash(agentToken), 1)
	if extra == "" {
		return c
	}
	// Merge: extra is a JSON object whose top-level members replace the base's.
	var base, add map[string]json.RawMessage
	if err := json.Unmarshal([]byte(c), &base); err != nil {
		panic(err)
	}
	if err := json.Unmarshal([]byte(extra), &add); err != nil {
		panic(err)
	}
	for k, v := range add {
		base[k] = v
	}
	b, _ := json.Marshal(base)
	return string(b)
}

type req struct {
	method, target string
	body           []byte
	header         map[string]string
	remote         string
}

func (e *apiEnv) do(r req) *httptest.ResponseRecorder {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.target, body)
	if r.remote != "" {
		hr.RemoteAddr = r.remote
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, hr)
	return rec
}

// validReport is a schema-1 report as the page builds it.
func validReport(t testing.TB, ticket string) []byte {
	t.Helper()
	in := diagnosis.Input{
		Probes: []diagnosis.ProbeObservation{
			{EndpointID: diagnosis.EndpointControl, Started: true, Resolved: true, ElapsedMS: 40},
			{EndpointID: diagnosis.EndpointAccountCN, Started: true, Error: "TypeError: Failed to fetch", ElapsedMS: 120},
		},
		Env: diagnosis.Environment{UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0.0.0 Safari/537.36"},
	}
	rep := report.Build(report.Meta{
		AppVersion: "test-1", ClientTimeMS: 1_780_000_000_000, Ticket: ticket, Lang: i18n.ZH,
	}, in, diagnosis.Diagnose(in))
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	_, err = report.Parse(b)
	require.NoError(t, err, "the test report must be valid")
	return b
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func decodeError(t testing.TB, rec *httptest.ResponseRecorder) apiError {
	t.Helper()
	assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var e apiError
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), rec.Body.String())
	assert.NotEmpty(t, e.Error.Code)
	assert.NotEmpty(t, e.Error.Message)
	return e
}

func TestClientAddr(t *testing.T) {
	tests := []struct {
		name, proxies, remote, xff, want string
	}{
		{"peer", ``, "203.0.113.5:4000", "", "203.0.113.5"},
		{"xff ignored without trusted proxy", ``, "203.0.113.5:4000", "198.51.100.1", "203.0.113.5"},
		{"xff ignored from untrusted peer", `["10.0.0.0/8"]`, "203.0.113.5:4000", "198.51.100.1", "203.0.113.5"},
		{"trusted proxy", `["10.0.0.0/8"]`, "10.0.0.2:4000", "198.51.100.1", "198.51.100.1"},
		{"spoofed left part ignored", `["10.0.0.0/8"]`, "10.0.0.2:4000", "1.2.3.4, 198.51.100.1", "198.51.100.1"},
		{"chain of trusted proxies", `["10.0.0.0/8"]`, "10.0.0.2:4000", "198.51.100.1, 10.0.0.9", "198.51.100.1"},
		{"malformed hop", `["10.0.0.0/8"]`, "10.0.0.2:4000", "198.51.100.1, junk", "10.0.0.2"},
		{"trusted proxy without header", `["10.0.0.0/8"]`, "10.0.0.2:4000", "", "10.0.0.2"},
		{"ipv6 peer", ``, "[2001:db8::1]:4000", "", "2001:db8::1"},
		{"mapped ipv4", ``, "[::ffff:203.0.113.5]:4000", "", "203.0.113.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := `{}`
			if tt.proxies != "" {
				cfg = `{"trusted_proxies": ` + tt.proxies + `}`
			}
			c, err := config.Parse([]byte(cfg))
			require.NoError(t, err)
			a := &api{cfg: c}
			r := httptest.NewRequest(http.MethodPost, "/api/reports", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			assert.Equal(t, netip.MustParseAddr(tt.want), a.clientAddr(r))
		})
	}
}

func TestRateLimiter(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	l := newRateLimiter(1.0/60, 2, func() time.Time { return now }) // 1 per minute, burst 2
	a := netip.MustParseAddr("203.0.113.5")
	b := netip.MustParseAddr("203.0.113.6")
	v6a := netip.MustParseAddr("2001:db8:1:2::1")
	v6b := netip.MustParseAddr("2001:db8:1:2:ffff::9") // same /64

	for i := range 2 {
		ok, _ := l.allow(a)
		assert.True(t, ok, "burst %d", i)
	}
	ok, wait := l.allow(a)
	assert.False(t, ok)
	assert.Equal(t, time.Minute, wait)
	assert.Equal(t, 60, retryAfterSeconds(wait))
	ok, _ = l.allow(b)
	assert.True(t, ok, "another address has its own bucket")

	l.allow(v6a)
	l.allow(v6a)
	ok, _ = l.allow(v6b)
	assert.False(t, ok, "IPv6 addresses of one /64 share a bucket")

	now = now.Add(30 * time.Second)
	ok, wait = l.allow(a)
	assert.False(t, ok)
	assert.Equal(t, 30*time.Second, wait, "a refused request does not consume a token")
	now = now.Add(30 * time.Second)
	ok, _ = l.allow(a)
	assert.True(t, ok, "one token back after a minute")

	assert.Equal(t, 3, l.size())
	now = now.Add(3 * time.Minute) // every bucket is full again
	l.allow(b)
	assert.Equal(t, 1, l.size(), "idle buckets are dropped")
	assert.Equal(t, 1, retryAfterSeconds(10*time.Millisecond))
}

// failingStore fails every call, as a full or broken disk would.
type failingStore struct{ reports.Store }

var errDisk = errors.New("disk I/O error: /var/lib/secret/path")

func (failingStore) Put(context.Context, reports.Record) error { return errDisk }
func (failingStore) Get(context.Context, string) (reports.Record, error) {
	return reports.Record{}, errDisk
}
func (failingStore) ListByTicket(context.Context, string, int) ([]reports.Record, error) {
	return nil, errDisk
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
