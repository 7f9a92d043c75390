package vantage_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
	"wpscheck/server/internal/clock/clocktest"
	"wpscheck/server/vantage"
)

var discard = slog.New(slog.DiscardHandler)

// tlsServer starts an httptest TLS server; its client transport trusts every
// httptest TLS server (they share one certificate).
func tlsServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // expected TLS handshake failures
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func transport(s *httptest.Server) http.RoundTripper {
	tr := s.Client().Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return tr
}

// closedAddr is a loopback address nothing listens on: connecting is refused.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	return addr
}

func ep(id, url string, role diagnosis.Role) diagnosis.Endpoint {
	return diagnosis.Endpoint{ID: id, URL: url, Role: role}
}

func TestTargetsOnlyHTTPSWPSEndpoints(t *testing.T) {
	p := vantage.New(vantage.Options{Catalog: diagnosis.DefaultCatalog(), Logger: discard})
	var ids []string
	for _, e := range p.Targets() {
		ids = append(ids, e.ID)
		assert.True(t, e.Role.IsWPS(), e.ID)
	}
	assert.Equal(t, []string{"login_cn", "login_intl", "web_wps", "web_kdocs", "cloud_drive", "cloud_qing", "api", "intl_web"}, ids)

	p = vantage.New(vantage.Options{Logger: discard, Catalog: []diagnosis.Endpoint{
		ep("control", "/api/time", diagnosis.RoleControl),
		ep("base", "https://www.baidu.com/", diagnosis.RoleBaseline),
		ep("plain", "http://account.wps.cn/", diagnosis.RoleLogin),
		ep("creds", "https://user:pw@account.wps.cn/", diagnosis.RoleLogin),
		ep("ok", "https://account.wps.cn/", diagnosis.RoleLogin),
	}})
	require.Len(t, p.Targets(), 1)
	assert.Equal(t, "ok", p.Targets()[0].ID)
}

func TestCheckOutcomes(t *testing.T) {
	var mu sync.Mutex
	var methods []string
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method+" "+r.URL.Path)
		mu.Unlock()
		assert.Equal(t, vantage.UserAgent, r.Header.Get("User-Agent"))
		assert.Empty(t, r.Header.Get("Cookie"))
		switch r.URL.Path {
		case "/ok":
			w.WriteHeader(http.StatusNoContent)
		case "/forbidden":
			w.WriteHeader(http.StatusForbidden) // the server answered: up
		case "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			fmt.Fprint(w, "hello")
		case "/down":
			w.WriteHeader(http.StatusBadGateway)
		case "/hop":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	})
	closed := closedAddr(t)

	p := vantage.New(vantage.Options{
		Transport: transport(s), Logger: discard, Timeout: 10 * time.Second,
		Thresholds: diagnosis.Thresholds{SlowMS: 5000, TimeoutMS: 10000},
		Catalog: []diagnosis.Endpoint{
			ep("ok", s.URL+"/ok", diagnosis.RoleLogin),
			ep("forbidden", s.URL+"/forbidden", diagnosis.RoleWeb),
			ep("nohead", s.URL+"/nohead", diagnosis.RoleCloud),
			ep("down", s.URL+"/down", diagnosis.RoleAPI),
			ep("hop", s.URL+"/hop", diagnosis.RoleIntl),
			ep("loop", s.URL+"/loop", diagnosis.RoleIntl),
			ep("refused", "https://"+closed+"/", diagnosis.RoleLogin),
		},
	})
	res := p.Check(t.Context())
	type got struct {
		Status diagnosis.ProbeStatus
		Code   int
		Error  string
	}
	want := map[string]got{
		"ok":        {diagnosis.StatusOK, 204, ""},
		"forbidden": {diagnosis.StatusOK, 403, ""},
		"nohead":    {diagnosis.StatusOK, 200, ""},
		"down":      {diagnosis.StatusFail, 502, vantage.ErrHTTP5xx},
		"hop":       {diagnosis.StatusOK, 204, ""},
		"loop":      {diagnosis.StatusFail, 0, vantage.ErrRedirectLoop},
		"refused":   {diagnosis.StatusFail, 0, vantage.ErrRefused},
	}
	require.Len(t, res.Endpoints, len(want))
	for id, w := range want {
		r := res.Endpoints[id]
		assert.Equal(t, w, got{r.Status, r.HTTPStatus, r.Error}, id)
		assert.GreaterOrEqual(t, r.LatencyMS, int64(0))
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, methods, "HEAD /nohead")
	assert.Contains(t, methods, "GET /nohead", "HEAD refused with 405 falls back to GET")
	assert.NotContains(t, methods, "GET /ok")
	assert.Contains(t, methods, "HEAD /ok", "a redirect within the probed hosts is followed")
}

func TestRedirectOffCatalogIsNotFollowed(t *testing.T) {
	var offHits atomic.Int32
	off := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { offHits.Add(1) })
	wps := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, off.URL+"/steal", http.StatusFound)
		case "/plain":
			http.Redirect(w, r, "http://"+r.Host+"/ok", http.StatusFound)
		}
	})
	p := vantage.New(vantage.Options{
		Transport: transport(wps), Logger: discard,
		Catalog: []diagnosis.Endpoint{
			ep("away", wps.URL+"/away", diagnosis.RoleLogin),
			ep("plain", wps.URL+"/plain", diagnosis.RoleLogin),
			// off's host is in the catalog, but only as a baseline: not a probed host.
			ep("base", off.URL+"/", diagnosis.RoleBaseline),
		},
	})
	res := p.Check(t.Context())
	assert.Equal(t, int32(0), offHits.Load(), "no request leaves the probed hosts")
	for _, id := range []string{"away", "plain"} {
		r := res.Endpoints[id]
		assert.Equal(t, diagnosis.StatusOK, r.Status, id)
		assert.Equal(t, http.StatusFound, r.HTTPStatus, "%s: the redirect itself is the answer", id)
	}
	assert.NotContains(t, res.Endpoints, "base")
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	p := vantage.New(vantage.Options{
		Transport: transport(s), Logger: discard, Timeout: 300 * time.Millisecond,
		Catalog: []diagnosis.Endpoint{ep("hang", s.URL+"/", diagnosis.RoleLogin)},
	})
	start := time.Now()
	r := p.Check(t.Context()).Endpoints["hang"]
	assert.Equal(t, diagnosis.StatusTimeout, r.Status)
	assert.Equal(t, vantage.ErrTimeout, r.Error)
	assert.GreaterOrEqual(t, r.LatencyMS, int64(300))
	assert.Less(t, time.Since(start), 5*time.Second, "the round ends at the timeout, not when the server answers")
}

func TestTLSFailure(t *testing.T) {
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {})
	p := vantage.New(vantage.Options{
		// The default transport does not trust the test certificate.
		Logger:  discard,
		Catalog: []diagnosis.Endpoint{ep("tls", s.URL+"/", diagnosis.RoleLogin)},
	})
	r := p.Check(t.Context()).Endpoints["tls"]
	assert.Equal(t, diagnosis.StatusFail, r.Status)
	assert.Equal(t, vantage.ErrTLS, r.Error)
}

func TestConcurrencyBound(t *testing.T) {
	const n, bound = 10, 3
	var inflight, peak atomic.Int32
	arrived := make(chan struct{}, n)
	release := make(chan struct{}, n)
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		cur := inflight.Add(1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		arrived <- struct{}{}
		<-release
		inflight.Add(-1)
	})
	var cat []diagnosis.Endpoint
	for i := range n {
		cat = append(cat, ep(fmt.Sprintf("e%d", i), fmt.Sprintf("%s/e%d", s.URL, i), diagnosis.RoleWeb))
	}
	p := vantage.New(vantage.Options{Transport: transport(s), Logger: discard, Catalog: cat,
		Concurrency: bound, Timeout: 30 * time.Second})
	done := make(chan vantage.Result)
	go func() { done <- p.Check(t.Context()) }()

	for range bound {
		<-arrived
	}
	// Release one request at a time; each release lets exactly one more in.
	for range n - bound {
		release <- struct{}{}
		<-arrived
	}
	for range bound {
		release <- struct{}{}
	}
	res := <-done
	assert.Len(t, res.Endpoints, n)
	assert.Equal(t, int32(bound), peak.Load(), "never more than Concurrency probes at once")
}

func TestScheduleWithFakeClock(t *testing.T) {
	var hits atomic.Int32
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(start)
	rnd := []float64{0, 0.999999, 0.5}
	var i atomic.Int32
	results := make(chan vantage.Result, 10)
	p := vantage.New(vantage.Options{
		Transport: transport(s), Logger: discard, Clock: clk,
		Interval: time.Minute, Jitter: 0.1,
		Rand:     func() float64 { return rnd[int(i.Add(1)-1)%len(rnd)] },
		Catalog:  []diagnosis.Endpoint{ep("login", s.URL+"/", diagnosis.RoleLogin)},
		OnResult: func(r vantage.Result) { results <- r },
	})
	_, _, ok := p.Latest()
	assert.False(t, ok, "nothing before the first round")
	assert.Equal(t, wire.Status{}, p.Status())

	ctx, cancel := context.WithCancel(t.Context())
	stopped := make(chan struct{})
	go func() { p.Run(ctx); close(stopped) }()

	r := <-results // on start, without waiting for the interval
	assert.Equal(t, start, r.CheckedAt)
	assert.Equal(t, []time.Duration{54 * time.Second}, clk.WaitForTimers(t, 1), "interval − 10% for rand 0")

	clk.Advance(20 * time.Second)
	latest, age, ok := p.Latest()
	require.True(t, ok)
	assert.Equal(t, 20*time.Second, age)
	assert.Equal(t, diagnosis.StatusOK, latest.Endpoints["login"].Status)
	st := p.Status()
	assert.True(t, st.Known)
	assert.Equal(t, int64(20), st.AgeSeconds)

	select {
	case <-results:
		t.Fatal("a round ran before its timer fired")
	default:
	}
	clk.Advance(34 * time.Second) // 54 s in all
	r = <-results
	assert.Equal(t, start.Add(54*time.Second), r.CheckedAt)
	d := clk.WaitForTimers(t, 1)
	assert.InDelta(t, float64(66*time.Second), float64(d[0]), float64(time.Millisecond), "interval + 10% for rand → 1")
	clk.Advance(d[0])
	<-results
	assert.Equal(t, []time.Duration{time.Minute}, clk.WaitForTimers(t, 1))

	cancel()
	<-stopped
	assert.Equal(t, int32(3), hits.Load(), "one request per round")
	assert.Empty(t, clk.Pending(), "the timer is stopped on shutdown")
}

func TestStatusJSONIsWhatThePageReads(t *testing.T) {
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	clk := clocktest.New(time.Unix(1_800_000_000, 0))
	results := make(chan vantage.Result, 1)
	p := vantage.New(vantage.Options{Transport: transport(s), Logger: discard, Clock: clk,
		OnResult: func(r vantage.Result) { results <- r },
		Catalog: []diagnosis.Endpoint{
			ep("login_cn", s.URL+"/", diagnosis.RoleLogin),
			ep("cloud_drive", s.URL+"/down", diagnosis.RoleCloud),
		}})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go p.Run(ctx)
	<-results
	clk.Advance(42 * time.Second)

	data, err := json.Marshal(p.Status())
	require.NoError(t, err)
	v := wire.ParseStatus(data)
	assert.True(t, v.Known)
	assert.Equal(t, int64(42), v.AgeSeconds)
	assert.Equal(t, map[string]diagnosis.ProbeStatus{"login_cn": diagnosis.StatusOK, "cloud_drive": diagnosis.StatusFail}, v.Endpoints)

	var nilProber *vantage.Prober
	data, err = json.Marshal(nilProber.Status())
	require.NoError(t, err)
	assert.JSONEq(t, `{"known":false}`, string(data), "vantage off")
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{context.DeadlineExceeded, vantage.ErrTimeout},
		{&net.DNSError{Err: "no such host", Name: "account.wps.cn", IsNotFound: true}, vantage.ErrDNS},
		{&net.DNSError{Err: "i/o timeout", IsTimeout: true}, vantage.ErrTimeout},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, vantage.ErrRefused},
		{&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, vantage.ErrRefused},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ENETUNREACH}, vantage.ErrConnect},
		{&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, vantage.ErrTLS},
		{x509.CertificateInvalidError{Reason: x509.Expired}, vantage.ErrTLS},
		{errors.New("something else"), vantage.ErrOther},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			assert.Equal(t, tt.want, vantage.ErrorClass(tt.err))
		})
	}
}

// TestDateSamples keeps each answer's Date header with the window, on the
// server's clock, in which WPS stamped it: from the request written to the
// first byte back, so a slow answer widens the window and the TLS handshake
// before it does not.
func TestDateSamples(t *testing.T) {
	const delay = 150 * time.Millisecond
	s := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			timer := time.NewTimer(delay) // the answer is late: WPS took its time
			defer timer.Stop()
			select {
			case <-timer.C:
			case <-r.Context().Done():
				return
			}
		case "/nodate":
			w.Header()["Date"] = nil // net/http then sends no Date
		case "/hop":
			http.Redirect(w, r, "/slow", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	closed := closedAddr(t)

	p := vantage.New(vantage.Options{
		Transport: transport(s), Logger: discard, Timeout: 5 * time.Second,
		Catalog: []diagnosis.Endpoint{
			ep("fast", s.URL+"/fast", diagnosis.RoleLogin),
			ep("slow", s.URL+"/slow", diagnosis.RoleWeb),
			ep("hop", s.URL+"/hop", diagnosis.RoleWeb),
			ep("nodate", s.URL+"/nodate", diagnosis.RoleCloud),
			ep("refused", "https://"+closed+"/", diagnosis.RoleAPI),
		},
	})
	before := time.Now()
	res := p.Check(t.Context())
	after := time.Now()
	got := map[string]vantage.DateSample{}
	for _, d := range res.Dates {
		got[d.EndpointID] = d
	}
	require.ElementsMatch(t, []string{"fast", "slow", "hop"}, keys(got), "an answer without a Date, and no answer, give no sample")
	for id, d := range got {
		assert.Equal(t, "127.0.0.1", d.Host, id)
		stamped, err := http.ParseTime(d.Date)
		require.NoError(t, err, id)
		assert.False(t, d.Sent.Before(before) || d.Received.After(after) || d.Received.Before(d.Sent), "%s: window %v..%v", id, d.Sent, d.Received)
		// The header truncates to the second: the stamp is in [Sent−1 s, Received].
		assert.False(t, stamped.Before(d.Sent.Add(-time.Second).Truncate(time.Second)) || stamped.After(d.Received), "%s: %s outside %v..%v", id, d.Date, d.Sent, d.Received)
	}
	assert.GreaterOrEqual(t, got["slow"].Received.Sub(got["slow"].Sent), delay, "the window holds the server's delay")
	assert.GreaterOrEqual(t, got["hop"].Received.Sub(got["hop"].Sent), delay, "after a redirect, the window is the last request's")
	var top map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, res)), &top))
	assert.ElementsMatch(t, []string{"checked_at", "endpoints"}, keys(top), "the result's JSON does not carry the samples")
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
