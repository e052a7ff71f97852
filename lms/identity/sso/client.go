package sso

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config names one provider and Hoclieu's registration at it.
type Config struct {
	Issuer       string // exactly as the provider's discovery document states it
	ClientID     string
	ClientSecret string // empty for a public client
	RedirectURL  string // Hoclieu's callback, registered at the provider
	// Scopes to request; "openid" is always added. Default: openid, profile, email.
	Scopes []string
	// PersonIDClaim is the claim carrying the citywide person ID. Default "person_id".
	PersonIDClaim string
	// Timeout bounds each call to the provider. Default 10s.
	Timeout time.Duration
	// HTTPClient talks to the provider (e.g. to trust a private CA). Default: a
	// client with Timeout.
	HTTPClient *http.Client
}

// DefaultPersonIDClaim is the claim read for Claims.PersonID unless configured.
const DefaultPersonIDClaim = "person_id"

// Client signs users in at one provider. It is safe for concurrent use.
type Client struct {
	cfg      Config
	http     *http.Client
	provider *oidc.Provider
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

// State is what the web layer keeps in the user's session between Begin and
// Finish. All three values are secrets: keep them server-side, never in a URL
// or a log, and use them once.
type State struct {
	State    string
	Nonce    string
	Verifier string // PKCE code verifier
}

// New reads the provider's discovery document. If the provider cannot be reached
// or answers for another issuer, it returns an error naming the issuer.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, http: cfg.HTTPClient}
	if c.http == nil {
		c.http = &http.Client{Timeout: cfg.Timeout}
	}
	ctx, cancel := context.WithTimeout(c.context(ctx), cfg.Timeout)
	defer cancel()
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso: discover provider %s: %w", cfg.Issuer, err)
	}
	c.provider = p
	c.verifier = p.Verifier(&oidc.Config{ClientID: cfg.ClientID})
	c.oauth = oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		Endpoint:     p.Endpoint(),
		RedirectURL:  cfg.RedirectURL,
		Scopes:       cfg.Scopes,
	}
	return c, nil
}

func (cfg *Config) fill() error {
	var missing []string
	for name, v := range map[string]string{"Issuer": cfg.Issuer, "ClientID": cfg.ClientID, "RedirectURL": cfg.RedirectURL} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("sso: config: %s required", strings.Join(missing, ", "))
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || !u.IsAbs() {
		return errors.New("sso: config: RedirectURL must be an absolute URL")
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	} else if !slices.Contains(cfg.Scopes, oidc.ScopeOpenID) {
		cfg.Scopes = append([]string{oidc.ScopeOpenID}, cfg.Scopes...)
	}
	if cfg.PersonIDClaim == "" {
		cfg.PersonIDClaim = DefaultPersonIDClaim
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	return nil
}

// context makes go-oidc and x/oauth2 use the client's http.Client.
func (c *Client) context(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, c.http)
}

// Issuer is the provider this client signs in at.
func (c *Client) Issuer() string { return c.cfg.Issuer }

// Begin starts a sign-in: it returns the provider URL to redirect the browser to
// and the State to keep in the session for Finish.
func (c *Client) Begin() (authURL string, st State, err error) {
	st = State{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier()}
	authURL = c.oauth.AuthCodeURL(st.State,
		oauth2.S256ChallengeOption(st.Verifier),
		oidc.Nonce(st.Nonce))
	return authURL, st, nil
}
