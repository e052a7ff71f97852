// Package sso is Hoclieu's OpenID Connect relying party: it signs users in at any
// standard provider (Keycloak, the city's SSO, the test provider in
// deploy/devstack/testidp) with the authorization code flow, PKCE (S256), a nonce
// and a state, and returns the verified claims: subject, person ID, email, name.
//
// Discovery and ID token verification are github.com/coreos/go-oidc/v3; the code
// exchange is golang.org/x/oauth2. The web layer calls Begin, keeps the returned
// State in the user's server-side session, redirects the browser, and on the
// callback calls Finish (or FinishCallback) with that State.
//
// It does not know Hoclieu's users: mapping the claims to an account, and what to
// do with an unverified email, is package identity's decision. It must never log
// or return a token, a code, a PKCE verifier or a nonce in an error message, and
// never trust a claim that did not come from a verified ID token or from the
// userinfo endpoint of the same subject.
package sso
