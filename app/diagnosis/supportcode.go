package diagnosis

import (
	"errors"
	"fmt"
	"strings"
)

// SupportSummary is what a support code carries; DecodeSupportCode returns
// it so support can read a result over the phone with no server.
type SupportSummary struct {
	// CodeVersion is the version of the code layout (1 for schema 1).
	CodeVersion int   `json:"code_version"`
	OS          OS    `json:"os"`
	InApp       InApp `json:"in_app"`
	// Checks maps every DefaultCatalog id to its status class.
	Checks []CheckResult `json:"checks"`
	// Clock is the offset bucket.
	Clock ClockBucket `json:"clock"`
	// Findings are up to 3 top finding ids.
	Findings []FindingID `json:"findings"`
	Symptoms []Symptom   `json:"symptoms"`
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
// three dashes (13 symbols: 12 data + 1 check, grouped 4-4-4-1).
const SupportCodeLen = 16

// The support code layout (version 1). The fields are packed, most
// significant first, as mixed-radix digits into 60 bits = 12 Crockford
// base32 symbols, followed by one check symbol:
//
//	version (4) · OS (10) · in-app (8) · clock bucket (16) ·
//	11 × check status (5 each, DefaultCatalog order) · symptoms (7 bits) ·
//	3 × finding (32 each: 0 none, else 1 + index in AllFindingIDs)
//
// The product of the radices is 1 048 576 000 000 000 000 < 2^60. Changing
// any table (catalog, AllOS, AllInApps, the bucket list, AllSymptoms,
// AllFindingIDs beyond 31 ids) needs a new code version.
const (
	codeVersion   = 1
	codeSymbols   = 12
	codeFindings  = 3
	radixVersion  = 4
	radixOS       = 10
	radixInApp    = 8
	radixClock    = 16
	radixStatus   = 5
	radixFinding  = 32
	symptomBits   = 7
	crockfordSyms = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

// codeStatuses numbers the probe statuses in the code.
var codeStatuses = [radixStatus]ProbeStatus{StatusPending, StatusOK, StatusSlow, StatusFail, StatusTimeout}

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
func DescribeCodeError(err error) Text {
	switch {
	case err == nil:
		return Text{}
	case errors.Is(err, ErrSupportCodeLength):
		return tx("支持码应为 13 个字符（不算短横线），请检查是否漏了或多了字符。", "A support code has 13 characters (not counting dashes); check for a missing or extra one.")
	case errors.Is(err, ErrSupportCodeSymbol):
		return tx("支持码里有不会出现的字符（只有数字和字母，没有 U）。", "The code contains a character support codes never use (only digits and letters, no U).")
	case errors.Is(err, ErrSupportCodeCheck):
		return tx("支持码的校验位对不上，多半是某个字符抄错或两个字符颠倒了，请再核对一遍。", "The check character does not match: a character was probably misread or two were swapped. Please read it again.")
	case errors.Is(err, ErrSupportCodeVersion):
		return tx("这个支持码来自更新或更旧版本的检测页，当前工具无法解读。", "This code comes from a newer or older version of the check page and cannot be read here.")
	}
	return tx("这不是一个有效的支持码。", "This is not a valid support code.")
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
	case ClockUnknown, "":
		return ClockBucketUnknown
	case ClockOK:
		return ClockBucketOK
	}
	z := AssessTimeZone(ClockEstimate{Known: true, OffsetMS: c.OffsetMS}, Environment{})
	behind := c.OffsetMS > 0
	pick := func(b, a ClockBucket) ClockBucket {
		if behind {
			return b
		}
		return a
	}
	a := absInt64(c.OffsetMS)
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

// EncodeSupportCode packs the essentials of r into a 13-symbol Crockford
// base32 code (12 data symbols and a check symbol), formatted as
// XXXX-XXXX-XXXX-C: 16 characters including the three dashes. It encodes
// the code version, OS, in-app browser, the status of each DefaultCatalog
// check (missing ones count as pending), the clock bucket, the symptoms and
// the first three finding ids. Support reads it back with
// DecodeSupportCode, with no server.
func EncodeSupportCode(r Report) string {
	var v uint64
	put := func(digit, radix int) {
		if digit < 0 || digit >= radix {
			digit = 0
		}
		v = v*uint64(radix) + uint64(digit)
	}
	put(codeVersion, radixVersion)
	put(indexOf(AllOS(), r.Platform.OS)+1, radixOS)
	put(indexOf(AllInApps(), r.Platform.InApp)+1, radixInApp)
	put(indexOf(codeBuckets, BucketOf(r.Clock)), radixClock)
	for _, e := range defaultCatalog {
		st := StatusPending
		for _, c := range r.Checks {
			if c.ID == e.ID {
				st = c.Status
			}
		}
		put(indexOf(codeStatuses[:], st), radixStatus)
	}
	bits := 0
	for _, s := range r.Symptoms {
		if i := symptomIndex(s); i >= 0 {
			bits |= 1 << i
		}
	}
	put(bits, 1<<symptomBits)
	n := 0
	for _, id := range r.Findings {
		if n == codeFindings {
			break
		}
		if i := findingIndex(id); i >= 0 && i+1 < radixFinding {
			put(i+1, radixFinding)
			n++
		}
	}
	for ; n < codeFindings; n++ {
		put(0, radixFinding)
	}
	var syms [codeSymbols + 1]byte
	for i := codeSymbols - 1; i >= 0; i-- {
		syms[i] = byte(v & 31)
		v >>= 5
	}
	syms[codeSymbols] = checkSymbol(syms[:codeSymbols])
	out := make([]byte, 0, SupportCodeLen)
	for i, s := range syms {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, crockfordSyms[s])
	}
	return string(out)
}

// DecodeSupportCode reads a support code. It ignores case, spaces and
// dashes, reads O as 0 and I or L as 1, and rejects a code whose check
// symbol does not match (a typo: any single wrong character and any swap of
// two neighbours is caught) with an error wrapping ErrSupportCodeCheck.
func DecodeSupportCode(s string) (SupportSummary, error) {
	if len(s) > 64 {
		return SupportSummary{}, fmt.Errorf("%w: %d characters, a code has 13 (plus dashes)", ErrSupportCodeLength, len(s))
	}
	syms := make([]byte, 0, codeSymbols+1)
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
			return SupportSummary{}, fmt.Errorf("%w: %q at position %d", ErrSupportCodeSymbol, r, i+1)
		}
		syms = append(syms, byte(k))
	}
	if len(syms) != codeSymbols+1 {
		return SupportSummary{}, fmt.Errorf("%w: %d symbols, a code has 13", ErrSupportCodeLength, len(syms))
	}
	if checkSymbol(syms[:codeSymbols]) != syms[codeSymbols] {
		return SupportSummary{}, fmt.Errorf("%w: please read the code again", ErrSupportCodeCheck)
	}
	var v uint64
	for _, k := range syms[:codeSymbols] {
		v = v<<5 | uint64(k)
	}
	// Unpack from the least significant digit.
	take := func(radix int) int {
		d := int(v % uint64(radix))
		v /= uint64(radix)
		return d
	}
	var fs [codeFindings]int
	for i := codeFindings - 1; i >= 0; i-- {
		fs[i] = take(radixFinding)
	}
	bits := take(1 << symptomBits)
	st := make([]int, len(defaultCatalog))
	for i := len(st) - 1; i >= 0; i-- {
		st[i] = take(radixStatus)
	}
	bucket := take(radixClock)
	app := take(radixInApp)
	osi := take(radixOS)
	version := int(v) // what is left is the version digit
	if v >= radixVersion {
		return SupportSummary{}, fmt.Errorf("%w: value out of range", ErrSupportCodeInvalid)
	}
	if version != codeVersion {
		return SupportSummary{}, fmt.Errorf("%w: %d", ErrSupportCodeVersion, version)
	}
	sum := SupportSummary{CodeVersion: version, OS: OSUnknown, InApp: InAppNone, Checks: make([]CheckResult, len(defaultCatalog)),
		Symptoms: []Symptom{}, Findings: []FindingID{}}
	if osi > len(AllOS()) || app > len(AllInApps()) || bucket >= len(codeBuckets) {
		return SupportSummary{}, fmt.Errorf("%w: field out of range", ErrSupportCodeInvalid)
	}
	if osi > 0 {
		sum.OS = AllOS()[osi-1]
	}
	if app > 0 {
		sum.InApp = AllInApps()[app-1]
	}
	sum.Clock = codeBuckets[bucket]
	for i, e := range defaultCatalog {
		sum.Checks[i] = CheckResult{ID: e.ID, Role: e.Role, Status: codeStatuses[st[i]]}
	}
	for i, s := range AllSymptoms() {
		if bits&(1<<i) != 0 {
			sum.Symptoms = append(sum.Symptoms, s)
		}
	}
	ids := AllFindingIDs()
	ended := false
	for _, f := range fs {
		switch {
		case f == 0:
			ended = true
		case ended || f > len(ids):
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

func indexOf[T comparable](xs []T, x T) int {
	for i, y := range xs {
		if x == y {
			return i
		}
	}
	return -1
}

// Text renders the decoded summary for support staff in language l.
func (s SupportSummary) Text(l Lang) string {
	var b strings.Builder
	T := func(zh, en string) string { return tx(zh, en).In(l) }
	sep := T("：", ": ")
	b.WriteString(T("系统", "System") + sep + s.OS.Label(l))
	if s.InApp != InAppNone {
		b.WriteString(T("（", " (") + inAppBrowserLabel(s.InApp, l) + T("）", ")"))
	}
	b.WriteString("\n" + T("时钟", "Clock") + sep + s.Clock.Label(l) + "\n")
	b.WriteString(T("检测", "Checks") + sep)
	for i, c := range s.Checks {
		if i > 0 {
			b.WriteString(T("；", "; "))
		}
		b.WriteString(EndpointLabel(c.ID).In(l) + " " + c.Status.Label(l))
	}
	b.WriteString("\n" + T("原因", "Findings") + sep)
	for i, id := range s.Findings {
		if i > 0 {
			b.WriteString(T("；", "; "))
		}
		b.WriteString(Guide(id).Title.In(l) + T("（", " (") + string(id) + T("）", ")"))
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
