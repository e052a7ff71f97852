package sso

import (
	"errors"
	"fmt"
)

// Kinds of failure the web layer shows its own page for. Errors returned by this
// package wrap one of them when it applies; test with errors.Is.
var (
	// ErrStateMismatch: the callback's state is not the one this browser session
	// started with (a forged or stale callback, or sign-in started in another tab).
	// Safe to show: "the sign-in expired, please try again".
	ErrStateMismatch = errors.New("sso: state mismatch")

	// ErrRefused: the provider said no, at the login step (access_denied) or at the
	// token endpoint (invalid_grant: a code that is used, expired or does not match
	// the PKCE verifier; invalid_client: misconfigured credentials). The
	// *RefusedError in the chain carries the OAuth error code.
	ErrRefused = errors.New("sso: provider refused")

	// ErrInvalidIDToken: the provider answered but its ID token or userinfo failed
	// verification (signature, issuer, audience, expiry, nonce, subject). This is
	// an attack or a misconfiguration, never the user's fault.
	ErrInvalidIDToken = errors.New("sso: invalid id token")
)

// RefusedError is the provider's OAuth error response. Code is the OAuth error
// code ("access_denied", "invalid_grant", ...), Description the provider's text,
// which is not translated and may be empty.
type RefusedError struct {
	Code        string
	Description string
	Err         error // the underlying client error, if any
}

func (e *RefusedError) Error() string {
	msg := "sso: provider refused: " + e.Code
	if e.Description != "" {
		msg += fmt.Sprintf(" (%s)", e.Description)
	}
	return msg
}

// Is makes errors.Is(err, ErrRefused) true for every RefusedError.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

func (e *RefusedError) Unwrap() error { return e.Err }
