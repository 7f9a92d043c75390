package browser

import (
	"slices"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"wpscheck/app/diagnosis"
)

// Every exported function of this file must be called from a goroutine of
// its own (go-app's ctx.Async) when it waits for a promise: the promise's
// callbacks run on the JS event loop, which must stay free.

// settled is the outcome of a JS promise.
type settled struct {
	value js.Value
	err   string // the rejection as text ("TypeError: Failed to fetch")
	name  string // the rejection's name ("TypeError", "AbortError", "TimeoutError")
	ok    bool
}

// await waits for p to settle, or for limit to pass (then err is "timeout").
func await(p js.Value, limit time.Duration) settled {
	if p.Type() != js.TypeObject || p.Get("then").Type() != js.TypeFunction {
		return settled{value: p, ok: true}
	}
	ch := make(chan settled, 1)
	// The callbacks release themselves once the promise settles, so that a
	// promise that settles after limit never calls a released function.
	var onOK, onErr js.Func
	release := func() {
		go func() {
			onOK.Release()
			onErr.Release()
		}()
	}
	onOK = js.FuncOf(func(this js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- settled{value: v, ok: true}
		release()
		return nil
	})
	onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		s := settled{err: "error"}
		if len(args) > 0 {
			s.err, s.name = describeError(args[0])
		}
		ch <- s
		release()
		return nil
	})
	if !try(func() { p.Call("then", onOK, onErr) }) {
		onOK.Release()
		onErr.Release()
		return settled{err: "promise failed"}
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case s := <-ch:
		return s
	case <-timer.C:
		return settled{err: "timeout", name: "TimeoutError"}
	}
}

// describeError turns a JS error value into "Name: message" and its name.
func describeError(v js.Value) (text, name string) {
	defer func() {
		if recover() != nil {
			text, name = "error", ""
		}
	}()
	if v.Type() != js.TypeObject {
		return jsString(v), ""
	}
	name = jsString(v.Get("name"))
	msg := jsString(v.Get("message"))
	switch {
	case name != "" && msg != "":
		text = name + ": " + msg
	case name != "":
		text = name
	default:
		text = msg
	}
	if len(text) > diagnosis.MaxDetailBytes {
		text = text[:diagnosis.MaxDetailBytes]
	}
	return text, name
}

// try runs fn and reports whether it returned without a JS exception.
func try(fn func()) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	fn()
	return true
}

func jsString(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func global(name string) js.Value { return js.Global().Get(name) }

// nowPerf returns performance.now() (ms, monotonic), or Date.now().
func nowPerf() float64 {
	if p := global("performance"); p.Truthy() && p.Get("now").Type() == js.TypeFunction {
		return p.Call("now").Float()
	}
	return global("Date").Call("now").Float()
}

// NowMS returns the device clock, Date.now().
func NowMS() int64 {
	return int64(global("Date").Call("now").Float())
}

// Languages returns navigator.languages, or navigator.language, or nil.
func Languages() []string {
	nav := global("navigator")
	if !nav.Truthy() {
		return nil
	}
	var out []string
	try(func() {
		if ls := nav.Get("languages"); ls.Truthy() && ls.Length() > 0 {
			for i := 0; i < ls.Length() && i < 16; i++ {
				if v := ls.Index(i); v.Type() == js.TypeString {
					out = append(out, v.String())
				}
			}
			return
		}
		if l := nav.Get("language"); l.Type() == js.TypeString {
			out = []string{l.String()}
		}
	})
	return out
}

// SetRootAttr sets an attribute on <html>, the contract tests and support
// tooling read (data-check-state, data-app).
func SetRootAttr(name, value string) {
	doc := global("document")
	if !doc.Truthy() {
		return
	}
	if root := doc.Get("documentElement"); root.Truthy() {
		root.Call("setAttribute", name, value)
	}
}

// fetchInit builds the init object of a fetch.
func fetchInit(method, mode string, timeoutMS int, headers map[string]string, body string) (js.Value, func()) {
	init := global("Object").New()
	init.Set("method", method)
	init.Set("cache", "no-store")
	init.Set("credentials", "omit")
	init.Set("redirect", "follow")
	init.Set("referrerPolicy", "no-referrer")
	if mode != "" {
		init.Set("mode", mode)
	}
	if len(headers) > 0 {
		h := global("Object").New()
		for k, v := range headers {
			h.Set(k, v)
		}
		init.Set("headers", h)
	}
	if body != "" {
		init.Set("body", body)
	}
	cleanup := func() {}
	if timeoutMS > 0 {
		as := global("AbortSignal")
		if as.Truthy() && as.Get("timeout").Type() == js.TypeFunction && try(func() { init.Set("signal", as.Call("timeout", timeoutMS)) }) {
			return init, cleanup
		}
		if ac := global("AbortController"); ac.Truthy() {
			var ctrl js.Value
			if try(func() { ctrl = ac.New() }) {
				init.Set("signal", ctrl.Get("signal"))
				abort := js.FuncOf(func(this js.Value, args []js.Value) any {
					try(func() { ctrl.Call("abort") })
					return nil
				})
				id := global("setTimeout").Invoke(abort, timeoutMS)
				cleanup = func() {
					global("clearTimeout").Invoke(id)
					abort.Release()
				}
			}
		}
	}
	return init, cleanup
}

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
			// be a little after the promise resolved: wait for it for up
			// to a second.
			if d, ok := networkDuration(abs, start, entryWait); ok && d <= float64(o.ElapsedMS) {
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
		return 0, false
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

// ClockResult is what ClockSamples gathered: time-endpoint samples, or the
// same-origin Date header with the send/receive times around it, and what
// the time endpoint said about the server's own clock.
type ClockResult struct {
	Samples     []diagnosis.ClockSample
	DateHeader  string
	SendMS      int64
	ReceiveMS   int64
	ServerClock diagnosis.ServerClock
}

// ClockSamples takes n sequential samples of path (the server's time
// endpoint, JSON {"unix_ms": N}), bypassing the cache. When the endpoint
// gives no usable answer it keeps the Date header of the last same-origin
// answer for the 1-second fallback.
func ClockSamples(path string, n int, timeoutMS int) ClockResult {
	var r ClockResult
	fetch := global("fetch")
	if fetch.Type() != js.TypeFunction {
		return r
	}
	failures := 0
	begin := NowMS()
	for len(r.Samples) < n && failures < 3 {
		if len(r.Samples) > 0 && NowMS()-begin > int64(2*timeoutMS) {
			break // enough: a busy device should not hold the results back
		}
		init, cleanup := fetchInit("GET", "same-origin", timeoutMS, nil, "")
		send := NowMS()
		var p js.Value
		if !try(func() { p = fetch.Invoke(path, init) }) {
			cleanup()
			return r
		}
		s := await(p, time.Duration(timeoutMS)*time.Millisecond+time.Second)
		recv := NowMS()
		cleanup()
		if !s.ok {
			failures++ // a timeout or a network error: try again
			continue
		}
		resp := s.value
		try(func() {
			if d := resp.Get("headers").Call("get", "Date"); d.Type() == js.TypeString {
				r.DateHeader, r.SendMS, r.ReceiveMS = d.String(), send, recv
			}
		})
		if !resp.Get("ok").Truthy() {
			return r // no time endpoint: the Date header is all there is
		}
		var jp js.Value
		if !try(func() { jp = resp.Call("json") }) {
			return r
		}
		j := await(jp, time.Duration(timeoutMS)*time.Millisecond)
		if !j.ok || j.value.Type() != js.TypeObject {
			return r
		}
		ms := j.value.Get("unix_ms")
		if ms.Type() != js.TypeNumber {
			return r
		}
		r.Samples = append(r.Samples, diagnosis.ClockSample{SendMS: send, ReceiveMS: recv, ServerMS: int64(ms.Float())})
		try(func() { r.ServerClock = serverClock(j.value.Get("server_clock")) })
	}
	return r
}

// serverClock reads the time endpoint's "server_clock" object; anything
// missing or malformed gives the zero ServerClock (the server said nothing).
func serverClock(v js.Value) diagnosis.ServerClock {
	if v.Type() != js.TypeObject {
		return diagnosis.ServerClock{}
	}
	num := func(name string) int64 {
		if x := v.Get(name); x.Type() == js.TypeNumber {
			return int64(x.Float())
		}
		return 0
	}
	return diagnosis.ServerClock{State: diagnosis.ServerClockState(jsString(v.Get("state"))),
		OffsetMS: num("offset_ms"), BoundMS: num("bound_ms"), Sources: int(num("sources"))}.Normalized()
}

// Environment reads what the browser says about itself. Whatever API is
// missing or throws is reported as unknown.
func Environment() diagnosis.Environment {
	env := diagnosis.Environment{OnLine: diagnosis.Unknown, CookiesEnabled: diagnosis.Unknown,
		StorageUsable: diagnosis.Unknown, SecureContext: diagnosis.Unknown}
	nav := global("navigator")
	if nav.Truthy() {
		try(func() { env.UserAgent = jsString(nav.Get("userAgent")) })
		try(func() {
			if v := nav.Get("onLine"); v.Type() == js.TypeBoolean {
				env.OnLine = diagnosis.TriOf(v.Bool())
			}
		})
		try(func() {
			if v := nav.Get("maxTouchPoints"); v.Type() == js.TypeNumber {
				env.MaxTouchPoints = v.Int()
			}
		})
		env.Hints = clientHints(nav)
	}
	env.Languages = Languages()
	env.CookiesEnabled = cookieTest(nav)
	env.StorageUsable = storageTest()
	try(func() {
		if v := global("isSecureContext"); v.Type() == js.TypeBoolean {
			env.SecureContext = diagnosis.TriOf(v.Bool())
		}
	})
	try(func() {
		if intl := global("Intl"); intl.Truthy() {
			env.TimeZone = jsString(intl.Get("DateTimeFormat").Invoke().Call("resolvedOptions").Get("timeZone"))
		}
	})
	try(func() { env.TZOffsetMinutes = global("Date").New().Call("getTimezoneOffset").Int() })
	return env
}

// clientHints reads navigator.userAgentData and its high-entropy values.
func clientHints(nav js.Value) *diagnosis.ClientHints {
	var uad js.Value
	if !try(func() { uad = nav.Get("userAgentData") }) || !uad.Truthy() {
		return nil
	}
	h := &diagnosis.ClientHints{}
	try(func() {
		h.Platform = jsString(uad.Get("platform"))
		h.Mobile = uad.Get("mobile").Truthy()
		if bs := uad.Get("brands"); bs.Truthy() {
			for i := 0; i < bs.Length() && i < 10; i++ {
				b := bs.Index(i)
				h.Brands = append(h.Brands, diagnosis.Brand{Brand: jsString(b.Get("brand")), Version: jsString(b.Get("version"))})
			}
		}
	})
	if uad.Get("getHighEntropyValues").Type() != js.TypeFunction {
		return h
	}
	var p js.Value
	if !try(func() {
		keys := global("Array").New("platformVersion", "model")
		p = uad.Call("getHighEntropyValues", keys)
	}) {
		return h
	}
	if s := await(p, 1500*time.Millisecond); s.ok && s.value.Type() == js.TypeObject {
		try(func() {
			h.PlatformVersion = jsString(s.value.Get("platformVersion"))
			h.Model = jsString(s.value.Get("model"))
			if pl := jsString(s.value.Get("platform")); pl != "" {
				h.Platform = pl
			}
		})
	}
	return h
}

// cookieTest writes, reads and removes a first-party test cookie.
func cookieTest(nav js.Value) diagnosis.Tri {
	res := diagnosis.Unknown
	try(func() {
		doc := global("document")
		if !doc.Truthy() {
			return
		}
		const name = "wpscheck_cookie_test"
		doc.Set("cookie", name+"=1; path=/; SameSite=Strict")
		got := strings.Contains(jsString(doc.Get("cookie")), name+"=1")
		doc.Set("cookie", name+"=; path=/; SameSite=Strict; max-age=0")
		if got {
			res = diagnosis.Yes
			return
		}
		res = diagnosis.No
	})
	if res == diagnosis.Unknown && nav.Truthy() {
		try(func() {
			if v := nav.Get("cookieEnabled"); v.Type() == js.TypeBoolean {
				res = diagnosis.TriOf(v.Bool())
			}
		})
	}
	return res
}

// storageTest does a localStorage write/read/remove round trip.
func storageTest() diagnosis.Tri {
	res := diagnosis.No
	ok := try(func() {
		ls := global("localStorage")
		if !ls.Truthy() {
			return
		}
		const k = "wpscheck_storage_test"
		ls.Call("setItem", k, "1")
		v := ls.Call("getItem", k)
		ls.Call("removeItem", k)
		if jsString(v) == "1" {
			res = diagnosis.Yes
		}
	})
	if !ok {
		return diagnosis.No
	}
	return res
}

// OnOnline calls fn (on the JS event loop: fn must not block) each time the
// browser goes back online; the returned function unsubscribes.
func OnOnline(fn func()) (cancel func()) {
	return listen("online", fn)
}

// OnOffline calls fn each time the browser goes offline.
func OnOffline(fn func()) (cancel func()) {
	return listen("offline", fn)
}

func listen(event string, fn func()) func() {
	w := js.Global()
	if w.Get("addEventListener").Type() != js.TypeFunction {
		return func() {}
	}
	f := js.FuncOf(func(this js.Value, args []js.Value) any {
		fn()
		return nil
	})
	w.Call("addEventListener", event, f)
	return func() {
		w.Call("removeEventListener", event, f)
		f.Release()
	}
}

// Online returns navigator.onLine (true when the API is missing).
func Online() bool {
	v := global("navigator").Get("onLine")
	return v.Type() != js.TypeBoolean || v.Bool()
}

// StorageGet reads a localStorage item ("" when missing or not allowed).
func StorageGet(key string) string {
	var out string
	try(func() {
		if ls := global("localStorage"); ls.Truthy() {
			out = jsString(ls.Call("getItem", key))
		}
	})
	return out
}

// StorageSet writes a localStorage item; an empty value removes it. It
// reports whether the browser kept it.
func StorageSet(key, value string) bool {
	return try(func() {
		ls := global("localStorage")
		if !ls.Truthy() {
			panic("no localStorage")
		}
		if value == "" {
			ls.Call("removeItem", key)
			return
		}
		ls.Call("setItem", key, value)
	})
}

// CopyText puts text on the clipboard: navigator.clipboard when the page
// may use it, else a hidden textarea and execCommand("copy").
func CopyText(text string) bool {
	nav := global("navigator")
	if cb := nav.Get("clipboard"); cb.Truthy() && cb.Get("writeText").Type() == js.TypeFunction {
		var p js.Value
		if try(func() { p = cb.Call("writeText", text) }) {
			if s := await(p, 3*time.Second); s.ok {
				return true
			}
		}
	}
	ok := false
	try(func() {
		doc := global("document")
		ta := doc.Call("createElement", "textarea")
		ta.Set("value", text)
		ta.Call("setAttribute", "readonly", "")
		ta.Get("classList").Call("add", "offscreen")
		doc.Get("body").Call("appendChild", ta)
		ta.Call("select")
		ok = doc.Call("execCommand", "copy").Truthy()
		doc.Get("body").Call("removeChild", ta)
	})
	return ok
}

// Download offers data as a file named name with the given MIME type.
func Download(name, mime, data string) bool {
	return try(func() {
		parts := global("Array").New(data)
		opts := global("Object").New()
		opts.Set("type", mime)
		blob := global("Blob").New(parts, opts)
		url := global("URL").Call("createObjectURL", blob)
		doc := global("document")
		a := doc.Call("createElement", "a")
		a.Set("href", url)
		a.Set("download", name)
		a.Get("classList").Call("add", "offscreen")
		doc.Get("body").Call("appendChild", a)
		a.Call("click")
		doc.Get("body").Call("removeChild", a)
		// URL.revokeObjectURL bound to the URL, not a Go callback: a
		// js.Func lives until released, so one would leak per download.
		u := global("URL")
		global("setTimeout").Invoke(u.Get("revokeObjectURL").Call("bind", u, url), 10000)
	})
}

var reportFunc js.Func

// RegisterReport makes window.selfCheckReport() return fn() (the report
// JSON) for tests and support tooling. fn runs on the JS event loop and must
// not block. A second call replaces the first.
func RegisterReport(fn func() string) {
	if reportFunc.Truthy() {
		reportFunc.Release()
	}
	reportFunc = js.FuncOf(func(this js.Value, args []js.Value) any { return fn() })
	js.Global().Set("selfCheckReport", reportFunc)
}

// Response is the answer to a same-origin JSON request.
type Response struct {
	// Status is the HTTP status; 0 when the request failed (Err says why).
	Status int
	Body   []byte
	Err    string
}

// Request sends a same-origin request (method GET or POST) with the given
// headers and body and reads the whole answer, within timeoutMS.
func Request(method, path string, headers map[string]string, body string, timeoutMS int) Response {
	fetch := global("fetch")
	if fetch.Type() != js.TypeFunction {
		return Response{Err: "fetch is not available"}
	}
	init, cleanup := fetchInit(method, "same-origin", timeoutMS, headers, body)
	defer cleanup()
	var p js.Value
	if !try(func() { p = fetch.Invoke(path, init) }) {
		return Response{Err: "fetch threw"}
	}
	limit := time.Duration(timeoutMS)*time.Millisecond + time.Second
	s := await(p, limit)
	if !s.ok {
		return Response{Err: s.err}
	}
	r := Response{Status: s.value.Get("status").Int()}
	var tp js.Value
	if !try(func() { tp = s.value.Call("text") }) {
		return r
	}
	if t := await(tp, limit); t.ok && t.value.Type() == js.TypeString {
		b := t.value.String()
		if len(b) > 256<<10 {
			b = b[:256<<10]
		}
		r.Body = []byte(b)
	}
	return r
}

// PageURL returns location.href.
func PageURL() string {
	var out string
	try(func() { out = jsString(global("location").Get("href")) })
	return out
}

// PagePath returns location.pathname.
func PagePath() string {
	var out string
	try(func() { out = jsString(global("location").Get("pathname")) })
	return out
}

// Mark adds a User Timing mark (performance.mark) for the benchmarks and
// DevTools: when the probes went out, when the page mounted.
func Mark(name string) {
	try(func() {
		if perf := global("performance"); perf.Truthy() && perf.Get("mark").Type() == js.TypeFunction {
			perf.Call("mark", name)
		}
	})
}

// Yield lets the browser's event loop run (a zero-delay timer) before the
// calling goroutine goes on: work after it runs in a task of its own, so
// that a long start does not block the page in one piece.
func Yield() {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(this js.Value, args []js.Value) any {
		close(done)
		f.Release()
		return nil
	})
	if !try(func() { global("setTimeout").Invoke(f, 0) }) {
		f.Release()
		return
	}
	<-done
}
