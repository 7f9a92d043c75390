package browser

import (
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
