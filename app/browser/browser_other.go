//go:build !js

package browser

// Languages returns nil outside a browser.
func Languages() []string { return nil }

// SetRootAttr does nothing outside a browser.
func SetRootAttr(name, value string) {}
