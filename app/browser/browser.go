// Package browser is the adapter between the page and the browser: it is the
// only package that touches syscall/js (in its _js.go files) and it turns JS
// values into plain Go at the edge. Natively (prerendering on the server,
// tests) every function answers "unknown" or does nothing.
package browser
