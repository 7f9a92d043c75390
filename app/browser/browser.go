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
