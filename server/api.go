package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"wpscheck/app/ui"
	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/internal/diskfree"
	"wpscheck/server/prom"
	"wpscheck/server/refclock"
	"wpscheck/server/reports"
	"wpscheck/server/reports/postgres"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/vantage"
	"wpscheck/server/webhook"
)

// apiDeps holds what the report, status and config API runs on: the
// operator config, the report store behind the operator's limits (daily
// cap, free-space floor) with its retention purger, the vantage probe and
// the check of the server's own clock and the webhook. openAPI starts them;
// Close stops them after the HTTP server.
type apiDeps struct {
	cfg     *config.Config
	store   *reportStore
	rs      reports.Store // the store as the API uses it: behind the operator's limits (its failures counted when metrics are on)
	prober  *vantage.Prober
	clock   *refclock.Checker
	webhook *webhook.Webhook // nil: off
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// loadConfig loads the config at path (compiled-in defaults when empty)
// with the ticket secret given in the environment, if any.
func loadConfig(path, ticketSecret string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	if err := cfg.UseTicketSecret(ticketSecret); err != nil {
		return nil, err
	}
	return cfg, nil
}

// apiEnv is what the API takes from the environment rather than the config
// file: secrets and the PostgreSQL URL, kept out of flags (which others
// could read in the process list).
type apiEnv struct {
	postgresURL   string
	ticketSecret  string
	webhookSecret string
}

// openAPI loads the config at path (compiled-in defaults when empty, the
// ticket secret from the environment when given), opens the report store
// (see openStore) behind the operator's limits (daily cap, free-space
// floor), and starts the purger, the check of the server's clock, the
// webhook's worker when a webhook is configured (its secret from the
// environment or webhook.secret_file) and, when enabled, the vantage probe
// (whose rounds feed the clock check with WPS's Date headers) in the
// background. met, when not nil, counts the store's failures, the vantage
// rounds, the changes of the clock's state and the webhook's deliveries.
func openAPI(ctx context.Context, path string, env apiEnv, log *slog.Logger, met *prom.Metrics) (*apiDeps, error) {
	cfg, err := loadConfig(path, env.ticketSecret)
	if err != nil {
		return nil, err
	}
	if err := cfg.Webhook.ResolveSecret(env.webhookSecret); err != nil {
		return nil, err
	}
	store, err := openStore(ctx, cfg, env.postgresURL, log)
	if err != nil {
		return nil, err
	}
	hook, err := newWebhook(cfg, store, log, met)
	if err != nil {
		store.close()
		return nil, err
	}
	bg, cancel := context.WithCancel(context.Background())
	guard := &reports.Guard{Store: met.Store(store.Store), Logger: log, Limits: reports.Limits{
		PerDay:    cfg.Reports.MaxPerDay,
		MinFree:   cfg.Reports.MinFreeBytes(),
		Dirs:      store.dirs,
		FreeSpace: diskfree.Bytes,
	}}
	d := &apiDeps{cfg: cfg, store: store, rs: guard, cancel: cancel}
	purger := &reports.Purger{Store: d.rs, Retention: cfg.Reports.Retention(), Logger: log}
	d.webhook = hook
	if hook != nil {
		d.wg.Go(func() { hook.Run(bg) })
	}
	d.wg.Go(func() { purger.Run(bg) })
	sc := cfg.ServerClock
	ck := refclock.Options{MaxOffset: sc.MaxOffset(), MinSources: sc.MinSources, KernelGrace: sc.KernelGrace(), Logger: log,
		OnChange: met.ObserveServerClock}
	if !sc.Kernel {
		ck.Kernel = refclock.NoKernel
	}
	d.clock = refclock.New(ck)
	d.wg.Go(func() { d.clock.Run(bg) })
	if cfg.Vantage.Enabled {
		d.prober = vantage.New(vantage.Options{
			Catalog:     cfg.Catalog,
			Thresholds:  cfg.Thresholds(),
			Interval:    cfg.Vantage.Interval(),
			Timeout:     cfg.Vantage.Timeout(),
			Concurrency: cfg.Vantage.Concurrency,
			Logger:      log,
			OnResult: func(r vantage.Result) {
				d.clock.Observe(r)
				met.ObserveVantage(r)
			},
		})
		d.wg.Go(func() { d.prober.Run(bg) })
	}
	targets := 0
	if d.prober != nil {
		targets = len(d.prober.Targets())
	}
	log.Info("api ready",
		"config", path, "store", store.kind, "database", store.database,
		"upload", cfg.Reports.Upload, "retention_days", cfg.Reports.RetentionDays,
		"max_per_day", cfg.Reports.MaxPerDay, "min_free_mb", cfg.Reports.MinFreeMB,
		"signed_tickets", cfg.TicketSigner() != nil,
		"vantage", cfg.Vantage.Enabled, "vantage_targets", targets,
		"agent_tokens", cfg.AgentTokensConfigured(), "webhook", cfg.Webhook.Host())
	return d, nil
}

// newWebhook returns the webhook the config asks for, on the store's
// outbox, or nil when webhook.url is not set.
func newWebhook(cfg *config.Config, store *reportStore, log *slog.Logger, met *prom.Metrics) (*webhook.Webhook, error) {
	w := &cfg.Webhook
	if !w.Enabled() {
		return nil, nil
	}
	return webhook.New(webhook.Options{
		URL:            w.URL,
		Secret:         w.Secret().Bytes(),
		AgentURL:       w.PublicURL + ui.PathSupport + "/",
		OnlyWithTicket: w.OnlyWithTicket,
		Store:          store.Store,
		Timeout:        w.Timeout(),
		RetryFor:       w.RetryFor(),
		Logger:         log,
		Metrics:        met.Webhook(),
	})
}

// options sets the API's dependencies on the server's options.
func (d *apiDeps) options(o *httpserver.Options) {
	o.Config = d.cfg
	o.Reports = d.rs
	o.ServerClock = d.clock
	if d.prober != nil { // a nil *Prober in the field means "vantage off"
		o.Vantage = d.prober
	}
	o.Webhook = d.webhook
}

// Close stops the background work and closes the database.
func (d *apiDeps) Close() error {
	if d == nil {
		return nil
	}
	d.cancel()
	d.wg.Wait()
	return errors.Join(d.store.close())
}

// reportStore is the report store openStore opened.
type reportStore struct {
	reports.Store
	close    func() error
	kind     string // "sqlite" or "postgres"
	database string // for logs: the SQLite file, or the URL without its password
	// dirs are the local directories whose free space the store needs (the
	// data directory and SQLite's); none for PostgreSQL, whose disk is its
	// server's to watch.
	dirs []string
}

// openStore opens the report store: PostgreSQL when a URL is given (the
// environment's postgresURL, else the config's reports.postgres_url), the
// SQLite file of the config otherwise. A malformed URL or an unreachable
// database is an error that names where the URL came from.
func openStore(ctx context.Context, cfg *config.Config, postgresURL string, log *slog.Logger) (*reportStore, error) {
	source := "WPSCHECK_POSTGRES_URL"
	if postgresURL == "" {
		postgresURL, source = cfg.Reports.PostgresURL, "config reports.postgres_url"
	}
	if postgresURL == "" {
		if err := os.MkdirAll(cfg.Reports.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("report storage: create data directory: %w", err)
		}
		s, err := sqlite.Open(ctx, cfg.Reports.DatabasePath())
		if err != nil {
			return nil, fmt.Errorf("report storage: %w", err)
		}
		return &reportStore{Store: s, close: s.Close, kind: "sqlite", database: s.Path(),
			dirs: cfg.Reports.StorageDirs()}, nil
	}
	if err := config.CheckPostgresURL(postgresURL); err != nil {
		return nil, fmt.Errorf("report storage: %s: %w", source, err)
	}
	s, err := postgres.Open(ctx, postgresURL, postgres.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("report storage (%s): %w", source, err)
	}
	return &reportStore{Store: s, close: s.Close, kind: "postgres", database: s.Redacted()}, nil
}
