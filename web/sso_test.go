package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/testidp"
	"github.com/hoclieu/hoclieu/lms/identity/sso"
	"github.com/hoclieu/hoclieu/web"
)

// ssoServer starts a real OpenID Provider and the server configured to use it.
func ssoServer(t *testing.T, provision bool) (*testServer, *testidp.IdP) {
	t.Helper()
	idp, err := testidp.Start(testidp.Options{ClientID: "hoclieu", ClientSecret: "s3cret",
		RedirectURIs: []string{"http://127.0.0.1:*/sso/callback"},
		Users: []testidp.User{
			{Subject: "u-1", PersonID: "GV0000001", Email: "binh@sso.example", Name: "Nguyễn Văn Bình", Password: "pw-teacher"},
			{Subject: "u-2", PersonID: "HS9999999", Email: "moi@sso.example", Name: "Người Mới", Password: "pw-new"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close() })
	ts := newTestServerWith(t, func(cfg *web.Config, base string) {
		client, err := sso.New(context.Background(), sso.Config{Issuer: idp.Issuer(), ClientID: "hoclieu", ClientSecret: "s3cret",
			RedirectURL: base + "/sso/callback"})
		if err != nil {
			t.Fatal(err)
		}
		cfg.SSO, cfg.SSOProvision = client, provision
	})
	return ts, idp
}

// ssoLogin runs the whole browser flow with a cookie jar: Hoclieu -> provider login
// -> callback -> session. It returns the callback's status and body.
func ssoLogin(t *testing.T, ts *testServer, idp *testidp.IdP, user, pass string) (*client, int, string) {
	t.Helper()
	c := ts.client(t)
	resp, err := c.http.Get(ts.URL + "/sso/login?next=/account")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	authURL := resp.Header.Get("Location")
	if resp.StatusCode != 302 || !strings.HasPrefix(authURL, idp.Issuer()) {
		t.Fatalf("sso begin: %d %q", resp.StatusCode, authURL)
	}
	if u, _ := url.Parse(authURL); u.Query().Get("code_challenge_method") != "S256" {
		t.Fatal("no PKCE challenge in the authorization request")
	}
	back, err := idp.SignIn(context.Background(), authURL, user, pass)
	if err != nil {
		t.Fatal(err)
	}
	st, body := c.do("GET", back.Path+"?"+back.RawQuery, nil, nil)
	return c, st, body
}

func TestSSOLoginMapsByPersonID(t *testing.T) {
	t.Parallel()
	ts, idp := ssoServer(t, false)
	c, st, body := ssoLogin(t, ts, idp, "binh@sso.example", "pw-teacher")
	if st != 303 {
		t.Fatalf("callback: %d %s", st, body)
	}
	var me struct{ Username string }
	if st, _ := c.do("GET", "/api/v1/me", nil, &me); st != 200 || me.Username != "teacher1" {
		t.Fatalf("after SSO: %d %+v", st, me)
	}
	t.Run("a replayed callback is refused", func(t *testing.T) {
		_, st, body := ssoLogin(t, ts, idp, "u-1", "pw-teacher")
		if st != 303 {
			t.Fatalf("second login: %d %s", st, body)
		}
		anon := ts.client(t)
		if st, body := anon.do("GET", "/sso/callback?state=forged&code=x", nil, nil); st != 400 || !strings.Contains(body, "SSO") {
			t.Fatalf("forged callback: %d", st)
		}
	})
}

func TestSSOUnknownUser(t *testing.T) {
	t.Parallel()
	ts, idp := ssoServer(t, false)
	_, st, body := ssoLogin(t, ts, idp, "u-2", "pw-new")
	if st != 403 || !strings.Contains(body, "chưa có trong Học liệu") {
		t.Fatalf("unknown SSO user: %d", st)
	}
}

func TestSSOAutoProvision(t *testing.T) {
	t.Parallel()
	ts, idp := ssoServer(t, true)
	c, st, body := ssoLogin(t, ts, idp, "u-2", "pw-new")
	if st != 303 {
		t.Fatalf("provisioned login: %d %s", st, body)
	}
	var me struct {
		PersonID string `json:"person_id"`
		Roles    []any  `json:"roles"`
	}
	if st, _ := c.do("GET", "/api/v1/me", nil, &me); st != 200 || me.PersonID != "HS9999999" || len(me.Roles) != 0 {
		t.Fatalf("provisioned user: %d %+v", st, me)
	}
}
