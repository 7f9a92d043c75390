package webhook_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/report"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
	"wpscheck/server/webhook"
)

// The example of docs/webhook.md: its secret and timestamp.
const (
	docSecret    = "whsec-example-0123456789abcdef0123456789abcdef"
	docTimestamp = 1780302612
)

// docBlock returns the fenced code block that follows the HTML comment
// starting with marker in docs/webhook.md.
func docBlock(t *testing.T, doc, marker string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, "<!-- "+marker)
	require.True(t, ok, "docs/webhook.md has no %q block", marker)
	m := regexp.MustCompile("(?s)\n```[a-z]*\n(.*?)```").FindStringSubmatch(rest)
	require.NotNil(t, m, "no code block after %q", marker)
	return m[1]
}

func readDoc(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../docs/webhook.md")
	require.NoError(t, err)
	return string(data)
}

// docHeader returns the value of header h in the document's request example.
func docHeader(t *testing.T, doc, h string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + h + `: (.+)$`).FindStringSubmatch(doc)
	require.NotNil(t, m, "the example request has no %s header", h)
	return m[1]
}

// TestDocumentedExample: the payload docs/webhook.md shows is what the
// server sends for such a report (same fields, same order, same values),
// and the signature it shows is the one the server computes.
func TestDocumentedExample(t *testing.T) {
	doc := readDoc(t)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(docBlock(t, doc, "example body"))))
	body := compact.Bytes()

	assert.Equal(t, docHeader(t, doc, "X-Wpscheck-Signature"), webhook.Sign([]byte(docSecret), docTimestamp, body))
	assert.Equal(t, "1780302612", docHeader(t, doc, "X-Wpscheck-Timestamp"))

	var ev wire.WebhookEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&ev), "every field of the example is one the server sends")
	assert.Equal(t, docHeader(t, doc, "X-Wpscheck-Delivery"), ev.ID)
	_, err := reports.ParseID(ev.ReportID)
	require.NoError(t, err, "the example's report id is a real one")

	// The same report, stored at the example's time, announced by the server.
	data, err := os.ReadFile("../../app/report/testdata/report_login_blocked_mac.json.golden")
	require.NoError(t, err)
	var rep report.Report
	require.NoError(t, json.Unmarshal(data, &rep))
	e := newEnv(t)
	rec := reports.Record{ID: ev.ReportID, Ticket: "ZD-20419", TicketVerified: true, SupportCode: report.EncodeSupportCode(rep),
		CreatedAt: time.Date(2026, 6, 1, 8, 30, 12, 345e6, time.UTC)}
	d := e.hook.Delivery(rec, rep)
	require.NotNil(t, d)
	sent := bytes.Replace(d.Payload, []byte(d.ID), []byte(ev.ID), 1)
	assert.Equal(t, string(body), string(sent), "the documented body is the server's, byte for byte")
}

// TestDocumentedGoVerify: the Go verification in docs/webhook.md is
// webhooktest.Verify, which the tests check every delivery with.
func TestDocumentedGoVerify(t *testing.T) {
	src, err := os.ReadFile("webhooktest/verify.go")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(src), "// BEGIN docs/webhook.md\n")
	require.True(t, ok)
	code, _, ok := strings.Cut(rest, "// END docs/webhook.md")
	require.True(t, ok)
	assert.Equal(t, strings.TrimSpace(code), strings.TrimSpace(docBlock(t, readDoc(t), "go verify")))
}

// TestDocumentedShellVerify runs the shell verification of docs/webhook.md
// (openssl) on the document's example: it accepts it, and rejects a changed
// body and another secret. Its clock is set to the example's time.
func TestDocumentedShellVerify(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	doc := readDoc(t)
	script := docBlock(t, doc, "shell verify")
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "webhook.secret")
	script = strings.ReplaceAll(script, "/etc/wpscheck/webhook.secret", secretFile)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "date"), []byte("#!/bin/sh\necho 1780302660\n"), 0o755))
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(docBlock(t, doc, "example body"))))
	sig := docHeader(t, doc, "X-Wpscheck-Signature")

	run := func(secret string, body []byte) (string, error) {
		require.NoError(t, os.WriteFile(secretFile, []byte(secret+"\n"), 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "body.json"), body, 0o600))
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"), "TS=1780302612", "SIG="+sig)
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	out, err := run(docSecret, compact.Bytes())
	require.NoError(t, err, out)
	assert.Equal(t, "signature OK", out)
	out, err = run(docSecret, append(compact.Bytes(), '\n'))
	assert.Error(t, err)
	assert.Equal(t, "bad signature", out)
	out, err = run(strings.ToUpper(docSecret), compact.Bytes())
	assert.Error(t, err)
	assert.Equal(t, "bad signature", out)
}
