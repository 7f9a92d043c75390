package httpserver

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wpscheck/app/diagnosis"
	"wpscheck/app/report"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
	"wpscheck/server/reports/storetest"
	"wpscheck/server/tickets"
)

// agentGet asks the API with the agent token and decodes a 200 answer.
func agentGet[T any](t *testing.T, env *apiEnv, target string) T {
	t.Helper()
	rec := env.do(req{method: http.MethodGet, target: target, header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code, "%s: %s", target, rec.Body.String())
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v))
	return v
}

// sampled puts n sample records (storetest.Sample) into the env's store
// and returns them newest first.
func sampled(t *testing.T, env *apiEnv, n int, span time.Duration) []reports.Record {
	t.Helper()
	recs := storetest.Sample(11, n, span)
	for _, r := range recs {
		require.NoError(t, env.store.Put(t.Context(), r))
	}
	slices.SortFunc(recs, func(a, b reports.Record) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return recs
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func TestAgentListPagesWithCursors(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	recs := sampled(t, env, 130, 5*time.Hour)
	want := ids(recs, func(r reports.Record) string { return r.ID })

	var got []string
	target := "/api/reports"
	for pages := 1; ; pages++ {
		ans := agentGet[wire.ReportList](t, env, target)
		got = append(got, ids(ans.Reports, func(r wire.ReportSummary) string { return r.ID })...)
		if ans.NextCursor == "" {
			assert.Equal(t, 3, pages, "50 a page by default")
			break
		}
		target = "/api/reports?cursor=" + url.QueryEscape(ans.NextCursor)
	}
	assert.Equal(t, want, got, "newest first, every report once")

	ans := agentGet[wire.ReportList](t, env, "/api/reports?limit=500")
	assert.Len(t, ans.Reports, 130)
	assert.Empty(t, ans.NextCursor, "no cursor after the last page")
	ans = agentGet[wire.ReportList](t, env, "/api/reports?limit=130")
	assert.Empty(t, ans.NextCursor, "a page that ends exactly at the last report has no next one")
}

func TestAgentListFilters(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	recs := sampled(t, env, 200, 48*time.Hour)
	since := recs[150].CreatedAt
	until := recs[20].CreatedAt
	for _, c := range []struct {
		query string
		keep  func(r reports.Record) bool
	}{
		{"finding=clock_skew", func(r reports.Record) bool { return r.Facets.Top() == diagnosis.FindingClockSkew }},
		{"finding_any=clock_skew", func(r reports.Record) bool { return slices.Contains(r.Facets.Findings, diagnosis.FindingClockSkew) }},
		{"os=android&in_app=wechat", func(r reports.Record) bool {
			return r.Facets.OS == diagnosis.OSAndroid && r.Facets.InApp == diagnosis.InAppWeChat
		}},
		{"ticket=T-2", func(r reports.Record) bool { return r.Ticket == "T-2" }},
		{"since=" + url.QueryEscape(since.Format(time.RFC3339Nano)) + "&until=" + url.QueryEscape(until.In(time.FixedZone("CST", 8*3600)).Format(time.RFC3339Nano)),
			func(r reports.Record) bool { return !r.CreatedAt.Before(since) && r.CreatedAt.Before(until) }},
	} {
		t.Run(c.query, func(t *testing.T) {
			var want []string
			for _, r := range recs {
				if c.keep(r) {
					want = append(want, r.ID)
				}
			}
			require.NotEmpty(t, want, "the sample has matches")
			ans := agentGet[wire.ReportList](t, env, "/api/reports?limit=500&"+c.query)
			assert.Equal(t, want, ids(ans.Reports, func(r wire.ReportSummary) string { return r.ID }))
		})
	}
}

// TestAgentListSummary uploads a real report and finds it by its support
// code as an agent would type it, with the facets the upload took from it.
func TestAgentListSummary(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	body := validReport(t, "T-77")
	require.Equal(t, http.StatusCreated, env.upload(body, "").Code)
	rep, err := report.Parse(body)
	require.NoError(t, err)
	code := report.EncodeSupportCode(rep)

	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	ans := agentGet[wire.ReportList](t, env, "/api/reports?code="+url.QueryEscape(typed))
	require.Len(t, ans.Reports, 1)
	s := ans.Reports[0]
	assert.Equal(t, "T-77", s.Ticket)
	assert.False(t, s.TicketVerified)
	assert.Equal(t, code, s.SupportCode)
	assert.Equal(t, rep.Findings[0], s.TopFinding)
	assert.Equal(t, rep.Findings, s.Findings)
	assert.Equal(t, diagnosis.OSWindows, s.OS)
	assert.Equal(t, diagnosis.BrowserChrome, s.Browser)
	assert.Equal(t, diagnosis.InAppNone, s.InApp)
	assert.Nil(t, s.ClockOffsetMS, "the clock was not measured: null, not 0")
	assert.Equal(t, env.now, s.CreatedAt)

	raw := env.do(req{method: http.MethodGet, target: "/api/reports", header: bearer(agentToken)}).Body.String()
	assert.Contains(t, raw, `"clock_offset_ms":null`)
	assert.NotContains(t, raw, `"checks"`, "a list carries no report bodies")
	assert.NotContains(t, env.logs.String(), "T-77", "tickets are not logged")
}

func TestAgentListBadInput(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	sampled(t, env, 60, time.Hour)
	ans := agentGet[wire.ReportList](t, env, "/api/reports?limit=10")
	require.NotEmpty(t, ans.NextCursor)
	cur := ans.NextCursor
	// Flip one bit of the id inside the cursor, keep the MAC: refused.
	raw, err := decodeCursorBytes(cur)
	require.NoError(t, err)
	raw[12] ^= 1
	tampered := encodeCursorBytes(raw)
	// A cursor another configuration (other agent tokens) signed.
	other := newAPIEnv(t, testConfig(`{"agents": {"token_sha256": ["`+tokenHash("other-token")+`", "`+tokenHash(agentToken)+`"]}}`))
	sampled(t, other, 20, time.Hour)
	foreign := agentGet[wire.ReportList](t, other, "/api/reports?limit=5").NextCursor
	require.NotEmpty(t, foreign)

	badParams(t, env, "/api/reports?", []badParam{
		{"since=yesterday", "since"},
		{"since=2026-05-01", "since"},
		{"until=2026-05-01T25:00:00Z", "until"},
		{"since=2026-05-02T00:00:00Z&until=2026-05-01T00:00:00Z", "until"},
		{"since=2026-05-01T00:00:00Z&until=2026-05-01T00:00:00Z", "until"},
		{"finding=wps_blokced", "finding"},
		{"finding_any=WPS_BLOCKED", "finding_any"},
		{"os=windows11", "os"},
		{"in_app=weixin", "in_app"},
		{"ticket=T%205", "ticket"},
		{"ticket=" + strings.Repeat("a", 65), "ticket"},
		{"code=1234", "code"},
		{"limit=0", "limit"},
		{"limit=501", "limit"},
		{"limit=ten", "limit"},
		{"cursor=" + url.QueryEscape(tampered), "cursor"},
		{"cursor=" + url.QueryEscape(foreign), "cursor"},
		{"cursor=not-a-cursor", "cursor"},
		{"cursor=%00", "cursor"},
		{"findng=clock_skew", "findng"},
		{"limit=5&limit=6", "limit"},
		{"since=%zz", ""},
	})
	// The untampered cursor still works, and a wrong token learns nothing.
	agentGet[wire.ReportList](t, env, "/api/reports?limit=10&cursor="+url.QueryEscape(cur))
	for _, target := range []string{"/api/reports?limit=5", "/api/reports.csv", "/api/stats", "/api/link?ticket=T-1"} {
		for _, h := range []map[string]string{nil, bearer("wrong")} {
			rec := env.do(req{method: http.MethodGet, target: target, header: h})
			require.Equal(t, http.StatusUnauthorized, rec.Code, target)
			assert.Equal(t, `Bearer realm="wpscheck"`, rec.Header().Get("WWW-Authenticate"))
			assert.NotContains(t, rec.Body.String(), "R-")
		}
	}
}

var base64URL = base64.RawURLEncoding

func decodeCursorBytes(s string) ([]byte, error) {
	return base64URL.DecodeString(s)
}

func encodeCursorBytes(b []byte) string { return base64URL.EncodeToString(b) }

func TestAgentStats(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	env.now = time.Date(2026, 3, 3, 10, 20, 0, 0, time.UTC) // the sample spans 2026-03-01 00:00 to 03-03 00:00 UTC
	recs := sampled(t, env, 300, 48*time.Hour)

	// The last 24 hours, ending with the current hour.
	st := agentGet[wire.Stats](t, env, "/api/stats")
	assert.Equal(t, wire.BucketHour, st.Bucket)
	assert.Equal(t, time.Date(2026, 3, 3, 11, 0, 0, 0, time.UTC), st.Until)
	assert.Equal(t, st.Until.Add(-24*time.Hour), st.Since)
	require.Len(t, st.Buckets, 24)
	count := func(since, until time.Time) (n int, top map[diagnosis.FindingID]int, os map[diagnosis.OS]int) {
		top, os = map[diagnosis.FindingID]int{}, map[diagnosis.OS]int{}
		for _, r := range recs {
			if !r.CreatedAt.Before(since) && r.CreatedAt.Before(until) {
				n++
				t := r.Facets.Top()
				if t == "" {
					t = wire.NoFinding
				}
				top[t]++
				os[r.Facets.OS]++
			}
		}
		return n, top, os
	}
	for _, b := range st.Buckets {
		n, top, os := count(b.Start, b.Start.Add(time.Hour))
		assert.Equal(t, n, b.Total, "hour %v", b.Start)
		assert.Equal(t, top, b.TopFindings, "hour %v", b.Start)
		assert.Equal(t, os, b.OS, "hour %v", b.Start)
	}

	// Days from midnight in China, the bounds given in +08:00 and not on
	// whole days: since stays, until grows to a whole day.
	st = agentGet[wire.Stats](t, env, "/api/stats?bucket=day&since="+url.QueryEscape("2026-03-01T00:00:00+08:00")+"&until="+url.QueryEscape("2026-03-03T05:30:00+08:00"))
	assert.Equal(t, time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC), st.Since)
	assert.Equal(t, time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC), st.Until)
	require.Len(t, st.Buckets, 3)
	total := 0
	for _, b := range st.Buckets {
		n, _, _ := count(b.Start, b.Start.Add(24*time.Hour))
		assert.Equal(t, n, b.Total)
		total += b.Total
	}
	assert.Equal(t, len(recs), total)

	// since is rounded down to its hour.
	st = agentGet[wire.Stats](t, env, "/api/stats?since=2026-03-01T05:59:59Z&until=2026-03-01T07:00:00Z")
	assert.Equal(t, time.Date(2026, 3, 1, 5, 0, 0, 0, time.UTC), st.Since)
	assert.Len(t, st.Buckets, 2)

	badParams(t, env, "/api/stats?", []badParam{
		{"bucket=week", "bucket"},
		{"since=today", "since"},
		{"since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z", "until"},
		{"since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z", "since"},
		{"finding=clock_skew", "finding"},
	})
}

// badParam is a query an endpoint refuses, and the field its 400 names.
type badParam struct{ query, field string }

// badParams asks path+query for each case as an agent: a 400 naming the field.
func badParams(t *testing.T, env *apiEnv, path string, cases []badParam) {
	t.Helper()
	for _, tt := range cases {
		rec := env.do(req{method: http.MethodGet, target: path + tt.query, header: bearer(agentToken)})
		require.Equal(t, http.StatusBadRequest, rec.Code, "%s: %s", tt.query, rec.Body.String())
		e := decodeError(t, rec)
		assert.Equal(t, "invalid", e.Error.Code, tt.query)
		assert.Equal(t, tt.field, e.Error.Field, "%s: %s", tt.query, e.Error.Message)
	}
}

// readCSV asks for an export and parses it.
func readCSV(t *testing.T, env *apiEnv, query string) [][]string {
	t.Helper()
	rec := env.do(req{method: http.MethodGet, target: "/api/reports.csv?" + query, header: bearer(agentToken)})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "text/csv; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Header().Get("Content-Disposition"), `attachment; filename="wpscheck-reports-`)
	rows, err := csv.NewReader(rec.Body).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	assert.Equal(t, []string{"id", "created_at", "ticket", "top_finding", "findings", "os", "browser", "in_app", "clock_offset_ms", "support_code"}, rows[0])
	return rows[1:]
}

func TestAgentCSV(t *testing.T) {
	defer func(n int) { csvPage = n }(csvPage)
	csvPage = 7 // several store pages in one export

	env := newAPIEnv(t, testConfig(""))
	recs := sampled(t, env, 40, 3*time.Hour)
	rows := readCSV(t, env, "")
	require.Len(t, rows, len(recs))
	for i, r := range recs {
		row := rows[i]
		assert.Equal(t, r.ID, row[0])
		at, err := time.Parse(time.RFC3339, row[1])
		require.NoError(t, err)
		assert.Equal(t, r.CreatedAt, at)
		assert.Equal(t, r.Ticket, row[2])
		assert.Equal(t, string(r.Facets.Top()), row[3])
		assert.Equal(t, strings.Join(ids(r.Facets.Findings, func(f diagnosis.FindingID) string { return string(f) }), " "), row[4])
		assert.Equal(t, string(r.Facets.OS), row[5])
		assert.Equal(t, "chrome", row[6])
		assert.Equal(t, string(r.Facets.InApp), row[7])
		if r.Facets.ClockKnown {
			assert.Equal(t, strconv.FormatInt(r.Facets.ClockOffsetMS, 10), row[8], "a negative offset stays a number")
		} else {
			assert.Empty(t, row[8])
		}
		assert.Equal(t, r.SupportCode, row[9])
	}
	assert.Len(t, readCSV(t, env, "finding=clock_skew"), len(slices.DeleteFunc(slices.Clone(recs), func(r reports.Record) bool {
		return r.Facets.Top() != diagnosis.FindingClockSkew
	})))
	assert.Empty(t, readCSV(t, env, "ticket=T-404"), "no match: the header alone")

	rec := env.do(req{method: http.MethodGet, target: "/api/reports.csv?cursor=x", header: bearer(agentToken)})
	assert.Equal(t, http.StatusBadRequest, rec.Code, "an export takes no cursor")
	assert.Equal(t, "cursor", decodeError(t, rec).Error.Field)
}

// TestAgentCSVFormulaInjection: a cell a spreadsheet would run is
// defused; tickets may start with a hyphen.
func TestAgentCSVFormulaInjection(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	r := storetest.Sample(1, 1, time.Hour)[0]
	r.Ticket = "-2+3"
	r.SupportCode = "=HYPERLINK(\"http://x\")"
	r.Facets.ClockKnown, r.Facets.ClockOffsetMS = true, -5400
	require.NoError(t, env.store.Put(t.Context(), r))
	rows := readCSV(t, env, "")
	require.Len(t, rows, 1)
	assert.Equal(t, "'-2+3", rows[0][2])
	assert.Equal(t, "'=HYPERLINK(\"http://x\")", rows[0][9])
	assert.Equal(t, "-5400", rows[0][8])
	for in, want := range map[string]string{"@SUM(A1)": "'@SUM(A1)", "+1": "'+1", "\tx": "'\tx", "\rx": "'\rx", "-": "'-",
		"-12": "-12", "R-1": "R-1", "": "", "a=b": "a=b"} {
		assert.Equal(t, want, csvCell(in), "%q", in)
	}
}

// failAfter passes the first n List calls to a real store, then fails.
type failAfter struct {
	reports.Store
	n atomic.Int32
}

func (f *failAfter) List(ctx context.Context, q reports.Query) ([]reports.Record, error) {
	if f.n.Add(-1) < 0 {
		return nil, errDisk
	}
	return f.Store.List(ctx, q)
}

// TestAgentCSVBreaksOffOnStoreFailure: a store that fails in the middle
// of an export breaks the transfer, so that no one takes a short file for
// the whole.
func TestAgentCSVBreaksOffOnStoreFailure(t *testing.T) {
	defer func(n int) { csvPage = n }(csvPage)
	csvPage = 5
	env := newAPIEnv(t, testConfig(""))
	sampled(t, env, 30, time.Hour)
	f := &failAfter{Store: env.store}
	f.n.Store(2)
	env.srv.opts.Reports = f
	a := newAPI(env.srv)
	srv := httptest.NewServer(http.HandlerFunc(a.handleCSV))
	defer srv.Close()
	r, err := http.NewRequest(http.MethodGet, srv.URL+"/api/reports.csv", nil)
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer "+agentToken)
	resp, err := srv.Client().Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.Error(t, err, "the transfer breaks off")
	assert.Equal(t, 1+10, bytes.Count(body, []byte("\n")), "the header and two pages came before the failure")
	assert.True(t, errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected EOF"), err)
}

func TestAgentLink(t *testing.T) {
	env := newAPIEnv(t, testConfig(""))
	l := agentGet[wire.SupportLink](t, env, "/api/link?ticket=T-42&symptom=login_hangs&lang=en")
	assert.False(t, l.Signed)
	u, err := url.Parse(l.Path)
	require.NoError(t, err)
	assert.Equal(t, "/", u.Path)
	assert.Equal(t, url.Values{"ticket": {"T-42"}, "symptom": {"login_hangs"}, "lang": {"en"}}, u.Query())
	assert.Equal(t, "/?ticket=T-42", agentGet[wire.SupportLink](t, env, "/api/link?ticket=T-42").Path)

	// With a ticket secret, the link carries the ticket's signature, and
	// an upload from it is stored as verified.
	secretFile := filepath.Join(t.TempDir(), "ticket-secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(ticketSecret+"\n"), 0o600))
	signed := newAPIEnv(t, testConfig(`{"tickets": {"secret_file": "`+secretFile+`"}}`))
	signer, err := tickets.NewSigner([]byte(ticketSecret))
	require.NoError(t, err)
	l = agentGet[wire.SupportLink](t, signed, "/api/link?ticket=T-42&lang=zh")
	assert.True(t, l.Signed)
	assert.Equal(t, "/?lang=zh&sig="+signer.Sign("T-42")+"&ticket=T-42", l.Path)
	u, err = url.Parse(l.Path)
	require.NoError(t, err)
	rec := signed.do(req{method: http.MethodPost, target: "/api/reports", body: validReport(t, "T-42"),
		header: map[string]string{"Content-Type": "application/json", wire.TicketSigHeader: u.Query().Get(wire.TicketSigParam)}})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	list := agentGet[wire.ReportList](t, signed, "/api/reports?ticket=T-42")
	require.Len(t, list.Reports, 1)
	assert.True(t, list.Reports[0].TicketVerified, "a report from the composed link is verified")

	badParams(t, env, "/api/link?", []badParam{
		{"", "ticket"},
		{"ticket=T%2042", "ticket"},
		{"ticket=T-1&symptom=angry", "symptom"},
		{"ticket=T-1&lang=fr", "lang"},
		{"ticket=T-1&url=http://evil", "url"},
	})
	rec = env.do(req{method: http.MethodPost, target: "/api/link?ticket=T-1", header: bearer(agentToken)})
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

func TestAgentQueriesOnFailingStore(t *testing.T) {
	env := newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = failingStore{} })
	for _, target := range []string{"/api/reports?ticket=T-1", "/api/reports.csv", "/api/stats"} {
		rec := env.do(req{method: http.MethodGet, target: target, header: bearer(agentToken)})
		assert.Equal(t, http.StatusInternalServerError, rec.Code, target)
		assert.NotContains(t, rec.Body.String(), "/var/lib/secret", target)
	}
	env = newAPIEnv(t, testConfig(""), func(o *Options) { o.Reports = nil })
	for _, target := range []string{"/api/reports", "/api/reports.csv", "/api/stats"} {
		rec := env.do(req{method: http.MethodGet, target: target, header: bearer(agentToken)})
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code, target)
	}
}
