package httpserver

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"wpscheck/app/strict"
	"wpscheck/app/wire"
	"wpscheck/server/reports"
)

// Error is an error with a code (wire.ErrorCode) and a message safe to
// show to the client. A bad input is a *strict.FieldError, on its own or
// wrapped in an Error: the field it names goes into the answer.
type Error struct {
	Code    wire.ErrorCode
	Message string
	// RetryAfter, when positive, is sent as Retry-After (whole seconds,
	// rounded up).
	RetryAfter time.Duration
	Err        error
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code.
func Errorf(code wire.ErrorCode, msg string) *Error { return &Error{Code: code, Message: msg} }

// statusOf is the one place where an error code becomes an HTTP status.
func statusOf(code wire.ErrorCode) int {
	switch code {
	case wire.CodeInvalid:
		return http.StatusBadRequest
	case wire.CodeUnauthorized:
		return http.StatusUnauthorized
	case wire.CodeNotFound:
		return http.StatusNotFound
	case wire.CodeMethod:
		return http.StatusMethodNotAllowed
	case wire.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case wire.CodeMediaType:
		return http.StatusUnsupportedMediaType
	case wire.CodeRateLimited:
		return http.StatusTooManyRequests
	case wire.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// storeRetryAfter is the Retry-After of a store failure that gives no hint
// of its own.
const storeRetryAfter = reports.RetryStore

// errorDetail turns err into what the client is told, and the Retry-After
// to send with it (0: none): a *strict.FieldError alone is a bad input
// (400) naming its field; an *Error keeps its code, message and retry hint
// (with the field of a FieldError it wraps); a store that cannot serve
// through no fault of the request (reports.ErrUnavailable) is unavailable
// (503) with its reason when it gives one (*reports.UnavailableError) and
// a Retry-After; anything else is internal, and its text is never sent.
func errorDetail(err error) (wire.ErrorDetail, time.Duration, bool) {
	var e *Error
	var fe *strict.FieldError
	var ue *reports.UnavailableError
	switch {
	case errors.As(err, &e):
		d := wire.ErrorDetail{Code: e.Code, Message: e.Message}
		if errors.As(e.Err, &fe) {
			d.Field = fe.Field
		}
		return d, e.RetryAfter, true
	case errors.As(err, &fe):
		return wire.ErrorDetail{Code: wire.CodeInvalid, Message: fe.Reason, Field: fe.Field}, 0, true
	case errors.As(err, &ue):
		retry := ue.RetryAfter
		if retry <= 0 {
			retry = storeRetryAfter
		}
		return wire.ErrorDetail{Code: wire.CodeUnavailable, Message: ue.Reason + "; try again later"}, retry, true
	case errors.Is(err, reports.ErrUnavailable):
		return wire.ErrorDetail{Code: wire.CodeUnavailable, Message: "report storage is unavailable right now; try again later"},
			storeRetryAfter, true
	}
	return wire.ErrorDetail{Code: wire.CodeInternal, Message: "internal error"}, 0, false
}

// writeError answers err as a JSON error body (wire.Error), with
// Retry-After when the error gives one. Internal errors are logged, never
// sent; a store's unavailability is logged by the store's guard when it
// starts and ends (reports.Guard), not per request.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	d, retry, known := errorDetail(err)
	if !known {
		s.log.ErrorContext(r.Context(), "internal error", "path", r.URL.Path, "err", err)
	}
	status := statusOf(d.Code)
	h := w.Header()
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="wpscheck"`)
	}
	if retry > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfterSeconds(retry)))
	}
	writeJSON(w, status, wire.Error{Error: d})
}

// writeJSON answers v as JSON with the status; API answers are never cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
