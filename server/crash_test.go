package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
)

// buildServer builds this program into dir and returns the binary's path.
func buildServer(t testing.TB, dir string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "server")
	cmd := exec.Command(gobin, "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// writeTestConfig writes dir/config.json for the server binary: reports in
// dir/data (SQLite), no rate limit to speak of, vantage off (tests send
// traffic only to loopback), and token as the agents' token. It returns
// the file's path.
func writeTestConfig(t *testing.T, dir, token string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(token))
	path := filepath.Join(dir, "config.json")
	cfg := fmt.Sprintf(`{
		"reports": {"data_dir": %q, "rate_limit": {"per_minute": 100000, "burst": 10000}},
		"vantage": {"enabled": false},
		"agents": {"token_sha256": [%q]}
	}`, filepath.Join(dir, "data"), hex.EncodeToString(sum[:]))
	require.NoError(t, os.WriteFile(path, []byte(cfg), 0o600))
	return path
}

// serverProc is the server binary running as a separate process.
type serverProc struct {
	cmd  *exec.Cmd
	url  string
	done chan struct{} // closed when the process has exited

	logMu   sync.Mutex
	logs    []string      // every line it logged
	changed chan struct{} // closed and replaced at every line
}

// startServer runs bin with args on a free loopback port and waits for its
// "listening" log line.
func startServer(t testing.TB, bin string, args ...string) *serverProc {
	t.Helper()
	return startServerEnv(t, bin, nil, args...)
}

// startServerEnv is startServer with environment variables (NAME=value)
// besides PATH.
func startServerEnv(t testing.TB, bin string, env []string, args ...string) *serverProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-log-level", "info"}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...) // no other WPSCHECK_* from the environment
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &serverProc{cmd: cmd, done: make(chan struct{}), changed: make(chan struct{})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.logMu.Lock()
			p.logs = append(p.logs, sc.Text())
			close(p.changed)
			p.changed = make(chan struct{})
			p.logMu.Unlock()
			var line struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				urls <- line.URL
			}
		}
		_ = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	select {
	case p.url = <-urls:
	case <-p.done:
		t.Fatalf("the server exited before listening (%v):\n%s", cmd.ProcessState, p.log(20))
	case <-time.After(60 * time.Second): // a guard against a hang, not a synchronisation delay
		t.Fatal("the server did not start listening")
	}
	return p
}

// log returns the last n lines the server logged (all when n is 0).
func (p *serverProc) log(n int) string {
	p.logMu.Lock()
	defer p.logMu.Unlock()
	lines := p.logs
	if n > 0 {
		lines = lines[max(0, len(lines)-n):]
	}
	return strings.Join(lines, "\n")
}

func (p *serverProc) kill(t *testing.T) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	<-p.done
}

// TestAcknowledgedReportsSurviveSIGKILL uploads reports from concurrent
// clients to the server binary, kills it with SIGKILL while uploads are in
// flight, restarts it on the same data directory, three times over, and then
// finds every report that was acknowledged with 201, byte for byte.
func TestAcknowledgedReportsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	dir := t.TempDir()
	bin := buildServer(t, dir)
	const token = "crash-test-agent-token"
	cfgPath := writeTestConfig(t, dir, token)

	srv := startServer(t, bin, "-config", cfgPath)

	const workers, rounds, killAfter = 8, 3, 150 // acknowledgements per round before the kill
	acked := map[string][]byte{}                 // id -> body
	var unacked []string                         // tickets sent without an answer
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	for round := range rounds {
		if round > 0 {
			srv = startServer(t, bin, "-config", cfgPath) // on the same data directory
		}
		up := startUploads(t.Context(), t, client, srv.url, fmt.Sprintf("R%d", round), workers, killAfter)
		select {
		case <-up.reached:
		case <-srv.done:
			t.Fatal("the server died on its own")
		}
		inflightAtKill := up.inflight.Load()
		srv.kill(t)
		up.wait()
		t.Logf("round %d: SIGKILL with %d uploads in flight; %d sent, %d acknowledged", round, inflightAtKill, up.sent.Load(), len(up.acked))
		assert.Positive(t, inflightAtKill, "the kill happened mid-stream")
		maps.Copy(acked, up.acked)
		unacked = append(unacked, up.unacked...)
	}

	srv = startServer(t, bin, "-config", cfgPath)
	assert.Zero(t, missingReports(t, client, srv.url, token, acked), "acknowledged reports lost")
	committed := countCommitted(t, client, srv.url, token, unacked)
	t.Logf("of the %d uploads cut off by the kill, %d had been committed before their answer was lost", len(unacked), committed)

	// The restarted server keeps accepting uploads.
	resp, err := client.Post(srv.url+"/api/reports", "application/json", bytes.NewReader(reportBody(t, "after-restart")))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)

	// A graceful stop (SIGTERM) exits cleanly.
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-srv.done:
		assert.Equal(t, 0, srv.cmd.ProcessState.ExitCode())
	case <-time.After(30 * time.Second):
		t.Error("no exit after SIGTERM")
	}
}

// uploadStream is workers uploading reports to one server, each until the
// server stops answering or the context ends.
type uploadStream struct {
	inflight, sent atomic.Int32
	reached        chan struct{} // closed once `after` uploads were acknowledged

	wg      sync.WaitGroup
	mu      sync.Mutex
	acked   map[string][]byte // id -> body (read after wait)
	unacked []string          // tickets of the uploads that got no answer
}

// startUploads starts workers uploading reports (tickets tag-W<worker>-<n>)
// to the server at base. A 201 is recorded as acknowledged; an upload with
// no answer ends its worker; any other answer fails the test.
func startUploads(ctx context.Context, t *testing.T, client *http.Client, base, tag string, workers, after int) *uploadStream {
	u := &uploadStream{reached: make(chan struct{}), acked: map[string][]byte{}}
	var reachedOnce sync.Once
	for w := range workers {
		u.wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				ticket := fmt.Sprintf("%s-W%d-%d", tag, w, i)
				body := reportBody(t, ticket)
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/reports", bytes.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				req.Header.Set("Content-Type", "application/json")
				u.inflight.Add(1)
				u.sent.Add(1)
				resp, err := client.Do(req)
				u.inflight.Add(-1)
				if err != nil {
					u.mu.Lock()
					u.unacked = append(u.unacked, ticket)
					u.mu.Unlock()
					return // the server is gone (or the test is done with it)
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("upload to %s: %d %s", base, resp.StatusCode, data)
					return
				}
				var ans struct {
					ID string `json:"id"`
				}
				if err := json.Unmarshal(data, &ans); err != nil {
					t.Errorf("upload answer %q: %v", data, err)
					return
				}
				u.mu.Lock()
				u.acked[ans.ID] = body
				n := len(u.acked)
				u.mu.Unlock()
				if n >= after {
					reachedOnce.Do(func() { close(u.reached) })
				}
			}
		})
	}
	return u
}

// wait waits until every worker has stopped.
func (u *uploadStream) wait() { u.wg.Wait() }

// missingReports reads every acknowledged report through the server at base
// and returns how many it could not find as they were uploaded.
func missingReports(t testing.TB, client *http.Client, base, token string, acked map[string][]byte) int {
	t.Helper()
	missing := 0
	for id, body := range acked {
		status, data := agentGet(t, client, base, token, "/api/reports/"+id)
		if status != http.StatusOK {
			missing++
			t.Errorf("acknowledged report %s: %d %s", id, status, data)
			continue
		}
		var got struct {
			Report json.RawMessage `json:"report"`
		}
		require.NoError(t, json.Unmarshal(data, &got))
		assert.JSONEq(t, string(body), string(got.Report), id)
	}
	return missing
}

// countCommitted looks up the tickets of uploads that got no answer: each
// is either committed or absent, never half-written (the list parses).
func countCommitted(t testing.TB, client *http.Client, base, token string, tickets []string) int {
	t.Helper()
	committed := 0
	for _, ticket := range tickets {
		status, data := agentGet(t, client, base, token, "/api/reports?ticket="+ticket)
		require.Equal(t, http.StatusOK, status, "%s", data)
		var list struct {
			Reports []json.RawMessage `json:"reports"`
		}
		require.NoError(t, json.Unmarshal(data, &list))
		require.LessOrEqual(t, len(list.Reports), 1)
		committed += len(list.Reports)
	}
	return committed
}

func reportBody(t testing.TB, ticket string) []byte {
	in := diagnosis.Input{Probes: []diagnosis.ProbeObservation{{EndpointID: diagnosis.EndpointAccountCN, Started: true, Resolved: true, ElapsedMS: 80}}}
	rep := report.Build(report.Meta{AppVersion: "crash-test", ClientTimeMS: time.Now().UnixMilli(), Ticket: ticket, Lang: i18n.EN},
		in, diagnosis.Diagnose(in))
	b, err := json.Marshal(rep)
	if err != nil {
		t.Error(err)
	}
	return b
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// agentGet GETs path from the server at base with the agent token and
// returns the status and the body.
func agentGet(t testing.TB, c *http.Client, base, token, path string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, data
}
