package diagnosis

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ProbeStatus is the class of one endpoint probe.
type ProbeStatus string

// The probe classes. Pending: not started or still running. OK: answered in
// less than Thresholds.SlowMS. Slow: answered at or after SlowMS but before
// the timeout. Fail: rejected (DNS, refused, TLS, blocked by a filter).
// Timeout: no answer by Thresholds.TimeoutMS.
const (
	StatusPending ProbeStatus = "pending"
	StatusOK      ProbeStatus = "ok"
	StatusSlow    ProbeStatus = "slow"
	StatusFail    ProbeStatus = "fail"
	StatusTimeout ProbeStatus = "timeout"
)

// Valid reports whether s is a known probe status.
func (s ProbeStatus) Valid() bool {
	switch s {
	case StatusPending, StatusOK, StatusSlow, StatusFail, StatusTimeout:
		return true
	}
	return false
}

// Reachable reports whether the endpoint answered (ok or slow).
func (s ProbeStatus) Reachable() bool { return s == StatusOK || s == StatusSlow }

// Bad reports whether the endpoint did not answer (fail or timeout).
func (s ProbeStatus) Bad() bool { return s == StatusFail || s == StatusTimeout }

// Thresholds are the limits the rules use. A zero field means "use the
// default" (see DefaultThresholds and Normalized).
type Thresholds struct {
	// SlowMS: an answer at or after this many ms is slow (default 2000).
	SlowMS int64 `json:"slow_ms"`
	// TimeoutMS: no answer by this many ms is a timeout (default 8000).
	// The "slow 2–6 s" names the usual range; anything that answers
	// after SlowMS but before TimeoutMS is slow.
	TimeoutMS int64 `json:"timeout_ms"`
	// ClockWarnMS: a clock offset at least this large warns (default 30 s).
	ClockWarnMS int64 `json:"clock_warn_ms"`
	// ClockFailMS: a clock offset at least this large fails (default 2 min).
	ClockFailMS int64 `json:"clock_fail_ms"`
}

// DefaultThresholds returns the defaults: slow at 2 s, timeout at 8 s,
// clock warning at 30 s and clock failure at 2 min.
func DefaultThresholds() Thresholds {
	return Thresholds{SlowMS: 2000, TimeoutMS: 8000, ClockWarnMS: 30_000, ClockFailMS: 120_000}
}

// Normalized returns t with zero or negative fields replaced by the defaults
// and the pairs kept in order (SlowMS < TimeoutMS, ClockWarnMS < ClockFailMS);
// a pair out of order falls back to the default pair.
func (t Thresholds) Normalized() Thresholds {
	d := DefaultThresholds()
	if t.SlowMS <= 0 {
		t.SlowMS = d.SlowMS
	}
	if t.TimeoutMS <= 0 {
		t.TimeoutMS = d.TimeoutMS
	}
	if t.ClockWarnMS <= 0 {
		t.ClockWarnMS = d.ClockWarnMS
	}
	if t.ClockFailMS <= 0 {
		t.ClockFailMS = d.ClockFailMS
	}
	if t.SlowMS >= t.TimeoutMS {
		t.SlowMS, t.TimeoutMS = d.SlowMS, d.TimeoutMS
	}
	if t.ClockWarnMS >= t.ClockFailMS {
		t.ClockWarnMS, t.ClockFailMS = d.ClockWarnMS, d.ClockFailMS
	}
	return t
}

// ProbeObservation is what the browser saw for one endpoint.
type ProbeObservation struct {
	EndpointID string `json:"endpoint_id"`
	// Started is true once the request was sent.
	Started bool `json:"started"`
	// Resolved is true when fetch resolved (some server answered; with
	// no-cors even a 500 or a proxy's page resolves).
	Resolved bool `json:"resolved"`
	// Error is the rejection text (e.g. "TypeError: Failed to fetch"); empty
	// when the probe resolved or is still running.
	Error string `json:"error,omitempty"`
	// ElapsedMS is the time from send to answer, rejection or abort.
	ElapsedMS int64 `json:"elapsed_ms"`
	// TimedOut is true when the probe was aborted by the timeout.
	TimedOut bool `json:"timed_out"`
}

// Classify turns one observation into a status with thresholds t (zero
// fields take the defaults). Not started → pending; timed out, or resolved
// or rejected at or after TimeoutMS → timeout; rejected → fail; resolved
// before SlowMS → ok, later → slow; started with no outcome yet → pending.
func Classify(o ProbeObservation, t Thresholds) ProbeStatus {
	t = t.Normalized()
	switch {
	case !o.Started:
		return StatusPending
	case o.TimedOut:
		return StatusTimeout
	case (o.Resolved || o.Error != "") && o.ElapsedMS >= t.TimeoutMS:
		return StatusTimeout
	case o.Resolved:
		if o.ElapsedMS >= t.SlowMS {
			return StatusSlow
		}
		return StatusOK
	case o.Error != "":
		return StatusFail
	}
	return StatusPending
}

// CheckResult is the classified outcome of one endpoint: what the report and
// the UI show per check.
type CheckResult struct {
	ID        string      `json:"id"`
	Role      Role        `json:"role"`
	Status    ProbeStatus `json:"status"`
	LatencyMS int64       `json:"latency_ms"`
	Detail    string      `json:"detail"`
}

// MaxDetailBytes bounds a check's detail text (the browser's error message).
const MaxDetailBytes = 200

// Checks classifies every endpoint of the input's catalog (DefaultCatalog
// when nil), in catalog order. An endpoint with no observation is pending;
// observations for ids outside the catalog are ignored; with several
// observations for one id the last wins.
func (in Input) Checks() []CheckResult {
	cat := in.catalog()
	t := in.Thresholds.Normalized()
	out := make([]CheckResult, len(cat))
	for i, e := range cat {
		out[i] = CheckResult{ID: e.ID, Role: e.Role, Status: StatusPending}
		for _, o := range in.Probes {
			if o.EndpointID != e.ID {
				continue
			}
			st := Classify(o, t)
			out[i].Status = st
			out[i].LatencyMS = 0
			out[i].Detail = ""
			if st != StatusPending {
				out[i].LatencyMS = min(max(o.ElapsedMS, 0), 600_000)
			}
			switch st {
			case StatusFail:
				out[i].Detail = CleanDetail(o.Error)
			case StatusTimeout:
				out[i].Detail = "timeout after " + strconv.FormatInt(out[i].LatencyMS, 10) + " ms"
			}
		}
	}
	return out
}

func (in Input) catalog() []Endpoint {
	if len(in.Catalog) == 0 {
		return defaultCatalog
	}
	return in.Catalog
}

// CleanDetail makes an error text safe for one line of a report: valid
// UTF-8, no control characters, at most MaxDetailBytes bytes.
func CleanDetail(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			r = ' '
		}
		if b.Len()+utf8.RuneLen(r) > MaxDetailBytes {
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
