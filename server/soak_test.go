package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var (
	soakUploads = flag.Int("soak.uploads", 2000, "BenchmarkSoak: uploads to send")
	soakFor     = flag.Duration("soak.for", 20*time.Second, "BenchmarkSoak: time to send them over")
	soakClients = flag.Int("soak.clients", 8, "BenchmarkSoak: client addresses (127.0.0.2, 127.0.0.3, …)")
)

// BenchmarkSoak is a bounded soak of the server binary: -soak.uploads
// reports (2,000) paced over -soak.for (20 s) from -soak.clients loopback
// addresses (8: 127.0.0.2 …), the binary killed with SIGKILL halfway and
// restarted on the same port and data directory at once. Afterwards every
// report acknowledged with 201 is read back byte for byte. It reports
// sent, acknowledged, found and lost (acknowledged but not found: must be
// 0), and what was refused (429, 503) or cut off (no answer: the server
// was down). make bench runs it once:
//
//	go test -run '^$' -bench Soak -benchtime 1x ./server
func BenchmarkSoak(b *testing.B) {
	for range b.N {
		soak(b)
	}
}

func soak(b *testing.B) {
	dir := b.TempDir()
	bin := buildServer(b, dir)
	const token = "soak-agent-token-0123456789abcdef"
	sum := sha256.Sum256([]byte(token))
	cfgPath := filepath.Join(dir, "config.json")
	// Per address: 100/s in all from 8 addresses is 750 a minute each.
	require.NoError(b, os.WriteFile(cfgPath, []byte(fmt.Sprintf(`{
		"reports": {"data_dir": %q, "rate_limit": {"per_minute": 1200, "burst": 100}, "max_per_day": 1000000},
		"vantage": {"enabled": false}, "server_clock": {"kernel": false},
		"agents": {"token_sha256": [%q]}}`, filepath.Join(dir, "data"), hex.EncodeToString(sum[:]))), 0o600))

	// A fixed port, so that uploads during the restart meet a closed port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	addr := ln.Addr().String()
	require.NoError(b, ln.Close())
	srv := startServer(b, bin, "-config", cfgPath, "-addr", addr)
	base := srv.url

	clients := make([]*http.Client, *soakClients)
	for i := range clients {
		local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i))}
		d := &net.Dialer{LocalAddr: local, Timeout: 5 * time.Second}
		clients[i] = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			Proxy: nil, DialContext: d.DialContext, MaxIdleConnsPerHost: 16}}
	}

	var (
		mu                             sync.Mutex
		acked                          = map[string][]byte{}
		sent, tooMany, unavail, cutOff atomic.Int64
		other, inflight                atomic.Int64
		wg                             sync.WaitGroup
	)
	upload := func(c *http.Client, n int) {
		defer wg.Done()
		body := reportBody(b, fmt.Sprintf("SOAK-%d", n))
		sent.Add(1)
		inflight.Add(1)
		resp, err := c.Post(base+"/api/reports", "application/json", bytes.NewReader(body))
		inflight.Add(-1)
		if err != nil {
			cutOff.Add(1)
			return
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusCreated:
			var a struct{ ID string }
			if json.Unmarshal(data, &a) != nil || a.ID == "" {
				other.Add(1)
				return
			}
			mu.Lock()
			acked[a.ID] = body
			mu.Unlock()
		case http.StatusTooManyRequests:
			tooMany.Add(1)
		case http.StatusServiceUnavailable:
			unavail.Add(1)
		default:
			other.Add(1)
			b.Errorf("upload %d: %d %s", n, resp.StatusCode, data)
		}
	}

	b.ResetTimer()
	start := time.Now()
	interval := *soakFor / time.Duration(*soakUploads)
	killAt := *soakUploads / 2
	kill := make(chan struct{})
	paced := make(chan struct{})
	go func() { // paces the uploads; the test's goroutine kills and restarts
		defer close(paced)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for n := range *soakUploads {
			<-tick.C
			if n == killAt {
				close(kill)
			}
			wg.Add(1)
			go upload(clients[n%len(clients)], n)
		}
	}()
	<-kill
	// Kill while an upload is in flight (they take a few ms, 10 ms apart):
	// look for one for up to a second.
	for deadline := time.Now().Add(time.Second); inflight.Load() == 0 && time.Now().Before(deadline); {
		runtime.Gosched()
	}
	inflightAtKill := inflight.Load()
	t0 := time.Now()
	require.NoError(b, srv.cmd.Process.Signal(syscall.SIGKILL))
	<-srv.done
	srv = startServer(b, bin, "-config", cfgPath, "-addr", addr)
	restartDur := time.Since(t0)
	<-paced
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	// Read every acknowledged report back from the restarted server.
	found, lost, differ := 0, 0, 0
	reader := &http.Client{Timeout: 30 * time.Second}
	for id, body := range acked {
		code, data := agentGet(b, reader, base, token, "/api/reports/"+id)
		if code != http.StatusOK {
			lost++
			b.Errorf("acknowledged report %s: %d %s", id, code, data)
			continue
		}
		var got struct {
			Report json.RawMessage `json:"report"`
		}
		if json.Unmarshal(data, &got) != nil || !bytes.Equal(got.Report, body) {
			differ++
			b.Errorf("acknowledged report %s came back different", id)
			continue
		}
		found++
	}
	b.ReportMetric(float64(sent.Load()), "sent")
	b.ReportMetric(float64(len(acked)), "acknowledged")
	b.ReportMetric(float64(found), "found")
	b.ReportMetric(float64(lost+differ), "lost")
	b.ReportMetric(float64(tooMany.Load()), "refused-429")
	b.ReportMetric(float64(unavail.Load()), "refused-503")
	b.ReportMetric(float64(cutOff.Load()), "no-answer")
	b.ReportMetric(restartDur.Seconds(), "restart-s")
	b.ReportMetric(float64(inflightAtKill), "in-flight-at-kill")
	b.Logf("soak: %d uploads over %.1f s from %d addresses, SIGKILL after %d (%d in flight) and restart in %.1f s: %d acknowledged, %d found, %d lost, %d different; refused %d (429) %d (503), %d without answer (server down), %d other",
		sent.Load(), elapsed.Seconds(), len(clients), killAt, inflightAtKill, restartDur.Seconds(), len(acked), found, lost, differ,
		tooMany.Load(), unavail.Load(), cutOff.Load(), other.Load())
	if lost+differ > 0 {
		b.Errorf("%d acknowledged reports lost", lost+differ)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		b.Error(err)
	}
	<-srv.done
}
