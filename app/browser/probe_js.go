package browser

import (
	"slices"
	"sync"
	"syscall/js"
	"time"

	"wpscheck/app/diagnosis"
)

// StartProbe fetches url once, now, and returns a function that waits for
// the outcome and reports it as plain Go (call it from a goroutine of its
// own). A cross-origin probe is a HEAD in mode no-cors (resolved means some
// server answered, a TypeError means it could not be reached): the answer's
// headers say all a reachability check needs, and a GET would bring the
// body of a whole home page over the person's (perhaps metered, perhaps
// slow) connection, eight times. The same-origin control probe is a GET in
// mode same-origin. Every probe bypasses the HTTP cache and is aborted
// after timeoutMS.
func StartProbe(id, url string, sameOrigin bool, timeoutMS int) (wait func() diagnosis.ProbeObservation) {
	o := diagnosis.ProbeObservation{EndpointID: id, Started: true}
	fetch := global("fetch")
	if fetch.Type() != js.TypeFunction {
		o.Error = "fetch is not available"
		return func() diagnosis.ProbeObservation { return o }
	}
	method, mode := "HEAD", "no-cors"
	if sameOrigin {
		method, mode = "GET", "same-origin"
	}
	init, cleanup := fetchInit(method, mode, timeoutMS, nil, "")
	abs := url
	try(func() { abs = global("URL").New(url, global("location").Get("href")).Get("href").String() })
	// Before the probe's clock starts: each fetch() costs the main thread a
	// few ms (the first ones compile this code), so probes issued one after
	// another go out over short tasks.
	Pace()
	start := nowPerf()
	var p js.Value
	if !try(func() { p = fetch.Invoke(url, init) }) {
		cleanup()
		o.Error = "fetch threw"
		return func() diagnosis.ProbeObservation { return o }
	}
	return func() diagnosis.ProbeObservation {
		defer cleanup()
		s := await(p, time.Duration(timeoutMS)*time.Millisecond+time.Second)
		o.ElapsedMS = int64(nowPerf() - start + 0.5)
		if s.ok {
			// The network's own duration from Resource Timing: on a busy
			// main thread (a slow phone, the page rendering) the promise
			// settles late, and the page must not call a fast network
			// slow. The entry is added when the response ends, which can
			// be a little after the promise resolved: wait for it (see
			// entryLimit).
			if d, ok := networkDuration(abs, start, entryLimit(o.ElapsedMS)); ok && d <= float64(o.ElapsedMS) {
				o.ElapsedMS = int64(d + 0.5)
			}
		}
		switch {
		case s.ok:
			o.Resolved = true
		case s.name == "TimeoutError" || s.name == "AbortError" || s.err == "timeout":
			o.TimedOut = true
			o.Error = s.err
		default:
			o.Error = s.err
		}
		return o
	}
}

// entryWait bounds how long a probe waits for its Resource Timing entry
// after its promise settled; entryPoll is how often the buffer is read
// meanwhile.
const (
	entryWait = time.Second
	entryPoll = 50 * time.Millisecond
)

// entryLimit is how long a probe whose promise took elapsedMS waits for its
// Resource Timing entry: entryWait, or as long as the promise took, up to
// entryWaitMax. A main thread starved long enough to see the promise late
// also runs the task that adds the entry late: on a CPU shared with six
// busy loops, entries of 300 ms requests appeared more than a second after
// a promise seen at 2.9 s, and the page called a fast network slow.
func entryLimit(elapsedMS int64) time.Duration {
	return min(max(entryWait, time.Duration(elapsedMS)*time.Millisecond), entryWaitMax)
}

// entryWaitMax bounds entryLimit.
const entryWaitMax = 4 * time.Second

// resourceTimes holds the probes waiting for their Resource Timing entry.
// One poller reads the buffer for all of them (probes used to poll every
// 25 ms each: on a slow phone eleven pollers woke the main thread ~440
// times a second exactly while the results came in). A PerformanceObserver
// would not do: Chromium delivers its callbacks when the main thread is
// idle, hundreds of milliseconds after the entry is in the buffer.
var resourceTimes struct {
	sync.Mutex
	waiters map[string][]*entryWaiter // by absolute URL
	polling bool
}

// entryWaiter is a probe waiting for the entry of a fetch started at or
// after since (performance.now() ms).
type entryWaiter struct {
	since float64
	found chan float64
}

// networkDuration returns the duration of the Resource Timing entry of url
// (absolute) of a fetch started at or after since, waiting up to limit for
// it to be recorded.
func networkDuration(url string, since float64, limit time.Duration) (float64, bool) {
	if d, ok := entryDuration(url, since); ok {
		return d, true
	}
	r := &resourceTimes
	w := &entryWaiter{since: since, found: make(chan float64, 1)}
	r.Lock()
	if r.waiters == nil {
		r.waiters = map[string][]*entryWaiter{}
	}
	r.waiters[url] = append(r.waiters[url], w)
	if !r.polling {
		r.polling = true
		go pollEntries()
	}
	r.Unlock()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case d := <-w.found:
		return d, true
	case <-timer.C:
	}
	r.Lock()
	defer r.Unlock()
	ws := r.waiters[url]
	for i, x := range ws {
		if x == w {
			r.waiters[url] = append(ws[:i:i], ws[i+1:]...)
			break
		}
	}
	if len(r.waiters[url]) == 0 {
		delete(r.waiters, url)
	}
	select {
	case d := <-w.found: // found while the timer fired
		return d, true
	default:
		return entryDuration(url, since) // a last look: the timer may have woken before the poller
	}
}

// pollEntries reads the buffer for every waiting probe every entryPoll,
// until none waits.
func pollEntries() {
	r := &resourceTimes
	for {
		time.Sleep(entryPoll)
		r.Lock()
		if len(r.waiters) == 0 {
			r.polling = false
			r.Unlock()
			return
		}
		urls := make([]string, 0, len(r.waiters))
		for u := range r.waiters {
			urls = append(urls, u)
		}
		r.Unlock()
		for _, u := range urls {
			r.Lock()
			ws := slices.Clone(r.waiters[u])
			r.Unlock()
			found := map[*entryWaiter]bool{}
			for _, w := range ws {
				if d, ok := entryDuration(u, w.since); ok {
					w.found <- d // buffered; a waiter is found once
					found[w] = true
				}
			}
			r.Lock()
			// Waiters that gave up meanwhile have removed themselves.
			keep := slices.DeleteFunc(r.waiters[u], func(w *entryWaiter) bool { return found[w] })
			if len(keep) == 0 {
				delete(r.waiters, u)
			} else {
				r.waiters[u] = keep
			}
			r.Unlock()
		}
	}
}

// entryDuration returns the duration of the newest Resource Timing entry of
// url started at or after since.
func entryDuration(url string, since float64) (d float64, ok bool) {
	try(func() {
		perf := global("performance")
		if !perf.Truthy() || perf.Get("getEntriesByName").Type() != js.TypeFunction {
			return
		}
		es := perf.Call("getEntriesByName", url, "resource")
		for i := es.Length() - 1; i >= 0; i-- {
			e := es.Index(i)
			if e.Get("startTime").Float() < since-1 {
				break
			}
			if v := e.Get("duration"); v.Type() == js.TypeNumber && v.Float() > 0 {
				d, ok = v.Float(), true
				return
			}
		}
	})
	return d, ok
}

// ResetTimings clears the Resource Timing buffer before a new run, so that
// it never fills up over many runs.
func ResetTimings() {
	try(func() {
		if perf := global("performance"); perf.Truthy() && perf.Get("clearResourceTimings").Type() == js.TypeFunction {
			perf.Call("clearResourceTimings")
		}
	})
}
