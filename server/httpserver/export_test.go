package httpserver

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/wire"
	"wpscheck/server/config"
)

func exportTo(t *testing.T, x ExportOptions, mutate ...func(*Options)) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	files, err := Export(testOptions(mutate...), dir, x)
	require.NoError(t, err)
	return dir, files
}

func readFile(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
	require.NoError(t, err, p)
	return string(b)
}

// TestExportWithoutAPI: everything a static host needs is written, every
// language has its own prerendered page, and the page knows it has no API.
func TestExportWithoutAPI(t *testing.T) {
	cfg, err := config.Parse([]byte(`{"notice": {"zh": "维护", "en": "Maintenance", "expires": "2030-01-01T00:00:00Z"}}`))
	require.NoError(t, err)
	dir, files := exportTo(t, ExportOptions{}, func(o *Options) {
		o.Config = cfg
		o.Now = func() time.Time { return time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC) }
	})

	hashed := regexp.MustCompile(`^/web/app\.[0-9a-f]{12}\.wasm$`)
	var wasm string
	for _, f := range files {
		if hashed.MatchString(f) {
			wasm = f
		}
	}
	require.NotEmpty(t, wasm, "the wasm is written under a name with its hash: %v", files)
	for _, f := range []string{
		"/index.html", "/zh/index.html", "/en/index.html", "/index.html.br", "/index.html.gz",
		"/app.js", "/app.js.br", "/app.js.gz", "/app.css", "/wasm_exec.js", "/app-worker.js", "/app-worker.js.br",
		"/manifest.webmanifest", "/manifest.json", "/robots.txt", "/web/style.css", "/web/icons/icon.svg", "/web/icons/icon-192.png",
		wasm, wasm + ".br", wasm + ".gz", "/config.json", "/_headers",
	} {
		assert.Contains(t, files, f)
		assert.FileExists(t, filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(f, "/"))), f)
	}
	assert.NotContains(t, files, "/web/app.wasm", "only the hashed name")
	for _, f := range []string{"/web/console.wasm", "/app-console.js"} {
		assert.NotContains(t, files, f, "the agents' console needs the server: a static host gets the self-check only")
	}

	// The siblings decode to their file.
	body := readFile(t, dir, wasm)
	assert.Equal(t, string(wasmBody), body)
	br, err := io.ReadAll(brotli.NewReader(strings.NewReader(readFile(t, dir, wasm+".br"))))
	require.NoError(t, err)
	assert.Equal(t, body, string(br))
	zr, err := gzip.NewReader(strings.NewReader(readFile(t, dir, "/index.html.gz")))
	require.NoError(t, err)
	gz, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, readFile(t, dir, "/index.html"), string(gz))

	// Each language reachable by path; the hashed wasm everywhere it is named.
	for p, want := range map[string]string{"/index.html": `<html lang="zh-CN">`, "/zh/index.html": `<html lang="zh-CN">`, "/en/index.html": `<html lang="en">`} {
		page := readFile(t, dir, p)
		assert.Contains(t, page, want, p)
		assert.Contains(t, page, `href="`+wasm+`"`, p)
		assert.NotContains(t, page, `"/web/app.wasm"`, p)
		// The policy comes first in the head, without frame-ancestors
		// (a meta policy cannot carry it), and the page has no API.
		head := page[:strings.Index(page, "</head>")]
		i := strings.Index(head, `<meta http-equiv="Content-Security-Policy" content="default-src 'self';`)
		require.Positive(t, i, p)
		assert.Less(t, i, strings.Index(head, "<link"), "%s: the policy precedes what it governs", p)
		assert.NotContains(t, head, "frame-ancestors", p)
		assert.Contains(t, head, `connect-src 'self' https:;`, p)
		assert.Contains(t, head, `<meta name="wpscheck-api" content="none">`, p)
	}
	assert.Contains(t, readFile(t, dir, "/app.js"), `wpscheckFetchWasm("`+wasm+`"`)
	worker := readFile(t, dir, "/app-worker.js")
	assert.Contains(t, worker, `"`+wasm+`"`)
	assert.Contains(t, worker, `"app-" + "test-1.static"`, "an export is a version of its own")

	// The snapshot is the public config; no upload without an API.
	snap := wire.ParseConfig([]byte(readFile(t, dir, "/config.json")))
	assert.NotEmpty(t, snap.Catalog)
	require.NotNil(t, snap.Banner)
	assert.Equal(t, "Maintenance", snap.Banner.Text.EN)
	assert.False(t, snap.UploadEnabled)

	// The headers file: security headers on every path, one Cache-Control each.
	h := readFile(t, dir, "/_headers")
	assert.Contains(t, h, "/*\n  Content-Security-Policy: "+ContentSecurityPolicy+"\n")
	assert.Contains(t, h, "  X-Frame-Options: DENY\n")
	assert.Contains(t, h, wasm+"\n  Cache-Control: public, max-age=31536000, immutable\n  X-Uncompressed-Content-Length: ")
	assert.Contains(t, h, "/config.json\n  Cache-Control: no-store\n")
	for _, p := range []string{"/", "/index.html", "/en/", "/app-worker.js", "/app.js"} {
		assert.Contains(t, h, "\n"+p+"\n  Cache-Control: no-cache\n", p)
	}
	assert.Equal(t, strings.Count(h, "\n/"), strings.Count(h, "Cache-Control:")+1, "every rule but /* sets Cache-Control once:\n%s", h)
}

// TestExportWithAPI: the page names its API origin, its policy lets it reach
// that origin and nothing more, and the snapshot offers the upload.
func TestExportWithAPI(t *testing.T) {
	const api = "https://api.example"
	dir, _ := exportTo(t, ExportOptions{APIOrigin: api})
	page := readFile(t, dir, "/en/index.html")
	assert.Contains(t, page, `<meta name="wpscheck-api" content="https://api.example">`)
	assert.Contains(t, page, `connect-src 'self' https: https://api.example;`)
	assert.Equal(t, PagePolicy("", true), strings.Replace(PagePolicy(api, true), " "+api, "", 1), "the API origin is the only addition")
	assert.True(t, wire.ParseConfig([]byte(readFile(t, dir, "/config.json"))).UploadEnabled)
	assert.Contains(t, readFile(t, dir, "/_headers"), "Content-Security-Policy: "+PagePolicy(api, false)+"\n")
	assert.Contains(t, readFile(t, dir, "/app-worker.js"), `"app-" + "test-1.api-`)
}

func TestExportRefusesANonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.html"), []byte("x"), 0o644))
	_, err := Export(testOptions(), dir, ExportOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not empty")
	_, err = Export(testOptions(), "", ExportOptions{})
	assert.Error(t, err)
}

func TestPagePolicy(t *testing.T) {
	assert.Equal(t, ContentSecurityPolicy, PagePolicy("", false))
	meta := PagePolicy("", true)
	assert.NotContains(t, meta, "frame-ancestors")
	assert.Equal(t, ContentSecurityPolicy, meta+"; frame-ancestors 'none'")
	assert.True(t, bytes.Contains([]byte(PagePolicy("http://127.0.0.1:9", false)), []byte("connect-src 'self' https: http://127.0.0.1:9;")))
}
