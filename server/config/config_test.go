package config_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/wire"
	"wpscheck/server/config"
)

func hashHex(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

func TestParseErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"empty file", "  \n", "config: the document is empty (expected a JSON object)"},
		{"not an object", `[1]`, "config: must be an object (line 1)"},
		{"syntax", "{\n  \"probe\": {\"slow_ms\": 10,}\n}", "config: line 2, column 27: invalid character '}' looking for beginning of object key string"},
		{"truncated", `{"probe": {"slow_ms": 10`, "config: the document ends too early (unbalanced braces or brackets?)"},
		{"trailing data", "{}\n{}", "config: the document has data after the JSON value (line 2)"},
		{"unknown top-level", `{"upload": true}`, "config: upload: unknown field (line 1)"},
		{"misspelt with hint", `{"vantage": {"intervall_seconds": 30}}`, `config: vantage.intervall_seconds: unknown field (line 1); did you mean "interval_seconds"?`},
		{"far from every name", `{"reports": {"max_size": 1}}`, "config: reports.max_size: unknown field (line 1)"},
		{"unknown nested with hint", "{\"reports\": {\n\"retentionDays\": 7}}", `config: reports.retentionDays: unknown field (line 2); did you mean "retention_days"?`},
		{"case must match", `{"Reports": {}}`, `config: Reports: unknown field (line 1); did you mean "reports"?`},
		{"duplicate", `{"probe": {"slow_ms": 1000, "slow_ms": 2000}}`, "config: probe.slow_ms: appears twice (line 1)"},
		{"wrong type bool", `{"vantage": {"enabled": "yes"}}`, "config: vantage.enabled: must be true or false (line 1)"},
		{"wrong type int", `{"reports": {"retention_days": 7.5}}`, "config: reports.retention_days: must be a whole number (line 1)"},
		{"wrong type string in list", `{"catalog": [{"id": "a", "url": 5}]}`, "config: catalog[0].url: must be a string (line 1)"},
		{"wrong type list", `{"trusted_proxies": "10.0.0.1"}`, "config: trusted_proxies: must be a list (line 1)"},
		{"wrong type object", `{"notice": "maintenance"}`, "config: notice: must be an object (line 1)"},
		{"empty catalog", `{"catalog": []}`, "config: catalog: is empty"},
		{"catalog http url", `{"catalog": [
			{"id": "control", "url": "/api/time", "role": "control"},
			{"id": "login_cn", "url": "https://account.wps.cn/", "role": "login"},
			{"id": "web", "url": "http://www.wps.cn/", "role": "web"}]}`, "config: catalog[2].url: must start with https://"},
		{"catalog bad role", `{"catalog": [{"id": "x", "url": "https://x.example/", "role": "mail"}]}`, "config: catalog[0].role: unknown role"},
		{"catalog duplicate id", `{"catalog": [{"id": "x", "url": "https://a.example/", "role": "web"}, {"id": "x", "url": "https://b.example/", "role": "web"}]}`, "config: catalog[1].id: duplicates x"},
		{"catalog bad id", `{"catalog": [{"id": "Login CN", "url": "https://a.example/", "role": "web"}]}`, "config: catalog[0].id: must be 1-64 characters of a-z, 0-9, _ . -"},
		{"catalog control absolute", `{"catalog": [{"id": "control", "url": "https://evil.example/", "role": "control"}]}`, "config: catalog[0].url: of the control endpoint must be a same-origin path like /api/time"},
		{"catalog bad label", `{"catalog": [{"id": "x", "url": "https://a.example/", "role": "web", "label": {"zh": "` + strings.Repeat("长", 100) + `"}}]}`, "config: catalog[0].label.zh: must be valid UTF-8 of at most 200 bytes"},
		{"slow too small", `{"probe": {"slow_ms": 10}}`, "config: probe.slow_ms: must be between 100 and 60000 (milliseconds)"},
		{"timeout too big", `{"probe": {"timeout_ms": 90000}}`, "config: probe.timeout_ms: must be between 500 and 60000 (milliseconds)"},
		{"slow not below timeout", `{"probe": {"slow_ms": 5000, "timeout_ms": 5000}}`, "config: probe.slow_ms: must be less than probe.timeout_ms (5000)"},
		{"clock warn zero", `{"clock": {"warn_ms": 0}}`, "config: clock.warn_ms: must be between 1000 and 86400000 (milliseconds)"},
		{"clock order", `{"clock": {"warn_ms": 60000, "fail_ms": 30000}}`, "config: clock.warn_ms: must be less than clock.fail_ms (30000)"},
		{"notice without en", `{"notice": {"zh": "维护", "expires": "2030-01-01T00:00:00Z"}}`, "config: notice.en: is required when a notice is given"},
		{"notice too long", `{"notice": {"zh": "维护", "en": "` + strings.Repeat("x", 501) + `", "expires": "2030-01-01T00:00:00Z"}}`, "config: notice.en: must be valid UTF-8 of at most 500 bytes"},
		{"notice level", `{"notice": {"zh": "维护", "en": "m", "level": "red", "expires": "2030-01-01T00:00:00Z"}}`, `config: notice.level: must be "info" or "warn"`},
		{"notice no expiry", `{"notice": {"zh": "维护", "en": "m"}}`, "config: notice.expires: is required (RFC 3339, e.g. 2026-07-01T08:00:00+08:00) so a notice cannot outlive its cause"},
		{"notice bad expiry", `{"notice": {"zh": "维护", "en": "m", "expires": "2030-01-01 00:00"}}`, "config: notice.expires: must be an RFC 3339 time such as 2026-07-01T08:00:00+08:00"},
		{"retention zero", `{"reports": {"retention_days": 0}}`, "config: reports.retention_days: must be between 1 and 3650"},
		{"rate zero", `{"reports": {"rate_limit": {"per_minute": 0}}}`, "config: reports.rate_limit.per_minute: must be more than 0 and at most 100000"},
		{"burst zero", `{"reports": {"rate_limit": {"burst": 0}}}`, "config: reports.rate_limit.burst: must be between 1 and 10000"},
		{"data dir empty", `{"reports": {"data_dir": " "}}`, "config: reports.data_dir: must not be empty"},
		{"sqlite path dir", `{"reports": {"sqlite_path": "/var/lib/wps/"}}`, "config: reports.sqlite_path: must be a file path (no trailing / and no ?)"},
		{"postgres keyword form", `{"reports": {"postgres_url": "host=db password=s3cret"}}`, "config: reports.postgres_url: must be a libpq URL starting with postgres:// or postgresql:// (the value is not shown: it may hold a password)"},
		{"postgres space", `{"reports": {"postgres_url": "postgres://app:s3 cret@db/reports"}}`, "config: reports.postgres_url: must not contain spaces or control characters (percent-encode them)"},
		{"interval too short", `{"vantage": {"interval_seconds": 1}}`, "config: vantage.interval_seconds: must be between 10 and 3600"},
		{"vantage timeout", `{"vantage": {"timeout_ms": 50}}`, "config: vantage.timeout_ms: must be between 100 and 30000 (milliseconds)"},
		{"vantage timeout vs interval", `{"vantage": {"interval_seconds": 10, "timeout_ms": 6000}}`, "config: vantage.timeout_ms: must be less than half of vantage.interval_seconds"},
		{"vantage concurrency", `{"vantage": {"concurrency": 0}}`, "config: vantage.concurrency: must be between 1 and 32"},
		{"server clock offset", `{"server_clock": {"max_offset_ms": 500}}`, "config: server_clock.max_offset_ms: must be between 1000 and 600000 (milliseconds)"},
		{"server clock offset vs warn", `{"clock": {"warn_ms": 5000}}`, "config: server_clock.max_offset_ms: must be less than clock.warn_ms (5000)"},
		{"server clock sources", `{"server_clock": {"min_sources": 0}}`, "config: server_clock.min_sources: must be between 1 and 32"},
		{"server clock grace", `{"server_clock": {"kernel_grace_seconds": 0}}`, "config: server_clock.kernel_grace_seconds: must be between 60 and 86400"},
		{"server clock kernel type", `{"server_clock": {"kernel": "off"}}`, "config: server_clock.kernel: must be true or false (line 1)"},
		{"trusted proxy", `{"trusted_proxies": ["10.0.0.0/8", "proxy.local"]}`, "config: trusted_proxies[1]: must be an IP address or CIDR prefix such as 10.0.0.0/8"},
		{"plain token instead of hash", `{"agents": {"token_sha256": ["` + hashHex("a") + `", "s3cret-agent-token"]}}`, "config: agents.token_sha256[1]: must be 64 hex digits (the SHA-256 of a token, not the token itself)"},
		{"token file missing", `{"agents": {"token_file": "/nonexistent/tokens"}}`, "config: agents.token_file: open /nonexistent/tokens: no such file or directory"},
		{"page origin with a path", `{"page_origins": ["https://check.example.com/wps"]}`, "config: page_origins[0]: must be an origin such as https://check.example.com (scheme and host, nothing after)"},
		{"page origin http", `{"page_origins": ["https://a.example", "http://check.example.com"]}`, "config: page_origins[1]: must use https (http only for localhost and 127.0.0.1)"},
		{"page origin any", `{"page_origins": ["*"]}`, "config: page_origins[0]: must name one origin (* is not allowed)"},
		{"page origin host only", `{"page_origins": ["check.example.com"]}`, "config: page_origins[0]: must be an origin such as https://check.example.com (scheme and host, nothing after)"},
		{"page origin malformed", `{"page_origins": ["https://exa mple.com"]}`, "config: page_origins[0]: must be an origin such as https://check.example.com (scheme and host, nothing after)"},
		{"page origin port", `{"page_origins": ["https://a.example:99999"]}`, "config: page_origins[0]: has a bad port"},
		{"daily cap negative", `{"reports": {"max_per_day": -1}}`, "config: reports.max_per_day: must be between 0 (no cap) and 10000000"},
		{"daily cap type", `{"reports": {"max_per_day": "10k"}}`, "config: reports.max_per_day: must be a whole number (line 1)"},
		{"floor too big", `{"reports": {"min_free_mb": 2000000}}`, "config: reports.min_free_mb: must be between 0 (no floor) and 1048576 (MiB)"},
		{"failed auth rate", `{"agents": {"failed_auth": {"per_minute": 0}}}`, "config: agents.failed_auth.per_minute: must be more than 0 and at most 1000"},
		{"failed auth burst", `{"agents": {"failed_auth": {"burst": 5000}}}`, "config: agents.failed_auth.burst: must be between 1 and 1000"},
		{"ticket secret missing", `{"tickets": {"secret_file": "/nonexistent/secret"}}`, "config: tickets.secret_file: open /nonexistent/secret: no such file or directory"},
		{"ticket secret misspelt", `{"tickets": {"secret": "s3cret"}}`, "config: tickets.secret: unknown field (line 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Parse([]byte(tt.json))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Equal(t, tt.want, err.Error())
			assert.NotContains(t, err.Error(), "s3cret", "a value that may be a token is never echoed")
		})
	}
}

func TestDefaults(t *testing.T) {
	for _, src := range []string{"{}", `{"// note": "only a comment", "reports": {"// c": ["x"]}}`, `{"notice": null}`, `{"catalog": null}`} {
		c, err := config.Parse([]byte(src))
		require.NoError(t, err, src)
		assert.Equal(t, config.Default().Catalog, c.Catalog)
		assert.Equal(t, diagnosis.DefaultThresholds(), c.Thresholds())
		assert.True(t, c.Reports.Upload)
		assert.Equal(t, 30*24*time.Hour, c.Reports.Retention())
		assert.Equal(t, filepath.Join("data", "reports.db"), c.Reports.DatabasePath())
		assert.True(t, c.Vantage.Enabled)
		assert.Equal(t, config.ServerClock{MaxOffsetMS: 10_000, MinSources: 3, Kernel: true, KernelGraceSeconds: 900}, c.ServerClock)
		assert.Equal(t, 10*time.Second, c.ServerClock.MaxOffset())
		assert.Equal(t, 15*time.Minute, c.ServerClock.KernelGrace())
		assert.Equal(t, 60*time.Second, c.Vantage.Interval())
		assert.Equal(t, 5*time.Second, c.Vantage.Timeout())
		assert.False(t, c.AgentTokensConfigured())
		assert.False(t, c.CheckAgentToken(""))
		assert.False(t, c.CheckAgentToken("anything"))
		assert.Nil(t, c.Notice)
		assert.Equal(t, 10_000, c.Reports.MaxPerDay)
		assert.Equal(t, uint64(256<<20), c.Reports.MinFreeBytes())
		assert.Equal(t, []string{"data"}, c.Reports.StorageDirs())
		assert.Equal(t, config.RateLimit{PerMinute: 5, Burst: 5}, c.Agents.FailedAuth)
		assert.Nil(t, c.TicketSigner())
	}
	c, err := config.Load("")
	require.NoError(t, err)
	assert.Equal(t, config.Default(), c)
}

func TestPartialObjectsKeepOtherDefaults(t *testing.T) {
	c, err := config.Parse([]byte(`{"reports": {"upload": false}, "vantage": {"interval_seconds": 300}}`))
	require.NoError(t, err)
	assert.False(t, c.Reports.Upload)
	assert.Equal(t, 30, c.Reports.RetentionDays, "a field left out keeps its default")
	assert.Equal(t, 10, c.Reports.RateLimit.Burst)
	assert.Equal(t, 300*time.Second, c.Vantage.Interval())
	assert.True(t, c.Vantage.Enabled)
}

func TestCatalogReplacesDefaultAndKeepsKnownLabels(t *testing.T) {
	c, err := config.Parse([]byte(`{"catalog": [
		{"id": "control", "url": "/api/time", "role": "control"},
		{"id": "login_cn", "url": "https://account.wps.cn/", "role": "login"},
		{"id": "sso", "url": "https://sso.example.cn/health", "role": "login", "label": {"zh": "单点登录", "en": "SSO"}}]}`))
	require.NoError(t, err)
	require.Len(t, c.Catalog, 3)
	assert.Equal(t, "WPS 账号登录（国内）", c.Catalog[1].Label.ZH, "a built-in id without a label gets the built-in label")
	assert.Equal(t, "SSO", c.Catalog[2].Label.EN)
	assert.Equal(t, c.Catalog, c.Public(time.Now()).Catalog)
}

func TestAgentTokens(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tokens")
	require.NoError(t, os.WriteFile(file, []byte("# support team\n\n"+strings.ToUpper(hashHex("file-token"))+"\n"), 0o600))
	c, err := config.Parse([]byte(`{"agents": {"token_sha256": ["` + hashHex("inline-token") + `"], "token_file": "` + file + `"}}`))
	require.NoError(t, err)
	assert.True(t, c.AgentTokensConfigured())
	assert.True(t, c.CheckAgentToken("inline-token"))
	assert.True(t, c.CheckAgentToken("file-token"), "upper-case hex in the file is accepted")
	assert.False(t, c.CheckAgentToken("inline-token "))
	assert.False(t, c.CheckAgentToken(hashHex("inline-token")), "the hash itself is not a token")
	assert.False(t, c.CheckAgentToken(""))

	bad := filepath.Join(dir, "bad")
	require.NoError(t, os.WriteFile(bad, []byte(hashHex("x")+"\nmy-plain-s3cret\n"), 0o600))
	_, err = config.Parse([]byte(`{"agents": {"token_file": "` + bad + `"}}`))
	require.Error(t, err)
	assert.Equal(t, "config: agents.token_file: "+bad+" line 2: must be 64 hex digits (the SHA-256 of a token, not the token itself)", err.Error())
	assert.NotContains(t, err.Error(), "s3cret")

	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("# nobody yet\n"), 0o600))
	_, err = config.Parse([]byte(`{"agents": {"token_file": "` + empty + `"}}`))
	require.Error(t, err)
	assert.Equal(t, "config: agents.token_file: "+empty+" holds no token hash", err.Error())
}

func TestTrustedProxy(t *testing.T) {
	c, err := config.Parse([]byte(`{"trusted_proxies": ["10.0.0.0/8", "192.168.1.7", "::1"]}`))
	require.NoError(t, err)
	for addr, want := range map[string]bool{
		"10.1.2.3": true, "::ffff:10.1.2.3": true, "192.168.1.7": true, "192.168.1.8": false,
		"::1": true, "127.0.0.1": false, "2001:db8::1": false,
	} {
		assert.Equal(t, want, c.TrustedProxy(netip.MustParseAddr(addr)), addr)
	}
	assert.False(t, config.Default().TrustedProxy(netip.MustParseAddr("127.0.0.1")))
}

func TestParseOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://check.example.com":      "https://check.example.com",
		"https://check.example.com/":     "https://check.example.com",
		"HTTPS://Check.Example.COM:443/": "https://check.example.com",
		"https://check.example.com:8443": "https://check.example.com:8443",
		"http://localhost:8080":          "http://localhost:8080",
		"http://127.0.0.1:49152":         "http://127.0.0.1:49152",
		"http://[::1]:80":                "http://[::1]",
		"https://[2001:db8::1]:444":      "https://[2001:db8::1]:444",
	} {
		got, err := config.ParseOrigin(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "*", "https://", "ftp://a.example", "http://a.example", "https://a.example/x",
		"https://a.example?x", "https://a.example#x", "https://u@a.example", "//a.example", "https://*.example", "javascript:alert(1)"} {
		_, err := config.ParseOrigin(in)
		assert.Error(t, err, "%q", in)
	}
}

func TestPageOrigins(t *testing.T) {
	c, err := config.Parse([]byte(`{"page_origins": ["https://Check.Example.com/", "http://127.0.0.1:5000"]}`))
	require.NoError(t, err)
	assert.True(t, c.CORSEnabled())
	for origin, want := range map[string]bool{
		"https://check.example.com": true, "http://127.0.0.1:5000": true,
		"https://check.example.com:443": false, // browsers never send the default port
		"http://check.example.com":      false, "https://evil.example": false, "null": false, "": false,
	} {
		assert.Equal(t, want, c.PageOriginAllowed(origin), origin)
	}
	assert.False(t, config.Default().CORSEnabled())
	assert.False(t, config.Default().PageOriginAllowed("https://check.example.com"))
}

func TestPublicBannerOnlyUntilExpiry(t *testing.T) {
	c, err := config.Parse([]byte(`{"notice": {"zh": "维护中", "en": "Maintenance", "expires": "2026-07-01T08:00:00+08:00"},
		"reports": {"upload": false}}`))
	require.NoError(t, err)
	expires := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

	p := c.Public(expires.Add(-time.Second))
	require.NotNil(t, p.Banner)
	assert.Equal(t, wire.Banner{Text: i18n.Text{ZH: "维护中", EN: "Maintenance"}, Level: "info", ExpiresUnixMS: expires.UnixMilli()}, *p.Banner)
	assert.False(t, p.UploadEnabled)

	assert.Nil(t, c.Public(expires).Banner)

	// The JSON is what the page's wire.ParseConfig reads.
	data, err := json.Marshal(c.Public(expires.Add(-time.Hour)))
	require.NoError(t, err)
	pc := wire.ParseConfig(data)
	assert.Equal(t, c.Catalog, pc.Catalog)
	assert.Equal(t, c.Thresholds(), pc.Thresholds)
	require.NotNil(t, pc.Banner)
	assert.Equal(t, "Maintenance", pc.Banner.Text.EN)
	assert.False(t, pc.UploadEnabled)
	assert.NotContains(t, string(data), "token")
}

func TestLoadFile(t *testing.T) {
	_, err := config.Load(filepath.Join(t.TempDir(), "missing.json"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "config: open ")

	big := filepath.Join(t.TempDir(), "big.json")
	require.NoError(t, os.WriteFile(big, []byte(`{"// x": "`+strings.Repeat("x", config.MaxFileBytes)+`"}`), 0o600))
	_, err = config.Load(big)
	require.Error(t, err)
	assert.Equal(t, "config: "+big+" is larger than 1048576 bytes", err.Error())
}

// TestExampleFile loads docs/config.example.json: it is valid, it equals the
// compiled-in defaults (apart from its expired sample notice), and it shows
// every field of Config.
func TestExampleFile(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "config.example.json")
	c, err := config.Load(path)
	require.NoError(t, err)
	require.NotNil(t, c.Notice)
	assert.Nil(t, c.Public(time.Now()).Banner, "the sample notice has expired")
	d := config.Default()
	assert.Equal(t, d.Catalog, c.Catalog)
	assert.Equal(t, d.Thresholds(), c.Thresholds())
	assert.Equal(t, d.Reports, c.Reports)
	assert.Equal(t, d.Vantage, c.Vantage)
	assert.Equal(t, d.ServerClock, c.ServerClock)
	assert.Equal(t, d.Webhook, c.Webhook)

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var tree any
	require.NoError(t, json.Unmarshal(data, &tree))
	for _, p := range fieldPaths(reflect.TypeOf(config.Config{}), "") {
		assert.True(t, hasPath(tree, strings.Split(p, ".")), "docs/config.example.json lacks %s", p)
		if !strings.Contains(p, ".") {
			assert.True(t, hasPath(tree, []string{"// " + p}), "docs/config.example.json has no comment for %s", p)
		}
	}
}

func fieldPaths(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		out = append(out, p)
		out = append(out, fieldPaths(f.Type, p)...)
	}
	return out
}

// hasPath looks a dotted path up in a decoded JSON tree; in a list it looks
// into the first element.
func hasPath(v any, path []string) bool {
	if len(path) == 0 {
		return true
	}
	switch v := v.(type) {
	case map[string]any:
		x, ok := v[path[0]]
		return ok && hasPath(x, path[1:])
	case []any:
		return len(v) > 0 && hasPath(v[0], path)
	}
	return false
}

func TestStorageDirs(t *testing.T) {
	c, err := config.Parse([]byte(`{"reports": {"data_dir": "/var/lib/wps/", "sqlite_path": "/srv/db/reports.db"}}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"/var/lib/wps", "/srv/db"}, c.Reports.StorageDirs(), "both file systems are watched")
	c, err = config.Parse([]byte(`{"reports": {"data_dir": "/var/lib/wps", "sqlite_path": "/var/lib/wps/r.db", "max_per_day": 0, "min_free_mb": 0}}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"/var/lib/wps"}, c.Reports.StorageDirs())
	assert.Zero(t, c.Reports.MaxPerDay)
	assert.Zero(t, c.Reports.MinFreeBytes())
}

// TestTicketSecret: the secret comes from a file or the environment, never
// both, must be long enough, and is never repeated in an error.
func TestTicketSecret(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(good, []byte("s3cret-0123456789abcdef0123456789abcdef\n"), 0o600))
	short := filepath.Join(dir, "short")
	require.NoError(t, os.WriteFile(short, []byte("s3cret-short\n"), 0o600))

	c, err := config.Parse([]byte(`{"tickets": {"secret_file": "` + good + `"}}`))
	require.NoError(t, err)
	sig := c.TicketSigner()
	require.NotNil(t, sig)
	assert.True(t, sig.Verify("T-1", sig.Sign("T-1")))
	assert.NotContains(t, string(must(json.Marshal(c.Public(time.Now())))), "s3cret", "never served")

	_, err = config.Parse([]byte(`{"tickets": {"secret_file": "` + short + `"}}`))
	require.Error(t, err)
	assert.Equal(t, "config: tickets.secret_file: must hold 32 to 4096 bytes of secret (head -c 32 /dev/urandom | base64 makes one)", err.Error())

	assert.ErrorContains(t, c.UseTicketSecret("s3cret-0123456789abcdef0123456789abcdef"), "both set")
	d := config.Default()
	assert.NoError(t, d.UseTicketSecret(""))
	assert.Nil(t, d.TicketSigner())
	err = d.UseTicketSecret("s3cret-short")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
	assert.Contains(t, err.Error(), "WPSCHECK_TICKET_SECRET")
	require.NoError(t, d.UseTicketSecret("s3cret-0123456789abcdef0123456789abcdef"))
	fromEnv := d.TicketSigner()
	require.NotNil(t, fromEnv)
	assert.Equal(t, sig.Sign("T-1"), fromEnv.Sign("T-1"), "the file's trailing newline is not part of the secret")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
