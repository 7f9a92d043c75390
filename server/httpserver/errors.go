package httpserver

import (
	"encoding/json"
	"errors"
	"net/http"
)

// ErrorKind classifies an error for the client. Each kind maps to exactly one
// HTTP status, in one place (statusOf).
type ErrorKind string

// The error kinds the API answers with.
const (
	KindInvalid      ErrorKind = "invalid"      // 400: bad JSON, schema, parameter
	KindUnauthorized ErrorKind = "unauthorized" // 401: missing or wrong token
	KindNotFound     ErrorKind = "not_found"    // 404
	KindMethod       ErrorKind = "method"       // 405
	KindTooLarge     ErrorKind = "too_large"    // 413
	KindMediaType    ErrorKind = "media_type"   // 415
	KindRateLimited  ErrorKind = "rate_limited" // 429
	KindInternal     ErrorKind = "internal"     // 500
	KindUnavailable  ErrorKind = "unavailable"  // 503: feature off or not ready
)

// Error is an error with a kind, a message safe to show to the client and,
// for validation errors, the name of the offending field.
type Error struct {
	Kind    ErrorKind
	Message string
	Field   string
	Err     error
}

// Error returns the message.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the kind.
func Errorf(kind ErrorKind, msg string) *Error { return &Error{Kind: kind, Message: msg} }

func statusOf(kind ErrorKind) int {
	switch kind {
	case KindInvalid:
		return http.StatusBadRequest
	case KindUnauthorized:
		return http.StatusUnauthorized
	case KindNotFound:
		return http.StatusNotFound
	case KindMethod:
		return http.StatusMethodNotAllowed
	case KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case KindMediaType:
		return http.StatusUnsupportedMediaType
	case KindRateLimited:
		return http.StatusTooManyRequests
	case KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    ErrorKind `json:"code"`
	Message string    `json:"message"`
	Field   string    `json:"field,omitempty"`
}

// writeError answers err as a JSON error body. Errors that are not *Error are
// internal: their text is logged, never sent.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	if !errors.As(err, &e) {
		s.log.ErrorContext(r.Context(), "internal error", "path", r.URL.Path, "err", err)
		e = &Error{Kind: KindInternal, Message: "internal error"}
	}
	status := statusOf(e.Kind)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="wpscheck"`)
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: e.Kind, Message: e.Message, Field: e.Field}})
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
