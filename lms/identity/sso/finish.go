package sso

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Claims is who the provider says signed in. Issuer and Subject together are the
// stable key of the account at the provider; the other fields may change.
type Claims struct {
	Issuer        string
	Subject       string
	PersonID      string
	Email         string
	EmailVerified bool
	Name          string
}

// FinishCallback is Finish for the callback's whole query: it also turns an
// error response from the provider (e.g. the user cancelled) into a
// *RefusedError.
func (c *Client) FinishCallback(ctx context.Context, st State, q url.Values) (*Claims, error) {
	if !sameSecret(st.State, q.Get("state")) {
		return nil, fmt.Errorf("%w: the callback does not carry the state of this session", ErrStateMismatch)
	}
	if code := q.Get("error"); code != "" {
		return nil, &RefusedError{Code: code, Description: q.Get("error_description")}
	}
	return c.Finish(ctx, st, q.Get("state"), q.Get("code"))
}

// Finish completes a sign-in: it checks the callback's state against the
// session's, exchanges the code with the PKCE verifier, verifies the ID token
// (signature, issuer, audience, expiry, nonce) and returns its claims, completed
// from the userinfo endpoint when the ID token lacks some.
func (c *Client) Finish(ctx context.Context, st State, gotState, code string) (*Claims, error) {
	if !sameSecret(st.State, gotState) {
		return nil, fmt.Errorf("%w: the callback does not carry the state of this session", ErrStateMismatch)
	}
	if code == "" {
		return nil, &RefusedError{Code: "invalid_request", Description: "the callback carries no authorization code"}
	}
	ctx, cancel := context.WithTimeout(c.context(ctx), c.cfg.Timeout)
	defer cancel()

	tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, &RefusedError{Code: re.ErrorCode, Description: re.ErrorDescription, Err: err}
		}
		return nil, fmt.Errorf("sso: exchange code at %s: %w", c.cfg.Issuer, err)
	}
	idt, err := c.verifyIDToken(ctx, tok, st.Nonce)
	if err != nil {
		return nil, err
	}
	claims, err := c.claims(idt.Claims)
	if err != nil {
		return nil, err
	}
	claims.Issuer, claims.Subject = idt.Issuer, idt.Subject
	if claims.PersonID == "" || claims.Email == "" || claims.Name == "" {
		if err := c.completeFromUserinfo(ctx, tok, claims); err != nil {
			return nil, err
		}
	}
	return claims, nil
}

func (c *Client) verifyIDToken(ctx context.Context, tok *oauth2.Token, nonce string) (*oidc.IDToken, error) {
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("sso: token response has no id_token: %w", ErrInvalidIDToken)
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidIDToken, err)
	}
	if !sameSecret(nonce, idt.Nonce) {
		return nil, fmt.Errorf("%w: nonce does not match the session", ErrInvalidIDToken)
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidIDToken, err)
		}
	}
	return idt, nil
}

// completeFromUserinfo fills the claims the ID token did not carry, as some
// providers release profile claims only at the userinfo endpoint.
func (c *Client) completeFromUserinfo(ctx context.Context, tok *oauth2.Token, claims *Claims) error {
	if c.provider.UserInfoEndpoint() == "" {
		return nil
	}
	ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return fmt.Errorf("sso: userinfo at %s: %w", c.cfg.Issuer, err)
	}
	if ui.Subject != claims.Subject {
		return fmt.Errorf("%w: userinfo is for another subject", ErrInvalidIDToken)
	}
	more, err := c.claims(ui.Claims)
	if err != nil {
		return err
	}
	if claims.PersonID == "" {
		claims.PersonID = more.PersonID
	}
	if claims.Email == "" {
		claims.Email, claims.EmailVerified = more.Email, more.EmailVerified
	}
	if claims.Name == "" {
		claims.Name = more.Name
	}
	return nil
}

// claims reads the profile claims from a verified claim set, tolerating the
// usual variations: a numeric person ID, email_verified sent as a string.
func (c *Client) claims(decode func(any) error) (*Claims, error) {
	var raw map[string]json.RawMessage
	if err := decode(&raw); err != nil {
		return nil, fmt.Errorf("%w: decode claims: %w", ErrInvalidIDToken, err)
	}
	return &Claims{
		PersonID:      stringClaim(raw[c.cfg.PersonIDClaim]),
		Email:         stringClaim(raw["email"]),
		EmailVerified: stringClaim(raw["email_verified"]) == "true",
		Name:          stringClaim(raw["name"]),
	}, nil
}

// stringClaim returns a JSON string, number or boolean as text, anything else as "".
func stringClaim(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String()
	}
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return strconv.FormatBool(b)
	}
	return ""
}

// sameSecret compares in constant time; an empty expected value never matches.
func sameSecret(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
