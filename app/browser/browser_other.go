//go:build !js

package browser

import "wpscheck/app/diagnosis"

// Languages returns nil outside a browser.
func Languages() []string { return nil }

// SetRootAttr does nothing outside a browser.
func SetRootAttr(name, value string) {}

// RootAttr finds no attribute outside a browser.
func RootAttr(name string) (value string, ok bool) { return "", false }

// RemoveRootAttr does nothing outside a browser.
func RemoveRootAttr(name string) {}

// Warming reports false outside a browser.
func Warming() bool { return false }

// WarmLang returns "" outside a browser.
func WarmLang() string { return "" }

// WarmResult does nothing outside a browser.
func WarmResult(cold int) {}

// NowMS returns 0 outside a browser.
func NowMS() int64 { return 0 }

// StartProbe reports a probe that never started outside a browser.
func StartProbe(id, url string, sameOrigin bool, timeoutMS int) (wait func() diagnosis.ProbeObservation) {
	return func() diagnosis.ProbeObservation { return diagnosis.ProbeObservation{EndpointID: id} }
}

// ResetTimings does nothing outside a browser.
func ResetTimings() {}

// ClockSamples gathers nothing outside a browser.
func ClockSamples(url string, n int, timeoutMS int) ClockResult { return ClockResult{} }

// Environment is all unknown outside a browser.
func Environment() diagnosis.Environment {
	return diagnosis.Environment{OnLine: diagnosis.Unknown, CookiesEnabled: diagnosis.Unknown,
		StorageUsable: diagnosis.Unknown, SecureContext: diagnosis.Unknown}
}

// OnOnline does nothing outside a browser.
func OnOnline(fn func()) (cancel func()) { return func() {} }

// OnOffline does nothing outside a browser.
func OnOffline(fn func()) (cancel func()) { return func() {} }

// Online reports true outside a browser.
func Online() bool { return true }

// StorageGet returns "" outside a browser.
func StorageGet(key string) string { return "" }

// StorageSet keeps nothing outside a browser.
func StorageSet(key, value string) bool { return false }

// SessionGet returns "" outside a browser.
func SessionGet(key string) string { return "" }

// SessionSet keeps nothing outside a browser.
func SessionSet(key, value string) bool { return false }

// FetchDownload fails outside a browser.
func FetchDownload(path string, headers map[string]string, name string, timeoutMS int) int { return 0 }

// CopyText copies nothing outside a browser.
func CopyText(text string) bool { return false }

// Download offers nothing outside a browser.
func Download(name, mime, data string) bool { return false }

// RegisterReport does nothing outside a browser.
func RegisterReport(fn func() string) {}

// Request fails outside a browser.
func Request(method, url string, headers map[string]string, body string, timeoutMS int) Response {
	return Response{Err: "not in a browser"}
}

// PageURL returns "" outside a browser.
func PageURL() string { return "" }

// MetaContent returns "" outside a browser.
func MetaContent(name string) string { return "" }

// PagePath returns "" outside a browser.
func PagePath() string { return "" }

// Mark does nothing outside a browser.
func Mark(name string) {}

// Yield returns at once outside a browser.
func Yield() {}

// Pace returns at once outside a browser.
func Pace() {}

// WhenNear calls fn at once outside a browser.
func WhenNear(id string, marginPx int, fn func()) (stop func()) {
	fn()
	return func() {}
}
