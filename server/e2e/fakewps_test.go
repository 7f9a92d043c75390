package e2e

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
)

// fate is what the fake internet does to the requests for one host.
type fate int

const (
	// answer: a web server answers at once (200 with a small page).
	answer fate = iota
	// slow: a web server answers after slowAnswer (beyond the slow
	// threshold, well before the probe timeout).
	slow
	// refused: nothing listens on the port (connection refused), as when a
	// firewall rejects the connection.
	refused
	// blackHole: the TCP connection is accepted and never answered, as when
	// a firewall drops the packets: the probe can only time out.
	blackHole
	// notFound: the name does not resolve (no DNS, or a DNS filter).
	notFound
)

func (f fate) String() string {
	return [...]string{"answer", "slow", "refused", "black hole", "not found"}[f]
}

// slowAnswer is how long the slow server waits before it answers: beyond the
// diagnosis core's slow threshold (2 s) and far from its timeout (8 s).
var slowAnswer = time.Duration(diagnosis.DefaultThresholds().SlowMS)*time.Millisecond + 1500*time.Millisecond

// fakeWPS stands in for WPS and the baseline sites on loopback: TLS web
// servers (one quick, one slow), a black hole that accepts and never
// answers, and a port nothing listens on. Chromium reaches them through
// --host-resolver-rules under the real host names of the catalog.
type fakeWPS struct {
	t    testing.TB
	fast *httptest.Server
	slow *httptest.Server
	hole net.Listener
	// closedAddr is a loopback address nothing listens on.
	closedAddr string

	release chan struct{} // closed at cleanup: slow handlers return at once

	mu    sync.Mutex
	hits  map[string]int // requests answered, by host name (SNI / Host)
	paths map[string]int // requests answered, by host name + path
	conns []net.Conn     // held by the black hole
}

// startFakeWPS starts the fake internet; everything stops when the test ends.
func startFakeWPS(t testing.TB) *fakeWPS {
	t.Helper()
	f := &fakeWPS{t: t, hits: map[string]int{}, paths: map[string]int{}, release: make(chan struct{})}

	quiet := log.New(io.Discard, "", 0) // TLS handshake noise from aborted probes
	f.fast = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.site(w, r)
	}))
	f.fast.Config.ErrorLog = quiet
	f.fast.StartTLS()
	f.slow = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		timer := time.NewTimer(slowAnswer)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done(): // the probe gave up
			return
		case <-f.release:
			return
		}
		f.site(w, r)
	}))
	f.slow.Config.ErrorLog = quiet
	f.slow.StartTLS()

	hole, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	f.hole = hole
	go func() {
		for {
			c, err := hole.Accept()
			if err != nil {
				return
			}
			f.mu.Lock()
			f.conns = append(f.conns, c) // held open, never read, never answered
			f.mu.Unlock()
		}
	}()

	// A port that was free a moment ago and that nothing listens on now:
	// connecting to it is refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	f.closedAddr = ln.Addr().String()
	require.NoError(t, ln.Close())

	t.Cleanup(func() {
		close(f.release)
		_ = f.hole.Close()
		f.mu.Lock()
		for _, c := range f.conns {
			_ = c.Close()
		}
		f.mu.Unlock()
		f.fast.Close()
		f.slow.Close()
	})
	return f
}

// site answers like a small website and counts the request by host name.
func (f *fakeWPS) site(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if r.TLS != nil && r.TLS.ServerName != "" {
		host = r.TLS.ServerName
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	f.mu.Lock()
	f.hits[host]++
	f.paths[host+r.URL.Path]++
	f.mu.Unlock()
	if strings.HasSuffix(r.URL.Path, ".ico") {
		w.Header().Set("Content-Type", "image/x-icon")
		_, _ = w.Write([]byte{0, 0, 1, 0, 0, 0}) // an empty icon directory
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = fmt.Fprintf(w, "<!doctype html><title>%s</title><p>fake %s</p>\n", host, host)
}

// hitsFor returns how many requests for host a fake web server answered.
func (f *fakeWPS) hitsFor(host string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[host]
}

// hitsForPath returns how many requests for host+path (e.g.
// "www.kdocs.cn/sso-check") a fake web server answered.
func (f *fakeWPS) hitsForPath(hostPath string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.paths[hostPath]
}

// addr returns the loopback address that plays a host of the given fate.
func (f *fakeWPS) addr(x fate) string {
	switch x {
	case answer:
		return f.fast.Listener.Addr().String()
	case slow:
		return f.slow.Listener.Addr().String()
	case refused:
		return f.closedAddr
	case blackHole:
		return f.hole.Addr().String()
	}
	return ""
}

// catalogHosts returns the https host names of the default catalog in
// catalog order, with the endpoint that first names each.
func catalogHosts(t testing.TB) ([]string, map[string]diagnosis.Endpoint) {
	t.Helper()
	var hosts []string
	byHost := map[string]diagnosis.Endpoint{}
	for _, e := range diagnosis.DefaultCatalog() {
		if e.Role == diagnosis.RoleControl {
			continue
		}
		u, err := url.Parse(e.URL)
		require.NoError(t, err, e.URL)
		if _, ok := byHost[u.Hostname()]; !ok {
			hosts = append(hosts, u.Hostname())
			byHost[u.Hostname()] = e
		}
	}
	return hosts, byHost
}

// resolverRules builds Chromium's --host-resolver-rules: every catalog host
// goes where its fate says, and every other name fails to resolve, so that
// no request ever leaves the machine (localhost and 127.0.0.1, where the
// page's own server runs, are excluded from the catch-all).
func (f *fakeWPS) resolverRules(fateOf func(diagnosis.Endpoint) fate) string {
	hosts, byHost := catalogHosts(f.t)
	var rules []string
	for _, h := range hosts {
		x := fateOf(byHost[h])
		if x == notFound {
			rules = append(rules, "MAP "+h+" ~NOTFOUND")
			continue
		}
		rules = append(rules, "MAP "+h+" "+f.addr(x))
	}
	rules = append(rules, "MAP * ~NOTFOUND", "EXCLUDE localhost", "EXCLUDE 127.0.0.1")
	return strings.Join(rules, ", ")
}

// flags returns the Chromium flags that put the browser in this fake world.
func (f *fakeWPS) flags(fateOf func(diagnosis.Endpoint) fate) map[string]any {
	return map[string]any{
		"host-resolver-rules":       f.resolverRules(fateOf),
		"ignore-certificate-errors": true, // the fakes use httptest's self-signed certificate
	}
}

// Fates used by the scenarios.
var (
	allAnswer = func(diagnosis.Endpoint) fate { return answer }
	// wpsRefused: every WPS host refuses the connection while the
	// baselines answer (a firewall or filter that targets WPS).
	wpsRefused = func(e diagnosis.Endpoint) fate {
		if e.Role.IsWPS() {
			return refused
		}
		return answer
	}
	allNotFound = func(diagnosis.Endpoint) fate { return notFound }
)

// only gives endpoint id the fate x and every other endpoint an answer.
func only(id string, x fate) func(diagnosis.Endpoint) fate {
	return func(e diagnosis.Endpoint) fate {
		if e.ID == id {
			return x
		}
		return answer
	}
}

// hostOf returns the host name of an endpoint's URL.
func hostOf(t testing.TB, e diagnosis.Endpoint) string {
	t.Helper()
	u, err := url.Parse(e.URL)
	require.NoError(t, err)
	return u.Hostname()
}
