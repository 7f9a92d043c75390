// Package pgtest runs a throwaway PostgreSQL cluster for tests: Debian's
// server binaries, initdb in a temporary directory, postgres listening on a
// free loopback port with a random password (SCRAM), removed when the test
// ends. No mock stands in for the engine.
//
// PostgreSQL refuses to run as root, and CI runs as root: then the cluster's
// directory is given to the "postgres" system user (Debian's package creates
// it; "nobody" otherwise) and initdb and postgres run under that user's ids.
//
// When the binaries are missing the test is skipped, loudly, unless CI is
// set: under CI it fails (.ci/install-deps.sh installs Debian's postgresql).
package pgtest

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// startTimeout bounds initdb and every start of postgres: a guard against a
// hang, not a synchronisation delay (readiness is read from the server's log).
const startTimeout = 2 * time.Minute

// Cluster is one running (or stopped) throwaway PostgreSQL cluster.
type Cluster struct {
	bin      string // directory of initdb and postgres
	dir      string // the cluster's temporary directory (data/ inside)
	port     int
	password string
	cred     *syscall.Credential // nil: run as the current user

	mu   sync.Mutex
	proc *process // nil while stopped
	dbs  atomic.Int64
}

// process is one run of postgres.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when it has exited
	log  *tailLog
}

// BinDir returns the directory holding PostgreSQL's server binaries (initdb,
// postgres), or "" when none is installed. It looks for Debian's layout
// (/usr/lib/postgresql/<version>/bin, the newest version first), then asks
// pg_config, then PATH.
func BinDir() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d
		}
	}
	return ""
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

var skipNotice sync.Once

// Require returns the server binaries' directory, or skips the test (loudly,
// on stderr as well, since go test hides skip messages without -v) when
// PostgreSQL is not installed; under CI it fails instead.
func Require(t testing.TB) string {
	t.Helper()
	bin := BinDir()
	if bin != "" {
		return bin
	}
	const msg = "PostgreSQL's server binaries (initdb, postgres) were not found; install Debian's postgresql (`make deps` as root does)"
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but " + msg)
	}
	skipNotice.Do(func() { fmt.Fprintf(os.Stderr, "\n*** SKIPPING POSTGRESQL TESTS: %s. ***\n\n", msg) })
	t.Skip("\n\n*** SKIPPING: " + msg + ". ***\n")
	return ""
}

// Start makes a new cluster (initdb) and starts it; it is stopped and its
// directory removed when the test ends.
func Start(t testing.TB) *Cluster {
	t.Helper()
	bin := Require(t)
	// The cluster's user must reach the directory: under a private TMPDIR
	// (say /root/tmp) use /tmp.
	parent := os.TempDir()
	if os.Geteuid() == 0 && !othersCanEnter(parent) {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "wpscheck-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{bin: bin, dir: dir, password: randomHex(16)}
	t.Cleanup(func() {
		c.kill()
		_ = os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 {
		c.cred, err = serviceCredential()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	pwfile := filepath.Join(dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(c.password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c.cred != nil {
		if err := os.Chown(pwfile, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cmd := c.command(ctx, "initdb", "-D", c.dataDir(), "-U", "postgres", "--pwfile", pwfile,
		"--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	_ = os.Remove(pwfile)
	for attempt := 0; ; attempt++ {
		c.port, err = freePort()
		if err != nil {
			t.Fatal(err)
		}
		err = c.start()
		if err == nil {
			return c
		}
		if attempt == 2 {
			t.Fatal(err)
		}
		// Another process took the port between freePort and the bind: try another.
		t.Logf("pgtest: %v; trying another port", err)
	}
}

// serviceCredential is the user PostgreSQL runs as when the test runs as root.
func serviceCredential() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
	}
	return nil, errors.New("pgtest: running as root and neither the postgres nor the nobody user exists to run PostgreSQL as")
}

func (c *Cluster) dataDir() string { return filepath.Join(c.dir, "data") }

// command runs a PostgreSQL binary as the cluster's user. Pdeathsig ends it
// if the test process dies without cleaning up.
func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=C", "LC_ALL=C", "TZ=UTC"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Pdeathsig: syscall.SIGQUIT}
	return cmd
}

// start runs postgres on c.port and waits for its "ready to accept
// connections" line.
func (c *Cluster) start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.proc != nil {
		return nil
	}
	cmd := c.command(context.Background(), "postgres", "-D", c.dataDir(),
		"-p", strconv.Itoa(c.port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=",
		"-c", "logging_collector=off",
		"-c", "log_destination=stderr",
		"-c", "max_connections=200")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	p := &process{cmd: cmd, done: make(chan struct{}), log: &tailLog{}}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			p.log.add(line)
			if strings.Contains(line, "database system is ready to accept connections") {
				once.Do(func() { close(ready) })
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
		close(p.done)
	}()
	select {
	case <-ready:
		c.proc = p
		return nil
	case <-p.done:
		return fmt.Errorf("pgtest: postgres exited before it was ready (%v):\n%s", cmd.ProcessState, p.log.String())
	case <-time.After(startTimeout):
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		<-p.done
		return fmt.Errorf("pgtest: postgres was not ready after %v:\n%s", startTimeout, p.log.String())
	}
}

// Stop shuts the server down (fast shutdown: clients are disconnected) and
// waits until it has exited; the data stays. Resume starts it again.
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	if err := c.stop(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
}

// Resume starts a stopped cluster again on the same port.
func (c *Cluster) Resume(t testing.TB) {
	t.Helper()
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
}

// kill ends postgres at once (immediate shutdown), for the cleanup.
func (c *Cluster) kill() { _ = c.stop(syscall.SIGQUIT) }

// stop signals postgres (SIGINT: fast shutdown, SIGQUIT: immediate) and
// waits for it to exit, killing it if it does not.
func (c *Cluster) stop(sig syscall.Signal) error {
	c.mu.Lock()
	p := c.proc
	c.proc = nil
	c.mu.Unlock()
	if p == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
		return nil
	case <-time.After(startTimeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("pgtest: postgres did not stop:\n%s", p.log.String())
	}
}

// Password returns the password of the cluster's superuser, postgres.
func (c *Cluster) Password() string { return c.password }

// Port returns the TCP port the cluster listens on (127.0.0.1).
func (c *Cluster) Port() int { return c.port }

// URL returns a libpq URL for database db as the superuser, with the password.
func (c *Cluster) URL(db string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("postgres", c.password),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)), Path: "/" + db}
	return u.String()
}

// NewDatabase creates a new, empty database in the cluster and returns its URL.
func (c *Cluster) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("test_%d", c.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	return c.URL(name)
}

// Log returns the last lines the server logged.
func (c *Cluster) Log() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.proc == nil {
		return ""
	}
	return c.proc.log.String()
}

// tailLog keeps the last lines of a log.
type tailLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *tailLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines[max(0, len(l.lines)-39):], s)
}

func (l *tailLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// othersCanEnter reports whether every directory from / to dir lets other
// users through.
func othersCanEnter(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		up := filepath.Dir(dir)
		if up == dir {
			return true
		}
		dir = up
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
