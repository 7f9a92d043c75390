package reports

import (
	"errors"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/report"
)

// Facets are the parts of a report that agents filter, count and export
// by. The server takes them from the report it validated (FacetsOf) when
// it stores the record; a store keeps them beside the report (indexed) so
// that lists, counts and exports never read report bodies.
type Facets struct {
	// Findings are the report's finding ids, most likely first; the first
	// is the report's top finding. Empty when the report had none.
	Findings []diagnosis.FindingID
	// OS, Browser and InApp are the detected platform ("" when unknown to
	// the record, e.g. a report stored before facets existed and whose body
	// could not be read).
	OS      diagnosis.OS
	Browser diagnosis.Browser
	InApp   diagnosis.InApp
	// ClockKnown says whether the device clock was measured; ClockOffsetMS
	// is then server − device in ms (positive: the device is behind).
	ClockKnown    bool
	ClockOffsetMS int64
}

// Top returns the top finding, or "" when there is none.
func (f Facets) Top() diagnosis.FindingID {
	if len(f.Findings) == 0 {
		return ""
	}
	return f.Findings[0]
}

// FacetsOf returns the facets of a validated report.
func FacetsOf(r report.Report) Facets {
	f := Facets{OS: r.Platform.OS, Browser: r.Platform.Browser, InApp: r.Platform.InApp}
	if len(r.Findings) > 0 {
		f.Findings = append([]diagnosis.FindingID(nil), r.Findings...)
	}
	if r.Clock.Source.Valid() && r.Clock.Source != diagnosis.ClockSourceNone {
		f.ClockKnown, f.ClockOffsetMS = true, r.Clock.OffsetMS
	}
	return f
}

// Query selects reports for Store.List. Every set field narrows the
// selection; the zero Query selects every report.
type Query struct {
	// Since and Until bound CreatedAt: Since ≤ CreatedAt < Until. A zero
	// time leaves that side open.
	Since, Until time.Time
	// TopFinding matches reports whose first finding is this one.
	TopFinding diagnosis.FindingID
	// AnyFinding matches reports that have this finding at any rank.
	AnyFinding diagnosis.FindingID
	// OS, InApp, Ticket and SupportCode match those fields exactly.
	OS          diagnosis.OS
	InApp       diagnosis.InApp
	Ticket      string
	SupportCode string
	// After, when set, is the position of the last report of the previous
	// page: only reports after it in the list's order (older, or as old
	// with a smaller ID) are returned.
	After *Key
	// Limit is the most reports List returns; it must be positive.
	Limit int
}

// Key is a report's position in the order of List: CreatedAt descending,
// then ID descending. It is what a page cursor carries.
type Key struct {
	CreatedAt time.Time
	ID        string
}

// KeyOf returns the position of a record.
func KeyOf(r Record) Key { return Key{CreatedAt: r.CreatedAt, ID: r.ID} }

// Bucket is one interval of Store.Stats: how many reports were created in
// [Start, Start+step), by top finding and by OS. A report with no finding
// counts under "", one whose OS is not known under "".
type Bucket struct {
	Start        time.Time
	Total        int
	ByTopFinding map[diagnosis.FindingID]int
	ByOS         map[diagnosis.OS]int
}

// StatsGrain is the resolution of Store.Stats: bounds and steps are whole
// multiples of it (UTC hours, which are whole hours in every time zone
// whose offset is whole hours, such as China's).
const StatsGrain = time.Hour

// ErrBadStatsRange is returned by Store.Stats for bounds or a step that
// are not whole multiples of StatsGrain, a step that does not divide the
// range, or an empty range.
var ErrBadStatsRange = errors.New("reports: stats range must be whole hours and whole steps")

// CheckStatsRange returns ErrBadStatsRange unless since and until are whole
// multiples of StatsGrain since the Unix epoch, since < until, step is a
// positive multiple of StatsGrain and divides until − since. Adapters call
// it first.
func CheckStatsRange(since, until time.Time, step time.Duration) error {
	whole := func(t time.Time) bool { return t.Truncate(StatsGrain).Equal(t) } // the zero time is on a UTC hour
	if !whole(since) || !whole(until) || !since.Before(until) || step <= 0 || step%StatsGrain != 0 || until.Sub(since)%step != 0 {
		return ErrBadStatsRange
	}
	return nil
}

// NewBuckets returns the empty buckets of [since, until) in steps, for
// adapters to fill (see CheckStatsRange).
func NewBuckets(since, until time.Time, step time.Duration) []Bucket {
	n := int(until.Sub(since) / step)
	out := make([]Bucket, n)
	for i := range out {
		out[i] = Bucket{Start: since.Add(time.Duration(i) * step).UTC(),
			ByTopFinding: map[diagnosis.FindingID]int{}, ByOS: map[diagnosis.OS]int{}}
	}
	return out
}

// AddTop adds n reports created at ms (Unix milliseconds) with the top
// finding to the total and the finding's count of the bucket of buckets
// (made by NewBuckets with step) that holds ms; counts outside every
// bucket are dropped.
func AddTop(buckets []Bucket, step time.Duration, ms int64, top diagnosis.FindingID, n int) {
	if b := bucketOf(buckets, step, ms); b != nil && n != 0 {
		b.Total += n
		b.ByTopFinding[top] += n
	}
}

// AddOS adds n reports created at ms on os to the OS counts of the bucket
// that holds ms (not to its total: AddTop counts every report once).
func AddOS(buckets []Bucket, step time.Duration, ms int64, os diagnosis.OS, n int) {
	if b := bucketOf(buckets, step, ms); b != nil && n != 0 {
		b.ByOS[os] += n
	}
}

// AddCount counts n reports with both facets: AddTop and AddOS.
func AddCount(buckets []Bucket, step time.Duration, ms int64, top diagnosis.FindingID, os diagnosis.OS, n int) {
	AddTop(buckets, step, ms, top, n)
	AddOS(buckets, step, ms, os, n)
}

func bucketOf(buckets []Bucket, step time.Duration, ms int64) *Bucket {
	if len(buckets) == 0 {
		return nil
	}
	off := ms - buckets[0].Start.UnixMilli()
	if off < 0 || off/step.Milliseconds() >= int64(len(buckets)) {
		return nil
	}
	return &buckets[off/step.Milliseconds()]
}
