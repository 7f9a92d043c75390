package browser

import (
	"strconv"
	"sync"
	"syscall/js"
	"time"
)

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

// rootElement returns <html>, or a falsy value when there is no document.
func rootElement() js.Value {
	if doc := global("document"); doc.Truthy() {
		return doc.Get("documentElement")
	}
	return js.Undefined()
}

// SetRootAttr sets an attribute on <html>, the contract tests and support
// tooling read (data-check-state, data-app).
func SetRootAttr(name, value string) {
	if root := rootElement(); root.Truthy() {
		root.Call("setAttribute", name, value)
	}
}

// RootAttr returns an attribute of <html> and whether it is there.
func RootAttr(name string) (value string, ok bool) {
	if root := rootElement(); root.Truthy() {
		if v := root.Call("getAttribute", name); v.Type() == js.TypeString { // null when absent
			return v.String(), true
		}
	}
	return "", false
}

// RemoveRootAttr removes an attribute of <html>.
func RemoveRootAttr(name string) {
	if root := rootElement(); root.Truthy() {
		root.Call("removeAttribute", name)
	}
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
func StorageGet(key string) string { return storedValue(storageGet("localStorage", key)) }

// StorageSet writes a localStorage item; an empty value removes it. It
// reports whether the browser kept it. A JSON object or array is kept in a
// form go-app's start-up sweep of localStorage does not decode
// (storedForm).
func StorageSet(key, value string) bool {
	return storageSet("localStorage", key, storedForm(value))
}

// SessionGet reads a sessionStorage item: kept for this tab only, gone
// when it closes ("" when missing or not allowed).
func SessionGet(key string) string { return storageGet("sessionStorage", key) }

// SessionSet writes a sessionStorage item; an empty value removes it. It
// reports whether the browser kept it.
func SessionSet(key, value string) bool { return storageSet("sessionStorage", key, value) }

func storageGet(area, key string) string {
	var out string
	try(func() {
		if ls := global(area); ls.Truthy() {
			out = jsString(ls.Call("getItem", key))
		}
	})
	return out
}

func storageSet(area, key, value string) bool {
	return try(func() {
		ls := global(area)
		if !ls.Truthy() {
			panic("no " + area)
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
		opts := global("Object").New()
		opts.Set("type", mime)
		save(name, global("Blob").New(global("Array").New(data), opts))
	})
}

// FetchDownload asks for a same-origin path with the given headers (a
// token stays out of the URL) and offers the answer as a file named name,
// its bytes kept in the browser (never copied through Go). It returns the
// HTTP status: 200 when the file was offered, 0 when the request failed.
func FetchDownload(path string, headers map[string]string, name string, timeoutMS int) int {
	init, cleanup := fetchInit("GET", "same-origin", timeoutMS, headers, "")
	defer cleanup()
	var p js.Value
	if !try(func() { p = global("fetch").Invoke(path, init) }) {
		return 0
	}
	limit := time.Duration(timeoutMS)*time.Millisecond + time.Second
	r := await(p, limit)
	if !r.ok {
		return 0
	}
	status := r.value.Get("status").Int()
	if status != 200 {
		return status
	}
	var bp js.Value
	if !try(func() { bp = r.value.Call("blob") }) {
		return 0
	}
	if b := await(bp, limit); !b.ok || !try(func() { save(name, b.value) }) {
		return 0
	}
	return status
}

// save offers a Blob as a download through a temporary link.
func save(name string, blob js.Value) {
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

// PageURL returns location.href.
func PageURL() string {
	var out string
	try(func() { out = jsString(global("location").Get("href")) })
	return out
}

// MetaContent returns the content of the page's <meta name=name>, or "".
// name is a constant of the page's own (no quotes in it).
func MetaContent(name string) string {
	var out string
	try(func() {
		if m := global("document").Call("querySelector", `meta[name="`+name+`"]`); m.Truthy() {
			out = jsString(m.Call("getAttribute", "content"))
		}
	})
	return out
}

// PagePath returns location.pathname.
func PagePath() string {
	var out string
	try(func() { out = jsString(global("location").Get("pathname")) })
	return out
}

// Warming reports whether this Go runs in the loader's warm-up worker
// rather than in a page: the worker sets globalThis.wpscheckWarming before
// it starts the module (server/httpserver: warmFirst).
func Warming() bool {
	return global("wpscheckWarming").Truthy()
}

// WarmLang is the language of the page that started the warm-up worker
// (its <html lang>), as the page told the worker's script; "" when
// unknown.
func WarmLang() string {
	v := global("wpscheckWarmLang")
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// WarmResult leaves for the warm-up worker's script how many parts of the
// warm-up failed (ui.Warm); the script passes it to the page with its
// "done".
func WarmResult(cold int) {
	try(func() { js.Global().Set("wpscheckWarmCold", cold) })
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

// Yield lets the browser's event loop run before the calling goroutine goes
// on: work after it runs in a task of its own, so that a long start does not
// block the page in one piece. The next task is a message on a
// MessageChannel: unlike a zero-delay timer it is not clamped to 4 ms when
// yields follow each other, and unlike scheduler.yield() it does not go
// ahead of the browser's own tasks (run after run of prioritised
// continuations kept Chromium from reporting the prerendered page's
// Largest Contentful Paint until go-app had replaced it). With no
// MessageChannel it falls back to a timer.
func Yield() {
	done := make(chan struct{})
	// The message cannot arrive before this goroutine waits: Go runs
	// inside the current task, and onmessage needs a task of its own.
	if port := yieldPort(); port.Truthy() && try(func() { port.Call("postMessage", 0) }) {
		yieldMu.Lock()
		yieldWaiters = append(yieldWaiters, done)
		yieldMu.Unlock()
		<-done
		markResumed()
		return
	}
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
	markResumed()
}

var (
	yieldInit    sync.Once
	yieldSend    js.Value // the MessageChannel's port2, or undefined
	yieldMu      sync.Mutex
	yieldWaiters []chan struct{} // goroutines waiting in Yield, in order
)

// yieldPort returns the port Yield posts to, set up on first use: each
// message on it resumes the goroutine that has waited longest.
func yieldPort() js.Value {
	yieldInit.Do(func() {
		try(func() {
			mc := global("MessageChannel")
			if mc.Type() != js.TypeFunction {
				return
			}
			ch := mc.New()
			ch.Get("port1").Set("onmessage", js.FuncOf(func(this js.Value, args []js.Value) any {
				yieldMu.Lock()
				defer yieldMu.Unlock()
				if len(yieldWaiters) > 0 {
					close(yieldWaiters[0])
					yieldWaiters = yieldWaiters[1:]
				}
				return nil
			}))
			yieldSend = ch.Get("port2")
		})
	})
	return yieldSend
}

// markResumed notes when a yield returned, for Pace.
func markResumed() {
	paceMu.Lock()
	resumed = nowPerf()
	paceMu.Unlock()
}

// paceBudgetMS is how long work between two calls of Pace may hold the main
// thread before Pace yields. Lighthouse's mobile run counts every task four
// times over and calls blocking what passes 50 ms: a piece of under ~12 ms
// of this machine's time does not block there, nor on a phone four times
// slower. A piece is the budget plus whatever runs up to the next call of
// Pace (often V8 compiling code met for the first time), so the budget is
// well below that: 3 ms left a fifth less of that simulated blocking than
// 6 ms did, for the same time to the verdict on a throttled phone.
const paceBudgetMS = 3

var (
	paceMu  sync.Mutex
	resumed float64 // performance.now() when the last Yield returned
)

// Pace yields (see Yield) when more than paceBudgetMS have passed since the
// last yield returned. Long work that calls it between its parts, such as
// the first draw of the page, then runs as a series of short tasks. Pace
// cannot tell when a task it did not start began: the first call in such a
// task yields at once.
func Pace() {
	paceMu.Lock()
	busy := nowPerf() - resumed
	paceMu.Unlock()
	if busy > paceBudgetMS {
		Yield()
	}
}

// WhenNear calls fn once (on the JS event loop: fn must not block) when the
// element with the given id comes within marginPx pixels of the viewport,
// and at once when it is there already, when there is no such element or
// when the browser has no IntersectionObserver. The returned function stops
// the watch; calling it after fn ran does nothing.
func WhenNear(id string, marginPx int, fn func()) (stop func()) {
	el := global("document")
	if el.Truthy() {
		el = el.Call("getElementById", id)
	}
	io := global("IntersectionObserver")
	if !el.Truthy() || io.Type() != js.TypeFunction {
		fn()
		return func() {}
	}
	var (
		once sync.Once
		obs  js.Value
		cb   js.Func
	)
	done := func() {
		once.Do(func() {
			if obs.Truthy() {
				try(func() { obs.Call("disconnect") })
			}
			cb.Release()
		})
	}
	cb = js.FuncOf(func(this js.Value, args []js.Value) any {
		entries := args[0]
		for i := range entries.Length() {
			if entries.Index(i).Get("isIntersecting").Truthy() {
				done()
				fn()
				break
			}
		}
		return nil
	})
	opts := map[string]any{"rootMargin": strconv.Itoa(marginPx) + "px"}
	if !try(func() {
		obs = io.New(cb, opts)
		obs.Call("observe", el)
	}) {
		done()
		fn()
		return func() {}
	}
	return done
}
