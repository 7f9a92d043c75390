// Package config loads and validates the operator's configuration file (JSON,
// given to the server with -config) and exposes the public part the page
// reads from GET /api/config.
//
// Every field is optional: a missing field keeps its compiled-in default
// (see Default), and running with no file at all runs everything on the
// defaults. A bad file is an error that names the field and the problem, e.g.
//
//	config: catalog[2].url: must start with https://
//
// so the server can refuse to start with a message an operator can act on.
// The documented example is docs/config.example.json.
package config

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/strict"
	"wpscheck/app/wire"
	"wpscheck/server/tickets"
)

// MaxFileBytes bounds the size of a config file and of a token hash file.
const MaxFileBytes = 1 << 20

// MaxNoticeBytes bounds each language's notice text.
const MaxNoticeBytes = 500

// Config is the whole operator configuration. Use Default or Load to get a
// valid one; a Config is not modified after loading and is safe to share.
type Config struct {
	// Catalog replaces diagnosis.DefaultCatalog() when given: the endpoints
	// the page probes and, for the https WPS ones, the server's vantage probe.
	Catalog []diagnosis.Endpoint `json:"catalog"`
	// Probe holds the browser probe thresholds.
	Probe Probe `json:"probe"`
	// Clock holds the clock check thresholds.
	Clock Clock `json:"clock"`
	// Notice is an optional banner shown at the top of the page until it expires.
	Notice *Notice `json:"notice"`
	// Reports configures report upload and storage.
	Reports Reports `json:"reports"`
	// Agents configures who may read uploaded reports.
	Agents Agents `json:"agents"`
	// Tickets configures the signing of support links' tickets.
	Tickets Tickets `json:"tickets"`
	// Vantage configures the server's own probe of the WPS endpoints.
	Vantage Vantage `json:"vantage"`
	// ServerClock configures the server's check of its own clock, the
	// reference of the page's clock check.
	ServerClock ServerClock `json:"server_clock"`
	// TrustedProxies lists the addresses or CIDR prefixes of reverse proxies
	// whose X-Forwarded-For header is believed. Empty: the header is ignored
	// and the TCP peer address is the client address.
	TrustedProxies []string `json:"trusted_proxies"`
	// PageOrigins are the origins of pages exported to another host (a
	// CDN: server -export -export-api-origin naming this server) that may
	// call this server's page API across origins: GET /api/time,
	// /api/config, /api/status and POST /api/reports. Empty: no CORS.
	PageOrigins []string `json:"page_origins"`
	// Webhook configures the signed webhook sent for every stored report
	// (webhook.go).
	Webhook Webhook `json:"webhook"`

	tokenHashes [][sha256.Size]byte
	proxies     []netip.Prefix
	pageOrigins map[string]bool
	signer      *tickets.Signer
}

// Probe holds the thresholds of the browser's reachability probes.
type Probe struct {
	// SlowMS: an answer at or after this many milliseconds is "slow".
	SlowMS int64 `json:"slow_ms"`
	// TimeoutMS: no answer by this many milliseconds is a "timeout".
	TimeoutMS int64 `json:"timeout_ms"`
}

// Clock holds the thresholds of the clock check.
type Clock struct {
	// WarnMS: a clock offset of at least this many milliseconds warns.
	WarnMS int64 `json:"warn_ms"`
	// FailMS: a clock offset of at least this many milliseconds fails.
	FailMS int64 `json:"fail_ms"`
}

// Notice is an operator's banner, e.g. announced WPS maintenance.
type Notice struct {
	// ZH is the Chinese text (required).
	ZH string `json:"zh"`
	// EN is the English text (required).
	EN string `json:"en"`
	// Level is "info" (default) or "warn".
	Level string `json:"level"`
	// Expires is when the banner stops showing, RFC 3339 (required).
	Expires string `json:"expires"`

	expiresAt time.Time
}

// Reports configures report upload and storage.
type Reports struct {
	// Upload turns POST /api/reports on or off.
	Upload bool `json:"upload"`
	// RetentionDays is how long a report is kept before it is purged.
	RetentionDays int `json:"retention_days"`
	// RateLimit bounds uploads per client address.
	RateLimit RateLimit `json:"rate_limit"`
	// DataDir is the data directory, created on start.
	DataDir string `json:"data_dir"`
	// SQLitePath is the database file; empty means DataDir/reports.db.
	SQLitePath string `json:"sqlite_path"`
	// PostgresURL, when set, stores reports in PostgreSQL instead of
	// SQLite: a libpq URL (postgres://user:password@host:port/database?…),
	// shared by every replica. The environment variable
	// WPSCHECK_POSTGRES_URL takes precedence over it.
	PostgresURL string `json:"postgres_url"`
	// MaxPerDay caps the reports accepted per UTC day, from every address
	// together; 0: no cap.
	MaxPerDay int `json:"max_per_day"`
	// MinFreeMB is the free space, in MiB, the file systems of DataDir and
	// of the database must keep: below it uploads answer 503 and /readyz
	// says not ready. 0: no floor.
	MinFreeMB int `json:"min_free_mb"`
}

// MinFreeBytes returns MinFreeMB in bytes.
func (r Reports) MinFreeBytes() uint64 { return uint64(r.MinFreeMB) << 20 }

// StorageDirs returns the directories whose file systems hold the reports:
// DataDir and the database's directory (once when they are the same).
func (r Reports) StorageDirs() []string {
	dirs := []string{filepath.Clean(r.DataDir)}
	if d := filepath.Dir(r.DatabasePath()); d != dirs[0] {
		dirs = append(dirs, d)
	}
	return dirs
}

// Retention returns RetentionDays as a duration.
func (r Reports) Retention() time.Duration {
	return time.Duration(r.RetentionDays) * 24 * time.Hour
}

// DatabasePath returns SQLitePath, or DataDir/reports.db when it is empty.
func (r Reports) DatabasePath() string {
	if r.SQLitePath != "" {
		return r.SQLitePath
	}
	return filepath.Join(r.DataDir, "reports.db")
}

// RateLimit is a token bucket per client address.
type RateLimit struct {
	// PerMinute is the sustained number of uploads allowed per minute.
	PerMinute float64 `json:"per_minute"`
	// Burst is how many uploads may come at once.
	Burst int `json:"burst"`
}

// Agents configures bearer tokens for the agent view of reports. Only
// SHA-256 hashes are configured; the server never sees a stored plain token.
type Agents struct {
	// TokenSHA256 lists hex SHA-256 hashes of the accepted tokens.
	TokenSHA256 []string `json:"token_sha256"`
	// TokenFile names a file of further hashes, one per line ("#" starts a
	// comment line).
	TokenFile string `json:"token_file"`
	// FailedAuth bounds the failed authentications per client address:
	// once its bucket is empty, agent requests from that address answer
	// 429 (with Retry-After), whatever token they carry.
	FailedAuth RateLimit `json:"failed_auth"`
}

// Tickets configures ticket signatures (package server/tickets): with a
// secret, uploads from a signed support link are stored as verified.
type Tickets struct {
	// SecretFile names a file holding the secret (at least 32 bytes; a
	// trailing newline is ignored). The secret can come from the
	// environment instead (WPSCHECK_TICKET_SECRET, see UseTicketSecret).
	SecretFile string `json:"secret_file"`
}

// Vantage configures the server's own probe of the catalog's WPS endpoints.
type Vantage struct {
	// Enabled turns the probe (and a known GET /api/status) on or off.
	Enabled bool `json:"enabled"`
	// IntervalSeconds is the mean time between probe rounds (±10% jitter).
	IntervalSeconds int `json:"interval_seconds"`
	// TimeoutMS bounds each probe request.
	TimeoutMS int64 `json:"timeout_ms"`
	// Concurrency bounds how many endpoints are probed at once.
	Concurrency int `json:"concurrency"`
}

// ServerClock configures the server's check of its own clock (package
// server/refclock): the kernel's synchronisation flag and the Date headers
// of the WPS answers the vantage probe receives.
type ServerClock struct {
	// MaxOffsetMS: a median Date-header offset beyond this makes the
	// server's clock suspect (the page then judges no device clock).
	MaxOffsetMS int64 `json:"max_offset_ms"`
	// MinSources is how many WPS hosts must have answered with a Date
	// header for the median to count.
	MinSources int `json:"min_sources"`
	// Kernel turns the kernel's view (Linux adjtimex) on or off; off for
	// platforms whose adjtimex always says "unsynchronised".
	Kernel bool `json:"kernel"`
	// KernelGraceSeconds is how long the kernel may say "unsynchronised"
	// before the server's clock is suspect.
	KernelGraceSeconds int `json:"kernel_grace_seconds"`
}

// MaxOffset returns MaxOffsetMS as a duration.
func (s ServerClock) MaxOffset() time.Duration {
	return time.Duration(s.MaxOffsetMS) * time.Millisecond
}

// KernelGrace returns KernelGraceSeconds as a duration.
func (s ServerClock) KernelGrace() time.Duration {
	return time.Duration(s.KernelGraceSeconds) * time.Second
}

// Interval returns IntervalSeconds as a duration.
func (v Vantage) Interval() time.Duration { return time.Duration(v.IntervalSeconds) * time.Second }

// Timeout returns TimeoutMS as a duration.
func (v Vantage) Timeout() time.Duration { return time.Duration(v.TimeoutMS) * time.Millisecond }

// Default returns the compiled-in configuration: the default catalog and
// thresholds, no notice, upload on with 30-day retention and 20 uploads per
// minute (burst 10) per client address, at most 10,000 a day in all, a
// floor of 256 MiB of free space, reports in ./data/reports.db, no agent
// tokens (agent reads always answer 401) and 5 failed authentications a
// minute per address, no ticket secret (every ticket unverified), vantage
// on every 60 s with a 5 s timeout and 4 probes at a time, the server's
// clock suspect beyond 10 s against 3 or more WPS hosts or after 15 min of
// an unsynchronised kernel, no trusted proxy, no webhook.
func Default() *Config {
	t := diagnosis.DefaultThresholds()
	return &Config{
		Catalog: diagnosis.DefaultCatalog(),
		Probe:   Probe{SlowMS: t.SlowMS, TimeoutMS: t.TimeoutMS},
		Clock:   Clock{WarnMS: t.ClockWarnMS, FailMS: t.ClockFailMS},
		Reports: Reports{
			Upload:        true,
			RetentionDays: 30,
			RateLimit:     RateLimit{PerMinute: 20, Burst: 10},
			DataDir:       "data",
			MaxPerDay:     10_000,
			MinFreeMB:     256,
		},
		Agents:      Agents{FailedAuth: RateLimit{PerMinute: 5, Burst: 5}},
		Vantage:     Vantage{Enabled: true, IntervalSeconds: 60, TimeoutMS: 5000, Concurrency: 4},
		ServerClock: ServerClock{MaxOffsetMS: 10_000, MinSources: 3, Kernel: true, KernelGraceSeconds: 900},
		Webhook:     defaultWebhook(),
	}
}

// Load reads, validates and returns the configuration in the file at path,
// on top of Default. An empty path returns Default. Relative paths inside the
// file (data_dir, sqlite_path, token_file) are relative to the server's
// working directory. Errors name the field, e.g.
// "config: vantage.interval_seconds: must be between 10 and 3600".
func Load(path string) (*Config, error) {
	if path == "" {
		c := Default()
		return c, c.validate()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("config: %s is larger than %d bytes", path, MaxFileBytes)
	}
	return Parse(data)
}

// Parse validates the JSON configuration data on top of Default and returns
// it; Load calls it with the file's content.
func Parse(data []byte) (*Config, error) {
	c := Default()
	// encoding/json decodes a list into the existing elements of a slice,
	// which would leave default labels on the operator's entries: decode
	// the catalog into a nil slice and restore the default only if absent.
	defaultCatalog, defaultEvents := c.Catalog, c.Webhook.Events
	c.Catalog, c.Webhook.Events = nil, nil
	if err := strict.Decode(data, c, strict.Options{Comments: true, Lines: true}); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if c.Catalog == nil {
		c.Catalog = defaultCatalog
	}
	if c.Webhook.Events == nil {
		c.Webhook.Events = defaultEvents
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// fieldErr is a *strict.FieldError: every error of Load and Parse names
// the field it is about (errors.As finds it under the "config: " prefix).
func fieldErr(field, format string, args ...any) error {
	return strict.Errorf(field, format, args...)
}

func (c *Config) validate() error {
	if err := diagnosis.ValidateCatalog(c.Catalog); err != nil {
		return err
	}
	defaults := diagnosis.DefaultCatalog()
	for i := range c.Catalog {
		e := &c.Catalog[i]
		for _, l := range [...]struct{ field, s string }{{"zh", e.Label.ZH}, {"en", e.Label.EN}} {
			if !utf8.ValidString(l.s) || len(l.s) > 200 {
				return fieldErr(fmt.Sprintf("catalog[%d].label.%s", i, l.field), "must be valid UTF-8 of at most 200 bytes")
			}
		}
		if e.Label.ZH == "" && e.Label.EN == "" {
			for _, d := range defaults {
				if d.ID == e.ID {
					e.Label = d.Label
				}
			}
		}
	}

	switch {
	case c.Probe.SlowMS < 100 || c.Probe.SlowMS > 60_000:
		return fieldErr("probe.slow_ms", "must be between 100 and 60000 (milliseconds)")
	case c.Probe.TimeoutMS < 500 || c.Probe.TimeoutMS > 60_000:
		return fieldErr("probe.timeout_ms", "must be between 500 and 60000 (milliseconds)")
	case c.Probe.SlowMS >= c.Probe.TimeoutMS:
		return fieldErr("probe.slow_ms", "must be less than probe.timeout_ms (%d)", c.Probe.TimeoutMS)
	case c.Clock.WarnMS < 1000 || c.Clock.WarnMS > 86_400_000:
		return fieldErr("clock.warn_ms", "must be between 1000 and 86400000 (milliseconds)")
	case c.Clock.FailMS < 1000 || c.Clock.FailMS > 86_400_000:
		return fieldErr("clock.fail_ms", "must be between 1000 and 86400000 (milliseconds)")
	case c.Clock.WarnMS >= c.Clock.FailMS:
		return fieldErr("clock.warn_ms", "must be less than clock.fail_ms (%d)", c.Clock.FailMS)
	}

	if n := c.Notice; n != nil {
		for _, l := range [...]struct{ field, s string }{{"notice.zh", n.ZH}, {"notice.en", n.EN}} {
			switch {
			case strings.TrimSpace(l.s) == "":
				return fieldErr(l.field, "is required when a notice is given")
			case !utf8.ValidString(l.s) || len(l.s) > MaxNoticeBytes:
				return fieldErr(l.field, "must be valid UTF-8 of at most %d bytes", MaxNoticeBytes)
			}
		}
		switch n.Level {
		case "":
			n.Level = "info"
		case "info", "warn":
		default:
			return fieldErr("notice.level", `must be "info" or "warn"`)
		}
		if n.Expires == "" {
			return fieldErr("notice.expires", "is required (RFC 3339, e.g. 2026-07-01T08:00:00+08:00) so a notice cannot outlive its cause")
		}
		t, err := time.Parse(time.RFC3339, n.Expires)
		if err != nil {
			return fieldErr("notice.expires", "must be an RFC 3339 time such as 2026-07-01T08:00:00+08:00")
		}
		n.expiresAt = t
	}

	r := &c.Reports
	switch {
	case r.RetentionDays < 1 || r.RetentionDays > 3650:
		return fieldErr("reports.retention_days", "must be between 1 and 3650")
	case !(r.RateLimit.PerMinute > 0 && r.RateLimit.PerMinute <= 100_000):
		return fieldErr("reports.rate_limit.per_minute", "must be more than 0 and at most 100000")
	case r.RateLimit.Burst < 1 || r.RateLimit.Burst > 10_000:
		return fieldErr("reports.rate_limit.burst", "must be between 1 and 10000")
	case strings.TrimSpace(r.DataDir) == "":
		return fieldErr("reports.data_dir", "must not be empty")
	case strings.ContainsRune(r.DataDir, 0) || strings.ContainsRune(r.SQLitePath, 0):
		return fieldErr("reports.data_dir", "must not contain a NUL byte")
	case r.SQLitePath != "" && (strings.HasSuffix(r.SQLitePath, "/") || strings.Contains(r.SQLitePath, "?")):
		return fieldErr("reports.sqlite_path", "must be a file path (no trailing / and no ?)")
	case r.MaxPerDay < 0 || r.MaxPerDay > 10_000_000:
		return fieldErr("reports.max_per_day", "must be between 0 (no cap) and 10000000")
	case r.MinFreeMB < 0 || r.MinFreeMB > 1<<20:
		return fieldErr("reports.min_free_mb", "must be between 0 (no floor) and 1048576 (MiB)")
	}
	if r.PostgresURL != "" {
		if err := CheckPostgresURL(r.PostgresURL); err != nil {
			return fieldErr("reports.postgres_url", "%v", err)
		}
	}
	switch fa := c.Agents.FailedAuth; {
	case !(fa.PerMinute > 0 && fa.PerMinute <= 1000):
		return fieldErr("agents.failed_auth.per_minute", "must be more than 0 and at most 1000")
	case fa.Burst < 1 || fa.Burst > 1000:
		return fieldErr("agents.failed_auth.burst", "must be between 1 and 1000")
	}

	v := &c.Vantage
	switch {
	case v.IntervalSeconds < 10 || v.IntervalSeconds > 3600:
		return fieldErr("vantage.interval_seconds", "must be between 10 and 3600")
	case v.TimeoutMS < 100 || v.TimeoutMS > 30_000:
		return fieldErr("vantage.timeout_ms", "must be between 100 and 30000 (milliseconds)")
	case v.TimeoutMS >= int64(v.IntervalSeconds)*1000/2:
		return fieldErr("vantage.timeout_ms", "must be less than half of vantage.interval_seconds")
	case v.Concurrency < 1 || v.Concurrency > 32:
		return fieldErr("vantage.concurrency", "must be between 1 and 32")
	}

	sc := &c.ServerClock
	switch {
	case sc.MaxOffsetMS < 1000 || sc.MaxOffsetMS > 600_000:
		return fieldErr("server_clock.max_offset_ms", "must be between 1000 and 600000 (milliseconds)")
	case sc.MaxOffsetMS >= c.Clock.WarnMS:
		// A server clock off by less than the limit would still make a
		// correct device clock warn.
		return fieldErr("server_clock.max_offset_ms", "must be less than clock.warn_ms (%d)", c.Clock.WarnMS)
	case sc.MinSources < 1 || sc.MinSources > 32:
		return fieldErr("server_clock.min_sources", "must be between 1 and 32")
	case sc.KernelGraceSeconds < 60 || sc.KernelGraceSeconds > 86_400:
		return fieldErr("server_clock.kernel_grace_seconds", "must be between 60 and 86400")
	}

	c.proxies = nil
	for i, s := range c.TrustedProxies {
		p, err := parsePrefix(s)
		if err != nil {
			return fieldErr(fmt.Sprintf("trusted_proxies[%d]", i), "must be an IP address or CIDR prefix such as 10.0.0.0/8")
		}
		c.proxies = append(c.proxies, p)
	}

	if err := c.Webhook.validate(c.Reports); err != nil {
		return err
	}

	if len(c.PageOrigins) > MaxPageOrigins {
		return fieldErr("page_origins", "has more than %d origins", MaxPageOrigins)
	}
	c.pageOrigins = nil
	for i, s := range c.PageOrigins {
		o, err := ParseOrigin(s)
		if err != nil {
			return fieldErr(fmt.Sprintf("page_origins[%d]", i), "%v", err)
		}
		if c.pageOrigins == nil {
			c.pageOrigins = map[string]bool{}
		}
		c.pageOrigins[o] = true
	}

	c.tokenHashes = nil
	for i, s := range c.Agents.TokenSHA256 {
		h, ok := parseHash(s)
		if !ok {
			// Never echo the value: it may be a plain token pasted by mistake.
			return fieldErr(fmt.Sprintf("agents.token_sha256[%d]", i), "must be 64 hex digits (the SHA-256 of a token, not the token itself)")
		}
		c.tokenHashes = append(c.tokenHashes, h)
	}
	if c.Agents.TokenFile != "" {
		hs, err := readTokenFile(c.Agents.TokenFile)
		if err != nil {
			return err
		}
		c.tokenHashes = append(c.tokenHashes, hs...)
	}

	c.signer = nil
	if c.Tickets.SecretFile != "" {
		secret, err := readSecretFile(c.Tickets.SecretFile)
		if err != nil {
			return err
		}
		if c.signer, err = newSigner(secret, "tickets.secret_file"); err != nil {
			return err
		}
	}
	return nil
}

// readSecretFile reads the ticket secret; its content is never repeated in
// an error.
func readSecretFile(path string) ([]byte, error) {
	const field = "tickets.secret_file"
	f, err := os.Open(path)
	if err != nil {
		return nil, fieldErr(field, "%v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tickets.MaxSecretBytes+2))
	if err != nil {
		return nil, fieldErr(field, "%v", err)
	}
	return bytes.TrimRight(data, "\r\n"), nil
}

func newSigner(secret []byte, field string) (*tickets.Signer, error) {
	s, err := tickets.NewSigner(secret)
	if err != nil {
		return nil, fieldErr(field, "must hold %d to %d bytes of secret (head -c 32 /dev/urandom | base64 makes one)",
			tickets.MinSecretBytes, tickets.MaxSecretBytes)
	}
	return s, nil
}

// TicketSecretEnv is the environment variable that may hold the ticket
// secret instead of tickets.secret_file.
const TicketSecretEnv = "WPSCHECK_TICKET_SECRET"

// UseTicketSecret sets the ticket secret given in the environment
// (TicketSecretEnv); call it once, right after Load, before the Config is
// shared. An empty secret changes nothing. It is an error to give the
// secret both ways. The secret is never repeated in an error or a log.
func (c *Config) UseTicketSecret(secret string) error {
	if secret == "" {
		return nil
	}
	if c.Tickets.SecretFile != "" {
		return fmt.Errorf("config: %s and tickets.secret_file are both set; give the ticket secret one way", TicketSecretEnv)
	}
	s, err := newSigner([]byte(secret), TicketSecretEnv)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	c.signer = s
	return nil
}

// TicketSigner returns the signer of support links' tickets, or nil when
// no secret is configured (every ticket is then unverified).
func (c *Config) TicketSigner() *tickets.Signer { return c.signer }

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func parseHash(s string) ([sha256.Size]byte, bool) {
	var h [sha256.Size]byte
	if len(s) != 2*sha256.Size {
		return h, false
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, false
	}
	return h, true
}

func readTokenFile(path string) ([][sha256.Size]byte, error) {
	const field = "agents.token_file"
	f, err := os.Open(path)
	if err != nil {
		return nil, fieldErr(field, "%v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fieldErr(field, "%v", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fieldErr(field, "%s is larger than %d bytes", path, MaxFileBytes)
	}
	var out [][sha256.Size]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), MaxFileBytes)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		h, ok := parseHash(s)
		if !ok {
			return nil, fieldErr(field, "%s line %d: must be 64 hex digits (the SHA-256 of a token, not the token itself)", path, line)
		}
		out = append(out, h)
	}
	if err := sc.Err(); err != nil {
		return nil, fieldErr(field, "%v", err)
	}
	if len(out) == 0 {
		return nil, fieldErr(field, "%s holds no token hash", path)
	}
	return out, nil
}

// CheckPostgresURL checks the form of a PostgreSQL URL (the server parses it
// fully when it connects). Its error never repeats the value, which may hold
// a password.
func CheckPostgresURL(s string) error {
	if !strings.HasPrefix(s, "postgres://") && !strings.HasPrefix(s, "postgresql://") {
		return errors.New("must be a libpq URL starting with postgres:// or postgresql:// (the value is not shown: it may hold a password)")
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return errors.New("must not contain spaces or control characters (percent-encode them)")
		}
	}
	return nil
}

// MaxPageOrigins bounds the number of page_origins.
const MaxPageOrigins = 32

// ParseOrigin checks a web origin as an operator writes it (a page_origins
// entry, the -export-api-origin flag) and returns it as browsers send it in
// an Origin header: lower-case scheme and host, the port only when it is
// not the scheme's default, no trailing slash. It must be https, or http
// for a loopback host (localhost, 127.0.0.0/8, ::1: development and tests),
// with no path, query, fragment or user. The error says what is wrong
// without the "field:" prefix.
func ParseOrigin(s string) (string, error) {
	const want = "must be an origin such as https://check.example.com (scheme and host, nothing after)"
	if strings.TrimSpace(s) == "*" {
		return "", fmt.Errorf("must name one origin (* is not allowed)")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" || u.User != nil || (u.Path != "" && u.Path != "/") ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(s, " \t\n") {
		return "", errors.New(want)
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	switch {
	case scheme == "https":
	case scheme == "http" && loopbackHost(host):
	case scheme == "http":
		return "", errors.New("must use https (http only for localhost and 127.0.0.1)")
	default:
		return "", errors.New(want)
	}
	if host == "" || strings.ContainsAny(host, "*") {
		return "", errors.New(want)
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", errors.New("has a bad port")
		}
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	hostport := host
	if strings.Contains(host, ":") {
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport += ":" + port
	}
	return scheme + "://" + hostport, nil
}

// loopbackHost reports whether host names this machine.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// PageOriginAllowed reports whether origin (an Origin header, as the
// browser sent it) is one of page_origins.
func (c *Config) PageOriginAllowed(origin string) bool { return c.pageOrigins[origin] }

// CORSEnabled reports whether page_origins names any origin.
func (c *Config) CORSEnabled() bool { return len(c.pageOrigins) > 0 }

// Thresholds returns the probe and clock thresholds in the diagnosis package's form.
func (c *Config) Thresholds() diagnosis.Thresholds {
	return diagnosis.Thresholds{
		SlowMS: c.Probe.SlowMS, TimeoutMS: c.Probe.TimeoutMS,
		ClockWarnMS: c.Clock.WarnMS, ClockFailMS: c.Clock.FailMS,
	}
}

// AgentTokensConfigured reports whether at least one agent token hash is configured.
func (c *Config) AgentTokensConfigured() bool { return len(c.tokenHashes) > 0 }

// CheckAgentToken reports whether token's SHA-256 matches a configured hash.
// It compares in constant time against every hash, so the time taken does
// not reveal which hash, or how much of one, matched.
func (c *Config) CheckAgentToken(token string) bool {
	if token == "" {
		return false
	}
	sum := sha256.Sum256([]byte(token))
	ok := 0
	for i := range c.tokenHashes {
		ok |= subtle.ConstantTimeCompare(sum[:], c.tokenHashes[i][:])
	}
	return ok == 1
}

// TrustedProxy reports whether addr is one of the configured trusted proxies.
func (c *Config) TrustedProxy(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range c.proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Public returns the part any visitor may read (GET /api/config) at time
// now: the banner only while it has not expired.
func (c *Config) Public(now time.Time) wire.Config {
	p := wire.Config{
		Catalog:       append([]diagnosis.Endpoint(nil), c.Catalog...),
		Thresholds:    c.Thresholds(),
		UploadEnabled: c.Reports.Upload,
	}
	if n := c.Notice; n != nil && now.Before(n.expiresAt) {
		p.Banner = &wire.Banner{
			Text:          i18n.Text{ZH: n.ZH, EN: n.EN},
			Level:         n.Level,
			ExpiresUnixMS: n.expiresAt.UnixMilli(),
		}
	}
	return p
}
