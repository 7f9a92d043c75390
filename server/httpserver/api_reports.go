package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"wpscheck/app/report"
	"wpscheck/app/strict"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
)

// MaxReportBody is the largest report upload accepted (report.MaxBytes, 64 KiB).
const MaxReportBody = report.MaxBytes

// handleReports serves /api/reports: POST uploads a report, GET lists
// reports for agents (api_agents.go).
func (a *api) handleReports(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		a.handleUpload(w, r)
	case http.MethodGet, http.MethodHead:
		a.handleList(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		a.s.writeError(w, r, Errorf(wire.CodeMethod, "method not allowed"))
	}
}

// handleUpload accepts a report (schema 1 JSON, at most 64 KiB) and answers
// 201 {"id","support_code"} once the report is committed to the store. The
// report is stored compacted (the insignificant whitespace of JSON left
// out; the agent reads the same report). A ticket signature in the
// Ticket-Signature header that the configured secret confirms stores the
// ticket as verified; a missing or wrong one stores it unverified, never
// refuses the report. Errors: 400 (bad JSON or schema, the field named),
// 413, 415, 429 with Retry-After, 503 when upload is off, and 503 with
// Retry-After when storage cannot take it (full disk, the daily cap, the
// free-space floor).
func (a *api) handleUpload(w http.ResponseWriter, r *http.Request) {
	if !a.cfg.Reports.Upload || a.store == nil {
		a.s.writeError(w, r, Errorf(wire.CodeUnavailable, "report upload is turned off on this server"))
		return
	}
	if err := checkJSONType(r.Header.Get("Content-Type")); err != nil {
		a.s.writeError(w, r, err)
		return
	}
	if ok, wait := a.limiter.allow(a.clientAddr(r)); !ok {
		a.s.writeError(w, r, &Error{Code: wire.CodeRateLimited, Message: "too many reports from your address; try again later", RetryAfter: wait})
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	rep, err := report.Parse(body)
	if err != nil {
		a.s.writeError(w, r, err) // a *strict.FieldError: 400 naming the field
		return
	}
	var compact bytes.Buffer
	compact.Grow(len(body))
	if err := json.Compact(&compact, body); err != nil {
		a.s.writeError(w, r, err) // cannot happen: Parse accepted it
		return
	}
	rec := reports.Record{
		Ticket:         rep.Ticket,
		TicketVerified: a.ticketVerified(rep.Ticket, r.Header.Get(wire.TicketSigHeader)),
		SupportCode:    report.EncodeSupportCode(rep),
		CreatedAt:      a.now().UTC(),
		JSON:           compact.Bytes(),
		Facets:         reports.FacetsOf(rep),
	}
	if err := a.put(r.Context(), &rec, rep); err != nil {
		a.s.writeError(w, r, err)
		return
	}
	a.log.InfoContext(r.Context(), "report stored", "id", rec.ID, "bytes", len(rec.JSON), "uploaded_bytes", len(body),
		"with_ticket", rec.Ticket != "", "ticket_verified", rec.TicketVerified)
	a.s.countReport(rep)
	a.webhook.Notify() // its delivery is queued: send it now
	w.Header().Set("Location", "/api/reports/"+rec.ID)
	writeJSON(w, http.StatusCreated, wire.Uploaded{ID: rec.ID, SupportCode: rec.SupportCode})
}

// ticketVerified reports whether sig is the configured secret's signature
// of ticket; without a secret every ticket is unverified.
func (a *api) ticketVerified(ticket, sig string) bool {
	signer := a.cfg.TicketSigner()
	return signer != nil && ticket != "" && signer.Verify(ticket, sig)
}

// put stores rec (with the webhook delivery announcing it, when the webhook
// is on) under a fresh id, drawing again on the (astronomically unlikely)
// collision with an existing id.
func (a *api) put(ctx context.Context, rec *reports.Record, rep report.Report) error {
	for range 3 {
		rec.ID = reports.NewID()
		rec.Delivery = a.webhook.Delivery(*rec, rep)
		err := a.store.Put(ctx, *rec)
		if !errors.Is(err, reports.ErrDuplicateID) {
			return err
		}
	}
	return errors.New("httpserver: three report id collisions in a row")
}

// checkJSONType accepts application/json with no charset or charset utf-8.
func checkJSONType(ct string) error {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return Errorf(wire.CodeMediaType, "the body must be JSON sent as Content-Type: application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return Errorf(wire.CodeMediaType, "the body must be UTF-8 JSON")
	}
	return nil
}

// readBody reads at most MaxReportBody bytes of the request body.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	tooLarge := &Error{Code: wire.CodeTooLarge, Message: "the report is larger than " + strconv.Itoa(MaxReportBody/1024) + " KiB"}
	if r.ContentLength > MaxReportBody {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxReportBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, &Error{Code: wire.CodeInvalid, Message: "could not read the request body", Err: err}
	}
	if len(body) == 0 {
		return nil, &Error{Code: wire.CodeInvalid, Message: "the body is empty; expected a report"}
	}
	return body, nil
}

// toAgent is a stored record as agents read it.
func toAgent(rec reports.Record) wire.AgentReport {
	return wire.AgentReport{ID: rec.ID, Ticket: rec.Ticket, TicketVerified: rec.TicketVerified,
		SupportCode: rec.SupportCode, CreatedAt: rec.CreatedAt.UTC(), Report: json.RawMessage(rec.JSON)}
}

// authorize checks the agent's bearer token and answers 401 (with
// WWW-Authenticate: Bearer, and nothing of any report) when it is missing or
// wrong. Failures are counted per client address (config
// agents.failed_auth): once an address has used them up, its requests
// answer 429 with Retry-After whatever token they carry, so that tokens
// cannot be guessed at speed. The token is never logged, and refusals are
// logged sampled (refusalLog).
func (a *api) authorize(w http.ResponseWriter, r *http.Request) bool {
	client := a.clientAddr(r)
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if wait := a.authFails.wait(client); wait > 0 {
		a.refusals.note(r.Context(), r.URL.Path, client, token != "", true)
		a.s.writeError(w, r, &Error{Code: wire.CodeRateLimited, RetryAfter: wait,
			Message: "too many failed agent authentications from your address; try again later"})
		return false
	}
	if strings.EqualFold(scheme, "Bearer") && a.cfg.CheckAgentToken(strings.TrimSpace(token)) {
		return true
	}
	a.authFails.allow(client)
	a.refusals.note(r.Context(), r.URL.Path, client, token != "", false)
	msg := "a valid agent token is required (Authorization: Bearer …)"
	if !a.cfg.AgentTokensConfigured() {
		msg = "agent access is not configured on this server"
	}
	a.s.writeError(w, r, Errorf(wire.CodeUnauthorized, msg))
	return false
}

// handleReport answers GET /api/reports/{id} for agents.
func (a *api) handleReport(w http.ResponseWriter, r *http.Request) {
	if !a.s.allowGet(w, r) || !a.authorize(w, r) {
		return
	}
	if a.store == nil {
		a.s.writeError(w, r, Errorf(wire.CodeUnavailable, "report storage is not available"))
		return
	}
	id, err := reports.ParseID(r.PathValue("id"))
	if err != nil {
		a.s.writeError(w, r, strict.Errorf("id", "not a report id (expected R-XXXX-XXXX-XXXX-X)"))
		return
	}
	rec, err := a.store.Get(r.Context(), id)
	if errors.Is(err, reports.ErrNotFound) {
		a.s.writeError(w, r, Errorf(wire.CodeNotFound, "no report with this id (it may have expired)"))
		return
	}
	if err != nil {
		a.s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAgent(rec))
}
