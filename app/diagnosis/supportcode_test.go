package diagnosis

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSupportCodeLayoutFits(t *testing.T) {
	p := big.NewInt(1)
	for _, r := range []int{radixVersion, radixOS, radixInApp, radixClock} {
		p.Mul(p, big.NewInt(int64(r)))
	}
	for range defaultCatalog {
		p.Mul(p, big.NewInt(radixStatus))
	}
	p.Mul(p, big.NewInt(1<<symptomBits))
	for i := 0; i < codeFindings; i++ {
		p.Mul(p, big.NewInt(radixFinding))
	}
	limit := new(big.Int).Lsh(big.NewInt(1), 5*codeSymbols)
	assert.True(t, p.Cmp(limit) <= 0, "layout needs %s values, %d symbols hold %s", p, codeSymbols, limit)
	assert.Less(t, len(AllOS()), radixOS)
	assert.LessOrEqual(t, len(AllInApps()), radixInApp-1)
	assert.LessOrEqual(t, len(codeBuckets), radixClock)
	assert.Less(t, len(AllFindingIDs()), radixFinding)
	assert.Equal(t, symptomBits, len(AllSymptoms()))
	assert.Len(t, crockfordSyms, 32)
}

// summaryOf is what a decoded code should say about r.
func summaryOf(r Report) SupportSummary {
	s := SupportSummary{CodeVersion: 1, OS: r.Platform.OS, InApp: r.Platform.InApp, Clock: BucketOf(r.Clock),
		Symptoms: []Symptom{}, Findings: []FindingID{}}
	for _, e := range defaultCatalog {
		st := StatusPending
		for _, c := range r.Checks {
			if c.ID == e.ID {
				st = c.Status
			}
		}
		s.Checks = append(s.Checks, CheckResult{ID: e.ID, Role: e.Role, Status: st})
	}
	for _, sy := range AllSymptoms() {
		for _, x := range r.Symptoms {
			if x == sy {
				s.Symptoms = append(s.Symptoms, sy)
			}
		}
	}
	for _, f := range r.Findings {
		if len(s.Findings) < 3 {
			s.Findings = append(s.Findings, f)
		}
	}
	return s
}

func TestSupportCodeRoundTrip(t *testing.T) {
	for _, sc := range reportScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			r := BuildReport(sc.meta, sc.in)
			code := EncodeSupportCode(r)
			assert.Len(t, code, SupportCodeLen)
			assert.Equal(t, "---", code[4:5]+code[9:10]+code[14:15])
			got, err := DecodeSupportCode(code)
			require.NoError(t, err)
			assert.Equal(t, summaryOf(r), got)
			assert.NotEmpty(t, got.Text(LangZH))
			assert.NotEmpty(t, got.Text(LangEN))
		})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		r := randomReport(rng)
		code := EncodeSupportCode(r)
		got, err := DecodeSupportCode(code)
		require.NoError(t, err, code)
		require.Equal(t, summaryOf(r), got, code)
	}
}

func randomReport(rng *rand.Rand) Report {
	pick := func(n int) int { return rng.IntN(n) }
	oses := append(AllOS(), OSUnknown)
	apps := append(AllInApps(), InAppNone)
	r := Report{Schema: 1, Lang: LangZH, Platform: Platform{OS: oses[pick(len(oses))], InApp: apps[pick(len(apps))],
		Browser: BrowserUnknown, Engine: EngineUnknown}}
	for _, e := range defaultCatalog {
		if pick(6) > 0 {
			r.Checks = append(r.Checks, CheckResult{ID: e.ID, Role: e.Role, Status: codeStatuses[pick(5)]})
		}
	}
	offsets := []int64{0, 31_000, -90_000, 5 * 60_000, -20 * 60_000, 3 * 3600_000, -8 * 3600_000, 3 * 86400_000, -2*86400_000 - 1234567}
	r.Clock = ClockReport{Source: ClockSourceTimeAPI, OffsetMS: offsets[pick(len(offsets))]}
	r.Clock.Verdict = ClockEstimate{Known: true, OffsetMS: r.Clock.OffsetMS, Source: ClockSourceTimeAPI}.Verdict(Thresholds{})
	if pick(5) == 0 {
		r.Clock = ClockReport{Source: ClockSourceNone, Verdict: ClockUnknown}
	}
	for _, s := range AllSymptoms() {
		if pick(3) == 0 {
			r.Symptoms = append(r.Symptoms, s)
		}
	}
	all := AllFindingIDs()
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	r.Findings = all[:pick(5)]
	return r
}

func TestClockBuckets(t *testing.T) {
	c := func(off int64, v ClockVerdict) ClockReport {
		return ClockReport{OffsetMS: off, Verdict: v, Source: ClockSourceTimeAPI}
	}
	tests := []struct {
		c    ClockReport
		want ClockBucket
	}{
		{ClockReport{Verdict: ClockUnknown}, ClockBucketUnknown},
		{ClockReport{}, ClockBucketUnknown},
		{c(1000, ClockOK), ClockBucketOK},
		{c(40_000, ClockWarn), ClockBucketBehind30s},
		{c(-40_000, ClockWarn), ClockBucketAhead30s},
		{c(10_000, ClockWarn), ClockBucketBehind30s}, // custom thresholds
		{c(5*60_000, ClockFail), ClockBucketBehind2m},
		{c(-5*60_000, ClockFail), ClockBucketAhead2m},
		{c(20*60_000, ClockFail), ClockBucketBehind15m},
		{c(-20*60_000, ClockFail), ClockBucketAhead15m},
		{c(3*3600_000+7*60_000, ClockFail), ClockBucketBehind1h},
		{c(-(3*3600_000 + 7*60_000), ClockFail), ClockBucketAhead1h},
		{c(50*3600_000+7*60_000, ClockFail), ClockBucketBehind1d},
		{c(-(50*3600_000 + 7*60_000), ClockFail), ClockBucketAhead1d},
		{c(8*3600_000, ClockFail), ClockBucketZoneBehind},
		{c(-8*3600_000-60_000, ClockFail), ClockBucketZoneAhead},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, BucketOf(tt.c), "%+v", tt.c)
	}
}

func TestDecodeSupportCodeTolerates(t *testing.T) {
	r := BuildReport(reportScenarios()[2].meta, reportScenarios()[2].in)
	code := EncodeSupportCode(r)
	want, err := DecodeSupportCode(code)
	require.NoError(t, err)
	bare := strings.ReplaceAll(code, "-", "")
	variants := []string{
		strings.ToLower(code),
		bare,
		" " + strings.Join(strings.Split(bare, ""), " ") + " ",
		strings.NewReplacer("0", "o", "1", "l").Replace(strings.ToLower(code)),
		strings.NewReplacer("0", "O", "1", "I").Replace(code),
		"\t" + code,
	}
	for _, v := range variants {
		got, err := DecodeSupportCode(v)
		require.NoError(t, err, v)
		assert.Equal(t, want, got, v)
	}
}

// TestDecodeSupportCodeCatchesTypos tries every single-character change and
// every swap of neighbours on many codes: all must be rejected.
func TestDecodeSupportCodeCatchesTypos(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 200; n++ {
		code := strings.ReplaceAll(EncodeSupportCode(randomReport(rng)), "-", "")
		for i := 0; i < len(code); i++ {
			for _, c := range crockfordSyms {
				if byte(c) == code[i] {
					continue
				}
				typo := code[:i] + string(c) + code[i+1:]
				_, err := DecodeSupportCode(typo)
				require.ErrorIs(t, err, ErrSupportCodeCheck, "%s → %s", code, typo)
			}
			if i+1 < len(code) && code[i] != code[i+1] {
				swap := code[:i] + string(code[i+1]) + string(code[i]) + code[i+2:]
				_, err := DecodeSupportCode(swap)
				require.ErrorIs(t, err, ErrSupportCodeCheck, "%s → %s", code, swap)
			}
		}
	}
}

func TestDecodeSupportCodeErrors(t *testing.T) {
	good := EncodeSupportCode(BuildReport(ReportMeta{}, healthy()))
	withCheck := func(data string) string {
		syms := make([]byte, len(data))
		for i := range data {
			syms[i] = byte(strings.IndexByte(crockfordSyms, data[i]))
		}
		return data + string(crockfordSyms[checkSymbol(syms)])
	}
	tests := []struct {
		code string
		err  error
		msg  string
	}{
		{"", ErrSupportCodeLength, "0 symbols"},
		{good[:10], ErrSupportCodeLength, "symbols"},
		{good + "0", ErrSupportCodeLength, "14 symbols"},
		{strings.Repeat("A", 65), ErrSupportCodeLength, "65 characters"},
		{"U" + good[1:], ErrSupportCodeSymbol, `'U' at position 1`},
		{good[:5] + "*" + good[6:], ErrSupportCodeSymbol, "position 6"},
		{good[:3] + "中" + good[4:], ErrSupportCodeSymbol, "中"},
		{withCheck("ZZZZZZZZZZZZ"), ErrSupportCodeInvalid, "out of range"},
		{withCheck("000000000000"), ErrSupportCodeVersion, "version: 0"},
		{codeOf(3 * belowVersion()), ErrSupportCodeVersion, "version: 3"},
		{codeOf(2*belowVersion() - 1), ErrSupportCodeInvalid, "out of range"},
	}
	for _, tt := range tests {
		_, err := DecodeSupportCode(tt.code)
		require.Error(t, err, tt.code)
		assert.True(t, errors.Is(err, tt.err), "%q: %v", tt.code, err)
		assert.Contains(t, err.Error(), tt.msg)
	}
	for _, tt := range tests {
		_, err := DecodeSupportCode(tt.code)
		checkText(t, "code error", DescribeCodeError(err))
	}
	assert.Equal(t, Text{}, DescribeCodeError(nil))
	assert.Contains(t, DescribeCodeError(ErrSupportCodeCheck).ZH, "校验位")
	// Out-of-range fields and findings after a gap are rejected.
	v := uint64(1)
	v = v*radixOS + 9 // reserved OS digit
	v = v*radixInApp + 0
	v = v*radixClock + 0
	for range defaultCatalog {
		v *= radixStatus
	}
	v *= 1 << symptomBits
	v *= radixFinding * radixFinding * radixFinding
	_, err := DecodeSupportCode(codeOf(v))
	assert.ErrorIs(t, err, ErrSupportCodeInvalid)
	v2 := uint64(1)
	for _, r := range []int{radixOS, radixInApp, radixClock} {
		v2 *= uint64(r)
	}
	for range defaultCatalog {
		v2 *= radixStatus
	}
	v2 *= 1 << symptomBits
	v2 = (v2*radixFinding+0)*radixFinding + 1 // a finding after "none"
	v2 *= radixFinding
	_, err = DecodeSupportCode(codeOf(v2))
	assert.ErrorIs(t, err, ErrSupportCodeInvalid)
	v3 := uint64(1)
	for _, r := range []int{radixOS, radixInApp, radixClock} {
		v3 *= uint64(r)
	}
	for range defaultCatalog {
		v3 *= radixStatus
	}
	v3 *= 1 << symptomBits
	v3 = v3*radixFinding + 31 // unknown finding number
	v3 *= radixFinding * radixFinding
	_, err = DecodeSupportCode(codeOf(v3))
	assert.ErrorIs(t, err, ErrSupportCodeInvalid)
}

// belowVersion is the number of codes per version digit.
func belowVersion() uint64 {
	v := uint64(radixOS * radixInApp * radixClock)
	for range defaultCatalog {
		v *= radixStatus
	}
	return v * (1 << symptomBits) * radixFinding * radixFinding * radixFinding
}

func codeOf(v uint64) string {
	syms := make([]byte, codeSymbols)
	for i := codeSymbols - 1; i >= 0; i-- {
		syms[i] = byte(v & 31)
		v >>= 5
	}
	out := make([]byte, 0, codeSymbols+1)
	for _, s := range syms {
		out = append(out, crockfordSyms[s])
	}
	return string(append(out, crockfordSyms[checkSymbol(syms)]))
}

func TestSupportSummaryText(t *testing.T) {
	in := healthy()
	in.Env.UserAgent = uaWeChatHarmonyNext
	in.Symptoms = []Symptom{SymptomAccountLocked}
	s, err := DecodeSupportCode(EncodeSupportCode(BuildReport(ReportMeta{}, in)))
	require.NoError(t, err)
	zh := s.Text(LangZH)
	assert.Contains(t, zh, "系统：鸿蒙 HarmonyOS（微信内置浏览器）")
	assert.Contains(t, zh, "原因：账号被锁定或冻结（account_locked）")
	assert.Contains(t, zh, "用户描述：提示账号被锁定或冻结")
	en := s.Text(LangEN)
	assert.Contains(t, en, "Clock: correct (within 30 s)")
	assert.Contains(t, en, "WPS account login (China) OK")
}

func FuzzDecodeSupportCode(f *testing.F) {
	for _, sc := range reportScenarios() {
		f.Add(EncodeSupportCode(BuildReport(sc.meta, sc.in)))
	}
	f.Add("0000-0000-0000-0")
	f.Add("zzzz zzzz zzzz z")
	f.Add("oIlL-----")
	f.Fuzz(func(t *testing.T, s string) {
		sum, err := DecodeSupportCode(s)
		if err != nil {
			if sum.CodeVersion != 0 {
				t.Fatalf("error with a non-empty summary")
			}
			return
		}
		// A code that decodes re-encodes to the same canonical code.
		r := Report{Schema: 1, Platform: Platform{OS: sum.OS, InApp: sum.InApp}, Checks: sum.Checks,
			Symptoms: sum.Symptoms, Findings: sum.Findings}
		again, err := DecodeSupportCode(EncodeSupportCode(r))
		if err != nil {
			t.Fatalf("re-encoded code does not decode: %v", err)
		}
		if again.OS != sum.OS || again.InApp != sum.InApp || len(again.Findings) != len(sum.Findings) || len(again.Symptoms) != len(sum.Symptoms) {
			t.Fatalf("round trip changed the summary: %+v vs %+v", sum, again)
		}
		for i := range sum.Checks {
			if again.Checks[i] != sum.Checks[i] {
				t.Fatalf("round trip changed check %d", i)
			}
		}
		_ = sum.Text(LangZH)
	})
}

// TestDecodeSupportCodeV1 decodes codes that the version-1 encoder wrote
// (testdata/supportcode_v1.json, produced by the shipped v1 encoder before
// version 2 existed): codes people already hold must keep decoding to what
// they said.
func TestDecodeSupportCodeV1(t *testing.T) {
	b, err := os.ReadFile("testdata/supportcode_v1.json")
	require.NoError(t, err)
	var vecs []struct {
		Code    string         `json:"code"`
		Summary SupportSummary `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(b, &vecs))
	require.GreaterOrEqual(t, len(vecs), 40)
	for _, v := range vecs {
		got, err := DecodeSupportCode(v.Code)
		require.NoError(t, err, v.Code)
		assert.Equal(t, 1, got.CodeVersion, v.Code)
		assert.Equal(t, v.Summary, got, v.Code)
	}
}
