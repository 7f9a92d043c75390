package config_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/strict"
	"wpscheck/server/config"
)

const testSecret = "5f2b8c0e9a7d4613b1e0c4f8a2d6e9b7c3a1f0e8d7c6b5a4"

// secretFile writes content to a file of its own and returns its path.
func secretFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "webhook.secret")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// webhookConfig parses a config whose webhook member is w (JSON) and
// resolves the secret with env as WPSCHECK_WEBHOOK_SECRET.
func webhookConfig(w, env string) (*config.Config, error) {
	c, err := config.Parse([]byte(`{"webhook": ` + w + `}`))
	if err != nil {
		return nil, err
	}
	return c, c.Webhook.ResolveSecret(env)
}

func TestWebhookErrorsNameTheField(t *testing.T) {
	good := secretFile(t, testSecret+"\n")
	short := secretFile(t, "hunter2-is-a-secret\n")
	spaced := secretFile(t, strings.Repeat("ab cd ", 8))
	tests := []struct {
		name, json, env, want string
	}{
		{"plain http elsewhere", `{"url": "http://helpdesk.example.com/hook", "secret_file": "` + good + `", "public_url": "https://c.example"}`, "",
			"config: webhook.url: must start with https:// (plain http only for a loopback address: localhost, 127.0.0.1, ::1)"},
		{"http to a private address", `{"url": "http://10.0.0.8/hook", "secret_file": "` + good + `", "public_url": "https://c.example"}`, "",
			"config: webhook.url: must start with https:// (plain http only for a loopback address: localhost, 127.0.0.1, ::1)"},
		{"other scheme", `{"url": "ftp://helpdesk.example.com/", "public_url": "https://c.example"}`, "", "config: webhook.url: must start with https://"},
		{"relative", `{"url": "/hook", "public_url": "https://c.example"}`, "", "config: webhook.url: must be an absolute URL such as https://helpdesk.example.com/hooks/wpscheck"},
		{"credentials in the URL", `{"url": "https://bot:pa55word@helpdesk.example.com/", "public_url": "https://c.example"}`, "",
			"config: webhook.url: must not hold a user or password (the signature authenticates this server; the value is not shown)"},
		{"no public url", `{"url": "https://helpdesk.example.com/hook", "secret_file": "` + good + `"}`, "",
			"config: webhook.public_url: is required with webhook.url: the address agents open this server at (e.g. https://check.example.com), for the payload's agent_url"},
		{"bad public url", `{"public_url": "check.example.com"}`, "", "config: webhook.public_url: must be an http(s) URL such as https://check.example.com, without a query"},
		{"no event", `{"events": []}`, "", `config: webhook.events: must name at least one event ("report.created")`},
		{"unknown event", `{"events": ["report.created", "report.deleted"]}`, "", `config: webhook.events[1]: unknown event; the only one is "report.created"`},
		{"event twice", `{"events": ["report.created", "report.created"]}`, "", "config: webhook.events[1]: is listed twice"},
		{"timeout", `{"timeout_ms": 100}`, "", "config: webhook.timeout_ms: must be between 1000 and 60000 (milliseconds)"},
		{"retry too long", `{"retry_hours": 200}`, "", "config: webhook.retry_hours: must be between 1 and 168"},
		{"no secret", `{"url": "https://helpdesk.example.com/hook", "public_url": "https://c.example"}`, "",
			"config: webhook.secret_file: is required with webhook.url (or give the secret in WPSCHECK_WEBHOOK_SECRET)"},
		{"missing file", `{"secret_file": "/nonexistent/webhook.secret"}`, "", "config: webhook.secret_file: open /nonexistent/webhook.secret: no such file or directory"},
		{"short secret", `{"secret_file": "` + short + `"}`, "", "config: webhook.secret_file: " + short + ": the secret must be 32 to 256 characters (e.g. openssl rand -hex 32); it has 19"},
		{"spaces in the secret", `{"secret_file": "` + spaced + `"}`, "", "config: webhook.secret_file: " + spaced + ": the secret must be printable ASCII without spaces (e.g. openssl rand -hex 32)"},
		{"short secret in the environment", `{"url": "https://helpdesk.example.com/hook", "public_url": "https://c.example"}`, "hunter2",
			"config: WPSCHECK_WEBHOOK_SECRET: the secret must be 32 to 256 characters (e.g. openssl rand -hex 32); it has 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := webhookConfig(tt.json, tt.env)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			for _, secret := range []string{"hunter2", "pa55word", "ab cd"} {
				assert.NotContains(t, err.Error(), secret, "a secret in an error message")
			}
		})
	}
	// Field errors are *strict.FieldError, as every config error.
	_, err := webhookConfig(`{"timeout_ms": 1}`, "")
	var fe *strict.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "webhook.timeout_ms", fe.Field)

	// The retry window may not outlive the report it announces.
	_, err = config.Parse([]byte(`{"reports": {"retention_days": 1}, "webhook": {"retry_hours": 48}}`))
	require.Error(t, err)
	assert.Equal(t, "config: webhook.retry_hours: must be at most reports.retention_days × 24 (24): a delivery must not outlive its report", err.Error())
}

func TestWebhookAccepted(t *testing.T) {
	good := secretFile(t, "\n  "+testSecret+"\n")
	for _, u := range []string{
		"https://helpdesk.example.com/hooks/wpscheck?channel=7",
		"http://127.0.0.1:9090/hook", "http://localhost/hook", "http://[::1]:8081/", "http://127.8.9.10/",
	} {
		c, err := webhookConfig(`{"url": "`+u+`", "secret_file": "`+good+`", "public_url": "https://check.example.com/"}`, "")
		require.NoError(t, err, u)
		assert.True(t, c.Webhook.Enabled())
		assert.Equal(t, []byte(testSecret), c.Webhook.Secret().Bytes(), "surrounding white space is not part of the secret")
		assert.Equal(t, "https://check.example.com", c.Webhook.PublicURL, "the trailing slash is dropped")
		assert.True(t, c.Webhook.Sends("report.created"))
		assert.Equal(t, 10*time.Second, c.Webhook.Timeout())
		assert.Equal(t, 24*time.Hour, c.Webhook.RetryFor())
	}

	// The environment's secret wins over the file's.
	env := strings.Repeat("e", 40)
	c, err := webhookConfig(`{"url": "https://h.example/", "secret_file": "`+good+`", "public_url": "https://c.example"}`, env)
	require.NoError(t, err)
	assert.Equal(t, []byte(env), c.Webhook.Secret().Bytes())
	c, err = webhookConfig(`{"url": "https://h.example/", "public_url": "https://c.example"}`, env)
	require.NoError(t, err)
	assert.Equal(t, []byte(env), c.Webhook.Secret().Bytes())
	assert.Equal(t, "https://h.example", c.Webhook.Host())

	// Off by default, and then no secret is needed.
	d := config.Default()
	require.NoError(t, d.Webhook.ResolveSecret(""))
	assert.False(t, d.Webhook.Enabled())
	assert.Equal(t, []string{"report.created"}, d.Webhook.Events)
}

// TestWebhookSecretNeverShows: the secret is in no printed, logged or
// JSON form of the config, nor in /api/config.
func TestWebhookSecretNeverShows(t *testing.T) {
	c, err := webhookConfig(`{"url": "https://h.example/hook?token=abc", "secret_file": "`+secretFile(t, testSecret)+`", "public_url": "https://c.example"}`, "")
	require.NoError(t, err)
	pub, err := json.Marshal(c.Public(time.Now()))
	require.NoError(t, err)
	whole, err := json.Marshal(c)
	require.NoError(t, err)
	for _, s := range []string{
		fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", c.Webhook),
		fmt.Sprintf("%+v", c.Webhook), fmt.Sprint(c.Webhook.Secret()), string(pub), string(whole),
	} {
		assert.NotContains(t, s, testSecret)
	}
	assert.NotContains(t, string(pub), "h.example", "/api/config does not name the webhook")
	assert.Equal(t, "https://h.example", c.Webhook.Host(), "logs name the host, not the path or query")
}
