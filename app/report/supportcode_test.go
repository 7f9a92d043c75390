package report

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/i18n/i18ntest"
	"wpscheck/app/kb"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSupportCodeLayoutFits(t *testing.T) {
	for _, l := range []codeLayout{codeV1, codeV2} {
		p := big.NewInt(1)
		for _, r := range []int{radixVersion, l.radixOS, l.radixInApp, l.radixClock} {
			p.Mul(p, big.NewInt(int64(r)))
		}
		for range defaultCatalog {
			p.Mul(p, big.NewInt(radixStatus))
		}
		p.Lsh(p, uint(l.symptomBits))
		for i := 0; i < codeFindings; i++ {
			p.Mul(p, big.NewInt(int64(l.radixFinding)))
		}
		limit := new(big.Int).Lsh(big.NewInt(1), uint(5*l.symbols))
		assert.True(t, p.Cmp(limit) <= 0, "v%d needs %s values, %d symbols hold %s", l.version, p, l.symbols, limit)
		assert.Less(t, len(diagnosis.AllOS()), l.radixOS, "v%d OS", l.version)
		assert.Less(t, l.inApps, l.radixInApp, "v%d in-apps", l.version)
		assert.LessOrEqual(t, l.buckets, l.radixClock, "v%d buckets", l.version)
		assert.Less(t, l.findings, l.radixFinding, "v%d findings", l.version)
		assert.LessOrEqual(t, l.symptoms, l.symptomBits, "v%d symptoms", l.version)
	}
	// Version 2 knows every table entry of today, and leaves room: at least
	// two more clock buckets, more in-apps, symptoms and findings.
	assert.Equal(t, len(diagnosis.AllInApps()), codeV2.inApps)
	assert.Equal(t, len(diagnosis.AllSymptoms()), codeV2.symptoms)
	assert.Equal(t, len(diagnosis.AllFindingIDs()), codeV2.findings)
	assert.LessOrEqual(t, len(codeBuckets)+2, codeV2.radixClock, "room for two more clock buckets")
	assert.Less(t, len(diagnosis.AllInApps())+4, codeV2.radixInApp)
	assert.Less(t, len(diagnosis.AllFindingIDs())+8, codeV2.radixFinding)
	assert.Less(t, len(diagnosis.AllSymptoms())+2, codeV2.symptomBits)
	// Version 1 is frozen: these are the tables' sizes when it shipped.
	assert.Equal(t, codeLayout{version: 1, symbols: 12, radixOS: 10, radixInApp: 8, radixClock: 16, symptomBits: 7, radixFinding: 32,
		inApps: 7, symptoms: 7, findings: 21, buckets: 16}, codeV1)
	assert.Len(t, crockfordSyms, 32)
}

func TestU128(t *testing.T) {
	v := u128{lo: 1}.mulAdd(1<<63, 5).mulAdd(1<<20, 7) // (2^63+5)·2^20+7 spans both words
	want := new(big.Int).Lsh(big.NewInt(1), 63)
	want.Add(want, big.NewInt(5)).Lsh(want, 20).Add(want, big.NewInt(7))
	got := new(big.Int).Lsh(new(big.Int).SetUint64(v.hi), 64)
	got.Add(got, new(big.Int).SetUint64(v.lo))
	assert.Equal(t, want.String(), got.String())
	q, r := v.divMod(1 << 20)
	assert.Equal(t, uint64(7), r)
	q, r = q.divMod(1 << 63)
	assert.Equal(t, uint64(5), r)
	assert.Equal(t, u128{hi: 0, lo: 1}, q)
}

// summaryOf is what a decoded code should say about r.
func summaryOf(r Report) SupportSummary {
	s := SupportSummary{CodeVersion: 2, OS: r.Platform.OS, InApp: r.Platform.InApp, Clock: BucketOf(r.Clock),
		Symptoms: []diagnosis.Symptom{}, Findings: []diagnosis.FindingID{}}
	for _, e := range defaultCatalog {
		st := diagnosis.StatusPending
		for _, c := range r.Checks {
			if c.ID == e.ID {
				st = c.Status
			}
		}
		s.Checks = append(s.Checks, diagnosis.CheckResult{ID: e.ID, Role: e.Role, Status: st})
	}
	for _, sy := range diagnosis.AllSymptoms() {
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
			r := Build(sc.meta, sc.in, diagnosis.Diagnose(sc.in))
			code := EncodeSupportCode(r)
			assert.Len(t, code, SupportCodeLen)
			assert.Equal(t, "----", code[4:5]+code[9:10]+code[14:15]+code[19:20])
			got, err := DecodeSupportCode(code)
			require.NoError(t, err)
			assert.Equal(t, summaryOf(r), got)
			assert.NotEmpty(t, got.Text(i18n.ZH))
			assert.NotEmpty(t, got.Text(i18n.EN))
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
	oses := append(diagnosis.AllOS(), diagnosis.OSUnknown)
	apps := append(diagnosis.AllInApps(), diagnosis.InAppNone)
	r := Report{Schema: 1, Lang: i18n.ZH, Platform: diagnosis.Platform{OS: oses[pick(len(oses))], InApp: apps[pick(len(apps))],
		Browser: diagnosis.BrowserUnknown, Engine: diagnosis.EngineUnknown}}
	for _, e := range defaultCatalog {
		if pick(6) > 0 {
			r.Checks = append(r.Checks, diagnosis.CheckResult{ID: e.ID, Role: e.Role, Status: codeStatuses[pick(5)]})
		}
	}
	offsets := []int64{0, 31_000, -90_000, 5 * 60_000, -20 * 60_000, 3 * 3600_000, -8 * 3600_000, 3 * 86400_000, -2*86400_000 - 1234567}
	r.Clock = ClockReport{Source: diagnosis.ClockSourceTimeAPI, OffsetMS: offsets[pick(len(offsets))]}
	r.Clock.Verdict = diagnosis.ClockEstimate{Known: true, OffsetMS: r.Clock.OffsetMS, Source: diagnosis.ClockSourceTimeAPI}.Verdict(diagnosis.Thresholds{})
	if pick(5) == 0 {
		r.Clock = ClockReport{Source: diagnosis.ClockSourceNone, Verdict: diagnosis.ClockUnknown}
	}
	for _, s := range diagnosis.AllSymptoms() {
		if pick(3) == 0 {
			r.Symptoms = append(r.Symptoms, s)
		}
	}
	all := diagnosis.AllFindingIDs()
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	r.Findings = all[:pick(5)]
	return r
}

func TestClockBuckets(t *testing.T) {
	c := func(off int64, v diagnosis.ClockVerdict) ClockReport {
		return ClockReport{OffsetMS: off, Verdict: v, Source: diagnosis.ClockSourceTimeAPI}
	}
	tests := []struct {
		c    ClockReport
		want ClockBucket
	}{
		{ClockReport{Verdict: diagnosis.ClockUnknown}, ClockBucketUnknown},
		{ClockReport{}, ClockBucketUnknown},
		{c(1000, diagnosis.ClockOK), ClockBucketOK},
		{c(40_000, diagnosis.ClockWarn), ClockBucketBehind30s},
		{c(-40_000, diagnosis.ClockWarn), ClockBucketAhead30s},
		{c(10_000, diagnosis.ClockWarn), ClockBucketBehind30s}, // custom thresholds
		{c(5*60_000, diagnosis.ClockFail), ClockBucketBehind2m},
		{c(-5*60_000, diagnosis.ClockFail), ClockBucketAhead2m},
		{c(20*60_000, diagnosis.ClockFail), ClockBucketBehind15m},
		{c(-20*60_000, diagnosis.ClockFail), ClockBucketAhead15m},
		{c(3*3600_000+7*60_000, diagnosis.ClockFail), ClockBucketBehind1h},
		{c(-(3*3600_000 + 7*60_000), diagnosis.ClockFail), ClockBucketAhead1h},
		{c(50*3600_000+7*60_000, diagnosis.ClockFail), ClockBucketBehind1d},
		{c(-(50*3600_000 + 7*60_000), diagnosis.ClockFail), ClockBucketAhead1d},
		{c(8*3600_000, diagnosis.ClockFail), ClockBucketZoneBehind},
		{c(-8*3600_000-60_000, diagnosis.ClockFail), ClockBucketZoneAhead},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, BucketOf(tt.c), "%+v", tt.c)
	}
}

func TestDecodeSupportCodeTolerates(t *testing.T) {
	r := Build(reportScenarios()[2].meta, reportScenarios()[2].in, diagnosis.Diagnose(reportScenarios()[2].in))
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
		canon, err := CanonicalSupportCode(v)
		require.NoError(t, err, v)
		assert.Equal(t, code, canon, "a typed code is looked up as the encoder wrote it: %q", v)
	}
	v1, err := CanonicalSupportCode("80ax8j2g0joor")
	require.NoError(t, err)
	assert.Equal(t, "80AX-8J2G-0J00-R", v1, "version-1 codes keep their own groups")
	_, err = CanonicalSupportCode(code[:len(code)-1] + string(crockfordSyms[(strings.IndexByte(crockfordSyms, code[len(code)-1])+1)%32]))
	assert.ErrorIs(t, err, ErrSupportCodeCheck, "a typo is not looked up")
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
	good := EncodeSupportCode(Build(Meta{}, healthy(), diagnosis.Diagnose(healthy())))
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
		{good + "0", ErrSupportCodeLength, "18 symbols"},
		{good[:len(good)-1] + "00", ErrSupportCodeLength, "18 symbols"},
		{strings.Repeat("A", 65), ErrSupportCodeLength, "65 characters"},
		{"U" + good[1:], ErrSupportCodeSymbol, `'U' at position 1`},
		{good[:5] + "*" + good[6:], ErrSupportCodeSymbol, "position 6"},
		{good[:3] + "中" + good[4:], ErrSupportCodeSymbol, "中"},
		{withCheck("ZZZZZZZZZZZZ"), ErrSupportCodeInvalid, "out of range"},
		{withCheck("ZZZZZZZZZZZZZZZZ"), ErrSupportCodeInvalid, "out of range"},
		{withCheck("000000000000"), ErrSupportCodeVersion, "version: 0"},
		{withCheck("0000000000000000"), ErrSupportCodeVersion, "version: 0"},
		{rawCode(codeV1, [2]int{2, radixVersion}), ErrSupportCodeVersion, "version: 2"},
		{rawCode(codeV2, [2]int{1, radixVersion}), ErrSupportCodeVersion, "version: 1"},
		{rawCode(codeV2, [2]int{3, radixVersion}), ErrSupportCodeVersion, "version: 3"},
		// Out-of-range fields and findings after a gap are rejected.
		{rawCode(codeV1, [2]int{1, radixVersion}, [2]int{9, codeV1.radixOS}), ErrSupportCodeInvalid, "field out of range"},
		{rawCode(codeV2, [2]int{2, radixVersion}, [2]int{len(diagnosis.AllOS()) + 1, codeV2.radixOS}), ErrSupportCodeInvalid, "field out of range"},
		{rawCode(codeV2, [2]int{2, radixVersion}, [2]int{0, codeV2.radixOS}, [2]int{len(diagnosis.AllInApps()) + 1, codeV2.radixInApp}), ErrSupportCodeInvalid, "field out of range"},
		{rawCode(codeV2, [2]int{2, radixVersion}, [2]int{0, codeV2.radixOS}, [2]int{0, codeV2.radixInApp}, [2]int{len(codeBuckets), codeV2.radixClock}), ErrSupportCodeInvalid, "field out of range"},
		{rawCodeTail(codeV2, 1<<len(diagnosis.AllSymptoms()), 0, 0, 0), ErrSupportCodeInvalid, "field out of range"},
		{rawCodeTail(codeV2, 0, 0, 1, 0), ErrSupportCodeInvalid, "finding out of range"},
		{rawCodeTail(codeV2, 0, len(diagnosis.AllFindingIDs())+1, 0, 0), ErrSupportCodeInvalid, "finding out of range"},
		{rawCodeTail(codeV1, 0, 22, 0, 0), ErrSupportCodeInvalid, "finding out of range"},
	}
	for _, tt := range tests {
		_, err := DecodeSupportCode(tt.code)
		require.Error(t, err, tt.code)
		assert.True(t, errors.Is(err, tt.err), "%q: %v", tt.code, err)
		assert.Contains(t, err.Error(), tt.msg, tt.code)
		i18ntest.CheckText(t, "code error", DescribeCodeError(err))
	}
	assert.Equal(t, i18n.Text{}, DescribeCodeError(nil))
	assert.Contains(t, DescribeCodeError(ErrSupportCodeCheck).ZH, "校验位")
	assert.Contains(t, DescribeCodeError(ErrSupportCodeLength).ZH, "17")
}

// rawCode packs digits (value, radix), most significant first, into a code
// of layout l; the fields not given are zero.
func rawCode(l codeLayout, digits ...[2]int) string {
	radices := []int{radixVersion, l.radixOS, l.radixInApp, l.radixClock}
	for range defaultCatalog {
		radices = append(radices, radixStatus)
	}
	radices = append(radices, 1<<l.symptomBits, l.radixFinding, l.radixFinding, l.radixFinding)
	v := new(big.Int)
	for i, r := range radices {
		d := 0
		if i < len(digits) {
			d = digits[i][0]
		}
		v.Mul(v, big.NewInt(int64(r))).Add(v, big.NewInt(int64(d)))
	}
	return codeOf(l, v)
}

// rawCodeTail is a code of layout l with the right version, no checks, and
// the given symptom mask and finding digits.
func rawCodeTail(l codeLayout, mask, f1, f2, f3 int) string {
	d := [][2]int{{l.version, radixVersion}, {0, l.radixOS}, {0, l.radixInApp}, {0, l.radixClock}}
	for range defaultCatalog {
		d = append(d, [2]int{0, radixStatus})
	}
	return rawCode(l, append(d, [2]int{mask, 0}, [2]int{f1, 0}, [2]int{f2, 0}, [2]int{f3, 0})...)
}

func codeOf(l codeLayout, v *big.Int) string {
	syms := make([]byte, l.symbols)
	v = new(big.Int).Set(v)
	for i := l.symbols - 1; i >= 0; i-- {
		syms[i] = byte(new(big.Int).And(v, big.NewInt(31)).Int64())
		v.Rsh(v, 5)
	}
	out := make([]byte, 0, l.symbols+1)
	for _, s := range syms {
		out = append(out, crockfordSyms[s])
	}
	return string(append(out, crockfordSyms[checkSymbol(syms)]))
}

// v1Vector is a code the version-1 encoder wrote and what it decoded to.
type v1Vector struct {
	Code    string         `json:"code"`
	Summary SupportSummary `json:"summary"`
}

func loadV1Vectors(t *testing.T) []v1Vector {
	t.Helper()
	b, err := os.ReadFile("testdata/supportcode_v1.json")
	require.NoError(t, err)
	var vecs []v1Vector
	require.NoError(t, json.Unmarshal(b, &vecs))
	return vecs
}

// TestEncodeV1StillMatchesV1Vectors re-encodes the frozen vectors' summaries
// with the version-1 layout: the v1 tables are prefixes of today's.
func TestEncodeV1StillMatchesV1Vectors(t *testing.T) {
	vecs := loadV1Vectors(t)
	for _, v := range vecs {
		s := v.Summary
		r := Report{Platform: diagnosis.Platform{OS: s.OS, InApp: s.InApp}, Checks: s.Checks, Symptoms: s.Symptoms, Findings: s.Findings,
			Clock: clockForBucket(s.Clock)}
		assert.Equal(t, v.Code, encodeCode(r, codeV1), "%+v", s)
	}
}

// clockForBucket returns a clock report that falls into bucket b.
func clockForBucket(b ClockBucket) ClockReport {
	for _, off := range []int64{0, 40_000, -40_000, 5 * 60_000, -5 * 60_000, 20 * 60_000, -20 * 60_000, 3*3600_000 + 7*60_000,
		-(3*3600_000 + 7*60_000), 50*3600_000 + 7*60_000, -(50*3600_000 + 7*60_000), 8 * 3600_000, -8 * 3600_000} {
		for _, v := range []diagnosis.ClockVerdict{diagnosis.ClockOK, diagnosis.ClockWarn, diagnosis.ClockFail} {
			c := ClockReport{OffsetMS: off, Verdict: v, Source: diagnosis.ClockSourceTimeAPI}
			if BucketOf(c) == b {
				return c
			}
		}
	}
	return ClockReport{Verdict: diagnosis.ClockUnknown}
}

func TestSupportSummaryText(t *testing.T) {
	in := healthy()
	in.Env.UserAgent = uaWeChatHarmonyNext
	in.Symptoms = []diagnosis.Symptom{diagnosis.SymptomAccountLocked}
	s, err := DecodeSupportCode(EncodeSupportCode(Build(Meta{}, in, diagnosis.Diagnose(in))))
	require.NoError(t, err)
	zh := s.Text(i18n.ZH)
	assert.Contains(t, zh, "系统：鸿蒙 HarmonyOS（微信内置浏览器）")
	assert.Contains(t, zh, "原因：账号被锁定或冻结（account_locked）")
	assert.Contains(t, zh, "用户描述：提示账号被锁定或冻结")
	en := s.Text(i18n.EN)
	assert.Contains(t, en, "Clock: correct (within 30 s)")
	assert.Contains(t, en, "WPS account login (China) OK")
}

func FuzzDecodeSupportCode(f *testing.F) {
	for _, sc := range reportScenarios() {
		f.Add(EncodeSupportCode(Build(sc.meta, sc.in, diagnosis.Diagnose(sc.in))))
	}
	f.Add("0000-0000-0000-0")
	f.Add("0000-0000-0000-0000-0")
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
		r := Report{Schema: 1, Platform: diagnosis.Platform{OS: sum.OS, InApp: sum.InApp}, Checks: sum.Checks,
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
		_ = sum.Text(i18n.ZH)
	})
}

// TestDecodeSupportCodeV1 decodes codes that the version-1 encoder wrote
// (testdata/supportcode_v1.json, produced by the shipped v1 encoder before
// version 2 existed): codes people already hold must keep decoding to what
// they said.
func TestDecodeSupportCodeV1(t *testing.T) {
	vecs := loadV1Vectors(t)
	require.GreaterOrEqual(t, len(vecs), 40)
	for _, v := range vecs {
		got, err := DecodeSupportCode(v.Code)
		require.NoError(t, err, v.Code)
		assert.Equal(t, 1, got.CodeVersion, v.Code)
		assert.Equal(t, v.Summary, got, v.Code)
	}
}

func TestBucketLabels(t *testing.T) {
	for _, b := range codeBuckets {
		i18ntest.CheckText(t, string(b), bucketLabels[b])
	}
}

// TestOneNameForTheCodeInReports: the text report and the decoding errors
// call the code by the name the page gives it.
func TestOneNameForTheCodeInReports(t *testing.T) {
	assert.Equal(t, kb.SupportCodeName.ZH, rtCode.ZH)
	assert.Equal(t, "Support code", rtCode.EN)
	for _, err := range []error{ErrSupportCodeLength, ErrSupportCodeSymbol, ErrSupportCodeCheck, ErrSupportCodeVersion, ErrSupportCodeInvalid} {
		d := DescribeCodeError(err)
		assert.True(t, strings.Contains(d.ZH, kb.SupportCodeName.ZH) || strings.Contains(d.ZH, "校验位"), d.ZH)
	}
}
