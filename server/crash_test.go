package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
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

// serverProc is the server binary running as a separate process.
type serverProc struct {
	cmd  *exec.Cmd
	url  string
	done chan struct{} // closed when the process has exited
}

// startServer runs bin with args on a free loopback port and waits for its
// "listening" log line.
func startServer(t testing.TB, bin string, args ...string) *serverProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-log-level", "info"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")} // no WPSCHECK_* from the environment
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &serverProc{cmd: cmd, done: make(chan struct{})}
	urls := make(chan string, 1)
	var logMu sync.Mutex
	var logTail []string
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			logTail = append(logTail[max(0, len(logTail)-19):], sc.Text())
			logMu.Unlock()
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
		logMu.Lock()
		defer logMu.Unlock()
		t.Fatalf("the server exited before listening (%v):\n%s", cmd.ProcessState, strings.Join(logTail, "\n"))
	case <-time.After(60 * time.Second): // a guard against a hang, not a synchronisation delay
		t.Fatal("the server did not start listening")
	}
	return p
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
	sum := sha256.Sum256([]byte(token))
	cfgPath := filepath.Join(dir, "config.json")
	cfg := fmt.Sprintf(`{
		"reports": {"data_dir": %q, "rate_limit": {"per_minute": 100000, "burst": 10000}},
		"vantage": {"enabled": false},
		"agents": {"token_sha256": [%q]}
	}`, filepath.Join(dir, "data"), hex.EncodeToString(sum[:]))
	require.NoError(t, os.WriteFile(cfgPath, []byte(cfg), 0o600))

	srv := startServer(t, bin, "-config", cfgPath)

	const workers, rounds, killAfter = 8, 3, 150 // acknowledgements per round before the kill
	var (
		mu      sync.Mutex
		acked   = map[string][]byte{} // id -> body
		unacked []string              // tickets sent without a 201
	)
	client := &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	for round := range rounds {
		if round > 0 {
			srv = startServer(t, bin, "-config", cfgPath) // on the same data directory
		}
		var (
			inflight, sent, ackedNow atomic.Int32
			wg                       sync.WaitGroup
			reachedOnce              sync.Once
		)
		reached := make(chan struct{})
		for w := range workers {
			wg.Go(func() {
				for i := 0; ; i++ {
					ticket := fmt.Sprintf("R%d-W%d-%d", round, w, i)
					body := reportBody(t, ticket)
					inflight.Add(1)
					sent.Add(1)
					resp, err := client.Post(srv.url+"/api/reports", "application/json", bytes.NewReader(body))
					inflight.Add(-1)
					if err != nil {
						mu.Lock()
						unacked = append(unacked, ticket)
						mu.Unlock()
						return // the server is gone
					}
					data, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusCreated {
						t.Errorf("upload: %d %s", resp.StatusCode, data)
						return
					}
					var ans struct {
						ID string `json:"id"`
					}
					if err := json.Unmarshal(data, &ans); err != nil {
						t.Errorf("upload answer %q: %v", data, err)
						return
					}
					mu.Lock()
					acked[ans.ID] = body
					mu.Unlock()
					if ackedNow.Add(1) >= killAfter {
						reachedOnce.Do(func() { close(reached) })
					}
				}
			})
		}
		select {
		case <-reached:
		case <-srv.done:
			t.Fatal("the server died on its own")
		}
		inflightAtKill := inflight.Load()
		srv.kill(t)
		wg.Wait()
		t.Logf("round %d: SIGKILL with %d uploads in flight; %d sent, %d acknowledged", round, inflightAtKill, sent.Load(), ackedNow.Load())
		assert.Positive(t, inflightAtKill, "the kill happened mid-stream")
	}
	mu.Lock()
	defer mu.Unlock()

	srv = startServer(t, bin, "-config", cfgPath)
	missing := 0
	for id, body := range acked {
		code, data := agentGet(t, client, srv.url, token, "/api/reports/"+id)
		if code != http.StatusOK {
			missing++
			t.Errorf("acknowledged report %s: %d %s", id, code, data)
			continue
		}
		var got struct {
			Report json.RawMessage `json:"report"`
		}
		require.NoError(t, json.Unmarshal(data, &got))
		assert.JSONEq(t, string(body), string(got.Report), id)
	}
	assert.Zero(t, missing, "acknowledged reports lost")

	// Uploads cut off by the kill were never acknowledged: each is either
	// committed or absent, never half-written (the list parses).
	committed := 0
	for _, ticket := range unacked {
		req, err := http.NewRequest(http.MethodGet, srv.url+"/api/reports?ticket="+ticket, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		require.NoError(t, err)
		var list struct {
			Reports []json.RawMessage `json:"reports"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.LessOrEqual(t, len(list.Reports), 1)
		committed += len(list.Reports)
	}
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
