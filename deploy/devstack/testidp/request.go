package testidp

import (
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequest is one authorization request from its creation until its code is
// exchanged. It implements op.AuthRequest.
type authRequest struct {
	id          string
	created     time.Time
	clientID    string
	redirectURI string
	state       string
	nonce       string
	scopes      []string
	respType    oidc.ResponseType
	respMode    oidc.ResponseMode
	challenge   *oidc.CodeChallenge

	// set by a successful login
	subject  string
	authTime time.Time
	done     bool
}

var _ op.AuthRequest = (*authRequest)(nil)

func (r *authRequest) GetID() string                         { return r.id }
func (r *authRequest) GetACR() string                        { return "" }
func (r *authRequest) GetAudience() []string                 { return []string{r.clientID} }
func (r *authRequest) GetAuthTime() time.Time                { return r.authTime }
func (r *authRequest) GetClientID() string                   { return r.clientID }
func (r *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return r.challenge }
func (r *authRequest) GetNonce() string                      { return r.nonce }
func (r *authRequest) GetRedirectURI() string                { return r.redirectURI }
func (r *authRequest) GetResponseType() oidc.ResponseType    { return r.respType }
func (r *authRequest) GetResponseMode() oidc.ResponseMode    { return r.respMode }
func (r *authRequest) GetScopes() []string                   { return r.scopes }
func (r *authRequest) GetState() string                      { return r.state }
func (r *authRequest) GetSubject() string                    { return r.subject }
func (r *authRequest) Done() bool                            { return r.done }

func (r *authRequest) GetAMR() []string {
	if r.done {
		return []string{"pwd"}
	}
	return nil
}

// client is the one registered relying party. It implements op.Client.
type client struct {
	id              string
	secret          string
	redirectURIs    []string
	loginURL        string
	claimsInIDToken bool
}

var _ op.HasRedirectGlobs = (*client)(nil)

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return c.redirectURIs }
func (c *client) PostLogoutRedirectURIs() []string    { return nil }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) LoginURL(id string) string           { return loginURLFor(c.loginURL, id) }
func (c *client) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration      { return 5 * time.Minute }
func (c *client) IsScopeAllowed(string) bool          { return false }
func (c *client) ClockSkew() time.Duration            { return 0 }

// DevMode stays off: the op library allows http redirect URIs for web clients
// of the code flow without it.
func (c *client) DevMode() bool { return false }

// RedirectURIGlobs lets a registered URI such as "http://127.0.0.1:*/sso/callback"
// match a server started on a random port; URIs without wildcards match exactly.
func (c *client) RedirectURIGlobs() []string           { return c.redirectURIs }
func (c *client) PostLogoutRedirectURIGlobs() []string { return nil }

// IDTokenUserinfoClaimsAssertion puts the profile and email claims in the ID
// token even though an access token is issued too.
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return c.claimsInIDToken }

func (c *client) AuthMethod() oidc.AuthMethod {
	if c.secret == "" {
		return oidc.AuthMethodNone
	}
	return oidc.AuthMethodBasic
}

func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}

func (c *client) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode}
}

func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}

func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
