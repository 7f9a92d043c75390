package diagnosis

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OffsetPhrase says in plain words how far the device clock is off, e.g.
// "快了 7 分 12 秒 ± 0.02 秒" / "7 min 12 s fast ± 0.02 s". OffsetMS is
// server − client, so a negative offset means the device clock is fast.
// An unknown estimate gives an empty Text.
func OffsetPhrase(c ClockEstimate) Text {
	if !c.Known {
		return Text{}
	}
	abs := absInt64(c.OffsetMS)
	zh, en := durationWords(abs)
	unc := uncertaintyWords(c.UncertaintyMS)
	if abs < 1000 && abs <= c.UncertaintyMS {
		// The offset is inside the measurement's own error: say only what
		// was measured (a large ± on a slow link must not read as "< 1 s").
		return Text{ZH: "与服务器一致（误差在 ± " + unc + " 秒以内）", EN: "matches the server (within ± " + unc + " s)"}
	}
	if c.OffsetMS < 0 {
		return Text{ZH: "快了 " + zh + " ± " + unc + " 秒", EN: en + " fast ± " + unc + " s"}
	}
	return Text{ZH: "慢了 " + zh + " ± " + unc + " 秒", EN: en + " slow ± " + unc + " s"}
}

// durationWords renders a non-negative duration in ms with the two largest
// units (days, hours, minutes, seconds).
func durationWords(ms int64) (zh, en string) {
	if ms < 60_000 {
		s := strconv.FormatInt(ms/1000, 10) + "." + strconv.FormatInt(ms%1000/100, 10)
		return s + " 秒", s + " s"
	}
	sec := (ms + 500) / 1000
	d, h, m, s := sec/86400, sec%86400/3600, sec%3600/60, sec%60
	type part struct {
		n      int64
		zh, en string
	}
	parts := []part{{d, " 天", " d"}, {h, " 小时", " h"}, {m, " 分", " min"}, {s, " 秒", " s"}}
	first := 0
	for first < len(parts)-1 && parts[first].n == 0 {
		first++
	}
	var zb, eb []string
	for i := first; i < len(parts) && i < first+2; i++ {
		if i > first && parts[i].n == 0 {
			break
		}
		n := strconv.FormatInt(parts[i].n, 10)
		zb = append(zb, n+parts[i].zh)
		eb = append(eb, n+parts[i].en)
	}
	return strings.Join(zb, " "), strings.Join(eb, " ")
}

// uncertaintyWords renders an uncertainty in seconds with two decimals
// (at least 0.01).
func uncertaintyWords(ms int64) string {
	if ms < 10 {
		ms = 10
	}
	cs := (ms + 5) / 10 // centiseconds
	frac := strconv.FormatInt(cs%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return strconv.FormatInt(cs/100, 10) + "." + frac
}

// ParseVantage reads the server's /api/status answer defensively:
// {"known":bool,"age_seconds":N,"endpoints":{"<id>":{"status":"ok"}}} (an
// endpoint may also map straight to a status string). Unknown statuses and
// bad ids are dropped; anything unreadable is an unknown Vantage.
func ParseVantage(data []byte) Vantage {
	var raw struct {
		Known      bool                       `json:"known"`
		AgeSeconds int64                      `json:"age_seconds"`
		Endpoints  map[string]json.RawMessage `json:"endpoints"`
	}
	if len(data) == 0 || len(data) > MaxReportBytes || json.Unmarshal(data, &raw) != nil || !raw.Known {
		return Vantage{}
	}
	if raw.AgeSeconds < 0 || raw.AgeSeconds > MaxVantageAgeSeconds {
		return Vantage{}
	}
	v := Vantage{Known: true, AgeSeconds: raw.AgeSeconds, Endpoints: map[string]ProbeStatus{}}
	for id, msg := range raw.Endpoints {
		if !validCheckID(id) || len(v.Endpoints) >= MaxEndpoints {
			continue
		}
		var st ProbeStatus
		var obj struct {
			Status ProbeStatus `json:"status"`
		}
		if json.Unmarshal(msg, &obj) == nil && obj.Status != "" {
			st = obj.Status
		} else if json.Unmarshal(msg, &st) != nil {
			continue
		}
		if st.Valid() && st != StatusPending {
			v.Endpoints[id] = st
		}
	}
	if len(v.Endpoints) == 0 {
		return Vantage{}
	}
	return v
}

// Banner is an operator's notice shown at the top of the page until it
// expires (e.g. "WPS login is down in some regions, we are on it").
type Banner struct {
	Text Text `json:"text"`
	// Level is "info" or "warn".
	Level string `json:"level"`
	// ExpiresUnixMS is when to stop showing it (0: no expiry).
	ExpiresUnixMS int64 `json:"expires_unix_ms"`
}

// PageConfig is what the page takes from the server's /api/config.
type PageConfig struct {
	// Catalog is nil when the server gave none or a bad one (use the default).
	Catalog    []Endpoint
	Thresholds Thresholds
	// Banner is nil when there is none.
	Banner *Banner
	// UploadEnabled says whether POST /api/reports accepts reports.
	UploadEnabled bool
}

// ParseConfig reads /api/config defensively: a catalog that fails
// ValidateCatalog is dropped, thresholds are normalized, a banner with no
// text is dropped. Unreadable input gives the zero PageConfig (defaults).
func ParseConfig(data []byte) PageConfig {
	var raw struct {
		Catalog       []Endpoint `json:"catalog"`
		Thresholds    Thresholds `json:"thresholds"`
		Banner        *Banner    `json:"banner"`
		UploadEnabled bool       `json:"upload_enabled"`
	}
	if len(data) == 0 || len(data) > MaxReportBytes || json.Unmarshal(data, &raw) != nil {
		return PageConfig{}
	}
	c := PageConfig{Thresholds: raw.Thresholds.Normalized(), UploadEnabled: raw.UploadEnabled}
	if len(raw.Catalog) > 0 && ValidateCatalog(raw.Catalog) == nil {
		c.Catalog = raw.Catalog
	}
	if b := raw.Banner; b != nil && (strings.TrimSpace(b.Text.ZH) != "" || strings.TrimSpace(b.Text.EN) != "") {
		if b.Level != "warn" {
			b.Level = "info"
		}
		b.Text.ZH = truncateUTF8(b.Text.ZH, 500)
		b.Text.EN = truncateUTF8(b.Text.EN, 500)
		c.Banner = b
	}
	return c
}

// Active reports whether the banner should show at nowMS.
func (b *Banner) Active(nowMS int64) bool {
	return b != nil && (b.ExpiresUnixMS == 0 || nowMS < b.ExpiresUnixMS)
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
