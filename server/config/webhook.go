package config

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"wpscheck/app/wire"
)

// SecretEnv is the environment variable that may hold the webhook secret
// (it takes precedence over webhook.secret_file).
const SecretEnv = "WPSCHECK_WEBHOOK_SECRET"

// The bounds of a webhook secret: printable ASCII without spaces, so that
// it can be pasted into a helpdesk and given to openssl as it is.
const (
	MinSecretLen = 32
	MaxSecretLen = 256
)

// Webhook configures the signed webhook the server sends for every stored
// report (see docs/webhook.md). It is off while URL is empty.
type Webhook struct {
	// URL receives the deliveries: https, or http for a loopback address
	// only (tests, a relay on the same host).
	URL string `json:"url"`
	// SecretFile names a file holding the signing secret; the environment
	// variable WPSCHECK_WEBHOOK_SECRET takes precedence (ResolveSecret).
	SecretFile string `json:"secret_file"`
	// Events are the events sent; "report.created" is the only one (default).
	Events []string `json:"events"`
	// OnlyWithTicket sends only for reports that carry a ticket.
	OnlyWithTicket bool `json:"only_with_ticket"`
	// PublicURL is where agents reach this server (https://check.example.com):
	// the payload's agent_url is PublicURL + "/support/{id}". Required with URL.
	PublicURL string `json:"public_url"`
	// TimeoutMS bounds one attempt, from connecting to the answer's headers.
	TimeoutMS int64 `json:"timeout_ms"`
	// RetryHours is how long failed deliveries are retried before they are
	// dead (at most reports.retention_days, so the report is still there).
	RetryHours int `json:"retry_hours"`

	// secret is behind a pointer so that fmt never prints it (a nested
	// pointer prints as an address).
	secret *Secret
}

// Secret is the webhook signing key. Its String, GoString, LogValue-style
// and JSON forms never show it.
type Secret struct{ b []byte }

// Bytes returns the key.
func (s *Secret) Bytes() []byte {
	if s == nil {
		return nil
	}
	return s.b
}

// String hides the secret.
func (s *Secret) String() string { return "[secret]" }

// GoString hides the secret.
func (s *Secret) GoString() string { return "[secret]" }

// MarshalJSON hides the secret.
func (s *Secret) MarshalJSON() ([]byte, error) { return []byte(`"[secret]"`), nil }

func defaultWebhook() Webhook {
	return Webhook{Events: []string{wire.EventReportCreated}, TimeoutMS: 10_000, RetryHours: 24}
}

// Enabled reports whether a webhook URL is configured.
func (w *Webhook) Enabled() bool { return w.URL != "" }

// Secret returns the signing secret (nil before one is resolved).
func (w *Webhook) Secret() *Secret { return w.secret }

// Timeout returns TimeoutMS as a duration.
func (w *Webhook) Timeout() time.Duration { return time.Duration(w.TimeoutMS) * time.Millisecond }

// RetryFor returns RetryHours as a duration.
func (w *Webhook) RetryFor() time.Duration { return time.Duration(w.RetryHours) * time.Hour }

// Sends reports whether event is one of Events.
func (w *Webhook) Sends(event string) bool { return slices.Contains(w.Events, event) }

// Host returns the URL's host (and port), for logs: the path and query may
// hold a token of the receiver's and are never logged.
func (w *Webhook) Host() string {
	u, err := url.Parse(w.URL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// ResolveSecret settles the signing secret: env (the value of
// WPSCHECK_WEBHOOK_SECRET) when it is set, else the one read from
// secret_file. With a URL and neither, it is an error naming
// webhook.secret_file. No error repeats the secret.
func (w *Webhook) ResolveSecret(env string) error {
	if env != "" {
		s, err := checkSecret(env)
		if err != nil {
			return fmt.Errorf("config: %s: %w", SecretEnv, err)
		}
		w.secret = s
	}
	if w.Enabled() && w.secret == nil {
		return fmt.Errorf("config: %w", fieldErr("webhook.secret_file", "is required with webhook.url (or give the secret in %s)", SecretEnv))
	}
	return nil
}

func (w *Webhook) validate(r Reports) error {
	switch {
	case w.TimeoutMS < 1000 || w.TimeoutMS > 60_000:
		return fieldErr("webhook.timeout_ms", "must be between 1000 and 60000 (milliseconds)")
	case w.RetryHours < 1 || w.RetryHours > 168:
		return fieldErr("webhook.retry_hours", "must be between 1 and 168")
	case w.RetryHours > 24*r.RetentionDays:
		return fieldErr("webhook.retry_hours", "must be at most reports.retention_days × 24 (%d): a delivery must not outlive its report", 24*r.RetentionDays)
	case len(w.Events) == 0:
		return fieldErr("webhook.events", `must name at least one event ("%s")`, wire.EventReportCreated)
	}
	for i, e := range w.Events {
		if e != wire.EventReportCreated {
			return fieldErr(fmt.Sprintf("webhook.events[%d]", i), `unknown event; the only one is "%s"`, wire.EventReportCreated)
		}
		if slices.Index(w.Events, e) != i {
			return fieldErr(fmt.Sprintf("webhook.events[%d]", i), "is listed twice")
		}
	}
	if w.URL != "" {
		if err := checkWebhookURL(w.URL); err != nil {
			return fieldErr("webhook.url", "%v", err)
		}
		if w.PublicURL == "" {
			return fieldErr("webhook.public_url", "is required with webhook.url: the address agents open this server at (e.g. https://check.example.com), for the payload's agent_url")
		}
	}
	if w.PublicURL != "" {
		u, err := url.Parse(w.PublicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(w.PublicURL, " \t\r\n") {
			return fieldErr("webhook.public_url", "must be an http(s) URL such as https://check.example.com, without a query")
		}
		w.PublicURL = strings.TrimRight(w.PublicURL, "/")
	}
	w.secret = nil
	if w.SecretFile != "" {
		s, err := readWebhookSecret(w.SecretFile)
		if err != nil {
			return fieldErr("webhook.secret_file", "%v", err)
		}
		w.secret = s
	}
	return nil
}

// checkWebhookURL accepts an absolute https URL, or an http one whose host
// is a loopback address; never one with a user or password in it.
func checkWebhookURL(s string) error {
	if len(s) > 2048 {
		return errors.New("must be at most 2048 characters")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" || strings.ContainsAny(s, " \t\r\n") {
		return errors.New("must be an absolute URL such as https://helpdesk.example.com/hooks/wpscheck")
	}
	switch {
	case u.User != nil:
		return errors.New("must not hold a user or password (the signature authenticates this server; the value is not shown)")
	case u.Fragment != "":
		return errors.New("must not have a #fragment")
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	case u.Scheme == "http":
		return errors.New("must start with https:// (plain http only for a loopback address: localhost, 127.0.0.1, ::1)")
	}
	return errors.New("must start with https://")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// readWebhookSecret reads a secret: the file's content without surrounding
// white space (a final newline is usual).
func readWebhookSecret(path string) (*Secret, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 4097))
	if err != nil {
		return nil, err
	}
	if len(data) > 4096 {
		return nil, fmt.Errorf("%s is larger than 4096 bytes: not a secret file", path)
	}
	s, err := checkSecret(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// checkSecret trims s and checks its length and characters; its error never
// repeats the value.
func checkSecret(s string) (*Secret, error) {
	s = strings.TrimSpace(s)
	if len(s) < MinSecretLen || len(s) > MaxSecretLen {
		return nil, fmt.Errorf("the secret must be %d to %d characters (e.g. openssl rand -hex 32); it has %d", MinSecretLen, MaxSecretLen, len(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return nil, errors.New("the secret must be printable ASCII without spaces (e.g. openssl rand -hex 32)")
		}
	}
	return &Secret{b: []byte(s)}, nil
}
