package ui

import (
	"slices"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/diagnosis"
	"wpscheck/app/wire"
)

// checkEvent is one result of a run, applied to the page on go-app's UI
// goroutine. Events only set state; the page then runs the rules once, and
// builds the report once, when the run has ended.
type checkEvent func(ctx app.Context, p *checkPage)

// checks is one pass of every check. It starts at once, without a page: the
// wasm main starts the first pass before go-app has rendered anything, so
// that the probes' timeouts run while the page mounts. Results are kept until
// a page attaches, then forwarded as they come.
type checks struct {
	api apiPlace // where the page's API is

	mu     sync.Mutex
	events []checkEvent
	sink   func(checkEvent)
}

// startChecks starts every check. The probes' fetches are issued before it
// returns, with the newest catalog the page has (the one kept from the last
// visit, else the compiled-in one); the environment, the server's own view,
// the clock samples and the server's current config follow on goroutines.
func startChecks() *checks {
	c := &checks{api: pageAPI()}
	browser.ResetTimings()
	cfg := wire.Config{}
	if kept := browser.StorageGet(keyConfig); kept != "" {
		cfg = wire.ParseConfig([]byte(kept))
	}
	catalog := c.catalogOf(cfg)
	c.emitConfig(cfg)
	wg := new(sync.WaitGroup)
	c.probe(wg, catalog, cfg.Thresholds.Normalized())
	browser.Mark("wpscheck:probes-out")
	go c.run(wg, catalog)
	return c
}

// attach replays what the run found so far to sink, in order, and forwards
// everything after it. A run has one page.
func (c *checks) attach(sink func(checkEvent)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ev := range c.events {
		sink(ev)
	}
	c.events, c.sink = nil, sink
}

func (c *checks) emit(ev checkEvent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sink != nil {
		c.sink(ev)
		return
	}
	c.events = append(c.events, ev)
}

// run gathers the rest of the pass; wg already counts the probes of
// catalog. The server's current config is fetched beside them: what it
// changes (new or moved endpoints) is probed when it arrives, and it is kept
// for next time.
//
// An exported page (a static host, no same-origin API) reads the snapshot
// beside it: its body is the config when no API gives one, and its Date
// (less the Age a CDN added) the clock's reference when no time endpoint
// answers. With no API at all the server's own view stays unknown.
func (c *checks) run(wg *sync.WaitGroup, catalog []diagnosis.Endpoint) {
	api := c.api
	var snapshot func() browser.Response // read once, by whoever needs it first
	if api.exported {
		var once sync.Once
		var r browser.Response
		snapshot = func() browser.Response {
			once.Do(func() { r = browser.Request("GET", SnapshotPath, nil, "", 3000) })
			return r
		}
		if !api.has() {
			go snapshot() // needed at once: it is the config and the clock
		}
	}
	wg.Add(2)
	go func() { // environment (the client hints are a promise)
		defer wg.Done()
		// In a task of its own, after the page's first render: where
		// there is no Temporal, the browser's first Intl.DateTimeFormat
		// alone can take tens of ms.
		browser.Yield()
		env := browser.Environment()
		c.emit(func(_ app.Context, p *checkPage) {
			p.env, p.envSet = env, true
		})
	}()
	go func() { // server vantage
		defer wg.Done()
		// Each request's first set-up is a piece of its own.
		browser.Pace()
		v := diagnosis.Vantage{} // with no API, the server's view stays unknown
		if api.has() {
			if r := browser.Request("GET", api.url(pathStatus), nil, "", 3000); r.Status == 200 {
				v = wire.ParseStatus(r.Body)
			}
		}
		c.emit(func(_ app.Context, p *checkPage) {
			p.vantage = v
		})
	}()
	othersDone, clockDone := make(chan struct{}), make(chan struct{})
	go func() { // clock: samples of the time endpoint
		defer close(clockDone)
		browser.Pace()
		est := diagnosis.EstimateClock(nil) // unknown
		if api.has() {
			s := clockSamples(api.url(diagnosis.TimePath), othersDone)
			est = diagnosis.EstimateClock(s.Samples)
			if !est.Known && s.DateHeader != "" {
				est = diagnosis.EstimateFromDateHeader(s.DateHeader, s.SendMS, s.ReceiveMS)
			}
			if est.Source == diagnosis.ClockSourceTimeAPI {
				est.Reference = s.ServerClock // the server's word on its own clock
			}
		}
		if !est.Known && snapshot != nil {
			if r := snapshot(); r.Date != "" {
				est = diagnosis.EstimateFromCachedDate(r.Date, diagnosis.ParseAge(r.Age), r.SendMS, r.ReceiveMS)
			}
		}
		c.emit(func(_ app.Context, p *checkPage) {
			p.clock, p.clockSet = est, true
		})
	}()

	var r browser.Response
	if api.has() {
		browser.Pace()
		r = browser.Request("GET", api.url(pathConfig), nil, "", 3000)
	}
	if r.Status != 200 && snapshot != nil {
		r = snapshot()
	}
	if r.Status == 200 {
		browser.StorageSet(keyConfig, string(r.Body))
		fresh := wire.ParseConfig(r.Body)
		c.emitConfig(fresh)
		c.probe(wg, diagnosis.ChangedEndpoints(catalog, c.catalogOf(fresh)), fresh.Thresholds.Normalized())
	}
	wg.Wait()
	close(othersDone)
	<-clockDone
	c.emit(func(ctx app.Context, p *checkPage) {
		p.running = false // the page then builds the report, once
		id := p.run
		ctx.Defer(func(app.Context) {
			if id == p.run && !p.running {
				// Also the signal on which app.js registers the service
				// worker (server/httpserver: workerAfterVerdict).
				browser.SetRootAttr("data-check-state", "done")
			}
		})
	})
}

// minClockSamples is how many samples the clock takes together, at once;
// it takes more, one after the other up to diagnosis.DefaultClockSamples,
// while other checks are still running.
const minClockSamples = 2

// clockSamples takes the clock's samples of the time endpoint. Five round
// trips one after the other held the verdict back on a phone at 150 ms of
// latency: each answer waits for the main thread (busy mounting the page)
// before the next request goes out, for an estimate that a 30-second
// threshold judges. So the first minClockSamples go out together, with the
// probes; more are taken only while othersDone is open, and the estimate
// never waits for one in flight when it closes. The estimate keeps the
// sample with the shortest round trip either way.
func clockSamples(url string, othersDone <-chan struct{}) browser.ClockResult {
	first := make([]browser.ClockResult, minClockSamples)
	var wg sync.WaitGroup
	for i := range first {
		wg.Add(1)
		go func() {
			defer wg.Done()
			browser.Pace()
			first[i] = browser.ClockSamples(url, 1, 5000)
		}()
	}
	wg.Wait()
	var s browser.ClockResult
	for _, r := range first {
		s.Samples = append(s.Samples, r.Samples...)
		if r.DateHeader != "" {
			s.DateHeader, s.SendMS, s.ReceiveMS = r.DateHeader, r.SendMS, r.ReceiveMS
		}
		if r.ServerClock.State != "" {
			s.ServerClock = r.ServerClock // the server's word on its own clock
		}
	}
	if len(s.Samples) < minClockSamples {
		return s // the endpoint failed: more tries would only wait longer
	}
	var mu sync.Mutex
	more := make(chan struct{})
	go func() {
		defer close(more)
		for {
			mu.Lock()
			n := len(s.Samples)
			mu.Unlock()
			select {
			case <-othersDone:
				return
			default:
			}
			if n >= diagnosis.DefaultClockSamples {
				return
			}
			r := browser.ClockSamples(url, 1, 5000)
			if len(r.Samples) == 0 {
				return
			}
			mu.Lock()
			s.Samples = append(s.Samples, r.Samples...)
			mu.Unlock()
		}
	}()
	select {
	case <-othersDone:
	case <-more:
	}
	mu.Lock()
	defer mu.Unlock()
	out := s
	out.Samples = slices.Clone(s.Samples)
	return out
}

// probes reports whether the page's catalog probes e as e does.
func (p *checkPage) probes(e diagnosis.Endpoint) bool {
	for _, c := range p.catalog {
		if c.ID == e.ID {
			return c.URL == e.URL && c.Role == e.Role
		}
	}
	return false
}

// catalogOf returns the catalog of a config, or the compiled-in one, as
// this page probes it (apiPlace.localize).
func (c *checks) catalogOf(cfg wire.Config) []diagnosis.Endpoint {
	catalog := cfg.Catalog
	if catalog == nil {
		catalog = diagnosis.DefaultCatalog()
	}
	return c.api.localize(catalog)
}

// emitConfig hands a config to the page: its catalog becomes the list of
// checks (rows that already have a result keep it; endpoints it no longer
// has are dropped), its thresholds judge the results.
func (c *checks) emitConfig(cfg wire.Config) {
	catalog, th := c.catalogOf(cfg), cfg.Thresholds.Normalized()
	c.emit(func(_ app.Context, p *checkPage) {
		p.cfg, p.catalog, p.th = cfg, catalog, th
		obs := make(map[string]diagnosis.ProbeObservation, len(catalog))
		for _, e := range catalog {
			o, seen := p.obs[e.ID]
			if !seen {
				o = diagnosis.ProbeObservation{EndpointID: e.ID, Started: true}
			}
			obs[e.ID] = o
		}
		p.obs = obs
	})
}

// probe issues the fetch of every endpoint now, then awaits each outcome on
// a goroutine of its own (counted by wg).
func (c *checks) probe(wg *sync.WaitGroup, endpoints []diagnosis.Endpoint, th diagnosis.Thresholds) {
	for _, e := range endpoints {
		wait := browser.StartProbe(e.ID, e.URL, e.Role == diagnosis.RoleControl, int(th.TimeoutMS))
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := wait()
			c.emit(func(_ app.Context, p *checkPage) {
				// A result for an endpoint the newest catalog dropped or
				// moved is not shown.
				if p.probes(e) {
					p.obs[e.ID] = o
				}
			})
		}()
	}
}

// early is the pass StartEarly began, until the check page adopts it.
var (
	earlyMu sync.Mutex
	early   *checks
)

// StartEarly starts the first pass of the checks when the page being opened
// is the self-check page; the page takes its results over when it mounts.
// The wasm main calls it before go-app starts rendering: every probe is out
// when it returns, so that the probes' timeouts run while the page mounts
// rather than after. Outside a browser it does nothing.
func StartEarly() {
	if !app.IsClient || !IsHome(browser.PagePath()) {
		return
	}
	browser.Mark("wpscheck:main")
	// The probes go out in tasks of their own, after the runtime's start.
	browser.Pace()
	earlyMu.Lock()
	if early != nil {
		earlyMu.Unlock()
		return
	}
	browser.SetRootAttr("data-check-state", "running")
	c := startChecks()
	early = c
	earlyMu.Unlock()
	// go-app's first render is a task of its own, after the runtime's start.
	browser.Yield()
}

// takeEarly returns the pass StartEarly began, once; then nil.
func takeEarly() *checks {
	earlyMu.Lock()
	defer earlyMu.Unlock()
	c := early
	early = nil
	return c
}
