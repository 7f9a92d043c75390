package browser

import (
	"strings"
	"syscall/js"
	"time"
)

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

// requestMode is the fetch mode for url: a path stays on the page's own
// origin (same-origin); an absolute URL is the page's API on another origin
// (cors: the answer is readable only when that server allows this origin).
func requestMode(url string) string {
	if strings.HasPrefix(url, "/") && !strings.HasPrefix(url, "//") {
		return "same-origin"
	}
	return "cors"
}

// Request sends a request (method GET or POST) with the given headers and
// body to url, a path on the page's own origin or an absolute URL of the
// page's API on another origin, and reads the whole answer, within
// timeoutMS. It never sends cookies.
func Request(method, url string, headers map[string]string, body string, timeoutMS int) Response {
	fetch := global("fetch")
	if fetch.Type() != js.TypeFunction {
		return Response{Err: "fetch is not available"}
	}
	init, cleanup := fetchInit(method, requestMode(url), timeoutMS, headers, body)
	defer cleanup()
	var p js.Value
	send := NowMS()
	if !try(func() { p = fetch.Invoke(url, init) }) {
		return Response{Err: "fetch threw"}
	}
	limit := time.Duration(timeoutMS)*time.Millisecond + time.Second
	s := await(p, limit)
	if !s.ok {
		return Response{Err: s.err}
	}
	r := Response{Status: s.value.Get("status").Int(), SendMS: send, ReceiveMS: NowMS()}
	try(func() {
		h := s.value.Get("headers")
		r.Date, r.Age = jsString(h.Call("get", "Date")), jsString(h.Call("get", "Age"))
	})
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
