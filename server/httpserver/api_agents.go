package httpserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"
	"wpscheck/app/report"
	"wpscheck/app/strict"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
)

// The bounds of the agents' lists and counts.
const (
	defaultListLimit = 50
	maxListLimit     = 500
	// maxStatsBuckets bounds the buckets of one GET /api/stats.
	maxStatsBuckets = 1000
)

// csvPage is how many reports an export reads from the store at a time
// (a variable for the tests).
var csvPage = 1000

// The filters GET /api/reports, /api/reports.csv and /api/stats accept.
var (
	listParams  = []string{"since", "until", "finding", "finding_any", "os", "in_app", "ticket", "code", "limit", "cursor"}
	csvParams   = []string{"since", "until", "finding", "finding_any", "os", "in_app", "ticket", "code"}
	statsParams = []string{"since", "until", "bucket"}
	linkParams  = []string{"ticket", "symptom", "lang"}
)

// queryValues returns the request's query parameters, each given at most
// once and each one of known; anything else is a bad input naming it.
func queryValues(r *http.Request, known []string) (map[string]string, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, strict.Errorf("", "the query string is malformed")
	}
	out := make(map[string]string, len(q))
	for name, vs := range q {
		if !slices.Contains(known, name) {
			return nil, strict.Errorf(name, "is not a parameter of %s (known: %s)", r.URL.Path, strings.Join(known, ", "))
		}
		if len(vs) > 1 {
			return nil, strict.Errorf(name, "is given more than once")
		}
		out[name] = strings.TrimSpace(vs[0])
	}
	return out, nil
}

// parseTime reads an RFC 3339 time parameter ("" leaves it zero).
func parseTime(v map[string]string, name string) (time.Time, error) {
	s := v[name]
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Year() < 2000 || t.Year() > 9999 {
		return time.Time{}, strict.Errorf(name, "must be an RFC 3339 time such as 2026-05-01T08:00:00+08:00")
	}
	return t, nil
}

// parseFilters reads the filters shared by the list and the export.
func parseFilters(v map[string]string) (reports.Query, error) {
	var q reports.Query
	var err error
	if q.Since, err = parseTime(v, "since"); err != nil {
		return q, err
	}
	if q.Until, err = parseTime(v, "until"); err != nil {
		return q, err
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, strict.Errorf("until", "must be after since")
	}
	for _, f := range []struct {
		name string
		dst  *diagnosis.FindingID
	}{{"finding", &q.TopFinding}, {"finding_any", &q.AnyFinding}} {
		if s := diagnosis.FindingID(v[f.name]); s != "" {
			if !s.Valid() {
				return q, strict.Errorf(f.name, "is not a known finding id (e.g. wps_blocked, clock_skew)")
			}
			*f.dst = s
		}
	}
	if s := diagnosis.OS(v["os"]); s != "" {
		if !s.Valid() {
			return q, strict.Errorf("os", "is not a known system (e.g. windows, android, ios, unknown)")
		}
		q.OS = s
	}
	if s := diagnosis.InApp(v["in_app"]); s != "" {
		if !s.Valid() {
			return q, strict.Errorf("in_app", "is not a known app (none for a plain browser, or e.g. wechat, dingtalk)")
		}
		q.InApp = s
	}
	if s := v["ticket"]; s != "" {
		if !report.ValidTicket(s) {
			return q, strict.Errorf("ticket", "must be 1-64 characters of A-Z, a-z, 0-9, _ and -")
		}
		q.Ticket = s
	}
	if s := v["code"]; s != "" {
		code, err := report.CanonicalSupportCode(s)
		if err != nil {
			return q, strict.Errorf("code", "is not a support code: %s", report.DescribeCodeError(err).In(i18n.EN))
		}
		q.SupportCode = code
	}
	return q, nil
}

// cursorVersion starts every cursor; a new layout gets a new one.
const cursorVersion = 1

// cursorMACLen is how many bytes of the HMAC-SHA256 a cursor carries.
const cursorMACLen = 16

// encodeCursor writes the position k as an opaque, tamper-evident cursor:
// base64url of the version, the time in ms, the id and a MAC of them.
func (a *api) encodeCursor(k reports.Key) string {
	b := make([]byte, 0, 1+8+len(k.ID)+cursorMACLen)
	b = append(b, cursorVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(k.CreatedAt.UnixMilli()))
	b = append(b, k.ID...)
	m := hmac.New(sha256.New, a.cursorKey)
	m.Write(b)
	b = m.Sum(b)[:len(b)+cursorMACLen]
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor encodeCursor wrote with this key.
func (a *api) decodeCursor(s string) (reports.Key, error) {
	bad := strict.Errorf("cursor", "is not a cursor this server gave (pass next_cursor unchanged, with the same agent tokens configured)")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 1+8+cursorMACLen || len(b) > 1+8+64+cursorMACLen || b[0] != cursorVersion {
		return reports.Key{}, bad
	}
	body, mac := b[:len(b)-cursorMACLen], b[len(b)-cursorMACLen:]
	m := hmac.New(sha256.New, a.cursorKey)
	m.Write(body)
	if !hmac.Equal(m.Sum(nil)[:cursorMACLen], mac) {
		return reports.Key{}, bad
	}
	ms := int64(binary.BigEndian.Uint64(body[1:9]))
	return reports.Key{CreatedAt: time.UnixMilli(ms).UTC(), ID: string(body[9:])}, nil
}

// agentStore checks the method, the agent's token and that a store is
// configured; it answers the error itself and returns nil when the
// request must stop.
func (a *api) agentStore(w http.ResponseWriter, r *http.Request) reports.Store {
	if !a.s.allowGet(w, r) || !a.authorize(w, r) {
		return nil
	}
	if a.store == nil {
		a.s.writeError(w, r, Errorf(wire.CodeUnavailable, "report storage is not available"))
		return nil
	}
	return a.store
}

// agentFilters checks the request as agentStore does and reads its
// parameters (known) and the filters among them; it answers the error
// itself and returns a nil store when the request must stop.
func (a *api) agentFilters(w http.ResponseWriter, r *http.Request, known []string) (reports.Store, map[string]string, reports.Query) {
	store := a.agentStore(w, r)
	if store == nil {
		return nil, nil, reports.Query{}
	}
	v, err := queryValues(r, known)
	if err != nil {
		a.s.writeError(w, r, err)
		return nil, nil, reports.Query{}
	}
	q, err := parseFilters(v)
	if err != nil {
		a.s.writeError(w, r, err)
		return nil, nil, reports.Query{}
	}
	return store, v, q
}

// handleList answers GET /api/reports?… for agents: a page of the reports
// that match the filters, newest first, and the cursor of the next page.
func (a *api) handleList(w http.ResponseWriter, r *http.Request) {
	store, v, q := a.agentFilters(w, r, listParams)
	if store == nil {
		return
	}
	q.Limit = defaultListLimit
	if s := v["limit"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxListLimit {
			a.s.writeError(w, r, strict.Errorf("limit", "must be a whole number from 1 to %d", maxListLimit))
			return
		}
		q.Limit = n
	}
	if s := v["cursor"]; s != "" {
		k, err := a.decodeCursor(s)
		if err != nil {
			a.s.writeError(w, r, err)
			return
		}
		q.After = &k
	}
	limit := q.Limit
	q.Limit++ // one more says whether there is a next page
	recs, err := store.List(r.Context(), q)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	out := wire.ReportList{Reports: make([]wire.ReportSummary, 0, min(len(recs), limit))}
	if len(recs) > limit {
		recs = recs[:limit]
		out.NextCursor = a.encodeCursor(reports.KeyOf(recs[limit-1]))
	}
	for _, rec := range recs {
		out.Reports = append(out.Reports, summary(rec))
	}
	writeJSON(w, http.StatusOK, out)
}

// summary is a listed record as agents read it.
func summary(rec reports.Record) wire.ReportSummary {
	f := rec.Facets
	s := wire.ReportSummary{ID: rec.ID, CreatedAt: rec.CreatedAt.UTC(), Ticket: rec.Ticket, TicketVerified: rec.TicketVerified,
		SupportCode: rec.SupportCode, TopFinding: f.Top(), Findings: f.Findings, OS: f.OS, Browser: f.Browser, InApp: f.InApp}
	if s.Findings == nil {
		s.Findings = []diagnosis.FindingID{}
	}
	if f.ClockKnown {
		s.ClockOffsetMS = &f.ClockOffsetMS
	}
	return s
}

// handleStats answers GET /api/stats?since=&until=&bucket=hour|day: how
// many reports came in per bucket, by top finding and by OS. The bounds
// are widened to whole hours (since down, until up) and until further to
// a whole number of buckets after since; the answer says which it used.
// Without bounds it covers the last 24 hours (hour) or 7 days (day),
// ending with the current hour.
func (a *api) handleStats(w http.ResponseWriter, r *http.Request) {
	store := a.agentStore(w, r)
	if store == nil {
		return
	}
	v, err := queryValues(r, statsParams)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	step, name := time.Hour, wire.BucketHour
	switch v["bucket"] {
	case "", wire.BucketHour:
	case wire.BucketDay:
		step, name = 24*time.Hour, wire.BucketDay
	default:
		a.s.writeError(w, r, strict.Errorf("bucket", `must be "hour" or "day"`))
		return
	}
	since, err := parseTime(v, "since")
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	until, err := parseTime(v, "until")
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	if until.IsZero() {
		until = a.now()
	}
	until = ceilHour(until)
	switch {
	case since.IsZero() && step == time.Hour:
		since = until.Add(-24 * time.Hour)
	case since.IsZero():
		since = until.Add(-7 * step)
	case !since.Before(until):
		a.s.writeError(w, r, strict.Errorf("until", "must be after since"))
		return
	}
	since = since.Truncate(reports.StatsGrain).UTC()
	n := (until.Sub(since) + step - 1) / step
	if n > maxStatsBuckets {
		a.s.writeError(w, r, strict.Errorf("since", "the range holds more than %d buckets of a %s", maxStatsBuckets, name))
		return
	}
	until = since.Add(n * step)
	buckets, err := store.Stats(r.Context(), since, until, step)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	out := wire.Stats{Since: since, Until: until.UTC(), Bucket: name, Buckets: make([]wire.StatsBucket, 0, len(buckets))}
	for _, b := range buckets {
		sb := wire.StatsBucket{Start: b.Start.UTC(), Total: b.Total, TopFindings: map[diagnosis.FindingID]int{}, OS: map[diagnosis.OS]int{}}
		for id, c := range b.ByTopFinding {
			if id == "" {
				id = wire.NoFinding
			}
			if c > 0 {
				sb.TopFindings[id] += c
			}
		}
		for os, c := range b.ByOS {
			if os == "" {
				os = diagnosis.OSUnknown
			}
			if c > 0 {
				sb.OS[os] += c
			}
		}
		out.Buckets = append(out.Buckets, sb)
	}
	writeJSON(w, http.StatusOK, out)
}

// ceilHour rounds t up to a whole UTC hour.
func ceilHour(t time.Time) time.Time {
	h := t.Truncate(reports.StatsGrain)
	if h.Before(t) {
		h = h.Add(reports.StatsGrain)
	}
	return h.UTC()
}

// csvHeader names the export's columns.
var csvHeader = []string{"id", "created_at", "ticket", "top_finding", "findings", "os", "browser", "in_app", "clock_offset_ms", "support_code"}

// handleCSV answers GET /api/reports.csv?… for agents: every report that
// matches the filters, newest first, one line each, streamed page by page
// from the store. A store failure after the first line aborts the
// response (the client sees a broken transfer, not a short file).
func (a *api) handleCSV(w http.ResponseWriter, r *http.Request) {
	store, _, q := a.agentFilters(w, r, csvParams)
	if store == nil {
		return
	}
	q.Limit = csvPage
	page, err := store.List(r.Context(), q)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="wpscheck-reports-`+a.now().UTC().Format("20060102T1504Z")+`.csv"`)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	cw := csv.NewWriter(w)
	rc := http.NewResponseController(w)
	_ = cw.Write(csvHeader)
	row := make([]string, len(csvHeader))
	for {
		for _, rec := range page {
			csvRow(row, rec)
			if err := cw.Write(row); err != nil {
				panic(http.ErrAbortHandler) // the client went away
			}
		}
		cw.Flush()
		if cw.Error() != nil {
			panic(http.ErrAbortHandler)
		}
		_ = rc.Flush()
		if len(page) < q.Limit {
			return
		}
		k := reports.KeyOf(page[len(page)-1])
		q.After = &k
		if page, err = store.List(r.Context(), q); err != nil {
			if !errors.Is(err, r.Context().Err()) {
				a.log.ErrorContext(r.Context(), "export aborted", "err", err)
			}
			panic(http.ErrAbortHandler)
		}
	}
}

// csvRow fills row with rec's cells, in csvHeader's order.
func csvRow(row []string, rec reports.Record) {
	f := rec.Facets
	offset := ""
	if f.ClockKnown {
		offset = strconv.FormatInt(f.ClockOffsetMS, 10)
	}
	ids := make([]string, len(f.Findings))
	for i, id := range f.Findings {
		ids[i] = string(id)
	}
	cells := [...]string{rec.ID, rec.CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z"), rec.Ticket, string(f.Top()),
		strings.Join(ids, " "), string(f.OS), string(f.Browser), string(f.InApp), offset, rec.SupportCode}
	for i, c := range cells {
		row[i] = csvCell(c)
	}
}

// csvCell defuses a cell a spreadsheet would run as a formula: one that
// starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice). A negative whole number (a clock offset)
// is a number to any spreadsheet and stays as it is.
func csvCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if s[0] == '-' && len(s) > 1 && strings.Trim(s[1:], "0123456789") == "" {
		return s
	}
	return "'" + s
}

// handleLink answers GET /api/link?ticket=&symptom=&lang= for agents: the
// path and query of the link to send a person, with the signature of its
// ticket when a ticket secret is configured (config.TicketSigner), so that
// the report that comes back is marked verified.
func (a *api) handleLink(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) || !a.authorize(w, r) {
		return
	}
	v, err := queryValues(r, linkParams)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	q := url.Values{}
	if !report.ValidTicket(v["ticket"]) {
		a.s.writeError(w, r, strict.Errorf("ticket", "required: 1-64 characters of A-Z, a-z, 0-9, _ and -"))
		return
	}
	q.Set("ticket", v["ticket"])
	if s := diagnosis.Symptom(v["symptom"]); s != "" {
		if !s.Valid() {
			a.s.writeError(w, r, strict.Errorf("symptom", "is not a known symptom (e.g. password_rejected, login_hangs)"))
			return
		}
		q.Set("symptom", string(s))
	}
	if s := v["lang"]; s != "" {
		l, ok := i18n.Parse(s)
		if !ok {
			a.s.writeError(w, r, strict.Errorf("lang", `must be "zh" or "en"`))
			return
		}
		q.Set("lang", string(l))
	}
	signer := a.cfg.TicketSigner()
	signed := signer != nil
	if signed {
		q.Set(wire.TicketSigParam, signer.Sign(v["ticket"]))
	}
	writeJSON(w, http.StatusOK, wire.SupportLink{Path: "/?" + q.Encode(), Signed: signed})
}
