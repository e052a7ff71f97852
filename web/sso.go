package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/identity/sso"
)

// SSO is the OpenID Connect client (lms/identity/sso.Client).
type SSO interface {
	Begin() (string, sso.State, error)
	FinishCallback(ctx context.Context, st sso.State, q url.Values) (*sso.Claims, error)
}

// SSOSignIn maps a verified identity to an account (identity.Service).
type SSOSignIn interface {
	SignInSSO(ctx context.Context, id identity.SSOIdentity, ip string, provision bool) (*identity.Actor, error)
}

// ssoBegin starts the authorization code flow with PKCE: the state, nonce and
// verifier stay in this browser's server-side session, never in a URL or a log.
func (s *Server) ssoBegin(w http.ResponseWriter, r *http.Request) {
	if s.cfg.SSO == nil {
		s.fail(w, r, errNotFound)
		return
	}
	authURL, st, err := s.cfg.SSO.Begin()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	s.sessions.Put(ctx, "sso_state", st.State)
	s.sessions.Put(ctx, "sso_nonce", st.Nonce)
	s.sessions.Put(ctx, "sso_verifier", st.Verifier)
	s.sessions.Put(ctx, "sso_next", safeNext(r.URL.Query().Get("next")))
	http.Redirect(w, r, authURL, http.StatusFound)
}

func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	if s.cfg.SSO == nil {
		s.fail(w, r, errNotFound)
		return
	}
	ctx := r.Context()
	st := sso.State{State: s.sessions.PopString(ctx, "sso_state"), Nonce: s.sessions.PopString(ctx, "sso_nonce"),
		Verifier: s.sessions.PopString(ctx, "sso_verifier")}
	next := safeNext(s.sessions.PopString(ctx, "sso_next"))
	t := translator(localeFrom(ctx))
	loginError := func(status int, key string) {
		s.renderView(w, r, status, "login", &view{Error: t(key), Form: map[string]string{"next": next}})
	}
	if st.State == "" {
		loginError(http.StatusBadRequest, "sso.expired")
		return
	}
	claims, err := s.cfg.SSO.FinishCallback(ctx, st, r.URL.Query())
	switch {
	case errors.Is(err, sso.ErrStateMismatch):
		loginError(http.StatusBadRequest, "sso.expired")
		return
	case errors.Is(err, sso.ErrRefused):
		loginError(http.StatusUnauthorized, "sso.refused")
		return
	case err != nil:
		s.log.Error("sso callback", "id", requestID(ctx), "err", err)
		loginError(http.StatusBadGateway, "sso.failed")
		return
	}
	a, err := s.cfg.SSOSignIn.SignInSSO(ctx, identity.SSOIdentity{Issuer: claims.Issuer, Subject: claims.Subject, PersonID: claims.PersonID,
		Email: claims.Email, EmailVerified: claims.EmailVerified, Name: claims.Name}, clientIP(r), s.cfg.SSOProvision)
	if errors.Is(err, identity.ErrUnknownSSOUser) {
		loginError(http.StatusForbidden, "sso.unknown")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(r, a); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
