package report

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/kb"
)

// SupportSummary is what a support code carries; DecodeSupportCode returns
// it so support can read a result over the phone with no server.
type SupportSummary struct {
	// CodeVersion is the version of the code layout (2 today; codes of
	// version 1 still decode).
	CodeVersion int             `json:"code_version"`
	OS          diagnosis.OS    `json:"os"`
	InApp       diagnosis.InApp `json:"in_app"`
	// Checks maps every DefaultCatalog id to its status class.
	Checks []diagnosis.CheckResult `json:"checks"`
	// Clock is the offset bucket.
	Clock ClockBucket `json:"clock"`
	// Findings are up to 3 top finding ids.
	Findings []diagnosis.FindingID `json:"findings"`
	Symptoms []diagnosis.Symptom   `json:"symptoms"`
}

// ClockBucket is the coarse clock offset a support code carries.
type ClockBucket string

// The clock buckets. "behind" means the device clock is behind the server
// (positive offset), "ahead" that it is ahead; zone_* are offsets that look
// like a wrong time zone (see AssessTimeZone).
const (
	ClockBucketUnknown    ClockBucket = "unknown"
	ClockBucketOK         ClockBucket = "ok"
	ClockBucketBehind30s  ClockBucket = "behind_30s_2m"
	ClockBucketAhead30s   ClockBucket = "ahead_30s_2m"
	ClockBucketBehind2m   ClockBucket = "behind_2m_15m"
	ClockBucketAhead2m    ClockBucket = "ahead_2m_15m"
	ClockBucketBehind15m  ClockBucket = "behind_15m_1h"
	ClockBucketAhead15m   ClockBucket = "ahead_15m_1h"
	ClockBucketBehind1h   ClockBucket = "behind_1h_1d"
	ClockBucketAhead1h    ClockBucket = "ahead_1h_1d"
	ClockBucketBehind1d   ClockBucket = "behind_1d_plus"
	ClockBucketAhead1d    ClockBucket = "ahead_1d_plus"
	ClockBucketZoneBehind ClockBucket = "zone_behind"
	ClockBucketZoneAhead  ClockBucket = "zone_ahead"
	// ClockBucketRefSuspect: not judged, the server doubted its own clock.
	ClockBucketRefSuspect ClockBucket = "reference_suspect"
)

// SupportCodeLen is the length of a formatted support code including its
// four dashes (17 symbols: 16 data + 1 check, grouped 4-4-4-4-1).
// Version-1 codes (13 symbols, XXXX-XXXX-XXXX-C) still decode.
const SupportCodeLen = 21

// codeLayout is one version of the support code: how many symbols carry
// data, the radix of each field, and how many entries of each table
// (append-only) that version knows. The fields are packed, most
// significant first, as mixed-radix digits into 5·symbols bits of
// Crockford base32, followed by one check symbol:
//
//	version (4) · OS · in-app · clock bucket · 11 × check status (5 each,
//	DefaultCatalog order) · symptoms (bits) · 3 × finding (0 none, else 1 +
//	index in AllFindingIDs)
type codeLayout struct {
	version, symbols                                           int
	radixOS, radixInApp, radixClock, symptomBits, radixFinding int
	inApps, symptoms, findings, buckets                        int
}

// The layouts. Version 1 (12 data symbols, 60 bits) is frozen: its product
// of radices is 1 048 576 000 000 000 000 < 2^60 and it knows the first 7
// in-apps, 7 symptoms, 21 findings and 16 clock buckets. Version 2 (16 data
// symbols, 80 bits) needs about 2^75.6 values: OS 16, in-app 32, clock 32
// (room for new buckets), symptoms 16 bits, findings 64; it knows every
// entry of today's tables. Changing a radix, the catalog or the order of a
// table needs a new version; appending to a table within its radix does not.
var (
	codeV1 = codeLayout{version: 1, symbols: 12, radixOS: 10, radixInApp: 8, radixClock: 16, symptomBits: 7, radixFinding: 32,
		inApps: 7, symptoms: 7, findings: 21, buckets: 16}
	codeV2 = codeLayout{version: 2, symbols: 16, radixOS: 16, radixInApp: 32, radixClock: 32, symptomBits: 16, radixFinding: 64,
		inApps: len(diagnosis.AllInApps()), symptoms: len(diagnosis.AllSymptoms()), findings: len(diagnosis.AllFindingIDs()), buckets: len(codeBuckets)}
)

// Fixed parts of every layout.
const (
	codeFindings  = 3
	radixVersion  = 4
	radixStatus   = 5
	crockfordSyms = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

// codeStatuses numbers the probe statuses in the code.
var codeStatuses = [radixStatus]diagnosis.ProbeStatus{diagnosis.StatusPending, diagnosis.StatusOK, diagnosis.StatusSlow,
	diagnosis.StatusFail, diagnosis.StatusTimeout}

// codeBuckets numbers the clock buckets in the code.
var codeBuckets = []ClockBucket{ClockBucketUnknown, ClockBucketOK, ClockBucketBehind30s, ClockBucketAhead30s,
	ClockBucketBehind2m, ClockBucketAhead2m, ClockBucketBehind15m, ClockBucketAhead15m, ClockBucketBehind1h,
	ClockBucketAhead1h, ClockBucketBehind1d, ClockBucketAhead1d, ClockBucketZoneBehind, ClockBucketZoneAhead,
	ClockBucketRefSuspect} // appended: codes without it decode as before

// The errors of DecodeSupportCode; the returned errors wrap one of them and
// say where the problem is.
var (
	ErrSupportCodeLength  = errors.New("support code: wrong length")
	ErrSupportCodeSymbol  = errors.New("support code: character not used in support codes")
	ErrSupportCodeCheck   = errors.New("support code: check character does not match (probably a typo)")
	ErrSupportCodeVersion = errors.New("support code: unknown code version")
	ErrSupportCodeInvalid = errors.New("support code: not a valid code")
)

// DescribeCodeError explains a DecodeSupportCode error to the person
// typing the code, in both languages.
func DescribeCodeError(err error) i18n.Text {
	n := kb.SupportCodeName
	switch {
	case err == nil:
		return i18n.Text{}
	case errors.Is(err, ErrSupportCodeLength):
		return i18n.Text{ZH: n.ZH + "应为 17 个字符（不算短横线；旧版页面给出的是 13 个），请检查是否漏了或多了字符。",
			EN: "A " + n.EN + " has 17 characters (not counting dashes; older pages gave 13); check for a missing or extra one."}
	case errors.Is(err, ErrSupportCodeSymbol):
		return i18n.Text{ZH: n.ZH + "里有不会出现的字符（只有数字和字母，没有 U）。", EN: "The code contains a character a " + n.EN + " never uses (only digits and letters, no U)."}
	case errors.Is(err, ErrSupportCodeCheck):
		return i18n.Text{ZH: n.ZH + "的校验位对不上，多半是某个字符抄错或两个字符颠倒了，请再核对一遍。", EN: "The check character does not match: a character was probably misread or two were swapped. Please read it again."}
	case errors.Is(err, ErrSupportCodeVersion):
		return i18n.Text{ZH: "这个" + n.ZH + "来自更新或更旧版本的检测页，当前工具无法解读。", EN: "This " + n.EN + " comes from a newer or older version of the check page and cannot be read here."}
	}
	return i18n.Text{ZH: "这不是一个有效的" + n.ZH + "。", EN: "This is not a valid " + n.EN + "."}
}

// BucketOf puts a report's clock into its support-code bucket: not judged
// when the server doubted its own clock, unknown or ok from the verdict,
// otherwise by direction and size, with offsets that look like a wrong time
// zone (see AssessTimeZone) in the zone buckets.
func BucketOf(c ClockReport) ClockBucket {
	if c.ServerClock != nil && c.ServerClock.Suspect() {
		return ClockBucketRefSuspect
	}
	switch c.Verdict {
	case diagnosis.ClockUnknown, "":
		return ClockBucketUnknown
	case diagnosis.ClockOK:
		return ClockBucketOK
	}
	z := diagnosis.AssessTimeZone(diagnosis.ClockEstimate{Known: true, OffsetMS: c.OffsetMS}, diagnosis.Environment{})
	behind := c.OffsetMS > 0
	pick := func(b, a ClockBucket) ClockBucket {
		if behind {
			return b
		}
		return a
	}
	a := abs(c.OffsetMS)
	switch {
	case z.Suspected:
		return pick(ClockBucketZoneBehind, ClockBucketZoneAhead)
	case a < 2*60_000:
		return pick(ClockBucketBehind30s, ClockBucketAhead30s)
	case a < 15*60_000:
		return pick(ClockBucketBehind2m, ClockBucketAhead2m)
	case a < 3600_000:
		return pick(ClockBucketBehind15m, ClockBucketAhead15m)
	case a < 24*3600_000:
		return pick(ClockBucketBehind1h, ClockBucketAhead1h)
	}
	return pick(ClockBucketBehind1d, ClockBucketAhead1d)
}

// u128 is an unsigned 128-bit number: the version-2 code needs 76 bits.
type u128 struct{ hi, lo uint64 }

// mulAdd returns v·m + a (m, a < 2^64; the result must fit 128 bits).
func (v u128) mulAdd(m, a uint64) u128 {
	h, l := bits.Mul64(v.lo, m)
	l, c := bits.Add64(l, a, 0)
	return u128{hi: v.hi*m + h + c, lo: l}
}

// divMod returns v / d and v % d.
func (v u128) divMod(d uint64) (u128, uint64) {
	qh, r := v.hi/d, v.hi%d
	ql, r := bits.Div64(r, v.lo, d)
	return u128{hi: qh, lo: ql}, r
}

// EncodeSupportCode packs the essentials of r into a version-2 code of 17
// Crockford base32 symbols (16 data symbols and a check symbol), formatted
// as XXXX-XXXX-XXXX-XXXX-C: SupportCodeLen characters including the dashes.
// It encodes the code version, OS, in-app browser, the status of each
// DefaultCatalog check (missing ones count as pending), the clock bucket,
// the symptoms and the first three finding ids. Support reads it back with
// DecodeSupportCode, with no server.
func EncodeSupportCode(r Report) string {
	return encodeCode(r, codeV2)
}

func encodeCode(r Report, l codeLayout) string {
	var v u128
	put := func(digit, radix int) {
		if digit < 0 || digit >= radix {
			digit = 0
		}
		v = v.mulAdd(uint64(radix), uint64(digit))
	}
	put(l.version, radixVersion)
	put(indexOf(diagnosis.AllOS(), r.Platform.OS)+1, l.radixOS)
	if i := indexOf(diagnosis.AllInApps(), r.Platform.InApp); i < l.inApps {
		put(i+1, l.radixInApp)
	} else {
		put(0, l.radixInApp)
	}
	put(indexOf(codeBuckets[:min(l.buckets, len(codeBuckets))], BucketOf(r.Clock)), l.radixClock)
	for _, e := range defaultCatalog {
		st := diagnosis.StatusPending
		for _, c := range r.Checks {
			if c.ID == e.ID {
				st = c.Status
			}
		}
		put(indexOf(codeStatuses[:], st), radixStatus)
	}
	mask := 0
	for _, s := range r.Symptoms {
		if i := indexOf(diagnosis.AllSymptoms(), s); i >= 0 && i < l.symptoms {
			mask |= 1 << i
		}
	}
	put(mask, 1<<l.symptomBits)
	n := 0
	for _, id := range r.Findings {
		if n == codeFindings {
			break
		}
		if i := indexOf(diagnosis.AllFindingIDs(), id); i >= 0 && i < l.findings && i+1 < l.radixFinding {
			put(i+1, l.radixFinding)
			n++
		}
	}
	for ; n < codeFindings; n++ {
		put(0, l.radixFinding)
	}
	syms := make([]byte, l.symbols+1)
	for i := l.symbols - 1; i >= 0; i-- {
		syms[i] = byte(v.lo & 31)
		v = u128{hi: v.hi >> 5, lo: v.lo>>5 | v.hi<<59}
	}
	syms[l.symbols] = checkSymbol(syms[:l.symbols])
	return formatCode(syms)
}

// DecodeSupportCode reads a support code of either version (17 symbols, or
// the 13 of version 1). It ignores case, spaces and dashes, reads O as 0
// and I or L as 1, and rejects a code whose check symbol does not match (a
// typo: any single wrong character and any swap of two neighbours is
// caught) with an error wrapping ErrSupportCodeCheck.
func DecodeSupportCode(s string) (SupportSummary, error) {
	syms, l, err := readCode(s)
	if err != nil {
		return SupportSummary{}, err
	}
	return decodeCode(syms[:l.symbols], l)
}

// CanonicalSupportCode returns a code as EncodeSupportCode writes it
// (upper case, dashes every four symbols), read as DecodeSupportCode reads
// it and with its errors: the form to look a typed code up by.
func CanonicalSupportCode(s string) (string, error) {
	syms, _, err := readCode(s)
	if err != nil {
		return "", err
	}
	return formatCode(syms), nil
}

// readCode reads the symbols of a code of either layout and checks its
// check symbol.
func readCode(s string) ([]byte, codeLayout, error) {
	if len(s) > 64 {
		return nil, codeLayout{}, fmt.Errorf("%w: %d characters, a code has 17 (plus dashes)", ErrSupportCodeLength, len(s))
	}
	syms := make([]byte, 0, codeV2.symbols+1)
	for i, r := range s {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		k := strings.IndexRune(crockfordSyms, r)
		if k < 0 {
			return nil, codeLayout{}, fmt.Errorf("%w: %q at position %d", ErrSupportCodeSymbol, r, i+1)
		}
		syms = append(syms, byte(k))
	}
	var l codeLayout
	switch len(syms) {
	case codeV2.symbols + 1:
		l = codeV2
	case codeV1.symbols + 1:
		l = codeV1
	default:
		return nil, codeLayout{}, fmt.Errorf("%w: %d symbols, a code has 17 (13 for version 1)", ErrSupportCodeLength, len(syms))
	}
	if checkSymbol(syms[:l.symbols]) != syms[l.symbols] {
		return nil, codeLayout{}, fmt.Errorf("%w: please read the code again", ErrSupportCodeCheck)
	}
	return syms, l, nil
}

// formatCode writes symbols (values 0-31) in groups of four.
func formatCode(syms []byte) string {
	out := make([]byte, 0, len(syms)+len(syms)/4)
	for i, s := range syms {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, crockfordSyms[s])
	}
	return string(out)
}

// decodeCode unpacks the data symbols of a code of layout l.
func decodeCode(syms []byte, l codeLayout) (SupportSummary, error) {
	var v u128
	for _, k := range syms {
		v = u128{hi: v.hi<<5 | v.lo>>59, lo: v.lo<<5 | uint64(k)}
	}
	// Unpack from the least significant digit.
	take := func(radix int) int {
		var d uint64
		v, d = v.divMod(uint64(radix))
		return int(d)
	}
	var fs [codeFindings]int
	for i := codeFindings - 1; i >= 0; i-- {
		fs[i] = take(l.radixFinding)
	}
	mask := take(1 << l.symptomBits)
	st := make([]int, len(defaultCatalog))
	for i := len(st) - 1; i >= 0; i-- {
		st[i] = take(radixStatus)
	}
	bucket := take(l.radixClock)
	app := take(l.radixInApp)
	osi := take(l.radixOS)
	if v.hi != 0 || v.lo >= radixVersion {
		return SupportSummary{}, fmt.Errorf("%w: value out of range", ErrSupportCodeInvalid)
	}
	version := int(v.lo) // what is left is the version digit
	if version != l.version {
		return SupportSummary{}, fmt.Errorf("%w: %d", ErrSupportCodeVersion, version)
	}
	sum := SupportSummary{CodeVersion: version, OS: diagnosis.OSUnknown, InApp: diagnosis.InAppNone, Checks: make([]diagnosis.CheckResult, len(defaultCatalog)),
		Symptoms: []diagnosis.Symptom{}, Findings: []diagnosis.FindingID{}}
	if osi > len(diagnosis.AllOS()) || app > l.inApps || bucket >= min(l.buckets, len(codeBuckets)) || mask>>l.symptoms != 0 {
		return SupportSummary{}, fmt.Errorf("%w: field out of range", ErrSupportCodeInvalid)
	}
	if osi > 0 {
		sum.OS = diagnosis.AllOS()[osi-1]
	}
	if app > 0 {
		sum.InApp = diagnosis.AllInApps()[app-1]
	}
	sum.Clock = codeBuckets[bucket]
	for i, e := range defaultCatalog {
		sum.Checks[i] = diagnosis.CheckResult{ID: e.ID, Role: e.Role, Status: codeStatuses[st[i]]}
	}
	for i, s := range diagnosis.AllSymptoms()[:l.symptoms] {
		if mask&(1<<i) != 0 {
			sum.Symptoms = append(sum.Symptoms, s)
		}
	}
	ids := diagnosis.AllFindingIDs()
	ended := false
	for _, f := range fs {
		switch {
		case f == 0:
			ended = true
		case ended || f > l.findings:
			return SupportSummary{}, fmt.Errorf("%w: finding out of range", ErrSupportCodeInvalid)
		default:
			sum.Findings = append(sum.Findings, ids[f-1])
		}
	}
	return sum, nil
}

// checkSymbol computes the check symbol over GF(32) (x^5 + x^2 + 1): the
// sum of α^(i+1)·s_i. Each position has a distinct non-zero weight, so one
// wrong symbol always changes the sum, and swapping two different
// neighbours changes it by (a+b)·α^(i+1)·(1+α) ≠ 0.
func checkSymbol(syms []byte) byte {
	var acc, w byte = 0, 2 // w = α
	for _, s := range syms {
		acc ^= gfMul(w, s&31)
		w = gfMul(w, 2)
	}
	return acc
}

// gfMul multiplies in GF(32) with the primitive polynomial x^5 + x^2 + 1.
func gfMul(a, b byte) byte {
	var p byte
	for b != 0 {
		if b&1 != 0 {
			p ^= a
		}
		b >>= 1
		a <<= 1
		if a&32 != 0 {
			a ^= 0x25
		}
	}
	return p & 31
}

// defaultCatalog is the catalog whose checks a support code carries, in
// its order.
var defaultCatalog = diagnosis.DefaultCatalog()

// abs returns |v| (offsets are far from the int64 limits).
func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func indexOf[T comparable](xs []T, x T) int {
	for i, y := range xs {
		if x == y {
			return i
		}
	}
	return -1
}

// Text renders the decoded summary for support staff in language l.
func (s SupportSummary) Text(l i18n.Lang) string {
	var b strings.Builder
	T := func(zh, en string) string { return i18n.Text{ZH: zh, EN: en}.In(l) }
	sep := T("：", ": ")
	b.WriteString(T("系统", "System") + sep + s.OS.Label(l))
	if s.InApp != diagnosis.InAppNone {
		b.WriteString(T("（", " (") + s.InApp.BrowserLabel(l) + T("）", ")"))
	}
	b.WriteString("\n" + T("时钟", "Clock") + sep + s.Clock.Label(l) + "\n")
	b.WriteString(T("检测", "Checks") + sep)
	for i, c := range s.Checks {
		if i > 0 {
			b.WriteString(T("；", "; "))
		}
		b.WriteString(diagnosis.Label(nil, c.ID).In(l) + " " + c.Status.Label(l))
	}
	b.WriteString("\n" + T("原因", "Findings") + sep)
	for i, id := range s.Findings {
		if i > 0 {
			b.WriteString(T("；", "; "))
		}
		b.WriteString(kb.Guide(id).Title.In(l) + T("（", " (") + string(id) + T("）", ")"))
	}
	if len(s.Symptoms) > 0 {
		b.WriteString("\n" + T("用户描述", "Reported") + sep)
		for i, sy := range s.Symptoms {
			if i > 0 {
				b.WriteString(T("；", "; "))
			}
			b.WriteString(sy.Label(l))
		}
	}
	b.WriteString("\n")
	return b.String()
}

// Label returns the clock bucket for people.
func (b ClockBucket) Label(l i18n.Lang) string { return bucketLabels[b].In(l) }

var bucketLabels = map[ClockBucket]i18n.Text{
	ClockBucketUnknown:    i18n.Text{ZH: "未知", EN: "unknown"},
	ClockBucketOK:         i18n.Text{ZH: "准确（相差不到 30 秒）", EN: "correct (within 30 s)"},
	ClockBucketBehind30s:  i18n.Text{ZH: "慢了 30 秒到 2 分钟", EN: "behind by 30 s to 2 min"},
	ClockBucketAhead30s:   i18n.Text{ZH: "快了 30 秒到 2 分钟", EN: "ahead by 30 s to 2 min"},
	ClockBucketBehind2m:   i18n.Text{ZH: "慢了 2 到 15 分钟", EN: "behind by 2 to 15 min"},
	ClockBucketAhead2m:    i18n.Text{ZH: "快了 2 到 15 分钟", EN: "ahead by 2 to 15 min"},
	ClockBucketBehind15m:  i18n.Text{ZH: "慢了 15 分钟到 1 小时", EN: "behind by 15 min to 1 h"},
	ClockBucketAhead15m:   i18n.Text{ZH: "快了 15 分钟到 1 小时", EN: "ahead by 15 min to 1 h"},
	ClockBucketBehind1h:   i18n.Text{ZH: "慢了 1 小时到 1 天", EN: "behind by 1 h to 1 day"},
	ClockBucketAhead1h:    i18n.Text{ZH: "快了 1 小时到 1 天", EN: "ahead by 1 h to 1 day"},
	ClockBucketBehind1d:   i18n.Text{ZH: "慢了 1 天以上", EN: "behind by more than 1 day"},
	ClockBucketAhead1d:    i18n.Text{ZH: "快了 1 天以上", EN: "ahead by more than 1 day"},
	ClockBucketZoneBehind: i18n.Text{ZH: "慢了整刻钟的倍数，像是时区设错", EN: "behind by whole quarter hours: looks like a wrong time zone"},
	ClockBucketZoneAhead:  i18n.Text{ZH: "快了整刻钟的倍数，像是时区设错", EN: "ahead by whole quarter hours: looks like a wrong time zone"},
	ClockBucketRefSuspect: i18n.Text{ZH: "未评判：当时本检测服务器的时钟可疑", EN: "not judged: the check server's own clock was suspect"},
}
