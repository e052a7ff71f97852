package sso_test

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/hoclieu/hoclieu/deploy/devstack/testidp"
	"github.com/hoclieu/hoclieu/lms/identity/sso"
)

// The tests run the real protocol over HTTP against testidp; the callback URL is
// never requested, the provider's redirect to it is captured instead.
const callbackURL = "http://hoclieu.test/sso/callback"

var lan = testidp.User{
	Subject:  "u-1001",
	PersonID: "079301001234",
	Email:    "lan.nguyen@example.edu.vn",
	Name:     "Nguyễn Thị Lan",
	Password: "correct horse",
}

type setup struct {
	idp    *testidp.IdP
	client *sso.Client
}

func start(t *testing.T, edit func(*testidp.Options, *sso.Config)) setup {
	t.Helper()
	opts := testidp.Options{ClientID: "hoclieu", ClientSecret: "s3cret", RedirectURIs: []string{callbackURL}, Users: []testidp.User{lan}}
	cfg := sso.Config{ClientID: "hoclieu", ClientSecret: "s3cret", RedirectURL: callbackURL, Timeout: 5 * time.Second}
	if edit != nil {
		edit(&opts, &cfg)
	}
	idp, err := testidp.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close() })
	cfg.Issuer = idp.Issuer()
	c, err := sso.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return setup{idp, c}
}

// signIn runs Begin and the browser's part at the provider; it returns the
// session state and the callback's query.
func (s setup) signIn(t *testing.T, username, password string) (sso.State, url.Values) {
	t.Helper()
	authURL, st, err := s.client.Begin()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := s.idp.SignIn(t.Context(), authURL, username, password)
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Scheme + "://" + cb.Host + cb.Path; got != callbackURL {
		t.Fatalf("provider redirected to %s, want the callback", cb)
	}
	return st, cb.Query()
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	want := sso.Claims{Subject: lan.Subject, PersonID: lan.PersonID, Email: lan.Email, EmailVerified: true, Name: lan.Name}
	for _, tc := range []struct {
		name     string
		edit     func(*testidp.Options, *sso.Config)
		username string
	}{
		{name: "confidential client, login by email", username: lan.Email},
		{name: "login by subject", username: lan.Subject},
		{name: "public client with PKCE only", username: lan.Email, edit: func(o *testidp.Options, c *sso.Config) {
			o.ClientSecret, c.ClientSecret = "", ""
		}},
		{name: "claims only at userinfo", username: lan.Email, edit: func(o *testidp.Options, c *sso.Config) {
			o.ClaimsInUserinfoOnly = true
		}},
		{name: "redirect URI registered as a glob", username: lan.Email, edit: func(o *testidp.Options, c *sso.Config) {
			o.RedirectURIs = []string{"http://hoclieu.test/*/callback"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := start(t, tc.edit)
			st, q := s.signIn(t, tc.username, lan.Password)
			got, err := s.client.Finish(t.Context(), st, q.Get("state"), q.Get("code"))
			if err != nil {
				t.Fatal(err)
			}
			want := want
			want.Issuer = s.idp.Issuer()
			if *got != want {
				t.Errorf("claims\n got %+v\nwant %+v", *got, want)
			}
		})
	}
}

func TestBeginSendsPKCEAndNonce(t *testing.T) {
	t.Parallel()
	s := start(t, nil)
	authURL, st, err := s.client.Begin()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{
		"state":                 st.State,
		"nonce":                 st.Nonce,
		"code_challenge_method": "S256",
		"code_challenge":        oauth2.S256ChallengeFromVerifier(st.Verifier),
		"response_type":         "code",
		"scope":                 "openid profile email",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if strings.Contains(authURL, st.Verifier) {
		t.Error("the PKCE verifier leaked into the authorization URL")
	}
	_, st2, _ := s.client.Begin()
	if st2 == st {
		t.Error("two sign-ins got the same state")
	}
}

func TestFinishRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		tamper   func(st *sso.State, q url.Values)
		want     error
		wantCode string // OAuth error code of a *sso.RefusedError
	}{
		{name: "wrong state", tamper: func(st *sso.State, q url.Values) { q.Set("state", "forged") }, want: sso.ErrStateMismatch},
		{name: "no state in session", tamper: func(st *sso.State, q url.Values) { st.State = ""; q.Set("state", "") }, want: sso.ErrStateMismatch},
		{name: "tampered nonce", tamper: func(st *sso.State, q url.Values) { st.Nonce = "another-nonce" }, want: sso.ErrInvalidIDToken},
		{name: "wrong PKCE verifier", tamper: func(st *sso.State, q url.Values) { st.Verifier = oauth2.GenerateVerifier() }, want: sso.ErrRefused, wantCode: "invalid_grant"},
		{name: "made-up code", tamper: func(st *sso.State, q url.Values) { q.Set("code", "not-a-code") }, want: sso.ErrRefused, wantCode: "invalid_grant"},
		{name: "no code", tamper: func(st *sso.State, q url.Values) { q.Del("code") }, want: sso.ErrRefused, wantCode: "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := start(t, nil)
			st, q := s.signIn(t, lan.Email, lan.Password)
			tc.tamper(&st, q)
			got, err := s.client.Finish(t.Context(), st, q.Get("state"), q.Get("code"))
			checkErr(t, got, err, tc.want, tc.wantCode)
		})
	}
}

func TestCodeIsSingleUse(t *testing.T) {
	t.Parallel()
	s := start(t, nil)
	st, q := s.signIn(t, lan.Email, lan.Password)
	if _, err := s.client.Finish(t.Context(), st, q.Get("state"), q.Get("code")); err != nil {
		t.Fatal(err)
	}
	got, err := s.client.Finish(t.Context(), st, q.Get("state"), q.Get("code"))
	checkErr(t, got, err, sso.ErrRefused, "invalid_grant")
}

func TestWrongClientSecret(t *testing.T) {
	t.Parallel()
	s := start(t, func(o *testidp.Options, c *sso.Config) { c.ClientSecret = "wrong" })
	st, q := s.signIn(t, lan.Email, lan.Password)
	got, err := s.client.Finish(t.Context(), st, q.Get("state"), q.Get("code"))
	checkErr(t, got, err, sso.ErrRefused, "")
}

func TestWrongPasswordAtProvider(t *testing.T) {
	t.Parallel()
	s := start(t, nil)
	authURL, st, err := s.client.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ username, password string }{
		{lan.Email, "wrong"},
		{"nobody@example.edu.vn", lan.Password},
		{"", ""},
	} {
		cb, err := s.idp.SignIn(t.Context(), authURL, tc.username, tc.password)
		if !errors.Is(err, testidp.ErrLoginFailed) {
			t.Errorf("SignIn(%q, %q) = %v, %v; want ErrLoginFailed and no redirect", tc.username, tc.password, cb, err)
		}
	}
	// The same authorization request still succeeds with the right password.
	cb, err := s.idp.SignIn(t.Context(), authURL, lan.Email, lan.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.FinishCallback(t.Context(), st, cb.Query()); err != nil {
		t.Fatal(err)
	}
}

func TestUserCancelsAtProvider(t *testing.T) {
	t.Parallel()
	s := start(t, nil)
	authURL, st, err := s.client.Begin()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := s.idp.Cancel(t.Context(), authURL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.client.FinishCallback(t.Context(), st, cb.Query())
	checkErr(t, got, err, sso.ErrRefused, "access_denied")

	// A forged error callback with a wrong state is a state mismatch first.
	q := cb.Query()
	q.Set("state", "forged")
	got, err = s.client.FinishCallback(t.Context(), st, q)
	checkErr(t, got, err, sso.ErrStateMismatch, "")
}

func TestNew(t *testing.T) {
	t.Parallel()
	idp, err := testidp.Start(testidp.Options{ClientID: "hoclieu", RedirectURIs: []string{callbackURL}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there any more

	valid := sso.Config{Issuer: idp.Issuer(), ClientID: "hoclieu", RedirectURL: callbackURL, Timeout: 2 * time.Second}
	for _, tc := range []struct {
		name   string
		edit   func(*sso.Config)
		wantIn string
	}{
		{name: "unreachable provider", edit: func(c *sso.Config) { c.Issuer = closed }, wantIn: closed},
		{name: "issuer differs from discovery", edit: func(c *sso.Config) {
			c.Issuer = strings.Replace(c.Issuer, "127.0.0.1", "localhost", 1)
		}, wantIn: "localhost"},
		{name: "missing client ID", edit: func(c *sso.Config) { c.ClientID = "" }, wantIn: "ClientID"},
		{name: "relative redirect URL", edit: func(c *sso.Config) { c.RedirectURL = "/sso/callback" }, wantIn: "RedirectURL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := valid
			tc.edit(&cfg)
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			c, err := sso.New(ctx, cfg)
			if err == nil || !strings.Contains(err.Error(), tc.wantIn) {
				t.Fatalf("New = %v, %v; want an error naming %q", c, err, tc.wantIn)
			}
			t.Logf("error: %v", err)
		})
	}
	if _, err := sso.New(t.Context(), valid); err != nil {
		t.Errorf("New with a valid config: %v", err)
	}
}

func checkErr(t *testing.T, got *sso.Claims, err, want error, wantCode string) {
	t.Helper()
	t.Logf("error: %v", err)
	if got != nil || !errors.Is(err, want) {
		t.Fatalf("got %+v, %v; want no claims and %v", got, err, want)
	}
	var re *sso.RefusedError
	if wantCode != "" && (!errors.As(err, &re) || re.Code != wantCode) {
		t.Errorf("error %v; want OAuth error code %q", err, wantCode)
	}
	if !strings.HasPrefix(err.Error(), "sso: ") {
		t.Errorf("error %q does not start with \"sso: \"", err)
	}
}
