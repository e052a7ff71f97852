package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// errNotFound is the web layer's own "no such route".
var errNotFound = fmt.Errorf("web: no such page: %w", fault.ErrNotFound)

// badRequest is malformed input detected by the web layer (bad JSON, ids, forms).
func badRequest(key string, args ...any) error {
	return &fault.ValidationError{Key: key, Message: messages[key][1], Args: args}
}

// statusOf maps an error to its HTTP status.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, fault.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, fault.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, fault.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, fault.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, fault.ErrTooManyRequests):
		return http.StatusTooManyRequests
	case errors.Is(err, fault.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	if _, ok := fault.AsValidation(err); ok {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// userMessage is the text safe to show for err, in the request's language.
func userMessage(r *http.Request, err error, status int) (msg, field string) {
	t := translator(localeFrom(r.Context()))
	var th *fault.Throttled
	if errors.As(err, &th) {
		return t("login.throttled", th.RetryAfterMinutes), ""
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return t("request.too_large", max(1, mbe.Limit>>20)), ""
	}
	if v, ok := fault.AsValidation(err); ok {
		if _, known := messages[v.Key]; known {
			return t(v.Key, v.Args...), v.Field
		}
		return fmt.Sprintf(v.Message, v.Args...), v.Field
	}
	return t(fmt.Sprintf("error.%d", status)), ""
}

// problem is an RFC 9457 problem document.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id"`
}

// fail is the one place that turns an error into a response: problem+json for API
// clients, an error page for browsers. Only unexpected (5xx) errors are logged.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	id := requestID(r.Context())
	if status >= 500 {
		s.log.Error("request failed", "id", id, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg, field := userMessage(r, err, status)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
	}
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
			Detail: msg, Field: field, RequestID: id})
		return
	}
	s.render(w, r, status, "error", map[string]any{"Status": status, "Message": msg, "RequestID": id})
}

// wantsJSON: API paths and clients that ask for JSON get JSON errors.
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json")
}
