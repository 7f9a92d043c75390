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
	if m.SignTicket != "" { // print a signed support link, and stop
		if err := m.PrintSignedLink(os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if m.ExportDir != "" { // write the page for a static host, and stop
		if err := m.Export(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
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
	// ExportDir, when set, makes the program write the page for a static
	// host there (Export) instead of serving; ExportAPIOrigin is the origin
	// of the server the exported page calls ("" for none).
	ExportDir       string
	ExportAPIOrigin string
	// MetricsAddr, when set, serves Prometheus metrics at /metrics on this
	// address, a listener of its own (never the public one).
	MetricsAddr string
	SignTicket  string // print a signed support link for this ticket instead of serving
	BaseURL     string // the self-check's public address, for SignTicket

	// ticketSecret is the ticket secret from the environment
	// (WPSCHECK_TICKET_SECRET); never a flag, which others could read in
	// the process list.
	ticketSecret string
	// webhookSecret is the webhook's signing secret from the environment
	// (WPSCHECK_WEBHOOK_SECRET), for the same reason; it takes precedence
	// over the config's webhook.secret_file.
	webhookSecret string

	Stderr io.Writer
	Logger *slog.Logger

	srv     *http.Server
	ln      net.Listener
	api     *apiDeps     // config, report store, purger, vantage (api.go)
	metrics *metricsDeps // the metrics and their listener (metrics.go); nil when off
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
	fs.StringVar(&m.ExportDir, "export", "", "write the page for a static host or CDN into this new or empty directory, then exit (docs/cdn.md)")
	fs.StringVar(&m.ExportAPIOrigin, "export-api-origin", "", "with -export: the origin of the server the exported page calls, e.g. https://api.example (default: none)")
	fs.StringVar(&m.MetricsAddr, "metrics-addr", env("WPSCHECK_METRICS_ADDR", ""), "serve Prometheus metrics at /metrics on this address, apart from -addr (env WPSCHECK_METRICS_ADDR; default: off)")
	fs.StringVar(&m.SignTicket, "sign-ticket", "", "print a signed support link for this ticket and exit (needs the ticket secret: tickets.secret_file in -config, or env "+config.TicketSecretEnv+")")
	fs.StringVar(&m.BaseURL, "base-url", env("WPSCHECK_BASE_URL", ""), "the self-check's public address, e.g. https://check.example.com/, for -sign-ticket (env WPSCHECK_BASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	m.ticketSecret = getenv(config.TicketSecretEnv)
	m.webhookSecret = getenv(config.SecretEnv)
	if m.SignTicket != "" && m.BaseURL == "" {
		return errors.New("-sign-ticket needs -base-url, the self-check's public address (e.g. https://check.example.com/)")
	}
	if (m.TLSCert == "") != (m.TLSKey == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	if _, err := parseLevel(m.LogLevel); err != nil {
		return err
	}
	if err := checkMetricsAddr(m.MetricsAddr, m.Addr); err != nil {
		return err
	}
	if m.ExportAPIOrigin != "" {
		if m.ExportDir == "" {
			return errors.New("-export-api-origin goes with -export")
		}
		o, err := config.ParseOrigin(m.ExportAPIOrigin)
		if err != nil {
			return fmt.Errorf("-export-api-origin %q: %v", m.ExportAPIOrigin, err)
		}
		m.ExportAPIOrigin = o
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
	files, v, err := m.staticFiles()
	if err != nil {
		return err
	}

	m.metrics, err = openMetrics(m.MetricsAddr, v, m.Logger)
	if err != nil {
		return err
	}
	m.api, err = openAPI(ctx, m.ConfigPath, apiEnv{postgresURL: m.PostgresURL, ticketSecret: m.ticketSecret, webhookSecret: m.webhookSecret}, m.Logger, m.metrics.get())
	if err != nil {
		m.metrics.Close(ctx)
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
	m.metrics.options(&opts)
	h, err := httpserver.New(opts)
	if err != nil {
		m.api.Close()
		m.metrics.Close(ctx)
		return err
	}

	var tlsConfig *cryptotls.Config
	if tls {
		cert, err := cryptotls.LoadX509KeyPair(m.TLSCert, m.TLSKey)
		if err != nil {
			m.api.Close()
			m.metrics.Close(ctx)
			return fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
		tlsConfig = &cryptotls.Config{Certificates: []cryptotls.Certificate{cert}, MinVersion: cryptotls.VersionTLS12}
	}

	m.ln, err = net.Listen("tcp", m.Addr)
	if err != nil {
		m.api.Close()
		m.metrics.Close(ctx)
		return fmt.Errorf("-addr %s: %w", m.Addr, err)
	}
	m.srv = &http.Server{
		Handler:           httpserver.AccessLog(h, m.Logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    httpserver.MaxHeaderBytes,
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
	m.metrics.serve()
	return nil
}

// PrintSignedLink writes the support link for SignTicket, signed with the
// configured ticket secret, to w: what support sends to the person, so
// that the reports uploaded from it are marked verified.
func (m *Main) PrintSignedLink(w io.Writer) error {
	cfg, err := loadConfig(m.ConfigPath, m.ticketSecret)
	if err != nil {
		return err
	}
	signer := cfg.TicketSigner()
	if signer == nil {
		return fmt.Errorf("-sign-ticket: no ticket secret is configured (tickets.secret_file in -config, or env %s)", config.TicketSecretEnv)
	}
	link, err := signer.Link(m.BaseURL, m.SignTicket)
	if err != nil {
		return fmt.Errorf("-sign-ticket: %w", err)
	}
	_, err = fmt.Fprintln(w, link)
	return err
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
	return errors.Join(err, m.metrics.Close(ctx), m.api.Close())
}

// Stopped is closed when the server stopped serving, by Close or because
// serving failed (Close then returns the error).
func (m *Main) Stopped() <-chan struct{} { return m.stopped }
