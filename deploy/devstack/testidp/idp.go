package testidp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// Options configures one provider with one registered client.
type Options struct {
	ClientID string
	// ClientSecret empty makes a public client that authenticates by PKCE alone.
	ClientSecret string
	// RedirectURIs are matched exactly, or as globs when they hold a wildcard
	// ("http://127.0.0.1:*/sso/callback" for a server on a random port). http is
	// allowed.
	RedirectURIs []string
	Users        []User
	// ClaimsInUserinfoOnly leaves email, name and person_id out of the ID token, as
	// some providers do, so relying parties must fetch them from userinfo.
	ClaimsInUserinfoOnly bool
}

// User is an account at the provider. The login form accepts the Email or the
// Subject as the username.
type User struct {
	Subject  string
	PersonID string // released as the custom claim "person_id"
	Email    string
	Name     string
	Password string
}

// IdP is a running provider. Close it when done.
type IdP struct {
	issuer string
	srv    *http.Server
	done   chan struct{}
}

// PersonIDClaim is the name of the custom claim carrying User.PersonID.
const PersonIDClaim = "person_id"

// Start listens on 127.0.0.1:0 and serves the provider until Close.
func Start(opts Options) (*IdP, error) {
	if err := opts.validate(); err != nil {
		return nil, fmt.Errorf("testidp: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("testidp: listen: %w", err)
	}
	issuer := "http://" + ln.Addr().String()
	h, err := newHandler(issuer, opts)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("testidp: %w", err)
	}
	idp := &IdP{
		issuer: issuer,
		srv:    &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		done:   make(chan struct{}),
	}
	go func() {
		defer close(idp.done)
		_ = idp.srv.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	return idp, nil
}

// Issuer is the provider's issuer URL, e.g. "http://127.0.0.1:40123"; discovery is
// at Issuer()+"/.well-known/openid-configuration".
func (p *IdP) Issuer() string { return p.issuer }

// Close stops the server and waits for it to return.
func (p *IdP) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := p.srv.Shutdown(ctx)
	if err != nil {
		err = p.srv.Close()
	}
	<-p.done
	return err
}

func (o Options) validate() error {
	if o.ClientID == "" {
		return errors.New("options: ClientID is required")
	}
	if len(o.RedirectURIs) == 0 {
		return errors.New("options: at least one redirect URI is required")
	}
	names := map[string]bool{}
	for _, u := range o.Users {
		if u.Subject == "" || u.Password == "" {
			return fmt.Errorf("options: user %q needs a Subject and a Password", u.Email)
		}
		for _, n := range []string{u.Subject, u.Email} {
			if n != "" && names[n] {
				return fmt.Errorf("options: username %q is used twice", n)
			}
			names[n] = true
		}
	}
	return nil
}

// newHandler wires the op provider and the login page under one mux.
func newHandler(issuer string, opts Options) (http.Handler, error) {
	st, err := newStorage(issuer, opts)
	if err != nil {
		return nil, err
	}
	var cryptoKey [32]byte // encrypts the opaque access tokens
	if _, err := rand.Read(cryptoKey[:]); err != nil {
		return nil, err
	}
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:      cryptoKey,
		CodeMethodS256: true,
		AuthMethodPost: true,
	}, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("new provider: %w", err)
	}
	l := &login{store: st, provider: provider, callbackURL: op.AuthCallbackURL(provider)}
	intercept := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+loginPath, l.show)
	mux.HandleFunc("POST "+loginPath, intercept.HandlerFunc(l.submit))
	mux.Handle("/", provider)
	return mux, nil
}
