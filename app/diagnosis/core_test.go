package diagnosis

import (
	"strings"
	"testing"

	"wpscheck/app/i18n"
	"wpscheck/app/strict"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultCatalog(t *testing.T) {
	c := DefaultCatalog()
	require.NoError(t, ValidateCatalog(c))
	roles := map[Role][]string{}
	for _, e := range c {
		roles[e.Role] = append(roles[e.Role], hostOf(e.URL))
		assert.NotEmpty(t, e.Label.ZH, e.ID)
		assert.NotEmpty(t, e.Label.EN, e.ID)
	}
	assert.Equal(t, []string{"/api/time"}, roles[RoleControl])
	assert.Equal(t, []string{"www.baidu.com", "www.microsoft.com"}, roles[RoleBaseline])
	assert.Equal(t, []string{"account.wps.cn", "account.wps.com"}, roles[RoleLogin])
	assert.Equal(t, []string{"www.wps.cn", "www.kdocs.cn"}, roles[RoleWeb])
	assert.Equal(t, []string{"drive.wps.cn", "qing.wps.cn"}, roles[RoleCloud])
	assert.Equal(t, []string{"api.wps.cn"}, roles[RoleAPI])
	assert.Equal(t, []string{"www.wps.com"}, roles[RoleIntl])
	// A copy: changing it does not change the compiled-in list.
	c[0].URL = "/x"
	assert.Equal(t, TimePath, DefaultCatalog()[0].URL)
	assert.Equal(t, "WPS 云盘", Label(nil, EndpointDrive).ZH)
	assert.Equal(t, "custom", Label(nil, "custom").EN)
}

func TestChangedEndpoints(t *testing.T) {
	def := DefaultCatalog()
	moved := DefaultCatalog()
	moved[3].URL = "https://account.example.cn/favicon.ico"
	extra := append(DefaultCatalog(), Endpoint{ID: "sso", URL: "https://sso.example.cn/", Role: RoleLogin})
	relabelled := DefaultCatalog()
	relabelled[1].Label = i18n.Text{ZH: "百度", EN: "Baidu"}
	reroled := DefaultCatalog()
	reroled[2].Role = RoleIntl
	ids := func(es []Endpoint) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name       string
		cur, fresh []Endpoint
		want       []string
	}{
		{"same catalog: nothing to probe again", def, DefaultCatalog(), nil},
		{"a label is not a probe", def, relabelled, nil},
		{"a moved URL is probed again", def, moved, []string{moved[3].ID}},
		{"a new role is probed again", def, reroled, []string{reroled[2].ID}},
		{"a new endpoint is probed", def, extra, []string{"sso"}},
		{"fewer endpoints: nothing new", def, def[:3], nil},
		{"from nothing: everything, in order", nil, def[:3], ids(def[:3])},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ids(ChangedEndpoints(tc.cur, tc.fresh)))
		})
	}
}

func TestOSDesktop(t *testing.T) {
	for _, o := range AllOS() {
		want := o == OSWindows || o == OSMacOS || o == OSLinux || o == OSChromeOS
		assert.Equal(t, want, o.Desktop(), o)
		assert.True(t, o.Valid())
	}
	assert.False(t, OSUnknown.Desktop())
	assert.False(t, OS("default").Valid())
}

func TestValidateCatalog(t *testing.T) {
	ok := Endpoint{ID: "a", URL: "https://a.example/", Role: RoleWeb}
	tests := []struct {
		name  string
		c     []Endpoint
		field string
	}{
		{"empty", nil, "catalog"},
		{"too many", make([]Endpoint, MaxEndpoints+1), "catalog"},
		{"bad id", []Endpoint{{ID: "A B", URL: "https://a/", Role: RoleWeb}}, "catalog[0].id"},
		{"duplicate id", []Endpoint{ok, ok}, "catalog[1].id"},
		{"bad role", []Endpoint{{ID: "a", URL: "https://a/", Role: "dns"}}, "catalog[0].role"},
		{"http", []Endpoint{{ID: "a", URL: "http://a/", Role: RoleWeb}}, "catalog[0].url"},
		{"no host", []Endpoint{{ID: "a", URL: "https:///x", Role: RoleWeb}}, "catalog[0].url"},
		{"credentials", []Endpoint{{ID: "a", URL: "https://u@a/", Role: RoleWeb}}, "catalog[0].url"},
		{"space", []Endpoint{{ID: "a", URL: "https://a/ b", Role: RoleWeb}}, "catalog[0].url"},
		{"long", []Endpoint{{ID: "a", URL: "https://a/" + strings.Repeat("x", 600), Role: RoleWeb}}, "catalog[0].url"},
		{"control absolute", []Endpoint{{ID: "c", URL: "https://a/api/time", Role: RoleControl}}, "catalog[0].url"},
		{"control protocol-relative", []Endpoint{{ID: "c", URL: "//evil/api/time", Role: RoleControl}}, "catalog[0].url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateCatalog(tt.c)
			var fe *strict.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
	assert.NoError(t, ValidateCatalog([]Endpoint{ok, {ID: "c", URL: "/api/time", Role: RoleControl}}))
}

func TestClassify(t *testing.T) {
	d := Thresholds{}
	tests := []struct {
		name string
		o    ProbeObservation
		t    Thresholds
		want ProbeStatus
	}{
		{"not started", ProbeObservation{}, d, StatusPending},
		{"running", ProbeObservation{Started: true, ElapsedMS: 900}, d, StatusPending},
		{"fast", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 1999}, d, StatusOK},
		{"at the slow threshold", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 2000}, d, StatusSlow},
		{"6 s", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 6000}, d, StatusSlow},
		{"after 6 s but before the timeout", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 7999}, d, StatusSlow},
		{"resolved at the timeout", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 8000}, d, StatusTimeout},
		{"aborted", ProbeObservation{Started: true, TimedOut: true, Error: "TimeoutError", ElapsedMS: 8001}, d, StatusTimeout},
		{"rejected", ProbeObservation{Started: true, Error: "TypeError: Failed to fetch", ElapsedMS: 35}, d, StatusFail},
		{"rejected after the timeout", ProbeObservation{Started: true, Error: "TypeError", ElapsedMS: 9000}, d, StatusTimeout},
		{"custom slow", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 600}, Thresholds{SlowMS: 500, TimeoutMS: 3000}, StatusSlow},
		{"custom timeout", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 3000}, Thresholds{SlowMS: 500, TimeoutMS: 3000}, StatusTimeout},
		{"bad custom pair falls back", ProbeObservation{Started: true, Resolved: true, ElapsedMS: 1500}, Thresholds{SlowMS: 5000, TimeoutMS: 1000}, StatusOK},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Classify(tt.o, tt.t), tt.name)
	}
}

func TestThresholdsNormalized(t *testing.T) {
	assert.Equal(t, DefaultThresholds(), Thresholds{}.Normalized())
	assert.Equal(t, DefaultThresholds(), Thresholds{SlowMS: -1, TimeoutMS: -1, ClockWarnMS: -1, ClockFailMS: -1}.Normalized())
	got := Thresholds{ClockWarnMS: 200_000, ClockFailMS: 100_000}.Normalized()
	assert.Equal(t, int64(30_000), got.ClockWarnMS)
	assert.Equal(t, int64(120_000), got.ClockFailMS)
	custom := Thresholds{SlowMS: 1000, TimeoutMS: 5000, ClockWarnMS: 60_000, ClockFailMS: 300_000}
	assert.Equal(t, custom, custom.Normalized())
}

func TestChecks(t *testing.T) {
	in := Input{Probes: []ProbeObservation{
		obs(EndpointAccountCN, StatusFail, 20),
		{EndpointID: "not-in-catalog", Started: true, Resolved: true},
		obs(EndpointDrive, StatusTimeout, 8000),
		{EndpointID: EndpointQing, Started: true, Error: "bad\x00line\nbreak \xff " + strings.Repeat("é", 200), ElapsedMS: 50},
		obs(EndpointAPI, StatusFail, 10),
		obs(EndpointAPI, StatusOK, 80), // the last observation wins
		{EndpointID: EndpointWebWPS, Started: true, Resolved: true, ElapsedMS: -5},
	}}
	cs := in.Checks()
	require.Len(t, cs, len(DefaultCatalog()))
	byID := map[string]CheckResult{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	assert.Equal(t, StatusPending, byID[EndpointControl].Status)
	assert.Equal(t, CheckResult{ID: EndpointAccountCN, Role: RoleLogin, Status: StatusFail, LatencyMS: 20, Detail: "TypeError: Failed to fetch"}, byID[EndpointAccountCN])
	assert.Equal(t, "timeout after 8000 ms", byID[EndpointDrive].Detail)
	q := byID[EndpointQing].Detail
	assert.LessOrEqual(t, len(q), MaxDetailBytes)
	assert.True(t, strings.HasPrefix(q, "bad line break"), q)
	assert.NotContains(t, q, "\n")
	assert.Equal(t, StatusOK, byID[EndpointAPI].Status)
	assert.Equal(t, "", byID[EndpointAPI].Detail)
	assert.Equal(t, int64(0), byID[EndpointWebWPS].LatencyMS)
	assert.True(t, StatusOK.Reachable() && StatusSlow.Reachable() && !StatusFail.Reachable())
	assert.True(t, StatusFail.Bad() && StatusTimeout.Bad() && !StatusPending.Bad())
}

func TestEstimateClock(t *testing.T) {
	const base = int64(1_760_428_800_000)
	tests := []struct {
		name    string
		samples []ClockSample
		want    ClockEstimate
	}{
		{"none", nil, ClockEstimate{Source: ClockSourceNone}},
		{"min RTT wins", []ClockSample{
			{base, base + 300, base + 5150},  // rtt 300
			{base, base + 80, base + 5040},   // rtt 80: offset 5040-40 = 5000
			{base, base + 120, base + 4000},  // rtt 120
			{base, base - 10, base + 99999},  // negative rtt: ignored
			{base, base + 70_000, base + 10}, // implausible rtt: ignored
			{base, base + 50, 0},             // no server time: ignored
		}, ClockEstimate{Known: true, OffsetMS: 5000, UncertaintyMS: 40, RTTMS: 80, Samples: 3, Source: ClockSourceTimeAPI}},
		{"first sample wins a tie", []ClockSample{
			{base, base + 100, base - 60_000 + 50},
			{base, base + 100, base + 50},
		}, ClockEstimate{Known: true, OffsetMS: -60_000, UncertaintyMS: 50, RTTMS: 100, Samples: 2, Source: ClockSourceTimeAPI}},
		{"odd RTT rounds half away from zero", []ClockSample{{base, base + 3, base + 3}},
			ClockEstimate{Known: true, OffsetMS: 2, UncertaintyMS: 2, RTTMS: 3, Samples: 1, Source: ClockSourceTimeAPI}},
		{"negative odd rounding", []ClockSample{{base, base + 3, base - 2}},
			ClockEstimate{Known: true, OffsetMS: -4, UncertaintyMS: 2, RTTMS: 3, Samples: 1, Source: ClockSourceTimeAPI}},
		{"garbage epoch", []ClockSample{{1 << 62, 1<<62 + 5, 1 << 62}}, ClockEstimate{Source: ClockSourceNone}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, EstimateClock(tt.samples), tt.name)
	}
}

func TestEstimateFromDateHeader(t *testing.T) {
	send := int64(1_760_428_800_000) // 2025-10-14 08:00:00 UTC
	tests := []struct {
		name   string
		header string
		send   int64
		recv   int64
		known  bool
		offset int64
		unc    int64
	}{
		{"IMF-fixdate, in sync", "Tue, 14 Oct 2025 08:00:00 GMT", send, send + 200, true, 400, 600},
		{"IMF-fixdate, 3 min behind", "Tue, 14 Oct 2025 08:03:00 GMT", send, send, true, 180_500, 500},
		{"RFC 850", "Tuesday, 14-Oct-25 08:00:00 GMT", send, send, true, 500, 500},
		{"asctime", "Tue Oct 14 08:00:00 2025", send, send, true, 500, 500},
		{"garbage", "yesterday", send, send, false, 0, 0},
		{"too long", strings.Repeat("x", 100), send, send, false, 0, 0},
		{"receive before send", "Tue, 14 Oct 2025 08:00:00 GMT", send, send - 1, false, 0, 0},
		{"no send time", "Tue, 14 Oct 2025 08:00:00 GMT", 0, 10, false, 0, 0},
	}
	for _, tt := range tests {
		c := EstimateFromDateHeader(tt.header, tt.send, tt.recv)
		assert.Equal(t, tt.known, c.Known, tt.name)
		if tt.known {
			assert.Equal(t, tt.offset, c.OffsetMS, tt.name)
			assert.Equal(t, tt.unc, c.UncertaintyMS, tt.name)
			assert.GreaterOrEqual(t, c.UncertaintyMS, int64(500), tt.name)
			assert.Equal(t, ClockSourceDateHeader, c.Source)
		} else {
			assert.Equal(t, ClockSourceNone, c.Source)
		}
	}
}

// TestEstimateFromCachedDate: an answer a CDN kept for Age seconds carries
// the origin's old Date; Date + Age is the origin's time when it left the
// cache, known to within two seconds (both fields truncate).
func TestEstimateFromCachedDate(t *testing.T) {
	send := int64(1_760_428_800_000) // 2025-10-14 08:00:00 UTC
	const tenMinAgo = "Tue, 14 Oct 2025 07:50:00 GMT"
	tests := []struct {
		name   string
		header string
		age    int64
		send   int64
		recv   int64
		known  bool
		offset int64
		unc    int64
	}{
		{"no Age: as a fresh Date", "Tue, 14 Oct 2025 08:00:00 GMT", -1, send, send + 200, true, 400, 600},
		{"Age 0: the window is two seconds", "Tue, 14 Oct 2025 08:00:00 GMT", 0, send, send + 200, true, 900, 1100},
		{"kept 10 min, clock in sync", tenMinAgo, 600, send, send + 200, true, 900, 1100},
		{"kept 10 min, Age ignored would read 10 min slow", tenMinAgo, -1, send, send, true, -599_500, 500},
		{"kept 10 min, device 3 min fast", tenMinAgo, 600, send + 180_000, send + 180_000, true, -179_000, 1000},
		{"Age beyond a day", tenMinAgo, MaxCacheAgeSeconds + 1, send, send, false, 0, 0},
		{"bad Date", "yesterday", 600, send, send, false, 0, 0},
		{"receive before send", tenMinAgo, 600, send, send - 1, false, 0, 0},
	}
	for _, tt := range tests {
		c := EstimateFromCachedDate(tt.header, tt.age, tt.send, tt.recv)
		assert.Equal(t, tt.known, c.Known, tt.name)
		if !tt.known {
			assert.Equal(t, ClockSourceNone, c.Source, tt.name)
			continue
		}
		assert.Equal(t, tt.offset, c.OffsetMS, tt.name)
		assert.Equal(t, tt.unc, c.UncertaintyMS, tt.name)
		assert.Equal(t, ClockSourceDateHeader, c.Source, tt.name)
	}
	// A cached Date with its Age judges a right clock right; without
	// the Age it would have failed the same clock.
	th := DefaultThresholds()
	assert.Equal(t, ClockOK, EstimateFromCachedDate(tenMinAgo, 600, send, send+50).Verdict(th))
	assert.Equal(t, ClockFail, EstimateFromCachedDate(tenMinAgo, -1, send, send+50).Verdict(th))
}

func TestParseAge(t *testing.T) {
	for in, want := range map[string]int64{
		"": -1, "0": 0, "600": 600, " 42 ": 42, "-1": -1, "+5": -1, "1.5": -1, "12a": -1,
		"99999999999": -1, "86400": 86400,
	} {
		assert.Equal(t, want, ParseAge(in), "%q", in)
	}
}

func TestClockVerdict(t *testing.T) {
	k := func(off, unc int64) ClockEstimate {
		return ClockEstimate{Known: true, OffsetMS: off, UncertaintyMS: unc, Source: ClockSourceTimeAPI}
	}
	tests := []struct {
		c    ClockEstimate
		t    Thresholds
		want ClockVerdict
	}{
		{ClockEstimate{}, Thresholds{}, ClockUnknown},
		{k(0, 20), Thresholds{}, ClockOK},
		{k(29_999, 0), Thresholds{}, ClockOK},
		{k(-30_000, 0), Thresholds{}, ClockWarn},
		{k(30_400, 500), Thresholds{}, ClockOK}, // could be under 30 s
		{k(119_000, 100), Thresholds{}, ClockWarn},
		{k(-120_000, 0), Thresholds{}, ClockFail},
		{k(3600_000, 500), Thresholds{}, ClockFail},
		{k(10_000, 30_000), Thresholds{}, ClockUnknown},
		{k(200_000, 40_000), Thresholds{}, ClockFail},
		{k(65_000, 0), Thresholds{ClockWarnMS: 60_000, ClockFailMS: 600_000}, ClockWarn},
		{k(45_000, 0), Thresholds{ClockWarnMS: 60_000, ClockFailMS: 600_000}, ClockOK},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.c.Verdict(tt.t), "%+v %+v", tt.c, tt.t)
	}
}

func TestAssessTimeZone(t *testing.T) {
	env := func(zone string, jsOffset int) Environment {
		return Environment{TimeZone: zone, TZOffsetMinutes: jsOffset}
	}
	tests := []struct {
		name    string
		offset  int64
		env     Environment
		susp    bool
		ahead   int
		implied int
	}{
		{"8 h ahead, browser says UTC: really Shanghai", -8 * 3600_000, env("UTC", 0), true, 480, 480},
		{"8 h ahead plus 90 s", -8*3600_000 - 90_000, env("UTC", 0), true, 480, 480},
		{"8 h behind, browser says Shanghai: really UTC", 8 * 3600_000, env("Asia/Shanghai", -480), true, -480, 0},
		{"5 h 30 min behind in India", 5*3600_000 + 30*60_000, env("Asia/Kolkata", -330), true, -330, 0},
		{"exactly 15 min", -15 * 60_000, env("Asia/Kathmandu", -345), true, 15, 360},
		{"14 min is a wrong clock", -14 * 60_000, env("UTC", 0), false, 0, 0},
		{"3 min past a quarter hour is a wrong clock", -(8*3600_000 + 3*60_000), env("UTC", 0), false, 0, 0},
		{"2 days is a wrong date", -48 * 3600_000, env("UTC", 0), false, 0, 0},
		{"26 h is still a zone", -26 * 3600_000, env("Pacific/Kiritimati", -840), true, 1560, 2400},
		{"correct clock", 200, env("Asia/Shanghai", -480), false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := AssessTimeZone(ClockEstimate{Known: true, OffsetMS: tt.offset}, tt.env)
			assert.Equal(t, tt.susp, z.Suspected)
			assert.Equal(t, tt.env.TimeZone, z.BrowserZone)
			assert.True(t, z.BrowserOffsetKnown)
			assert.Equal(t, -tt.env.TZOffsetMinutes, z.BrowserUTCOffsetMinutes)
			if tt.susp {
				assert.Equal(t, tt.ahead, z.ClockAheadMinutes)
				assert.Equal(t, tt.implied, z.ImpliedUTCOffsetMinutes)
			}
		})
	}
	z := AssessTimeZone(ClockEstimate{}, Environment{})
	assert.False(t, z.Suspected)
	assert.False(t, z.BrowserOffsetKnown)
	_, known := Environment{}.UTCOffsetMinutes()
	assert.False(t, known)
	off, known := Environment{TZOffsetMinutes: 300}.UTCOffsetMinutes()
	assert.True(t, known)
	assert.Equal(t, -300, off)
}

func TestFormatting(t *testing.T) {
	assert.Equal(t, "UTC+08:00", FormatUTCOffset(480))
	assert.Equal(t, "UTC-03:30", FormatUTCOffset(-210))
	assert.Equal(t, "UTC+00:00", FormatUTCOffset(0))
	assert.Equal(t, "UTC+05:45", FormatUTCOffset(345))
	tests := map[int64]string{
		0:                      "+0 ms",
		-250:                   "-250 ms",
		1234:                   "+1.2 s",
		-59_999:                "-59.9 s",
		185_000:                "+3 min 5 s",
		-8 * 3600_000:          "-8 h",
		5*3600_000 + 29*60_000: "+5 h 29 min",
		-50 * 3600_000:         "-2 d 2 h",
		-(1 << 63):             "-106751991167 d 7 h",
	}
	for ms, want := range tests {
		assert.Equal(t, want, FormatOffset(ms), "%d", ms)
	}
}
