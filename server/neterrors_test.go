package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/server/httpserver"
)

// TestNetHTTPOwnErrorsEchoNothing pins what net/http answers by itself, in
// front of every handler and so without the security headers, on the
// server binary's settings: a malformed Host and a header block over
// httpserver.MaxHeaderBytes get a fixed text/plain answer that repeats
// nothing of the request (no markup an attacker could place, nothing to
// frame or sniff into HTML); a request just under the limit reaches the
// handler and gets every security header. docs/ARCHITECTURE.md says why
// the missing headers do not matter for these answers.
func TestNetHTTPOwnErrorsEchoNothing(t *testing.T) {
	m := runMain(t, `{"vantage": {"enabled": false}, "server_clock": {"kernel": false}, "reports": {"data_dir": "`+t.TempDir()+`/data"}}`)
	addr := m.ln.Addr().String()
	const payload = "<script>alert(1)</script>"

	raw := func(request string) (*http.Response, string) {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer c.Close()
		require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
		_, err = io.WriteString(c, request)
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}

	resp, body := raw("GET / HTTP/1.1\r\nHost: " + payload + "\r\n\r\n")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "400 Bad Request: malformed Host header", body)
	assert.Empty(t, resp.Header.Get("Content-Security-Policy"), "net/http's own answer: no handler ran")

	big := strings.Repeat("a", httpserver.MaxHeaderBytes+4096)
	resp, body = raw("GET / HTTP/1.1\r\nHost: x\r\nCookie: " + payload + big + "\r\n\r\n")
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
	assert.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "431 Request Header Fields Too Large", body)
	assert.Empty(t, resp.Header.Get("Content-Security-Policy"))

	under := strings.Repeat("a", httpserver.MaxHeaderBytes-1024)
	resp, _ = raw("GET /robots.txt HTTP/1.1\r\nHost: x\r\nCookie: c=" + under + "\r\n\r\n")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "just under the limit the handler answers")
	assert.Equal(t, httpserver.ContentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))
	assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
}
