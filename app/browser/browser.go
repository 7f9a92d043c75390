// Package browser is the adapter between the page and the browser: it is the
// only package that touches syscall/js (in its _js.go files) and it turns JS
// values into plain Go at the edge. Natively (prerendering on the server,
// tests) every function answers "unknown" or does nothing.
package browser

import "wpscheck/app/diagnosis"

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

// Response is the answer to a JSON request.
type Response struct {
	// Status is the HTTP status; 0 when the request failed (Err says why).
	Status int
	Body   []byte
	Err    string
	// Date and Age are the answer's headers of those names ("" when absent
	// or, across origins, not exposed); SendMS and ReceiveMS (Date.now())
	// bracket the request, for a clock estimate from Date.
	Date, Age         string
	SendMS, ReceiveMS int64
}

// storedForm returns how the page writes value to localStorage.
//
// go-app v9.8.0 reads every localStorage item with encoding/json when its
// engine starts, right after the page's first render, and once a minute
// after that: it looks for its own expired states (store.Cleanup). An item
// that is a JSON object or array, like the kept config, costs a reflection
// decode of the whole value on the main thread, and V8 compiles
// encoding/json's object decoder and type walker for it. A value that
// starts like one ('{' or '[') is therefore written behind a '~', which
// stops that decode at the first byte. A value that starts with '~' gets
// one too, so that storedValue gives back exactly what was written.
func storedForm(value string) string {
	if value != "" && (value[0] == '{' || value[0] == '[' || value[0] == '~') {
		return "~" + value
	}
	return value
}

// storedValue returns the value of a localStorage item written by
// storedForm. An item written before storedForm existed never starts with
// '~' and reads as it is.
func storedValue(item string) string {
	if len(item) > 0 && item[0] == '~' {
		return item[1:]
	}
	return item
}
