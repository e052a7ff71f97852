// Package fault defines the kinds of failure every domain reports, so that the web
// layer can turn any domain error into the right response in one place. Domains
// re-export these sentinels (identity.ErrNotFound == fault.ErrNotFound) and wrap them
// with context; the wrapped text is logged, only the kind and a ValidationError's
// message are shown to users.
package fault

import (
	"errors"
	"fmt"
)

// The kinds of failure.
var (
	ErrNotFound        = errors.New("not found")
	ErrForbidden       = errors.New("forbidden")
	ErrConflict        = errors.New("conflict")
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrTooManyRequests = errors.New("too many requests")
	ErrUnavailable     = errors.New("temporarily unavailable")
)

// ValidationError is bad input a user can correct: Field names the input, Key is a
// message key the web layer translates (Message is the English text and the fallback),
// Args fill the message's %v verbs.
type ValidationError struct {
	Field   string
	Key     string
	Message string
	Args    []any
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf(e.Message, e.Args...)
	}
	return e.Field + ": " + fmt.Sprintf(e.Message, e.Args...)
}

// Invalid returns a ValidationError for field.
func Invalid(field, key, message string, args ...any) error {
	return &ValidationError{Field: field, Key: key, Message: message, Args: args}
}

// AsValidation returns the ValidationError in err's chain, if any.
func AsValidation(err error) (*ValidationError, bool) {
	var v *ValidationError
	ok := errors.As(err, &v)
	return v, ok
}

// Throttled is ErrTooManyRequests with the time to wait, in whole minutes.
type Throttled struct{ RetryAfterMinutes int }

func (t *Throttled) Error() string {
	return fmt.Sprintf("too many failed attempts; retry in %d minutes", t.RetryAfterMinutes)
}

// Unwrap makes errors.Is(t, ErrTooManyRequests) true.
func (t *Throttled) Unwrap() error { return ErrTooManyRequests }
