// Command server is the self-check's one binary: it serves the go-app page,
// its static files (embedded), and the JSON API. main only delegates to Main.
package main

import (
	"context"
	cryptotls "crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"wpscheck/app/ui"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/static"
)

// version is the build's git description, set by the Makefile with
// -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	m := NewMain()
	if err := m.ParseFlags(os.Args[1:], os.Getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	exit := 0
	select {
	case <-ctx.Done():
	case <-m.Stopped():
		// Serving ended by itself: Close reports why.
		exit = 1
	}
	stop()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.Close(shutdownCtx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		exit = 1
	}
	os.Exit(exit)
}

// Main is the program: its fields are the settings from flags and
// environment, Run starts serving and Close stops gracefully.
type Main struct {
	Addr       string // listen address
	TLSCert    string // PEM certificate file; with TLSKey, serve HTTPS (+HSTS)
	TLSKey     string // PEM key file
	LogLevel   string // debug, info, warn, error
	StaticDir  string // serve static files from this directory instead of the embedded ones
	ConfigPath string // operator config file (JSON); empty: compiled-in defaults
	// PostgresURL (environment WPSCHECK_POSTGRES_URL only: a flag would show
	// the password to every user in ps) stores reports in PostgreSQL; it
	// takes precedence over the config's reports.postgres_url.
	PostgresURL string
	// WebhookSecret (environment WPSCHECK_WEBHOOK_SECRET only, for the same
	// reason) signs the webhook; it takes precedence over the config's
	// webhook.secret_file.
	WebhookSecret string

	Stderr io.Writer
	Logger *slog.Logger

	srv *http.Server
	ln  net.Listener
	api *apiDeps // config, report store, purger, vantage (api.go)
	// stopped is closed when the serving goroutine ends; serveErr is why.
	stopped  chan struct{}
	serveErr error
}

// NewMain returns a Main with the defaults.
func NewMain() *Main {
	return &Main{Addr: "localhost:8080", LogLevel: "info", Stderr: os.Stderr}
}

// ParseFlags reads flags, falling back to WPSCHECK_* environment variables.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.StringVar(&m.Addr, "addr", env("WPSCHECK_ADDR", m.Addr), "listen address (env WPSCHECK_ADDR)")
	fs.StringVar(&m.TLSCert, "tls-cert", env("WPSCHECK_TLS_CERT", ""), "TLS certificate PEM file (env WPSCHECK_TLS_CERT)")
	fs.StringVar(&m.TLSKey, "tls-key", env("WPSCHECK_TLS_KEY", ""), "TLS key PEM file (env WPSCHECK_TLS_KEY)")
	fs.StringVar(&m.LogLevel, "log-level", env("WPSCHECK_LOG_LEVEL", m.LogLevel), "log level: debug, info, warn, error (env WPSCHECK_LOG_LEVEL)")
	fs.StringVar(&m.StaticDir, "static-dir", env("WPSCHECK_STATIC_DIR", ""), "serve static files from this directory (holding web/) instead of the embedded copy (env WPSCHECK_STATIC_DIR)")
	fs.StringVar(&m.ConfigPath, "config", env("WPSCHECK_CONFIG", ""), "operator config file, JSON (env WPSCHECK_CONFIG)")
	m.PostgresURL = getenv("WPSCHECK_POSTGRES_URL")
	m.WebhookSecret = getenv(config.SecretEnv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if (m.TLSCert == "") != (m.TLSKey == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	if _, err := parseLevel(m.LogLevel); err != nil {
		return err
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("-log-level: %q is not one of debug, info, warn, error", s)
	}
	return l, nil
}

// Run builds the server and starts listening; it returns once the listener
// is bound, serving on in the background. Everything that can fail at start
// (config, database, TLS certificate and key, the address) fails here, so
// the process exits non-zero instead of running without serving.
func (m *Main) Run(ctx context.Context) error {
	level, err := parseLevel(m.LogLevel)
	if err != nil {
		return err
	}
	if m.Logger == nil {
		m.Logger = slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
	}
	var files fs.FS = static.FS()
	if m.StaticDir != "" {
		files = os.DirFS(m.StaticDir)
	}
	v, err := httpserver.ContentVersion(version, files)
	if err != nil {
		return fmt.Errorf("reading static files: %w", err)
	}

	m.api, err = openAPI(ctx, apiSettings{config: m.ConfigPath, postgresURL: m.PostgresURL, webhookSecret: m.WebhookSecret}, m.Logger)
	if err != nil {
		return err
	}

	ui.Routes()
	tls := m.TLSCert != ""
	opts := httpserver.Options{
		Version: v,
		Static:  files,
		Logger:  m.Logger,
		HSTS:    tls,
	}
	m.api.options(&opts)
	h, err := httpserver.New(opts)
	if err != nil {
		m.api.Close()
		return err
	}

	var tlsConfig *cryptotls.Config
	if tls {
		cert, err := cryptotls.LoadX509KeyPair(m.TLSCert, m.TLSKey)
		if err != nil {
			m.api.Close()
			return fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
		tlsConfig = &cryptotls.Config{Certificates: []cryptotls.Certificate{cert}, MinVersion: cryptotls.VersionTLS12}
	}

	m.ln, err = net.Listen("tcp", m.Addr)
	if err != nil {
		m.api.Close()
		return err
	}
	m.srv = &http.Server{
		Handler:           httpserver.AccessLog(h, m.Logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
		TLSConfig:         tlsConfig,
	}
	scheme := "http"
	m.stopped = make(chan struct{})
	go func() {
		defer close(m.stopped)
		var err error
		if tls {
			err = m.srv.ServeTLS(m.ln, "", "") // the certificate is in TLSConfig
		} else {
			err = m.srv.Serve(m.ln)
		}
		if !errors.Is(err, http.ErrServerClosed) {
			m.serveErr = err
		}
	}()
	if tls {
		scheme = "https"
	}
	m.Logger.Info("listening", "url", scheme+"://"+m.ln.Addr().String(), "version", v)
	return nil
}

// Close stops accepting, lets requests in flight finish until ctx ends, and
// releases what Run acquired.
func (m *Main) Close(ctx context.Context) error {
	if m.srv == nil {
		return nil
	}
	m.Logger.Info("shutting down")
	err := m.srv.Shutdown(ctx)
	<-m.stopped
	if err == nil {
		err = m.serveErr
	}
	return errors.Join(err, m.api.Close())
}

// Stopped is closed when the server stopped serving, by Close or because
// serving failed (Close then returns the error).
func (m *Main) Stopped() <-chan struct{} { return m.stopped }
