package httpserver

import (
	"encoding/json"
	"errors"
	"net/http"

	"wpscheck/app/strict"
	"wpscheck/app/wire"
)

// Error is an error with a code (wire.ErrorCode) and a message safe to
// show to the client. A bad input is a *strict.FieldError, on its own or
// wrapped in an Error: the field it names goes into the answer.
type Error struct {
	Code    wire.ErrorCode
	Message string
	Err     error
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

// errorDetail turns err into what the client is told: a *strict.FieldError
// alone is a bad input (400) naming its field; an *Error keeps its code and
// message (with the field of a FieldError it wraps); anything else is
// internal, and its text is never sent.
func errorDetail(err error) (wire.ErrorDetail, bool) {
	var e *Error
	var fe *strict.FieldError
	switch {
	case errors.As(err, &e):
		d := wire.ErrorDetail{Code: e.Code, Message: e.Message}
		if errors.As(e.Err, &fe) {
			d.Field = fe.Field
		}
		return d, true
	case errors.As(err, &fe):
		return wire.ErrorDetail{Code: wire.CodeInvalid, Message: fe.Reason, Field: fe.Field}, true
	}
	return wire.ErrorDetail{Code: wire.CodeInternal, Message: "internal error"}, false
}

// writeError answers err as a JSON error body (wire.Error). Internal errors
// are logged, never sent.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	d, known := errorDetail(err)
	if !known {
		s.log.ErrorContext(r.Context(), "internal error", "path", r.URL.Path, "err", err)
	}
	status := statusOf(d.Code)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="wpscheck"`)
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
