package testidp_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/hoclieu/hoclieu/deploy/devstack/testidp"
)

const callback = "http://app.test/callback"

var user = testidp.User{Subject: "u-1", PersonID: "079301001234", Email: "an@example.edu.vn", Name: "Trần Văn An", Password: "pw"}

func start(t *testing.T, edit func(*testidp.Options)) *testidp.IdP {
	t.Helper()
	opts := testidp.Options{ClientID: "app", ClientSecret: "secret", RedirectURIs: []string{callback}, Users: []testidp.User{user}}
	if edit != nil {
		edit(&opts)
	}
	idp, err := testidp.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := idp.Close(); err != nil {
			t.Error(err)
		}
	})
	return idp
}

func getJSON(t *testing.T, req *http.Request, v any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", req.URL, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
}

type discovery struct {
	Issuer        string   `json:"issuer"`
	AuthURL       string   `json:"authorization_endpoint"`
	TokenURL      string   `json:"token_endpoint"`
	UserinfoURL   string   `json:"userinfo_endpoint"`
	JWKSURL       string   `json:"jwks_uri"`
	PKCEMethods   []string `json:"code_challenge_methods_supported"`
	ResponseTypes []string `json:"response_types_supported"`
}

func discover(t *testing.T, idp *testidp.IdP) discovery {
	t.Helper()
	var d discovery
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, idp.Issuer()+"/.well-known/openid-configuration", nil)
	getJSON(t, req, &d)
	return d
}

func TestDiscoveryAndKeys(t *testing.T) {
	t.Parallel()
	idp := start(t, nil)
	d := discover(t, idp)
	if d.Issuer != idp.Issuer() || !strings.HasPrefix(d.Issuer, "http://127.0.0.1:") {
		t.Errorf("issuer %q, Issuer() %q", d.Issuer, idp.Issuer())
	}
	for _, u := range []string{d.AuthURL, d.TokenURL, d.UserinfoURL, d.JWKSURL} {
		if !strings.HasPrefix(u, idp.Issuer()+"/") {
			t.Errorf("endpoint %q is not under the issuer", u)
		}
	}
	if !slices.Contains(d.PKCEMethods, "S256") || !slices.Contains(d.ResponseTypes, "code") {
		t.Errorf("discovery lacks S256 or code: %+v", d)
	}
	var jwks struct {
		Keys []struct{ Kty, Alg, Use, Kid string }
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, d.JWKSURL, nil)
	getJSON(t, req, &jwks)
	if len(jwks.Keys) != 1 || jwks.Keys[0].Kty != "RSA" || jwks.Keys[0].Alg != "RS256" || jwks.Keys[0].Kid == "" {
		t.Errorf("keys = %+v, want one RS256 signing key", jwks.Keys)
	}
}

// TestCodeFlow runs the flow with plain x/oauth2 and checks where the claims are
// released: in the ID token unless ClaimsInUserinfoOnly, and always at userinfo.
func TestCodeFlow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		userinfoOnly  bool
		idTokenClaims []string
	}{
		{name: "claims in id token", idTokenClaims: []string{"sub", "email", "email_verified", "name", "person_id"}},
		{name: "claims only at userinfo", userinfoOnly: true, idTokenClaims: []string{"sub"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			idp := start(t, func(o *testidp.Options) { o.ClaimsInUserinfoOnly = tc.userinfoOnly })
			d := discover(t, idp)
			conf := oauth2.Config{ClientID: "app", ClientSecret: "secret", RedirectURL: callback,
				Endpoint: oauth2.Endpoint{AuthURL: d.AuthURL, TokenURL: d.TokenURL},
				Scopes:   []string{"openid", "profile", "email"}}
			verifier := oauth2.GenerateVerifier()
			authURL := conf.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("nonce", "n1"))

			cb, err := idp.SignIn(t.Context(), authURL, user.Email, user.Password)
			if err != nil {
				t.Fatal(err)
			}
			if cb.Query().Get("state") != "st" || cb.Query().Get("code") == "" {
				t.Fatalf("callback %s, want state and code", cb)
			}
			tok, err := conf.Exchange(t.Context(), cb.Query().Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatal(err)
			}
			claims := jwtPayload(t, tok.Extra("id_token").(string))
			if claims["nonce"] != "n1" || claims["aud"] != "app" && !slices.Contains(anySlice(claims["aud"]), any("app")) {
				t.Errorf("id token nonce/aud: %v", claims)
			}
			for _, c := range []string{"email", "email_verified", "name", "person_id"} {
				if _, in := claims[c]; in != slices.Contains(tc.idTokenClaims, c) {
					t.Errorf("claim %q in id token: %v, want %v", c, in, !in)
				}
			}

			var info map[string]any
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, d.UserinfoURL, nil)
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			getJSON(t, req, &info)
			want := map[string]any{"sub": user.Subject, "email": user.Email, "email_verified": true, "name": user.Name, "person_id": user.PersonID}
			for k, v := range want {
				if info[k] != v {
					t.Errorf("userinfo %s = %v, want %v", k, info[k], v)
				}
			}
		})
	}
}

func TestAuthorizeRefuses(t *testing.T) {
	t.Parallel()
	idp := start(t, nil)
	d := discover(t, idp)
	base := oauth2.Config{ClientID: "app", RedirectURL: callback, Endpoint: oauth2.Endpoint{AuthURL: d.AuthURL}, Scopes: []string{"openid"}}
	verifier := oauth2.GenerateVerifier()

	// Without PKCE the provider redirects back with an error, before any login.
	cb, err := idp.SignIn(t.Context(), base.AuthCodeURL("st"), user.Email, user.Password)
	if err != nil || cb.Query().Get("error") != "invalid_request" || cb.Query().Get("code") != "" {
		t.Errorf("no PKCE: %v, %v; want a redirect with error=invalid_request", cb, err)
	}

	// An unregistered redirect URI or client is never redirected to.
	for _, conf := range []oauth2.Config{
		{ClientID: "app", RedirectURL: "http://evil.test/callback", Endpoint: base.Endpoint, Scopes: base.Scopes},
		{ClientID: "other", RedirectURL: callback, Endpoint: base.Endpoint, Scopes: base.Scopes},
	} {
		cb, err := idp.SignIn(t.Context(), conf.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), user.Email, user.Password)
		if cb != nil || err == nil {
			t.Errorf("%s %s: %v, %v; want an error page and no redirect", conf.ClientID, conf.RedirectURL, cb, err)
		}
	}

	// A wrong password shows the form again.
	_, err = idp.SignIn(t.Context(), base.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), user.Email, "nope")
	if !errors.Is(err, testidp.ErrLoginFailed) {
		t.Errorf("wrong password: %v, want ErrLoginFailed", err)
	}
}

func TestStartValidatesOptions(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]testidp.Options{
		"no client":       {RedirectURIs: []string{callback}},
		"no redirect URI": {ClientID: "app"},
		"user without password": {ClientID: "app", RedirectURIs: []string{callback},
			Users: []testidp.User{{Subject: "u"}}},
		"duplicate username": {ClientID: "app", RedirectURIs: []string{callback},
			Users: []testidp.User{{Subject: "u1", Email: "a@x", Password: "p"}, {Subject: "u2", Email: "a@x", Password: "p"}}},
	} {
		t.Run(name, func(t *testing.T) {
			if idp, err := testidp.Start(opts); err == nil {
				idp.Close()
				t.Fatal("Start accepted invalid options")
			}
		})
	}
}

// jwtPayload decodes a JWT's claims without verifying it; the relying party
// (package sso) is where verification is tested.
func jwtPayload(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", jwt)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func anySlice(v any) []any {
	s, _ := v.([]any)
	return s
}
