package browser

import (
	"strings"
	"syscall/js"
	"time"

	"wpscheck/app/diagnosis"
)

// Environment reads what the browser says about itself. Whatever API is
// missing or throws is reported as unknown.
func Environment() diagnosis.Environment {
	env := diagnosis.Environment{OnLine: diagnosis.Unknown, CookiesEnabled: diagnosis.Unknown,
		StorageUsable: diagnosis.Unknown, SecureContext: diagnosis.Unknown}
	nav := global("navigator")
	if nav.Truthy() {
		try(func() { env.UserAgent = jsString(nav.Get("userAgent")) })
		try(func() {
			if v := nav.Get("onLine"); v.Type() == js.TypeBoolean {
				env.OnLine = diagnosis.TriOf(v.Bool())
			}
		})
		try(func() {
			if v := nav.Get("maxTouchPoints"); v.Type() == js.TypeNumber {
				env.MaxTouchPoints = v.Int()
			}
		})
		env.Hints = clientHints(nav)
	}
	// Each step below can hold the main thread for a while the first time
	// (the cookie jar, storage, the time zone where there is no Temporal):
	// they are paced into tasks of their own.
	Pace()
	env.Languages = Languages()
	env.CookiesEnabled = cookieTest(nav)
	Pace()
	env.StorageUsable = storageTest()
	Pace()
	try(func() {
		if v := global("isSecureContext"); v.Type() == js.TypeBoolean {
			env.SecureContext = diagnosis.TriOf(v.Bool())
		}
	})
	env.TimeZone = timeZoneName()
	try(func() { env.TZOffsetMinutes = global("Date").New().Call("getTimezoneOffset").Int() })
	return env
}

// timeZoneName returns the IANA name of the device's time zone ("" when
// the browser gives none). Temporal.Now.timeZoneId() reads it in about 3 ms
// in Chromium 156; the first Intl.DateTimeFormat, the fallback where there
// is no Temporal, takes 40–60 ms there, as it first loads the browser's
// date-format data, and four times that on a slow phone.
func timeZoneName() string {
	var name string
	try(func() {
		if t := global("Temporal"); t.Truthy() {
			if now := t.Get("Now"); now.Truthy() && now.Get("timeZoneId").Type() == js.TypeFunction {
				name = jsString(now.Call("timeZoneId"))
			}
		}
	})
	if name != "" {
		return name
	}
	try(func() {
		if intl := global("Intl"); intl.Truthy() {
			name = jsString(intl.Get("DateTimeFormat").Invoke().Call("resolvedOptions").Get("timeZone"))
		}
	})
	return name
}

// clientHints reads navigator.userAgentData and its high-entropy values.
func clientHints(nav js.Value) *diagnosis.ClientHints {
	var uad js.Value
	if !try(func() { uad = nav.Get("userAgentData") }) || !uad.Truthy() {
		return nil
	}
	h := &diagnosis.ClientHints{}
	try(func() {
		h.Platform = jsString(uad.Get("platform"))
		h.Mobile = uad.Get("mobile").Truthy()
		if bs := uad.Get("brands"); bs.Truthy() {
			for i := 0; i < bs.Length() && i < 10; i++ {
				b := bs.Index(i)
				h.Brands = append(h.Brands, diagnosis.Brand{Brand: jsString(b.Get("brand")), Version: jsString(b.Get("version"))})
			}
		}
	})
	if uad.Get("getHighEntropyValues").Type() != js.TypeFunction {
		return h
	}
	var p js.Value
	if !try(func() {
		keys := global("Array").New("platformVersion", "model")
		p = uad.Call("getHighEntropyValues", keys)
	}) {
		return h
	}
	if s := await(p, 1500*time.Millisecond); s.ok && s.value.Type() == js.TypeObject {
		try(func() {
			h.PlatformVersion = jsString(s.value.Get("platformVersion"))
			h.Model = jsString(s.value.Get("model"))
			if pl := jsString(s.value.Get("platform")); pl != "" {
				h.Platform = pl
			}
		})
	}
	return h
}

// cookieTest writes, reads and removes a first-party test cookie.
func cookieTest(nav js.Value) diagnosis.Tri {
	res := diagnosis.Unknown
	try(func() {
		doc := global("document")
		if !doc.Truthy() {
			return
		}
		const name = "wpscheck_cookie_test"
		doc.Set("cookie", name+"=1; path=/; SameSite=Strict")
		got := strings.Contains(jsString(doc.Get("cookie")), name+"=1")
		doc.Set("cookie", name+"=; path=/; SameSite=Strict; max-age=0")
		if got {
			res = diagnosis.Yes
			return
		}
		res = diagnosis.No
	})
	if res == diagnosis.Unknown && nav.Truthy() {
		try(func() {
			if v := nav.Get("cookieEnabled"); v.Type() == js.TypeBoolean {
				res = diagnosis.TriOf(v.Bool())
			}
		})
	}
	return res
}

// storageTest does a localStorage write/read/remove round trip.
func storageTest() diagnosis.Tri {
	res := diagnosis.No
	ok := try(func() {
		ls := global("localStorage")
		if !ls.Truthy() {
			return
		}
		const k = "wpscheck_storage_test"
		ls.Call("setItem", k, "1")
		v := ls.Call("getItem", k)
		ls.Call("removeItem", k)
		if jsString(v) == "1" {
			res = diagnosis.Yes
		}
	})
	if !ok {
		return diagnosis.No
	}
	return res
}
