package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"wpscheck/server/httpserver"
	"wpscheck/server/prom"
)

// metricsDeps are the server's metrics and the listener that serves them
// (-metrics-addr). A nil *metricsDeps is "metrics off": every method does
// nothing.
type metricsDeps struct {
	m   *prom.Metrics
	ln  net.Listener
	srv *http.Server
	log *slog.Logger
}

// checkMetricsAddr checks -metrics-addr against -addr: a host:port, and
// never the public listener's port on an address that overlaps it.
func checkMetricsAddr(metrics, public string) error {
	if metrics == "" {
		return nil
	}
	mh, mp, err := net.SplitHostPort(metrics)
	if err != nil {
		return fmt.Errorf("-metrics-addr %q: %v", metrics, err)
	}
	ph, pp, err := net.SplitHostPort(public)
	if err != nil {
		return nil // -addr's own error comes when it is listened on
	}
	anyHost := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" || h == "[::]" }
	if mp == pp && mp != "0" && (mh == ph || anyHost(mh) || anyHost(ph)) {
		return fmt.Errorf("-metrics-addr %q: must not be the public address (-addr %q): metrics are for operators only", metrics, public)
	}
	return nil
}

// openMetrics builds the metrics of a server of version and binds their
// listener; addr "" turns them off (nil).
func openMetrics(addr, version string, log *slog.Logger) (*metricsDeps, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("-metrics-addr %s: %w", addr, err)
	}
	d := &metricsDeps{m: prom.New(version), ln: ln, log: log}
	mux := http.NewServeMux()
	mux.Handle("/metrics", d.m.Handler())
	d.srv = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return d, nil
}

// get returns the metrics, nil when off.
func (d *metricsDeps) get() *prom.Metrics {
	if d == nil {
		return nil
	}
	return d.m
}

// options hands the metrics to the HTTP server.
func (d *metricsDeps) options(o *httpserver.Options) {
	if d != nil {
		o.Metrics = d.m // never a nil *prom.Metrics in the interface
	}
}

// serve starts answering scrapes in the background.
func (d *metricsDeps) serve() {
	if d == nil {
		return
	}
	go func() {
		if err := d.srv.Serve(d.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("metrics listener stopped", "err", err)
		}
	}()
	d.log.Info("metrics", "url", "http://"+d.ln.Addr().String()+"/metrics")
}

// Close stops the metrics listener.
func (d *metricsDeps) Close(ctx context.Context) error {
	if d == nil {
		return nil
	}
	err := d.srv.Shutdown(ctx)
	_ = d.ln.Close() // Shutdown closes it only once Serve has started
	return err
}
