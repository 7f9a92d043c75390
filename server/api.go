package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"wpscheck/server/config"
	"wpscheck/server/httpserver"
	"wpscheck/server/internal/diskfree"
	"wpscheck/server/refclock"
	"wpscheck/server/reports"
	"wpscheck/server/reports/sqlite"
	"wpscheck/server/vantage"
)

// apiDeps holds what the report, status and config API runs on: the
// operator config, the report store behind the operator's limits (daily
// cap, free-space floor) with its retention purger, the vantage probe and
// the check of the server's own clock. openAPI starts them; Close stops
// them after the HTTP server.
type apiDeps struct {
	cfg    *config.Config
	store  *sqlite.Store
	guard  *reports.Guard
	prober *vantage.Prober
	clock  *refclock.Checker
	cancel context.CancelFunc
	wg     sync.WaitGroup
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

// openAPI loads the config at path (compiled-in defaults when empty, the
// ticket secret from the environment when given), opens the report
// database (creating the data directory and the database's) behind the
// operator's limits, and starts the purger, the check of the server's
// clock and, when enabled, the vantage probe (whose rounds feed the clock
// check with WPS's Date headers) in the background.
func openAPI(ctx context.Context, path, ticketSecret string, log *slog.Logger) (*apiDeps, error) {
	cfg, err := loadConfig(path, ticketSecret)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Reports.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("report storage: create data directory: %w", err)
	}
	store, err := sqlite.Open(ctx, cfg.Reports.DatabasePath())
	if err != nil {
		return nil, fmt.Errorf("report storage: %w", err)
	}
	bg, cancel := context.WithCancel(context.Background())
	guard := &reports.Guard{Store: store, Logger: log, Limits: reports.Limits{
		PerDay:    cfg.Reports.MaxPerDay,
		MinFree:   cfg.Reports.MinFreeBytes(),
		Dirs:      cfg.Reports.StorageDirs(),
		FreeSpace: diskfree.Bytes,
	}}
	d := &apiDeps{cfg: cfg, store: store, guard: guard, cancel: cancel}
	purger := &reports.Purger{Store: guard, Retention: cfg.Reports.Retention(), Logger: log}
	d.wg.Go(func() { purger.Run(bg) })
	sc := cfg.ServerClock
	ck := refclock.Options{MaxOffset: sc.MaxOffset(), MinSources: sc.MinSources, KernelGrace: sc.KernelGrace(), Logger: log}
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
			OnResult:    d.clock.Observe,
		})
		d.wg.Go(func() { d.prober.Run(bg) })
	}
	targets := 0
	if d.prober != nil {
		targets = len(d.prober.Targets())
	}
	log.Info("api ready",
		"config", path, "database", store.Path(),
		"upload", cfg.Reports.Upload, "retention_days", cfg.Reports.RetentionDays,
		"max_per_day", cfg.Reports.MaxPerDay, "min_free_mb", cfg.Reports.MinFreeMB,
		"signed_tickets", cfg.TicketSigner() != nil,
		"vantage", cfg.Vantage.Enabled, "vantage_targets", targets,
		"agent_tokens", cfg.AgentTokensConfigured())
	return d, nil
}

// options sets the API's dependencies on the server's options.
func (d *apiDeps) options(o *httpserver.Options) {
	o.Config = d.cfg
	o.Reports = d.guard
	o.ServerClock = d.clock
	if d.prober != nil { // a nil *Prober in the field means "vantage off"
		o.Vantage = d.prober
	}
}

// Close stops the background work and closes the database.
func (d *apiDeps) Close() error {
	if d == nil {
		return nil
	}
	d.cancel()
	d.wg.Wait()
	return errors.Join(d.store.Close())
}
