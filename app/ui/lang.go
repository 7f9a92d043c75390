package ui

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"wpscheck/app/browser"
	"wpscheck/app/i18n"
)

// Keys of what the pages remember in localStorage.
const (
	storeLang  = "wpscheck.lang"
	storeOS    = "wpscheck.os"
	storeQueue = "wpscheck.upload_queue"
	// storeQueueSig is the ticket signature of the queued report.
	storeQueueSig = "wpscheck.upload_queue_sig"
)

// maxParamLen bounds every URL parameter the pages read.
const maxParamLen = 64

// param reads a URL parameter, ignoring values longer than maxParamLen.
func param(q url.Values, name string) string {
	v := q.Get(name)
	if len(v) > maxParamLen {
		return ""
	}
	return strings.TrimSpace(v)
}

// browserURL is the address of the page the browser shows; an unreadable
// one (or none, outside a browser) is the empty URL.
func browserURL() *url.URL {
	u, err := url.Parse(browser.PageURL())
	if err != nil {
		return &url.URL{}
	}
	return u
}

// pageLang is the language a page is shown in: ?lang= first; in a browser
// then the choice kept from an earlier visit, then the browser's own
// preference; on the server (which chose the language from Accept-Language
// and put it in ?lang=) Chinese.
func pageLang(q url.Values) i18n.Lang {
	if l, ok := i18n.Parse(param(q, "lang")); ok {
		return l
	}
	if !app.IsClient {
		return i18n.ZH
	}
	if l, ok := i18n.Parse(browser.StorageGet(storeLang)); ok {
		return l
	}
	return i18n.Preferred(browser.Languages())
}
