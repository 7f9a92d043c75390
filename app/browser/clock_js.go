package browser

import (
	"syscall/js"
	"time"

	"wpscheck/app/diagnosis"
)

// ClockSamples takes n sequential samples of url (the server's time
// endpoint, JSON {"unix_ms": N}: a path on the page's origin, or the
// page's API on another origin), bypassing the cache. When the endpoint
// gives no usable answer it keeps the Date header of the last same-origin
// answer for the 1-second fallback (across origins Date is not readable).
func ClockSamples(url string, n int, timeoutMS int) ClockResult {
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
		init, cleanup := fetchInit("GET", requestMode(url), timeoutMS, nil, "")
		send := NowMS()
		var p js.Value
		if !try(func() { p = fetch.Invoke(url, init) }) {
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
