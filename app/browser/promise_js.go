package browser

import (
	"syscall/js"
	"time"

	"wpscheck/app/diagnosis"
)

// Every exported function of this package must be called from a goroutine
// of its own (go-app's ctx.Async) when it waits for a promise: the
// promise's callbacks run on the JS event loop, which must stay free.

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
